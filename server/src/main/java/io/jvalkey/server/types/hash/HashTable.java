package io.jvalkey.server.types.hash;

import io.jvalkey.server.types.BytesTable;
import io.jvalkey.server.types.ElementHash;
import java.util.Arrays;

/**
 * The large encoding of a hash: fields in the {@link BytesTable}, values in a parallel array, and
 * field deadlines in a {@link FieldTtls} that exists only while some field has one. A field costs
 * its two arrays plus 20 bytes of table; no object per field.
 */
final class HashTable extends BytesTable {
    private static final byte[][] NO_VALUES = new byte[0][];

    private byte[][] values = NO_VALUES;
    private long valueBytes;
    private FieldTtls ttls;

    byte[] valueAt(int i) {
        return values[i];
    }

    /** Adds a field known to be absent (hash already computed) and returns its index. */
    int add(byte[] field, int hash, byte[] value) {
        int i = add(field, hash);
        values[i] = value;
        valueBytes += ElementHash.footprint(value);
        return i;
    }

    void replaceValue(int i, byte[] value) {
        valueBytes += ElementHash.footprint(value) - ElementHash.footprint(values[i]);
        values[i] = value;
    }

    /** Removes the entry at an index, its deadline included. */
    void delete(int i) {
        if (ttls != null) {
            clearExpire(i);
        }
        valueBytes -= ElementHash.footprint(values[i]);
        removeAt(i);
    }

    // ---- field deadlines -----------------------------------------------------------------------

    boolean hasExpires() {
        return ttls != null;
    }

    int expiresCount() {
        return ttls == null ? 0 : ttls.count();
    }

    long expireAt(int i) {
        return ttls == null ? FieldTtls.NONE : ttls.get(i);
    }

    void setExpire(int i, long when) {
        if (ttls == null) {
            ttls = new FieldTtls(capacity());
        }
        ttls.set(i, when);
    }

    void clearExpire(int i) {
        if (ttls != null) {
            ttls.clear(i);
            if (ttls.count() == 0) {
                ttls = null;
            }
        }
    }

    /** The index of the field that expires first, or -1 when no field has a deadline. */
    int firstToExpire() {
        return ttls == null ? -1 : ttls.first();
    }

    // ---- BytesTable hooks ---------------------------------------------------------------------

    private int capacity() {
        return values.length;
    }

    @Override
    protected void resizeValues(int capacity) {
        if (capacity == 0) {
            values = NO_VALUES;
            valueBytes = 0;
            ttls = null;
            return;
        }
        values = Arrays.copyOf(values, capacity);
        if (ttls != null) {
            ttls.resize(capacity);
        }
    }

    @Override
    protected void moveValue(int from, int to) {
        values[to] = values[from];
        if (ttls != null) {
            ttls.move(from, to);
        }
    }

    @Override
    protected void clearValue(int index) {
        values[index] = null;
    }

    @Override
    public long memoryUsage() {
        return super.memoryUsage() + 16 + 4L * values.length + valueBytes + (ttls == null ? 0 : ttls.memoryUsage());
    }

    HashTable copy() {
        HashTable c = new HashTable();
        for (int i = 0; i < size(); i++) {
            int j = c.add(keyAt(i), ElementHash.hash(keyAt(i)), values[i]);
            long when = expireAt(i);
            if (when != FieldTtls.NONE) {
                c.setExpire(j, when);
            }
        }
        return c;
    }
}
