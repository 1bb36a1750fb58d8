package io.jvalkey.persistence.rdb;

/**
 * Reads a ziplist blob (Redis before 7.0): 4-byte total size, 4-byte tail offset, 2-byte
 * count (65535: unknown), entries, 0xFF. An entry is the previous entry's size (1 byte, or
 * 0xFE + 4 bytes), an encoding (string with 6/14/32-bit length, or an 8/16/24/32/64-bit or
 * 4-bit immediate integer) and the data.
 */
final class Ziplist {
    private static final int HEADER = 10;
    private static final int END = 0xFF;

    private final byte[] zl;
    private int p = HEADER;

    boolean isInt;
    long intValue;
    int strOff;
    int strLen;

    Ziplist(byte[] zl) {
        this.zl = zl;
    }

    /** Checks the whole ziplist and returns its entry count. */
    static int validate(byte[] zl, String what, long at) throws RdbFormatException {
        int size = zl.length;
        if (size < HEADER + 1) {
            throw Listpack.fail(what, "shorter than its header", at);
        }
        if (le32(zl, 0) != size) {
            throw Listpack.fail(what, "header size does not match the blob", at);
        }
        if ((zl[size - 1] & 0xFF) != END) {
            throw Listpack.fail(what, "no terminator", at);
        }
        long tail = le32(zl, 4);
        if (tail > size - 1) {
            throw Listpack.fail(what, "tail offset outside the blob", at);
        }
        int header = (zl[8] & 0xFF) | (zl[9] & 0xFF) << 8;
        int last = size - 1;
        int p = HEADER;
        int prev = -1;
        long prevSize = 0;
        int count = 0;
        while ((zl[p] & 0xFF) != END) {
            int first = zl[p] & 0xFF;
            int prevlenSize = first < 254 ? 1 : 5;
            if (p + prevlenSize >= last) {
                throw Listpack.fail(what, "entry at " + p + " overruns", at);
            }
            long prevlen = prevlenSize == 1 ? first : le32(zl, p + 1);
            int e = zl[p + prevlenSize] & 0xFF;
            int lenSize;
            long dataLen;
            int q = p + prevlenSize;
            if (e < 0xC0) {
                int kind = e >>> 6;
                lenSize = kind == 0 ? 1 : kind == 1 ? 2 : 5;
                if (q + lenSize > last) {
                    throw Listpack.fail(what, "entry at " + p + " overruns", at);
                }
                dataLen = kind == 0 ? e & 0x3F
                        : kind == 1 ? ((e & 0x3F) << 8) | (zl[q + 1] & 0xFF)
                        : ((zl[q + 1] & 0xFFL) << 24) | ((zl[q + 2] & 0xFF) << 16) | ((zl[q + 3] & 0xFF) << 8)
                                | (zl[q + 4] & 0xFF);
            } else {
                lenSize = 1;
                dataLen = intSize(e);
                if (dataLen < 0) {
                    throw Listpack.fail(what, "bad entry encoding " + e + " at " + p, at);
                }
            }
            long entrySize = prevlenSize + lenSize + dataLen;
            if (entrySize > last - p) {
                throw Listpack.fail(what, "entry at " + p + " overruns the blob", at);
            }
            if (prevlen != prevSize) {
                throw Listpack.fail(what, "entry at " + p + " has a wrong previous length", at);
            }
            prevSize = entrySize;
            prev = p;
            p += (int) entrySize;
            count++;
        }
        if (p != last) {
            throw Listpack.fail(what, "terminator before the end", at);
        }
        if (prev >= 0 && prev != tail) {
            throw Listpack.fail(what, "tail offset does not point at the last entry", at);
        }
        if (header != 0xFFFF && header != count) {
            throw Listpack.fail(what, "header count " + header + " but " + count + " entries", at);
        }
        return count;
    }

    private static int intSize(int e) {
        switch (e) {
            case 0xC0:
                return 2;
            case 0xD0:
                return 4;
            case 0xE0:
                return 8;
            case 0xF0:
                return 3;
            case 0xFE:
                return 1;
            default:
                return e >= 0xF1 && e <= 0xFD ? 0 : -1;
        }
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    /** Moves to the next entry; false at the end. Only on a validated ziplist. */
    boolean next() {
        int first = zl[p] & 0xFF;
        if (first == END) {
            return false;
        }
        int q = p + (first < 254 ? 1 : 5);
        int e = zl[q] & 0xFF;
        if (e < 0xC0) {
            isInt = false;
            int kind = e >>> 6;
            if (kind == 0) {
                strLen = e & 0x3F;
                strOff = q + 1;
            } else if (kind == 1) {
                strLen = ((e & 0x3F) << 8) | (zl[q + 1] & 0xFF);
                strOff = q + 2;
            } else {
                strLen = ((zl[q + 1] & 0xFF) << 24) | ((zl[q + 2] & 0xFF) << 16) | ((zl[q + 3] & 0xFF) << 8)
                        | (zl[q + 4] & 0xFF);
                strOff = q + 5;
            }
            p = strOff + strLen;
            return true;
        }
        isInt = true;
        int d = q + 1;
        switch (e) {
            case 0xC0:
                intValue = (short) ((zl[d] & 0xFF) | (zl[d + 1] & 0xFF) << 8);
                p = d + 2;
                break;
            case 0xD0:
                intValue = (zl[d] & 0xFF) | (zl[d + 1] & 0xFF) << 8 | (zl[d + 2] & 0xFF) << 16 | zl[d + 3] << 24;
                p = d + 4;
                break;
            case 0xE0: {
                long v = 0;
                for (int i = 7; i >= 0; i--) {
                    v = (v << 8) | (zl[d + i] & 0xFF);
                }
                intValue = v;
                p = d + 8;
                break;
            }
            case 0xF0:
                intValue = (zl[d] & 0xFF) | (zl[d + 1] & 0xFF) << 8 | zl[d + 2] << 16;
                p = d + 3;
                break;
            case 0xFE:
                intValue = zl[d];
                p = d + 1;
                break;
            default:
                intValue = (e & 0x0F) - 1;
                p = d;
        }
        return true;
    }

    byte[] bytes() {
        if (isInt) {
            return RdbInput.decimal(intValue);
        }
        byte[] out = new byte[strLen];
        System.arraycopy(zl, strOff, out, 0, strLen);
        return out;
    }
}
