package io.jvalkey.server.types.list;

import java.util.Arrays;

/**
 * One node of a list: a run of elements in a circular array (cheap to grow or shrink at both
 * ends), linked to its neighbours. A listpack-encoded list is one node; a quicklist has the same
 * nodes, with the same boundaries, as Valkey's quicklist would have for the same history.
 * {@link #bytes} is what Valkey's node would measure: its listpack's size, or for a plain node
 * (one large element) the element's length.
 */
final class Node {
    /** Object header, two links, the array reference, three ints, a long and a flag. */
    static final long HEADER_BYTES = 48;
    private static final int MIN_CAPACITY = 4;

    Node prev;
    Node next;
    private byte[][] items;
    private int first;
    int count;
    long bytes;
    boolean plain;

    Node(int capacity) {
        items = new byte[Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(capacity, 1) * 2 - 1))][];
        bytes = PackRules.EMPTY_LISTPACK;
    }

    /** Heap bytes of this node and its array (not of its elements). */
    long footprint() {
        return HEADER_BYTES + 16 + 4L * items.length;
    }

    private int slot(int i) {
        return (first + i) & (items.length - 1);
    }

    byte[] get(int i) {
        return items[slot(i)];
    }

    byte[] set(int i, byte[] v) {
        int s = slot(i);
        byte[] old = items[s];
        items[s] = v;
        return old;
    }

    void addFirst(byte[] v) {
        if (count == items.length) {
            resize(items.length * 2);
        }
        first = (first - 1) & (items.length - 1);
        items[first] = v;
        count++;
    }

    void addLast(byte[] v) {
        if (count == items.length) {
            resize(items.length * 2);
        }
        items[slot(count)] = v;
        count++;
    }

    /** Inserts {@code v} so that it becomes element {@code i}, moving the shorter side. */
    void insert(int i, byte[] v) {
        if (i == 0) {
            addFirst(v);
            return;
        }
        if (i == count) {
            addLast(v);
            return;
        }
        if (count == items.length) {
            resize(items.length * 2);
        }
        if (i < count / 2) {
            first = (first - 1) & (items.length - 1);
            for (int k = 0; k < i; k++) {
                items[slot(k)] = items[slot(k + 1)];
            }
        } else {
            for (int k = count; k > i; k--) {
                items[slot(k)] = items[slot(k - 1)];
            }
        }
        items[slot(i)] = v;
        count++;
    }

    /** Removes element {@code i} and returns it, moving the shorter side. */
    byte[] remove(int i) {
        byte[] old = get(i);
        if (i < count / 2) {
            for (int k = i; k > 0; k--) {
                items[slot(k)] = items[slot(k - 1)];
            }
            items[first] = null;
            first = (first + 1) & (items.length - 1);
        } else {
            for (int k = i; k < count - 1; k++) {
                items[slot(k)] = items[slot(k + 1)];
            }
            items[slot(count - 1)] = null;
        }
        count--;
        maybeShrink();
        return old;
    }

    /** Removes {@code n} elements from {@code from} on. */
    void removeRange(int from, int n) {
        if (n <= 0) {
            return;
        }
        int tail = count - from - n;
        if (from <= tail) {
            // Move the head part right over the gap.
            for (int k = from - 1; k >= 0; k--) {
                items[slot(k + n)] = items[slot(k)];
            }
            for (int k = 0; k < n; k++) {
                items[slot(k)] = null;
            }
            first = (first + n) & (items.length - 1);
        } else {
            for (int k = from; k < from + tail; k++) {
                items[slot(k)] = items[slot(k + n)];
            }
            for (int k = count - n; k < count; k++) {
                items[slot(k)] = null;
            }
        }
        count -= n;
        maybeShrink();
    }

    /**
     * Keeps only the elements {@code keep[i]} is true for (i < count), in order. Used by LREM,
     * which deletes many elements of a node in one pass.
     */
    void retain(boolean[] keep) {
        int w = 0;
        for (int r = 0; r < count; r++) {
            if (keep[r]) {
                if (w != r) {
                    items[slot(w)] = items[slot(r)];
                }
                w++;
            }
        }
        for (int k = w; k < count; k++) {
            items[slot(k)] = null;
        }
        count = w;
        maybeShrink();
    }

    /** Copies elements [from, from + n) into {@code dst} at {@code at}. */
    void copyTo(int from, int n, byte[][] dst, int at) {
        int start = slot(from);
        int firstPart = Math.min(n, items.length - start);
        System.arraycopy(items, start, dst, at, firstPart);
        System.arraycopy(items, 0, dst, at + firstPart, n - firstPart);
    }

    /** A new node holding elements [from, from + n) of this one (this one is unchanged). */
    Node copyRange(int from, int n) {
        Node c = new Node(n);
        copyTo(from, n, c.items, 0);
        c.count = n;
        return c;
    }

    /** Appends all of {@code other}'s elements. */
    void appendAll(Node other) {
        ensureCapacity(count + other.count);
        for (int i = 0; i < other.count; i++) {
            items[slot(count + i)] = other.get(i);
        }
        count += other.count;
    }

    /** Puts all of {@code other}'s elements before this node's. */
    void prependAll(Node other) {
        ensureCapacity(count + other.count);
        for (int i = other.count - 1; i >= 0; i--) {
            first = (first - 1) & (items.length - 1);
            items[first] = other.get(i);
        }
        count += other.count;
    }

    private void ensureCapacity(int n) {
        if (n > items.length) {
            resize(Integer.highestOneBit(n - 1) * 2);
        }
    }

    /** Gives back array space once a node has emptied to a quarter of it. */
    private void maybeShrink() {
        if (items.length > MIN_CAPACITY * 4 && count < items.length / 4) {
            resize(items.length / 2);
        }
    }

    private void resize(int capacity) {
        byte[][] a = new byte[capacity][];
        copyTo(0, count, a, 0);
        items = a;
        first = 0;
    }

    /** A deep enough copy for COPY: elements are immutable and shared. */
    Node duplicate() {
        Node c = new Node(1);
        c.items = Arrays.copyOf(items, items.length);
        c.first = first;
        c.count = count;
        c.bytes = bytes;
        c.plain = plain;
        return c;
    }
}
