package io.jvalkey.persistence.rdb;

import io.jvalkey.persistence.Crc64;
import io.jvalkey.persistence.lzf.Lzf;
import java.io.IOException;
import java.io.OutputStream;

/** Buffered output of RDB primitives with a running CRC64 of everything written. */
final class RdbOutput {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long flushed;
    private long crc;
    private final boolean compression;
    private byte[] lzfScratch = new byte[256];
    private final long[] parsed = new long[1];

    RdbOutput(OutputStream out, boolean compression) {
        this.out = out;
        this.compression = compression;
    }

    long written() {
        return flushed + pos;
    }

    long crc() {
        return Crc64.update(crc, buf, 0, pos);
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (pos > 0) {
            crc = Crc64.update(crc, buf, 0, pos);
            out.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
        }
    }

    void writeByte(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len > buf.length) {
                crc = Crc64.update(crc, b, off, off + len);
                out.write(b, off, len);
                flushed += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void writeLongLE(long v) throws IOException {
        for (int i = 0; i < 8; i++) {
            writeByte((int) (v >>> (8 * i)));
        }
    }

    void writeLongBE(long v) throws IOException {
        for (int i = 7; i >= 0; i--) {
            writeByte((int) (v >>> (8 * i)));
        }
    }

    /** An RDB length: 6-bit, 14-bit, 32-bit big-endian or 64-bit big-endian (unsigned). */
    void writeLength(long len) throws IOException {
        if (len >= 0 && len < (1 << 6)) {
            writeByte((int) len);
        } else if (len >= 0 && len < (1 << 14)) {
            writeByte(0x40 | (int) (len >>> 8));
            writeByte((int) len);
        } else if (len >= 0 && len <= 0xFFFFFFFFL) {
            writeByte(0x80);
            writeByte((int) (len >>> 24));
            writeByte((int) (len >>> 16));
            writeByte((int) (len >>> 8));
            writeByte((int) len);
        } else {
            writeByte(0x81);
            writeLongBE(len);
        }
    }

    /** An integer as RDB_ENC_INT8/16/32 if it fits, else as its decimal text. */
    void writeLongString(long v) throws IOException {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            writeByte(0xC0);
            writeByte((int) v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            writeByte(0xC1);
            writeByte((int) v);
            writeByte((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            writeByte(0xC2);
            writeByte((int) v);
            writeByte((int) (v >>> 8));
            writeByte((int) (v >>> 16));
            writeByte((int) (v >>> 24));
        } else {
            byte[] text = RdbInput.decimal(v);
            writeLength(text.length);
            write(text, 0, text.length);
        }
    }

    /** An RDB string as Valkey's rdbSaveRawString writes it. */
    void writeString(byte[] s) throws IOException {
        writeString(s, 0, s.length);
    }

    void writeString(byte[] s, int off, int len) throws IOException {
        if (len <= 11 && Numbers.isStrictLong(s, off, len, parsed)
                && parsed[0] >= Integer.MIN_VALUE && parsed[0] <= Integer.MAX_VALUE) {
            writeLongString(parsed[0]);
            return;
        }
        if (compression && len > 20 && writeLzf(s, off, len)) {
            return;
        }
        writeLength(len);
        write(s, off, len);
    }

    private boolean writeLzf(byte[] s, int off, int len) throws IOException {
        int max = len - 4;
        if (lzfScratch.length < max) {
            lzfScratch = new byte[Math.max(max, lzfScratch.length * 2)];
        }
        int clen = Lzf.compress(s, off, len, lzfScratch, 0, max);
        if (clen == 0) {
            return false;
        }
        writeByte(0xC3);
        writeLength(clen);
        writeLength(len);
        write(lzfScratch, 0, clen);
        return true;
    }
}
