package io.jvalkey.server.command;

/** Command flags with the names COMMAND INFO prints, in the order it prints them. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, NO_MANDATORY_KEYS, NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS,
    ALLOW_BUSY,
    /** Refused unless enable-debug-command / enable-module-command allow it (DEBUG, MODULE). */
    PROTECTED,
    SENTINEL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether COMMAND INFO shows it (Valkey hides may_replicate, protected and sentinel). */
    public boolean printed() {
        return this != MAY_REPLICATE && this != PROTECTED && this != SENTINEL;
    }
}
