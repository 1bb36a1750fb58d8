package io.jvalkey.server.command;

/** Where a command runs. */
public enum Routing {
    /** Connection or server state only: runs on the connection's own thread. */
    LOCAL,
    /** Runs on the shard owning its keys; several shards make it a barrier command. */
    KEYS,
    /** Touches the whole keyspace (DBSIZE, KEYS, SCAN, FLUSHALL ...): runs with every shard held. */
    ALL_SHARDS,
    /** EXEC: runs where the keys of the queued commands and the WATCHed keys live. */
    TRANSACTION
}
