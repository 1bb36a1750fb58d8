package io.jvalkey.server.types.list;

/**
 * The size rules Valkey applies to lists: how many bytes an element takes in a listpack, when a
 * listpack or a quicklist node is full for a given {@code list-max-listpack-size} ("fill"), and
 * which elements are too large to share a node. jvalkey stores list elements as plain byte
 * arrays, but keeps these byte counts so that encodings and node boundaries change exactly
 * where Valkey's do.
 */
public final class PackRules {
    private PackRules() {}

    /** Bytes of an empty listpack: 6 header bytes and the end marker. */
    public static final int EMPTY_LISTPACK = 7;
    /** Largest multi-element node when the fill is a count (a safety limit in bytes). */
    static final int SIZE_SAFETY_LIMIT = 8192;
    /** Valkey's over-estimate of one entry's overhead when deciding if a node can take it. */
    static final int ENTRY_OVERHEAD_ESTIMATE = 8;
    /** Byte limits for fills -1 .. -5. */
    private static final int[] BYTE_LIMITS = {4096, 8192, 16384, 32768, 65536};
    /** No count limit (an unsigned 32-bit maximum, as Valkey's). */
    static final long NO_COUNT_LIMIT = 0xFFFFFFFFL;

    /**
     * DEBUG QUICKLIST-PACKED-THRESHOLD: when non-zero, elements of at least this many bytes get a
     * node of their own (a test hook, server-wide as in Valkey).
     */
    private static volatile long packedThreshold;

    public static void packedThreshold(long bytes) {
        packedThreshold = bytes;
    }

    /** Bytes a listpack spends on {@code e}: encoding header, payload (integer or string) and back-length. */
    public static int entrySize(byte[] e) {
        int enc = encodedSize(e);
        return enc + backlenSize(enc);
    }

    private static int encodedSize(byte[] e) {
        int n = e.length;
        if (n > 0 && n <= 20) {
            int intSize = integerSize(e);
            if (intSize > 0) {
                return intSize;
            }
        }
        if (n < 64) {
            return 1 + n;
        }
        if (n < 4096) {
            return 2 + n;
        }
        return 5 + n;
    }

    /**
     * The bytes of the integer encoding if {@code e} is the canonical text of a 64-bit integer
     * (no sign but '-', no leading zeros), else 0.
     */
    static int integerSize(byte[] e) {
        int n = e.length;
        if (n == 1 && e[0] == '0') {
            return 1;
        }
        int i = 0;
        boolean negative = e[0] == '-';
        if (negative) {
            if (n == 1) {
                return 0;
            }
            i = 1;
        }
        if (e[i] < '1' || e[i] > '9') {
            return 0;
        }
        // Accumulate as a negative number so that Long.MIN_VALUE fits.
        long v = 0;
        for (; i < n; i++) {
            int d = e[i] - '0';
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
                return 0;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return 0;
            }
            v = -v;
        }
        if (v >= 0 && v <= 127) {
            return 1;
        }
        if (v >= -4096 && v <= 4095) {
            return 2;
        }
        if (v >= -32768 && v <= 32767) {
            return 3;
        }
        if (v >= -8388608 && v <= 8388607) {
            return 4;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }

    private static int backlenSize(long l) {
        if (l <= 127) {
            return 1;
        }
        if (l < 16383) {
            return 2;
        }
        if (l < 2097151) {
            return 3;
        }
        if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    /** The byte limit of a node (or listpack) for a fill, or Long.MAX_VALUE when the fill counts entries. */
    static long sizeLimit(int fill) {
        if (fill >= 0) {
            return Long.MAX_VALUE;
        }
        return BYTE_LIMITS[(int) Math.min(-(long) fill - 1, BYTE_LIMITS.length - 1)];
    }

    /** The entry limit of a node for a fill ({@link #NO_COUNT_LIMIT} when the fill is in bytes). */
    static long countLimit(int fill) {
        if (fill < 0) {
            return NO_COUNT_LIMIT;
        }
        return fill == 0 ? 1 : fill;
    }

    /** Whether a node of {@code bytes} and {@code count} entries would be over the fill's limit. */
    static boolean exceedsLimit(int fill, long bytes, long count) {
        if (fill < 0) {
            return bytes > sizeLimit(fill);
        }
        return bytes > SIZE_SAFETY_LIMIT || count > countLimit(fill);
    }

    /** Whether an element of {@code len} bytes goes into a node of its own (a "plain" node). */
    static boolean isLarge(long len, int fill) {
        long threshold = packedThreshold;
        if (threshold != 0) {
            return len >= threshold;
        }
        if (fill >= 0) {
            return len > SIZE_SAFETY_LIMIT;
        }
        return len > sizeLimit(fill);
    }
}
