package io.jvalkey.server.types.hash;

import java.util.Arrays;

/**
 * Expiry times of a hash table's fields, kept only while at least one field has one: a deadline
 * per entry index plus a binary min-heap of the indices that have one, so the next field to
 * expire is known at once and reclaiming k expired fields costs O(k log n).
 *
 * <p>Entry indices move when the table fills a hole with its last entry; {@link #move} follows
 * them, which keeps the heap valid without searching it.
 */
final class FieldTtls {
    static final long NONE = -1;

    private long[] expires; // per entry index: deadline in Unix ms, or NONE
    private int[] pos;      // per entry index: its slot in the heap, or -1
    private int[] heap;     // entry indices ordered by deadline
    private int count;

    FieldTtls(int capacity) {
        expires = new long[capacity];
        pos = new int[capacity];
        Arrays.fill(expires, NONE);
        Arrays.fill(pos, -1);
        heap = new int[8];
    }

    int count() {
        return count;
    }

    long get(int index) {
        return expires[index];
    }

    /** The entry index with the earliest deadline; only when {@link #count} > 0. */
    int first() {
        return heap[0];
    }

    void resize(int capacity) {
        int old = expires.length;
        expires = Arrays.copyOf(expires, capacity);
        pos = Arrays.copyOf(pos, capacity);
        if (capacity > old) {
            Arrays.fill(expires, old, capacity, NONE);
            Arrays.fill(pos, old, capacity, -1);
        }
    }

    void set(int index, long when) {
        int p = pos[index];
        expires[index] = when;
        if (p < 0) {
            if (count == heap.length) {
                heap = Arrays.copyOf(heap, count * 2);
            }
            p = count++;
            heap[p] = index;
            pos[index] = p;
            up(p);
        } else {
            up(p);
            down(pos[index]);
        }
    }

    /** Forgets the deadline of an entry (persisted or about to be removed). */
    void clear(int index) {
        int p = pos[index];
        expires[index] = NONE;
        if (p < 0) {
            return;
        }
        pos[index] = -1;
        int last = heap[--count];
        if (p != count) {
            heap[p] = last;
            pos[last] = p;
            up(p);
            down(pos[last]);
        }
        if (count < heap.length / 4 && heap.length > 8) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    /** The entry at {@code from} now lives at {@code to} (its old slot there was cleared first). */
    void move(int from, int to) {
        expires[to] = expires[from];
        int p = pos[from];
        pos[to] = p;
        if (p >= 0) {
            heap[p] = to;
        }
        expires[from] = NONE;
        pos[from] = -1;
    }

    long memoryUsage() {
        return 24 + 16 + 12L * expires.length + 16 + 4L * heap.length;
    }

    FieldTtls copy() {
        FieldTtls c = new FieldTtls(0);
        c.expires = expires.clone();
        c.pos = pos.clone();
        c.heap = heap.clone();
        c.count = count;
        return c;
    }

    private void up(int p) {
        int e = heap[p];
        long w = expires[e];
        while (p > 0) {
            int parent = (p - 1) >>> 1;
            int pe = heap[parent];
            if (expires[pe] <= w) {
                break;
            }
            heap[p] = pe;
            pos[pe] = p;
            p = parent;
        }
        heap[p] = e;
        pos[e] = p;
    }

    private void down(int p) {
        int e = heap[p];
        long w = expires[e];
        while (true) {
            int child = 2 * p + 1;
            if (child >= count) {
                break;
            }
            if (child + 1 < count && expires[heap[child + 1]] < expires[heap[child]]) {
                child++;
            }
            int ce = heap[child];
            if (expires[ce] >= w) {
                break;
            }
            heap[p] = ce;
            pos[ce] = p;
            p = child;
        }
        heap[p] = e;
        pos[e] = p;
    }
}
