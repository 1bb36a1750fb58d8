package io.jvalkey.persistence.lzf;

/**
 * LZF, the compression RDB files use for strings (RDB_ENC_LZF) and compressed quicklist nodes.
 *
 * <p>Format: a sequence of chunks. A control byte {@code c < 32} starts a literal run of
 * {@code c + 1} bytes. Otherwise {@code len = c >> 5} (7 means: add the next byte) and the
 * back-reference distance is {@code ((c & 0x1f) << 8 | nextByte) + 1}; {@code len + 2} bytes
 * are copied from that far back in the output (the copy may overlap itself).
 */
public final class Lzf {
    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 1 << 13;
    private static final int MAX_MATCH = 7 + 255 + 2;
    private static final int HASH_BITS = 14;

    /**
     * Positions of recent 3-byte sequences. Reused across calls without clearing: a stale
     * slot is harmless because every candidate is checked for range and equal bytes.
     */
    private static final ThreadLocal<int[]> TABLE = ThreadLocal.withInitial(() -> new int[1 << HASH_BITS]);

    private Lzf() {}

    /**
     * Compresses {@code in[inOff, inOff+inLen)} into {@code out} starting at {@code outOff},
     * using at most {@code outMax} bytes.
     *
     * @return the compressed length, or 0 when the result would not fit in {@code outMax}
     */
    public static int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax) {
        int[] table = TABLE.get();
        int end = inOff + inLen;
        int outEnd = outOff + outMax;
        int op = outOff;
        int literalStart = inOff;
        int ip = inOff;
        while (ip + 2 < end) {
            int h = hash(in, ip);
            int ref = table[h];
            table[h] = ip;
            int distance = ip - ref - 1;
            if (ref >= inOff && ref < ip && distance < MAX_DISTANCE
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1] && in[ref + 2] == in[ip + 2]) {
                int maxLen = Math.min(MAX_MATCH, end - ip);
                int len = 3;
                while (len < maxLen && in[ref + len] == in[ip + len]) {
                    len++;
                }
                op = literals(in, literalStart, ip, out, op, outEnd);
                if (op < 0 || op + 3 > outEnd) {
                    return 0;
                }
                int code = len - 2;
                if (code < 7) {
                    out[op++] = (byte) ((code << 5) | (distance >>> 8));
                } else {
                    out[op++] = (byte) ((7 << 5) | (distance >>> 8));
                    out[op++] = (byte) (code - 7);
                }
                out[op++] = (byte) distance;
                ip += len;
                literalStart = ip;
                // Remember the positions just before the next one so repeats right after a match are found.
                if (ip + 2 < end) {
                    table[hash(in, ip - 1)] = ip - 1;
                }
            } else {
                ip++;
            }
        }
        op = literals(in, literalStart, end, out, op, outEnd);
        return op < 0 ? 0 : op - outOff;
    }

    private static int hash(byte[] in, int p) {
        int v = ((in[p] & 0xFF) << 16) | ((in[p + 1] & 0xFF) << 8) | (in[p + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /** Writes {@code in[from, to)} as literal runs; returns the new output position or -1 if out of room. */
    private static int literals(byte[] in, int from, int to, byte[] out, int op, int outEnd) {
        while (from < to) {
            int n = Math.min(MAX_LITERAL, to - from);
            if (op + 1 + n > outEnd) {
                return -1;
            }
            out[op++] = (byte) (n - 1);
            System.arraycopy(in, from, out, op, n);
            op += n;
            from += n;
        }
        return op;
    }

    /**
     * Decompresses {@code in[inOff, inOff+inLen)} into exactly {@code outLen} bytes at
     * {@code out[outOff]}.
     *
     * @return true when the input is valid LZF that produces exactly {@code outLen} bytes
     */
    public static boolean decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        int ip = inOff;
        int end = inOff + inLen;
        int op = outOff;
        int outEnd = outOff + outLen;
        while (ip < end) {
            int c = in[ip++] & 0xFF;
            if (c < MAX_LITERAL) {
                int n = c + 1;
                if (n > end - ip || n > outEnd - op) {
                    return false;
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int len = c >>> 5;
                if (len == 7) {
                    if (ip >= end) {
                        return false;
                    }
                    len += in[ip++] & 0xFF;
                }
                len += 2;
                if (ip >= end) {
                    return false;
                }
                int ref = op - (((c & 0x1F) << 8) | (in[ip++] & 0xFF)) - 1;
                if (ref < outOff || len > outEnd - op) {
                    return false;
                }
                if (op - ref >= len) {
                    System.arraycopy(out, ref, out, op, len);
                    op += len;
                } else {
                    for (int i = 0; i < len; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        }
        return op == outEnd;
    }
}
