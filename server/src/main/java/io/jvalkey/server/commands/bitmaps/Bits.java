package io.jvalkey.server.commands.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit-level reads and writes on string bytes. Bit 0 is the most significant bit of the first
 * byte, as in Valkey's SETBIT, so a string read eight bytes at a time big-endian is a sequence
 * of 64-bit words with the bits in order.
 */
final class Bits {
    private Bits() {}

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** One 64-bit word of {@code p} from {@code i}, first byte most significant. */
    static long word(byte[] p, int i) {
        return (long) LONG_BE.get(p, i);
    }

    static void word(byte[] p, int i, long w) {
        LONG_BE.set(p, i, w);
    }

    /** The number of set bits in {@code count} bytes from {@code from}. */
    static long popcount(byte[] p, int from, int count) {
        long bits = 0;
        int i = from;
        int end = from + count;
        for (; i + 32 <= end; i += 32) {
            bits += Long.bitCount(word(p, i)) + Long.bitCount(word(p, i + 8))
                    + Long.bitCount(word(p, i + 16)) + Long.bitCount(word(p, i + 24));
        }
        for (; i + 8 <= end; i += 8) {
            bits += Long.bitCount(word(p, i));
        }
        for (; i < end; i++) {
            bits += Integer.bitCount(p[i] & 0xFF);
        }
        return bits;
    }

    /** Runs of all-clear and all-set bytes to compare strings against (a vectorised mismatch). */
    private static final byte[] ZEROS = new byte[4096];
    private static final byte[] ONES = new byte[4096];

    static {
        java.util.Arrays.fill(ONES, (byte) 0xFF);
    }

    /**
     * The position, counted from {@code from}, of the first bit equal to {@code bit} in
     * {@code count} bytes. The bytes are taken as followed by zeros: looking for a 0 in bytes all
     * set answers {@code count * 8}; looking for a 1 in bytes all clear answers -1.
     */
    static long position(byte[] p, int from, int count, int bit) {
        byte[] skip = bit == 1 ? ZEROS : ONES;
        int end = from + count;
        for (int i = from; i < end; i += skip.length) {
            int n = Math.min(skip.length, end - i);
            int m = java.util.Arrays.mismatch(p, i, i + n, skip, 0, n);
            if (m >= 0) {
                return (long) (i + m - from) * 8 + position(p[i + m], bit);
            }
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** {@link #position} within one byte: -1 (no 1 bit) or 8 (no 0 bit) when absent. */
    static int position(int b, int bit) {
        int v = (bit == 1 ? b : ~b) & 0xFF;
        return v == 0 ? (bit == 1 ? -1 : 8) : Integer.numberOfLeadingZeros(v) - 24;
    }

    /** Whether bit {@code offset} is set; bits past the end of the string read as 0. */
    static boolean get(byte[] p, long offset) {
        long b = offset >>> 3;
        return b < p.length && (p[(int) b] & (0x80 >>> (offset & 7))) != 0;
    }

    /** Sets or clears bit {@code offset}, which must be inside the array. */
    static void set(byte[] p, long offset, boolean on) {
        int b = (int) (offset >>> 3);
        int mask = 0x80 >>> (offset & 7);
        p[b] = (byte) (on ? p[b] | mask : p[b] & ~mask);
    }

    /** The {@code bits}-wide unsigned integer at bit {@code offset}, most significant bit first. */
    static long getUnsigned(byte[] p, long offset, int bits) {
        long v = 0;
        for (int j = 0; j < bits; j++) {
            v = (v << 1) | (get(p, offset + j) ? 1 : 0);
        }
        return v;
    }

    /** The same bits read as two's complement. */
    static long getSigned(byte[] p, long offset, int bits) {
        long v = getUnsigned(p, offset, bits);
        if (bits < 64 && (v & (1L << (bits - 1))) != 0) {
            v |= -1L << bits;
        }
        return v;
    }

    /** Writes the low {@code bits} bits of {@code value} at bit {@code offset}, inside the array. */
    static void setField(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            set(p, offset + j, (value & (1L << (bits - 1 - j))) != 0);
        }
    }
}
