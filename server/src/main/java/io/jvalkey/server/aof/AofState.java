package io.jvalkey.server.aof;

/** What INFO persistence reports about the AOF; written by the AOF's threads, read by INFO. */
final class AofState {
    volatile boolean enabled;
    volatile boolean rewriteInProgress;
    volatile boolean rewriteScheduled;
    volatile long rewriteStartMillis;
    volatile long lastRewriteSeconds = -1;
    volatile boolean lastRewriteOk = true;
    volatile long rewrites;
    volatile long consecutiveFailures;
    volatile boolean lastWriteOk = true;
    /** Bytes in the base file and in the incr files before the current one. */
    volatile long baseSize;
    volatile long closedIncrSize;
    /** Bytes in the incr file being appended to (drain thread writes). */
    volatile long incrSize;
    /** aof_current_size right after the last rewrite (auto-aof-rewrite-percentage's base). */
    volatile long rewriteBaseSize;

    long currentSize() {
        return baseSize + closedIncrSize + incrSize;
    }
}
