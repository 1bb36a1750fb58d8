package io.jvalkey.persistence.rdb;

/**
 * What an RDB file says about a key besides its value: the database it belongs to and the
 * per-key opcodes that precede it (EXPIRETIME_MS / EXPIRETIME, IDLE, FREQ).
 *
 * @param db database number (from the last SELECTDB; 0 before any)
 * @param expireAtMs absolute expiry in Unix milliseconds, or -1 when the key does not expire
 * @param lruIdleSeconds LRU idle time in seconds (IDLE opcode), or -1 when absent
 * @param lfuFreq LFU logarithmic counter 0..255 (FREQ opcode), or -1 when absent
 */
public record KeyMeta(int db, long expireAtMs, long lruIdleSeconds, int lfuFreq) {
    /** No expiry, no LRU/LFU information, database 0: what a DUMP payload carries. */
    public static final KeyMeta NONE = new KeyMeta(0, -1, -1, -1);

    /** A key of database {@code db} without expiry or eviction data. */
    public static KeyMeta of(int db) {
        return db == 0 ? NONE : new KeyMeta(db, -1, -1, -1);
    }

    /** A key of database {@code db} expiring at {@code expireAtMs} (-1: never). */
    public static KeyMeta of(int db, long expireAtMs) {
        return new KeyMeta(db, expireAtMs, -1, -1);
    }
}
