package io.jvalkey.persistence.rdb;

import java.util.Arrays;

/** Builds a listpack blob the way Valkey's lpAppend encodes elements. */
final class ListpackBuilder {
    private byte[] buf = new byte[64];
    private int pos = Listpack.HEADER;
    private int count;
    private final long[] parsed = new long[1];

    void reset() {
        pos = Listpack.HEADER;
        count = 0;
    }

    int count() {
        return count;
    }

    /** Size of the finished listpack (header, elements and terminator). */
    int bytes() {
        return pos + 1;
    }

    private void ensure(long extra) {
        long need = pos + extra + 1;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("listpack larger than 2 GB");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L)));
        }
    }

    /** Appends a string, stored as an integer when it is one (as lpAppend does). */
    void add(byte[] s) {
        add(s, 0, s.length);
    }

    void add(byte[] s, int off, int len) {
        if (Numbers.isStrictLong(s, off, len, parsed)) {
            addInt(parsed[0]);
            return;
        }
        ensure(len + 10L);
        int start = pos;
        if (len < 64) {
            buf[pos++] = (byte) (0x80 | len);
        } else if (len < 4096) {
            buf[pos++] = (byte) (0xE0 | (len >>> 8));
            buf[pos++] = (byte) len;
        } else {
            buf[pos++] = (byte) 0xF0;
            buf[pos++] = (byte) len;
            buf[pos++] = (byte) (len >>> 8);
            buf[pos++] = (byte) (len >>> 16);
            buf[pos++] = (byte) (len >>> 24);
        }
        System.arraycopy(s, off, buf, pos, len);
        pos += len;
        backlen(pos - start);
    }

    void addInt(long v) {
        ensure(16);
        int start = pos;
        if (v >= 0 && v <= 127) {
            buf[pos++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            buf[pos++] = (byte) (0xC0 | (u >>> 8));
            buf[pos++] = (byte) u;
        } else if (v >= -32768 && v <= 32767) {
            buf[pos++] = (byte) 0xF1;
            buf[pos++] = (byte) v;
            buf[pos++] = (byte) (v >>> 8);
        } else if (v >= -8388608 && v <= 8388607) {
            buf[pos++] = (byte) 0xF2;
            buf[pos++] = (byte) v;
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) (v >>> 16);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[pos++] = (byte) 0xF3;
            for (int i = 0; i < 4; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        } else {
            buf[pos++] = (byte) 0xF4;
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }
        backlen(pos - start);
    }

    /** The backlen: high bits first, the last byte holds the low 7 bits; bit 7 = more bytes before. */
    private void backlen(int len) {
        int n = Listpack.backlenSize(len);
        for (int i = n - 1; i >= 0; i--) {
            int group = (len >>> (7 * i)) & 0x7F;
            buf[pos++] = (byte) (i == n - 1 ? group : group | 0x80);
        }
        count++;
    }

    /** Size an element would add (for node-size limits). */
    static int elementSize(byte[] s) {
        int len = s.length;
        int header = len < 64 ? 1 : len < 4096 ? 2 : 5;
        return header + len + Listpack.backlenSize(header + len);
    }

    /** The finished blob (a copy; the builder can be reset and reused). */
    byte[] finish() {
        ensure(0);
        buf[pos] = (byte) Listpack.EOF;
        int total = pos + 1;
        byte[] out = Arrays.copyOf(buf, total);
        out[0] = (byte) total;
        out[1] = (byte) (total >>> 8);
        out[2] = (byte) (total >>> 16);
        out[3] = (byte) (total >>> 24);
        int c = Math.min(count, Listpack.UNKNOWN_COUNT);
        out[4] = (byte) c;
        out[5] = (byte) (c >>> 8);
        return out;
    }
}
