package io.jvalkey.server.keyspace;

import java.util.Arrays;

/**
 * One key in a {@link SlotTable} chain. Keys without a TTL use this class; keys with one use
 * {@link ExpiringEntry}, so the 8 bytes of an expiry are paid only by keys that have one.
 * {@code meta} packs two things into one int: the low 24 bits are the LRU clock (seconds, as in
 * Valkey) or the LFU decay time and counter; the top 8 bits are the string encoding hint.
 * The key's hash is not cached: recomputing it on a resize is cheaper than 8 more bytes on every key.
 * With compact object headers this node is 24 bytes (8 header + 4 refs/ints of 4 bytes each).
 */
public class Entry {
    final byte[] key;
    Object value;
    Entry next;
    private int meta;

    /** OBJECT ENCODING for a string follows from its bytes, as after SET: int, embstr (<= 44 bytes) or raw. */
    public static final byte STRING_AUTO = 0;
    /** A string built as text (INCRBYFLOAT ...): never int, embstr or raw by length. */
    public static final byte STRING_NO_INT = 1;
    /** A string modified in place (APPEND, SETRANGE, SETBIT ...): raw whatever its length. */
    public static final byte STRING_RAW = 2;
    /** A copied integer (COPY): int, but a private object rather than a shared one (REFCOUNT 1). */
    public static final byte STRING_PRIVATE_INT = 3;

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

    /** The LRU clock or LFU data (24 bits). */
    public final int access() {
        return meta & 0xFFFFFF;
    }

    final void access(int access) {
        meta = (meta & 0xFF000000) | (access & 0xFFFFFF);
    }

    /**
     * How Valkey would encode this string value when its bytes alone don't tell (one of the
     * STRING_* constants). Storing a new value resets it to {@link #STRING_AUTO}; renames, moves and
     * expiry changes keep it, as they keep Valkey's object.
     */
    public final byte stringEncoding() {
        return (byte) (meta >>> 24);
    }

    /** Records how the current string value was produced (call after storing it). */
    public final void stringEncoding(byte hint) {
        meta = (meta & 0xFFFFFF) | ((hint & 0xFF) << 24);
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
        e.meta = meta;
        return e;
    }
}
