package io.jvalkey.server.command;

import io.jvalkey.server.Server;

/**
 * What must happen when a command changes a key, whatever the command: WATCHers of the key see
 * their transaction fail, clients tracking it get an invalidation, clients blocked on it may be
 * served. Commands call these through {@link CommandContext}, as Valkey's commands call
 * signalModifiedKey and signalKeyAsReady.
 */
public final class KeyHooks {
    private final Server server;

    public KeyHooks(Server server) {
        this.server = server;
    }

    /** A key's value changed (or it was deleted): invalidates WATCH and client-side caches. */
    public void modified(int db, byte[] key) {
        server.keyspace().db(db).touchWatched(key);
    }

    /** A key may now be able to serve clients blocked on it (a push, XADD, a new group ...). */
    public void ready(int db, byte[] key) {
        server.keyspace().shardOf(key).blocked().signal(db, key);
    }
}
