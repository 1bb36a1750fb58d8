package io.jvalkey.persistence.rdb;

/**
 * Reads a listpack blob: 4-byte total size, 2-byte element count (65535: unknown), elements,
 * 0xFF. Each element is an encoding byte (with the length or value), the data, and a backlen
 * (the element's size, 7 bits per byte, read from its end). {@link #validate} checks the whole
 * blob first; {@link #next} then walks it.
 */
final class Listpack {
    static final int HEADER = 6;
    static final int EOF = 0xFF;
    static final int UNKNOWN_COUNT = 0xFFFF;

    private final byte[] lp;
    private int p = HEADER;

    /** The current element: an integer ({@link #isInt}) or lp[strOff, strOff+strLen). */
    boolean isInt;
    long intValue;
    int strOff;
    int strLen;

    Listpack(byte[] lp) {
        this.lp = lp;
    }

    /**
     * Checks the whole listpack and returns its element count.
     *
     * @param what names the structure in the error, e.g. "Hash listpack"
     * @param at file offset of the blob, for the error
     */
    static int validate(byte[] lp, String what, long at) throws RdbFormatException {
        int size = lp.length;
        if (size < HEADER + 1) {
            throw fail(what, "shorter than its header", at);
        }
        long total = (lp[0] & 0xFFL) | (lp[1] & 0xFF) << 8 | (lp[2] & 0xFF) << 16 | (lp[3] & 0xFFL) << 24;
        if (total != size) {
            throw fail(what, "header says " + total + " bytes, blob has " + size, at);
        }
        if ((lp[size - 1] & 0xFF) != EOF) {
            throw fail(what, "no terminator", at);
        }
        int header = (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
        int count = 0;
        int p = HEADER;
        int last = size - 1;
        while (p < last) {
            int e = lp[p] & 0xFF;
            long len;
            if ((e & 0x80) == 0) {
                len = 1;
            } else if ((e & 0xC0) == 0x80) {
                len = 1 + (e & 0x3F);
            } else if ((e & 0xE0) == 0xC0) {
                len = 2;
            } else if ((e & 0xF0) == 0xE0) {
                if (p + 1 >= last) {
                    throw fail(what, "element header at " + p + " overruns", at);
                }
                len = 2 + (((e & 0x0F) << 8) | (lp[p + 1] & 0xFF));
            } else if (e == 0xF1) {
                len = 3;
            } else if (e == 0xF2) {
                len = 4;
            } else if (e == 0xF3) {
                len = 5;
            } else if (e == 0xF4) {
                len = 9;
            } else if (e == 0xF0) {
                if (p + 4 >= last) {
                    throw fail(what, "element header at " + p + " overruns", at);
                }
                len = 5 + ((lp[p + 1] & 0xFFL) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16
                        | (lp[p + 4] & 0xFFL) << 24);
            } else {
                throw fail(what, "bad element encoding " + e + " at " + p, at);
            }
            int backlen = backlenSize(len);
            if (len + backlen > last - p) {
                throw fail(what, "element at " + p + " overruns the blob", at);
            }
            int next = p + (int) len + backlen;
            if (decodeBacklen(lp, next - 1, p + (int) len) != len) {
                throw fail(what, "element at " + p + " has a wrong back length", at);
            }
            p = next;
            count++;
        }
        if (header != UNKNOWN_COUNT && header != count) {
            throw fail(what, "header count " + header + " but " + count + " elements", at);
        }
        return count;
    }

    static RdbFormatException fail(String what, String detail, long at) {
        return new RdbFormatException(what + " integrity check failed: " + detail, at);
    }

    /** Bytes of the backlen for an element of {@code len} bytes (Valkey's thresholds). */
    static int backlenSize(long len) {
        if (len <= 127) {
            return 1;
        } else if (len < 16383) {
            return 2;
        } else if (len < 2097151) {
            return 3;
        } else if (len < 268435455) {
            return 4;
        }
        return 5;
    }

    /** Decodes the backlen ending at {@code end} (inclusive), not reading below {@code floor}. */
    private static long decodeBacklen(byte[] lp, int end, int floor) {
        long v = 0;
        int shift = 0;
        for (int i = end; i >= floor; i--) {
            int b = lp[i] & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
            if (shift > 28) {
                return -1;
            }
        }
        return -1;
    }

    /** Moves to the next element; false at the end. Only on a validated listpack. */
    boolean next() {
        int e = lp[p] & 0xFF;
        if (e == EOF) {
            return false;
        }
        int len;
        isInt = true;
        if ((e & 0x80) == 0) {
            intValue = e;
            len = 1;
        } else if ((e & 0xC0) == 0x80) {
            isInt = false;
            strOff = p + 1;
            strLen = e & 0x3F;
            len = 1 + strLen;
        } else if ((e & 0xE0) == 0xC0) {
            int v = ((e & 0x1F) << 8) | (lp[p + 1] & 0xFF);
            intValue = v >= 4096 ? v - 8192 : v;
            len = 2;
        } else if ((e & 0xF0) == 0xE0) {
            isInt = false;
            strOff = p + 2;
            strLen = ((e & 0x0F) << 8) | (lp[p + 1] & 0xFF);
            len = 2 + strLen;
        } else if (e == 0xF1) {
            intValue = (short) ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8);
            len = 3;
        } else if (e == 0xF2) {
            intValue = ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | lp[p + 3] << 16);
            len = 4;
        } else if (e == 0xF3) {
            intValue = (lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16 | lp[p + 4] << 24;
            len = 5;
        } else if (e == 0xF4) {
            long v = 0;
            for (int i = 8; i >= 1; i--) {
                v = (v << 8) | (lp[p + i] & 0xFF);
            }
            intValue = v;
            len = 9;
        } else {
            isInt = false;
            strOff = p + 5;
            strLen = (lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16 | (lp[p + 4] & 0xFF) << 24;
            len = 5 + strLen;
        }
        p += len + backlenSize(len);
        return true;
    }

    /** The current element as bytes (integers as decimal text). */
    byte[] bytes() {
        if (isInt) {
            return RdbInput.decimal(intValue);
        }
        byte[] out = new byte[strLen];
        System.arraycopy(lp, strOff, out, 0, strLen);
        return out;
    }

    /** The current element as a long in {@code out[0]}; false if it is not an integer. */
    boolean asLong(long[] out) {
        if (isInt) {
            out[0] = intValue;
            return true;
        }
        return Numbers.isStrictLong(lp, strOff, strLen, out);
    }
}
