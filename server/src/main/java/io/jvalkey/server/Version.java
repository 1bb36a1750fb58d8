package io.jvalkey.server;

/** Version strings reported by INFO, HELLO and --version. */
public final class Version {
    /** jvalkey's own version. */
    public static final String VERSION = "0.1.0";
    /** The Valkey release whose behaviour jvalkey follows (valkey_version in INFO, HELLO version). */
    public static final String VALKEY_COMPAT = "8.0.2";
    /** What Valkey reports as redis_version for old clients. */
    public static final String REDIS_COMPAT = "7.2.4";

    private Version() {}
}
