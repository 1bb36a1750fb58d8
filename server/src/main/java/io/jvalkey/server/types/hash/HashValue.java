package io.jvalkey.server.types.hash;

import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.keyspace.VolatileItems;
import io.jvalkey.server.types.ElementHash;
import io.jvalkey.server.types.EncodingLimits;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A stored hash. Starts as a {@link Listpack} and turns into a {@link HashTable} for good when
 * hash-max-listpack-entries or -value is exceeded, or when a field gets a deadline (Valkey 9 keeps
 * field deadlines only in the hashtable encoding). Fields are addressed by a position 0..size-1:
 * insertion order for the listpack, the table's dense order for the hashtable.
 *
 * <p>Expired fields are not hidden here: commands call {@link #reclaimExpired} first, so what
 * they see next is exactly the live fields.
 */
public final class HashValue implements TypedValue, MemoryEstimate.Sized, VolatileItems {
    /** {@link #expireAt} of a field with no deadline. */
    public static final long NO_EXPIRY = -1;
    /** {@link #expireAt} of a missing field. */
    public static final long NO_FIELD = -2;

    private Listpack small = new Listpack();
    private HashTable big;

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return small != null ? "listpack" : "hashtable";
    }

    @Override
    public long memoryUsage() {
        return 16 + (small != null ? small.memoryUsage() : big.memoryUsage());
    }

    @Override
    public HashValue copy() {
        HashValue c = new HashValue();
        if (small != null) {
            c.small = small.copy();
        } else {
            c.small = null;
            c.big = big.copy();
        }
        return c;
    }

    public int size() {
        return small != null ? small.size() : big.size();
    }

    public boolean isListpack() {
        return small != null;
    }

    // ---- lookups by field ----------------------------------------------------------------------

    /** The position of a field, or -1. */
    public int find(byte[] field) {
        return small != null ? small.find(field) : big.find(field);
    }

    public byte[] fieldAt(int i) {
        return small != null ? small.fieldAt(i) : big.keyAt(i);
    }

    public byte[] valueAt(int i) {
        return small != null ? small.valueAt(i) : big.valueAt(i);
    }

    /** A field's value, or null. */
    public byte[] get(byte[] field) {
        int i = find(field);
        return i < 0 ? null : valueAt(i);
    }

    // ---- writes --------------------------------------------------------------------------------

    /**
     * Switches to the hashtable before a write of these arguments (fields and values from
     * {@code from} to {@code to}, inclusive) if the listpack could not hold them, as Valkey's
     * hashTypeTryConversion: more new pairs than hash-max-listpack-entries, or any argument
     * longer than hash-max-listpack-value.
     */
    public void prepareWrite(byte[][] argv, int from, int to, EncodingLimits limits) {
        if (small == null) {
            return;
        }
        if ((to - from + 1) / 2 > limits.hashMaxListpackEntries) {
            convert();
            return;
        }
        for (int i = from; i <= to; i++) {
            if (argv[i].length > limits.hashMaxListpackValue) {
                convert();
                return;
            }
        }
    }

    /**
     * Sets a field, keeping its deadline if it had one and {@code keepTtl}, dropping it otherwise.
     *
     * @return true if the field was created, false if an existing one was updated
     */
    public boolean put(byte[] field, byte[] value, boolean keepTtl, EncodingLimits limits) {
        if (small != null) {
            if (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue) {
                convert();
            } else {
                int i = small.find(field);
                if (i >= 0) {
                    small.replaceValue(i, value);
                    return false;
                }
                small.append(field, value);
                if (small.size() > limits.hashMaxListpackEntries) {
                    convert();
                }
                return true;
            }
        }
        int h = ElementHash.hash(field);
        int i = big.find(field, h);
        if (i >= 0) {
            big.replaceValue(i, value);
            if (!keepTtl) {
                big.clearExpire(i);
            }
            return false;
        }
        big.add(field, h, value);
        return true;
    }

    /** Sets a field with a deadline in the future (always the hashtable encoding). */
    public boolean putWithExpiry(byte[] field, byte[] value, long when) {
        if (small != null) {
            convert();
        }
        int h = ElementHash.hash(field);
        int i = big.find(field, h);
        boolean created = i < 0;
        if (created) {
            i = big.add(field, h, value);
        } else {
            big.replaceValue(i, value);
        }
        big.setExpire(i, when);
        return created;
    }

    /** Removes a field; true if it was there. */
    public boolean delete(byte[] field) {
        int i = find(field);
        if (i < 0) {
            return false;
        }
        deleteAt(i);
        return true;
    }

    /** Removes the field at a position (a later field of the hashtable may move into it). */
    public void deleteAt(int i) {
        if (small != null) {
            small.removeAt(i);
        } else {
            big.delete(i);
        }
    }

    private void convert() {
        HashTable t = new HashTable();
        for (int i = 0; i < small.size(); i++) {
            byte[] f = small.fieldAt(i);
            t.add(f, ElementHash.hash(f), small.valueAt(i));
        }
        big = t;
        small = null;
    }

    // ---- field deadlines -----------------------------------------------------------------------

    @Override
    public boolean hasVolatileItems() {
        return big != null && big.hasExpires();
    }

    /** How many fields have a deadline. */
    public int volatileCount() {
        return big == null ? 0 : big.expiresCount();
    }

    /** The deadline of a field in Unix ms, {@link #NO_EXPIRY} or {@link #NO_FIELD}. */
    public long expireAt(byte[] field) {
        int i = find(field);
        if (i < 0) {
            return NO_FIELD;
        }
        return small != null ? NO_EXPIRY : big.expireAt(i);
    }

    public long expireAtIndex(int i) {
        return small != null ? NO_EXPIRY : big.expireAt(i);
    }

    /** Gives the field at a position a deadline in the future (converting to the hashtable). */
    public void setExpireAt(int i, long when) {
        if (small != null) {
            byte[] field = small.fieldAt(i);
            convert();
            i = big.find(field);
        }
        big.setExpire(i, when);
    }

    /** Removes the deadline of the field at a position; true if it had one. */
    public boolean persistAt(int i) {
        if (small != null || big.expireAt(i) == NO_EXPIRY) {
            return false;
        }
        big.clearExpire(i);
        return true;
    }

    /**
     * Deletes up to {@code max} fields whose deadline is before {@code now}, earliest first.
     *
     * @return how many were deleted
     */
    public int reclaimExpired(long now, int max) {
        return reclaimExpired(now, max, null);
    }

    /** The same, telling {@code deleted} (if not null) each field removed (for propagation). */
    public int reclaimExpired(long now, int max, java.util.function.Consumer<byte[]> deleted) {
        if (big == null) {
            return 0;
        }
        int n = 0;
        while (n < max) {
            int i = big.firstToExpire();
            if (i < 0 || big.expireAt(i) >= now) {
                break;
            }
            if (deleted != null) {
                deleted.accept(big.keyAt(i));
            }
            big.delete(i);
            n++;
        }
        return n;
    }

    // ---- iteration and sampling ----------------------------------------------------------------

    /**
     * One HSCAN step over the hashtable encoding (positions are passed to {@code visit}); the
     * listpack is returned whole by the caller, as Valkey does.
     */
    public long scan(long cursor, int count, IntConsumer visit) {
        return big.scan(cursor, count, visit);
    }

    /** A uniformly random position; the hash must not be empty. */
    public int randomIndex(RandomGenerator rnd) {
        return rnd.nextInt(size());
    }
}
