package io.jvalkey.server.keyspace;

/** Time sources for expiry and the LRU clock, in one place so DEBUG and tests agree. */
public final class Clock {
    private Clock() {}

    public static long nowMillis() {
        return System.currentTimeMillis();
    }

    /** Valkey's LRU clock: seconds, 24 bits, wrapping. */
    public static int lruClock() {
        return (int) ((System.currentTimeMillis() / 1000) & 0xFFFFFF);
    }

    /** Seconds since the LRU clock value {@code lru} (handles the 24-bit wrap). */
    public static long idleSeconds(int lru) {
        int now = lruClock();
        return now >= lru ? now - lru : (0xFFFFFF - lru) + now;
    }
}
