package io.jvalkey.server.keyspace;

import java.util.Arrays;

/**
 * One key in a {@link SlotTable} chain. Keys without a TTL use this class; keys with one use
 * {@link ExpiringEntry}, so the 8 bytes of an expiry are paid only by keys that have one.
 * {@code access} holds the LRU clock (seconds, 24 bits as in Valkey) or the LFU counter and decay time.
 */
public class Entry {
    final byte[] key;
    final int hash;
    Object value;
    Entry next;
    int access;
    byte stringEncoding; // one of the STRING_* hints; fits in the object's alignment padding

    /** OBJECT ENCODING for a string follows from its bytes, as after SET: int, embstr (<= 44 bytes) or raw. */
    public static final byte STRING_AUTO = 0;
    /** A string built as text (INCRBYFLOAT ...): never int, embstr or raw by length. */
    public static final byte STRING_NO_INT = 1;
    /** A string modified in place (APPEND, SETRANGE, SETBIT ...): raw whatever its length. */
    public static final byte STRING_RAW = 2;
    /** A copied integer (COPY): int, but a private object rather than a shared one (REFCOUNT 1). */
    public static final byte STRING_PRIVATE_INT = 3;

    Entry(byte[] key, int hash, Object value) {
        this.key = key;
        this.hash = hash;
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

    /**
     * How Valkey would encode this string value when its bytes alone don't tell (one of the
     * STRING_* constants). Storing a new value resets it to {@link #STRING_AUTO}; renames, moves and
     * expiry changes keep it, as they keep Valkey's object.
     */
    public final byte stringEncoding() {
        return stringEncoding;
    }

    /** Records how the current string value was produced (call after storing it). */
    public final void stringEncoding(byte hint) {
        this.stringEncoding = hint;
    }

    /** Absolute expiry in unix milliseconds, or -1 for none. */
    public long expireAt() {
        return -1;
    }

    final boolean matches(byte[] k, int h) {
        return hash == h && Arrays.equals(key, k);
    }

    /** Same key and value with a different expiry (-1 removes it): a new node, since the class changes. */
    final Entry withExpire(long when) {
        Entry e = when < 0 ? new Entry(key, hash, value) : new ExpiringEntry(key, hash, value, when);
        e.access = access;
        e.stringEncoding = stringEncoding;
        return e;
    }
}
