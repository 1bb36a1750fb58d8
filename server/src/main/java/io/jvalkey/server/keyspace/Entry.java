package io.jvalkey.server.keyspace;

import java.util.Arrays;

/**
 * One key in a {@link SlotTable} chain. Keys without a TTL use this class; keys with one use
 * {@link ExpiringEntry}, so the 8 bytes of an expiry are paid only by keys that have one.
 * {@code access} holds the LRU clock (seconds, 24 bits as in Valkey) or the LFU counter and decay time.
 * The key's hash is not cached: recomputing it on a resize is cheaper than 8 more bytes on every key
 * (with compact object headers this node is 24 bytes).
 */
public class Entry {
    final byte[] key;
    Object value;
    Entry next;
    int access;

    Entry(byte[] key, Object value) {
        this.key = key;
        this.value = value;
    }

    public final byte[] key() {
        return key;
    }

    public final Object value() {
        return value;
    }

    public final int access() {
        return access;
    }

    /** Absolute expiry in unix milliseconds, or -1 for none. */
    public long expireAt() {
        return -1;
    }

    final boolean matches(byte[] k) {
        return Arrays.equals(key, k);
    }

    /** Same key and value with a different expiry (-1 removes it): a new node, since the class changes. */
    final Entry withExpire(long when) {
        Entry e = when < 0 ? new Entry(key, value) : new ExpiringEntry(key, value, when);
        e.access = access;
        return e;
    }
}
