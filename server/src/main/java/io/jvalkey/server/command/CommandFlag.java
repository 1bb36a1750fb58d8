package io.jvalkey.server.command;

/** Command flags with the names COMMAND INFO prints. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, NO_MANDATORY_KEYS, NO_MULTI, MOVABLEKEYS,
    ALLOW_BUSY;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
