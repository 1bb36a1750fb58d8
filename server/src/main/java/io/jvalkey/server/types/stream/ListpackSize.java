package io.jvalkey.server.types.stream;

/**
 * Byte sizes of elements in Valkey's listpack format. A stream node is not stored as a listpack
 * here, but Valkey starts a new node when the listpack would reach stream-node-max-bytes, so the
 * size it would have decides where nodes split and therefore what approximate trimming removes.
 */
final class ListpackSize {
    private ListpackSize() {}

    /** Header (total bytes and element count) plus the end marker. */
    static final int EMPTY = 7;

    /** An element holding the integer v: its encoding plus its back-length byte(s). */
    static int integer(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= -32768 && v <= 32767) {
            enc = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + backlen(enc);
    }

    /** An element holding these bytes: stored as an integer when they are one's canonical text. */
    static int string(byte[] b, int off, int len) {
        int asInt = integerSizeIfInt(b, off, len);
        if (asInt > 0) {
            return asInt;
        }
        long enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5L + len;
        return (int) Math.min(Integer.MAX_VALUE, enc + backlen(enc));
    }

    private static int backlen(long l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    /**
     * The element size if the bytes are an integer as Valkey's lpStringToInt64 reads them
     * (optional '-', no leading zeros, no '+', fits in 64 bits), else -1.
     */
    static int integerSizeIfInt(byte[] b, int off, int len) {
        if (len == 0 || len >= 21) {
            return -1;
        }
        if (len == 1 && b[off] == '0') {
            return integer(0);
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (b[i] == '-') {
            negative = true;
            i++;
            if (i == end) {
                return -1;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return -1;
        }
        long v = 0; // accumulated negatively so that Long.MIN_VALUE fits
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                return -1;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return -1;
            }
            v = -v;
        }
        return integer(v);
    }
}
