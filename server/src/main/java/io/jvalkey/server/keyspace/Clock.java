package io.jvalkey.server.keyspace;

/**
 * Time sources for expiry and the LRU clock. While a command runs, "now" is the time it started
 * (Valkey's command time snapshot): a key set with PX 1 is not already expired during its own SET,
 * and every key a command touches is judged against the same instant.
 */
public final class Clock {
    private static final ThreadLocal<long[]> COMMAND_TIME = ThreadLocal.withInitial(() -> new long[1]);

    private Clock() {}

    /** The running command's start time, or the current time outside commands (active expiry). */
    public static long nowMillis() {
        long snapshot = COMMAND_TIME.get()[0];
        return snapshot != 0 ? snapshot : System.currentTimeMillis();
    }

    /** Fixes "now" for the command about to run on this thread; returns the previous value to restore. */
    public static long startCommand() {
        long[] t = COMMAND_TIME.get();
        long previous = t[0];
        t[0] = System.currentTimeMillis();
        return previous;
    }

    public static void endCommand(long previous) {
        COMMAND_TIME.get()[0] = previous;
    }

    private static volatile int lruClock = computeLruClock();

    /**
     * Valkey's LRU clock: seconds, 24 bits, wrapping. Read on every key access, so it is a cached
     * value that the shards' periodic task refreshes ({@link #tick}), as Valkey's serverCron does.
     */
    public static int lruClock() {
        return lruClock;
    }

    /** Refreshes the cached LRU clock; called hz times a second. */
    public static void tick() {
        lruClock = computeLruClock();
    }

    private static int computeLruClock() {
        return (int) ((System.currentTimeMillis() / 1000) & 0xFFFFFF);
    }

    /** Seconds since the LRU clock value {@code lru} (handles the 24-bit wrap). */
    public static long idleSeconds(int lru) {
        int now = lruClock();
        return now >= lru ? now - lru : (0xFFFFFF - lru) + now;
    }
}
