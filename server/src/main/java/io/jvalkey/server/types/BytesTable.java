package io.jvalkey.server.types;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash table of distinct byte[] keys kept in parallel arrays, for the large encodings of sets,
 * hashes and sorted sets. No object per element: an element costs its key array plus 16 bytes of
 * table (key reference, cached hash, chain link, bucket head).
 *
 * <p>Entries are dense: indices 0..size-1 are all live, so iteration is a loop and a uniformly
 * random element is one random index. Removing an entry moves the last one into the hole;
 * subclasses that keep values in their own parallel arrays follow along through
 * {@link #moveValue}, {@link #clearValue} and {@link #resizeValues}.
 *
 * <p>Buckets chain entry indices, so an entry's bucket depends only on its hash and the table
 * size: SCAN walks buckets with a reverse-binary cursor and keeps Valkey's guarantee (an element
 * present for the whole scan is returned at least once) across growth and shrinking.
 */
public class BytesTable {
    private static final int MIN_BUCKETS = 8;
    private static final int[] NO_INTS = new int[0];
    private static final byte[][] NO_KEYS = new byte[0][];

    private byte[][] keys = NO_KEYS;
    private int[] hashes = NO_INTS;
    private int[] next = NO_INTS;
    private int[] buckets = NO_INTS;
    private int size;
    private long keyBytes;

    public final int size() {
        return size;
    }

    public final byte[] keyAt(int index) {
        return keys[index];
    }

    /** The index holding {@code key}, or -1. */
    public final int find(byte[] key) {
        return size == 0 ? -1 : find(key, ElementHash.hash(key));
    }

    /** {@link #find(byte[])} with the key's {@link ElementHash#hash} already computed. */
    public final int find(byte[] key, int hash) {
        if (size == 0) {
            return -1;
        }
        for (int i = buckets[hash & (buckets.length - 1)]; i >= 0; i = next[i]) {
            if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds a key known to be absent (the caller checked with {@link #find}) and returns its index,
     * where a subclass then stores the value. The table keeps the array, so it must not change.
     */
    public final int add(byte[] key, int hash) {
        if (size == keys.length) {
            grow();
        }
        int i = size++;
        keys[i] = key;
        hashes[i] = hash;
        int b = hash & (buckets.length - 1);
        next[i] = buckets[b];
        buckets[b] = i;
        keyBytes += ElementHash.footprint(key);
        return i;
    }

    /** Adds a key if absent: its index, or -(index + 1) if it was already there. */
    public final int addIfAbsent(byte[] key) {
        int h = ElementHash.hash(key);
        int i = find(key, h);
        return i >= 0 ? -(i + 1) : add(key, h);
    }

    /** Removes a key; true if it was present. */
    public final boolean remove(byte[] key) {
        int i = find(key);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes the entry at an index; the last entry (if another) moves into the hole. */
    public final void removeAt(int index) {
        unlink(index);
        keyBytes -= ElementHash.footprint(keys[index]);
        int last = --size;
        if (index != last) {
            // Re-point whatever referenced the last entry (its bucket head or a chain link) at index.
            int b = hashes[last] & (buckets.length - 1);
            if (buckets[b] == last) {
                buckets[b] = index;
            } else {
                int p = buckets[b];
                while (next[p] != last) {
                    p = next[p];
                }
                next[p] = index;
            }
            keys[index] = keys[last];
            hashes[index] = hashes[last];
            next[index] = next[last];
            moveValue(last, index);
        }
        keys[last] = null;
        clearValue(last);
        if (size == 0) {
            clear();
        } else if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
            resize(Math.max(MIN_BUCKETS, Integer.highestOneBit(size + 3) * 2));
        }
    }

    private void unlink(int index) {
        int b = hashes[index] & (buckets.length - 1);
        if (buckets[b] == index) {
            buckets[b] = next[index];
            return;
        }
        int p = buckets[b];
        while (next[p] != index) {
            p = next[p];
        }
        next[p] = next[index];
    }

    /** Drops every entry and releases the arrays. */
    public void clear() {
        keys = NO_KEYS;
        hashes = NO_INTS;
        next = NO_INTS;
        buckets = NO_INTS;
        size = 0;
        keyBytes = 0;
        resizeValues(0);
    }

    private void grow() {
        resize(Math.max(MIN_BUCKETS, buckets.length * 2));
    }

    /**
     * Entries a table with {@code bucketCount} buckets holds. Large tables stop three short of
     * the bucket count: an int[] or reference array of 2^k - 3 elements takes exactly 2^(k+2)
     * bytes with its 12-byte header, so G1 stores it in whole regions instead of wasting most of
     * a region on the header's last bytes (a 4 MB + 12 B array would take two 4 MB regions).
     */
    static int entryCapacity(int bucketCount) {
        return bucketCount >= 1024 ? bucketCount - 3 : bucketCount;
    }

    /** Reallocates buckets to {@code bucketCount} (a power of two) and entry arrays to match. */
    private void resize(int bucketCount) {
        int capacity = entryCapacity(bucketCount);
        keys = Arrays.copyOf(keys, capacity);
        hashes = Arrays.copyOf(hashes, capacity);
        next = Arrays.copyOf(next, capacity);
        resizeValues(capacity);
        buckets = new int[bucketCount];
        Arrays.fill(buckets, -1);
        int mask = bucketCount - 1;
        for (int i = 0; i < size; i++) {
            int b = hashes[i] & mask;
            next[i] = buckets[b];
            buckets[b] = i;
        }
    }

    /**
     * One SCAN step: visits the entry indices of at least one bucket (more until about
     * {@code count} entries were visited) and returns the next cursor, 0 when done.
     */
    public final long scan(long cursor, int count, IntConsumer visit) {
        if (size == 0) {
            return 0;
        }
        long mask = buckets.length - 1;
        long v = cursor;
        int visited = 0;
        int budget = Math.max(count, 1) * 10; // bound the work on long runs of empty buckets
        do {
            for (int i = buckets[(int) (v & mask)]; i >= 0; i = next[i]) {
                visit.accept(i);
                visited++;
            }
            // Reverse-binary increment of the bits under the mask, as Valkey's dictScan.
            v |= ~mask;
            v = Long.reverse(v);
            v++;
            v = Long.reverse(v);
        } while (v != 0 && visited < count && --budget > 0);
        return v;
    }

    /** A uniformly random live index; the table must not be empty. */
    public final int randomIndex(RandomGenerator rnd) {
        return rnd.nextInt(size);
    }

    /** Bytes used by the table and its keys (subclasses add their values). */
    public long memoryUsage() {
        // Three 4-byte slots per entry (key ref, hash, link), one per bucket, array headers, keys.
        return 12L * keys.length + 4L * buckets.length + 4 * 16 + keyBytes;
    }

    // ---- hooks for subclasses that store values in parallel arrays -----------------------------

    /** Value arrays must now hold {@code capacity} entries (0: release them). */
    protected void resizeValues(int capacity) {}

    /** The entry at {@code from} moved to {@code to}; move its value. */
    protected void moveValue(int from, int to) {}

    /** The entry at {@code index} is gone; drop references its value held. */
    protected void clearValue(int index) {}
}
