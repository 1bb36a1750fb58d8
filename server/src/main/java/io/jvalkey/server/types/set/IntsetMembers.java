package io.jvalkey.server.types.set;

import java.util.Arrays;

/**
 * The members of an "intset" set: distinct 64-bit integers kept sorted in a long[], so lookup is a
 * binary search and iteration yields them in ascending order, as Valkey's intset does.
 */
final class IntsetMembers {
    private static final long[] EMPTY = new long[0];

    private long[] values;
    private int size;

    IntsetMembers(int capacity) {
        values = capacity == 0 ? EMPTY : new long[capacity];
    }

    private IntsetMembers(long[] values, int size) {
        this.values = values;
        this.size = size;
    }

    int size() {
        return size;
    }

    long get(int index) {
        return values[index];
    }

    long min() {
        return values[0];
    }

    long max() {
        return values[size - 1];
    }

    boolean contains(long v) {
        return Arrays.binarySearch(values, 0, size, v) >= 0;
    }

    /** Adds v if absent; false if it was there. */
    boolean add(long v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(4, size * 2));
        }
        System.arraycopy(values, at, values, at + 1, size - at);
        values[at] = v;
        size++;
        return true;
    }

    boolean remove(long v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    void removeAt(int i) {
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        if (values.length > 16 && size < values.length / 4) {
            values = Arrays.copyOf(values, values.length / 2);
        }
    }

    IntsetMembers copy() {
        return new IntsetMembers(Arrays.copyOf(values, Math.max(size, 1)), size);
    }

    /** Heap bytes: the array (16-byte header, 8 per slot) and this object. */
    long memoryUsage() {
        return 16 + 16L + 8L * values.length;
    }
}
