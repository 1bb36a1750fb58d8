package io.jvalkey.server.types.set;

import io.jvalkey.server.types.ElementHash;
import java.util.Arrays;

/**
 * The members of a "listpack" set: a few short members in insertion order in one array, found by
 * a linear scan as Valkey scans its listpack. Removal keeps the order of the rest.
 */
final class ListpackMembers {
    private static final byte[][] EMPTY = new byte[0][];

    private byte[][] members;
    private int size;
    private long memberBytes;

    ListpackMembers(int capacity) {
        members = capacity == 0 ? EMPTY : new byte[capacity][];
    }

    int size() {
        return size;
    }

    byte[] get(int index) {
        return members[index];
    }

    int indexOf(byte[] m) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(members[i], m)) {
                return i;
            }
        }
        return -1;
    }

    /** Appends a member known to be absent; the array is kept, so it must never change. */
    void append(byte[] m) {
        if (size == members.length) {
            members = Arrays.copyOf(members, Math.max(4, size * 2));
        }
        members[size++] = m;
        memberBytes += ElementHash.footprint(m);
    }

    void removeAt(int i) {
        memberBytes -= ElementHash.footprint(members[i]);
        System.arraycopy(members, i + 1, members, i, size - i - 1);
        members[--size] = null;
        if (members.length > 16 && size < members.length / 4) {
            members = Arrays.copyOf(members, members.length / 2);
        }
    }

    ListpackMembers copy() {
        // Member arrays are never changed in place, so sharing them is safe.
        ListpackMembers c = new ListpackMembers(0);
        c.members = Arrays.copyOf(members, Math.max(size, 1));
        c.size = size;
        c.memberBytes = memberBytes;
        return c;
    }

    /** Heap bytes: the reference array, the member arrays and this object. */
    long memoryUsage() {
        return 24 + 16 + 4L * members.length + memberBytes;
    }
}
