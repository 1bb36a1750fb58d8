package io.jvalkey.server.types.zset;

import io.jvalkey.server.types.ElementHash;
import java.util.Arrays;

/**
 * The small layout (Valkey's "listpack"): members and scores in two flat arrays kept in order.
 * Lookups by member scan, as a listpack does; a small set is a few cache lines.
 *
 * <p>A listpack stores a score that is an exact integer as an integer, so -0 comes back as 0:
 * scores are normalised the same way here.
 */
final class SortedArrays implements Layout {
    private static final byte[][] NO_MEMBERS = new byte[0][];
    private static final double[] NO_SCORES = new double[0];

    private byte[][] members = NO_MEMBERS;
    private double[] scores = NO_SCORES;
    private int size;
    private long memberBytes;

    SortedArrays() {}

    SortedArrays(int capacity) {
        members = new byte[capacity][];
        scores = new double[capacity];
    }

    @Override
    public int size() {
        return size;
    }

    private int indexOf(byte[] member) {
        byte[][] m = members;
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(m[i], member)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public double score(byte[] member) {
        int i = indexOf(member);
        return i < 0 ? Double.NaN : scores[i];
    }

    /** Where (score, member) belongs: the first position holding a greater pair. */
    private int insertionPoint(double score, byte[] member) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ZSet.compare(scores[mid], members[mid], score, member) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public void insert(byte[] member, double score) {
        score += 0.0; // -0 -> 0, as the listpack's integer form
        if (size == members.length) {
            int cap = Math.max(4, size + (size >> 1));
            members = Arrays.copyOf(members, cap);
            scores = Arrays.copyOf(scores, cap);
        }
        int at = insertionPoint(score, member);
        System.arraycopy(members, at, members, at + 1, size - at);
        System.arraycopy(scores, at, scores, at + 1, size - at);
        members[at] = member;
        scores[at] = score;
        size++;
        memberBytes += ElementHash.footprint(member);
    }

    /** Appends a pair known to sort after every member (building from an ordered source). */
    void append(byte[] member, double score) {
        if (size == members.length) {
            int cap = Math.max(4, size + (size >> 1));
            members = Arrays.copyOf(members, cap);
            scores = Arrays.copyOf(scores, cap);
        }
        members[size] = member;
        scores[size++] = score + 0.0;
        memberBytes += ElementHash.footprint(member);
    }

    @Override
    public void rescore(byte[] member, double old, double score) {
        int i = indexOf(member);
        byte[] stored = members[i];
        removeAt(i);
        insert(stored, score);
    }

    @Override
    public boolean delete(byte[] member) {
        int i = indexOf(member);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        memberBytes -= ElementHash.footprint(members[i]);
        System.arraycopy(members, i + 1, members, i, size - i - 1);
        System.arraycopy(scores, i + 1, scores, i, size - i - 1);
        members[--size] = null;
        if (size == 0) {
            members = NO_MEMBERS;
            scores = NO_SCORES;
        } else if (members.length > 8 && size < members.length / 4) {
            members = Arrays.copyOf(members, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
    }

    @Override
    public int rank(byte[] member) {
        return indexOf(member);
    }

    @Override
    public byte[] memberAt(int rank) {
        return members[rank];
    }

    @Override
    public double scoreAt(int rank) {
        return scores[rank];
    }

    @Override
    public int countScoreBelow(double score, boolean inclusive) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double s = scores[mid];
            if (s < score || (inclusive && s == score)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int countLexBelow(byte[] member, boolean inclusive) {
        // A scan from the front, as a listpack is searched (the order is only lexical when all scores are equal).
        int i = 0;
        while (i < size) {
            int c = Arrays.compareUnsigned(members[i], member);
            if (c > 0 || (c == 0 && !inclusive)) {
                break;
            }
            i++;
        }
        return i;
    }

    @Override
    public void visit(int from, int to, boolean reverse, ZSet.Visitor v) {
        if (reverse) {
            for (int i = from; i >= to; i--) {
                v.accept(members[i], scores[i]);
            }
        } else {
            for (int i = from; i <= to; i++) {
                v.accept(members[i], scores[i]);
            }
        }
    }

    @Override
    public long memoryUsage() {
        // Two arrays (headers, 4-byte references, 8-byte scores) plus the members.
        return 32 + 12L * members.length + memberBytes;
    }

    @Override
    public SortedArrays copy() {
        SortedArrays c = new SortedArrays(Math.max(size, 1));
        for (int i = 0; i < size; i++) {
            c.append(members[i].clone(), scores[i]);
        }
        return c;
    }
}
