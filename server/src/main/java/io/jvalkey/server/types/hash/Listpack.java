package io.jvalkey.server.types.hash;

import io.jvalkey.server.types.ElementHash;
import java.util.Arrays;

/**
 * The small encoding of a hash: fields and values alternate in one array, in insertion order, and
 * lookups are a linear scan, as in Valkey's listpack. Removing a field closes the gap, so the
 * order of the rest is kept (HGETALL on a small hash answers in the same order as Valkey).
 */
final class Listpack {
    private static final byte[][] EMPTY = new byte[0][];

    private byte[][] items = EMPTY; // f0, v0, f1, v1 ...
    private int size;               // pairs
    private long bytes;             // footprint of the stored arrays

    int size() {
        return size;
    }

    byte[] fieldAt(int i) {
        return items[2 * i];
    }

    byte[] valueAt(int i) {
        return items[2 * i + 1];
    }

    /** The pair index of a field, or -1. */
    int find(byte[] field) {
        for (int i = 0, n = 2 * size; i < n; i += 2) {
            if (Arrays.equals(items[i], field)) {
                return i >> 1;
            }
        }
        return -1;
    }

    void append(byte[] field, byte[] value) {
        if (2 * size == items.length) {
            items = Arrays.copyOf(items, Math.max(8, items.length * 2));
        }
        items[2 * size] = field;
        items[2 * size + 1] = value;
        size++;
        bytes += ElementHash.footprint(field) + ElementHash.footprint(value);
    }

    void replaceValue(int i, byte[] value) {
        bytes += ElementHash.footprint(value) - ElementHash.footprint(items[2 * i + 1]);
        items[2 * i + 1] = value;
    }

    void removeAt(int i) {
        bytes -= ElementHash.footprint(items[2 * i]) + ElementHash.footprint(items[2 * i + 1]);
        int tail = 2 * (size - i - 1);
        System.arraycopy(items, 2 * i + 2, items, 2 * i, tail);
        size--;
        items[2 * size] = null;
        items[2 * size + 1] = null;
        if (size == 0) {
            items = EMPTY;
        } else if (items.length > 16 && 2 * size < items.length / 4) {
            items = Arrays.copyOf(items, items.length / 2);
        }
    }

    long memoryUsage() {
        // Object header and fields, array header and references, the field and value arrays.
        return 24 + 16 + 4L * items.length + bytes;
    }

    Listpack copy() {
        Listpack c = new Listpack();
        c.items = size == 0 ? EMPTY : Arrays.copyOf(items, items.length);
        c.size = size;
        c.bytes = bytes;
        return c;
    }
}
