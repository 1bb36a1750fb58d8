package io.jvalkey.server.types.stream;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID: a 128-bit number made of a millisecond time and a sequence number, both
 * unsigned 64-bit values (Java longs read as unsigned). IDs order by ms, then by seq.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);

    /** Orders two IDs given as parts, unsigned. */
    public static int compare(long ams, long aseq, long bms, long bseq) {
        int c = Long.compareUnsigned(ams, bms);
        return c != 0 ? c : Long.compareUnsigned(aseq, bseq);
    }

    @Override
    public int compareTo(StreamId o) {
        return compare(ms, seq, o.ms, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    public boolean isMax() {
        return ms == -1L && seq == -1L;
    }

    /** The next ID, or null if this is the largest one. */
    public StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The previous ID, or null if this is 0-0. */
    public StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] bytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes "ms-seq" into {@code dst} (at least 48 bytes) from index 0 without allocating;
     * returns the length.
     */
    public static int format(long ms, long seq, byte[] dst) {
        int n = unsignedDigits(ms, dst, 0);
        dst[n++] = '-';
        return unsignedDigits(seq, dst, n);
    }

    private static int unsignedDigits(long v, byte[] dst, int at) {
        if (v >= 0 && v < 10) {
            dst[at] = (byte) ('0' + v);
            return at + 1;
        }
        // Digits are produced backwards into the tail of dst, then moved into place.
        int end = dst.length;
        int i = end;
        long q = v;
        if (q < 0) {
            // Unsigned: peel one digit off with unsigned division first.
            long quot = Long.divideUnsigned(q, 10);
            dst[--i] = (byte) ('0' + (q - quot * 10));
            q = quot;
        }
        while (q != 0) {
            dst[--i] = (byte) ('0' + q % 10);
            q /= 10;
        }
        int len = end - i;
        System.arraycopy(dst, i, dst, at, len);
        return at + len;
    }
}
