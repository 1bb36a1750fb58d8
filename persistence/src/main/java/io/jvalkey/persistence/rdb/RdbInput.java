package io.jvalkey.persistence.rdb;

import io.jvalkey.persistence.Crc64;
import io.jvalkey.persistence.lzf.Lzf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Buffered input of RDB primitives: one final class with a byte[] window, so the hot path has
 * no virtual call per byte. Tracks the offset for error messages and the CRC64 of what was
 * consumed. Reads from an {@link InputStream} or directly from an array.
 */
final class RdbInput {
    private static final int BUFFER = 1 << 16;
    /** Lengths above this are read piece by piece when the input size is unknown. */
    private static final int TRUSTED_ALLOCATION = 1 << 20;
    /** LZF expands at most this much (a 3-byte back-reference yields 264 bytes). */
    private static final int LZF_MAX_RATIO = 90;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int lim;
    /** File offset of buf[0]. */
    private long base;
    /** Total input size (file offset of its end), or -1. */
    private final long size;
    private long crc;
    private int crcMark;
    /** Set by {@link #readLength}: the value was an RDB_ENCVAL special encoding. */
    boolean encoded;

    RdbInput(InputStream in, long size) {
        this.in = in;
        this.buf = new byte[BUFFER];
        this.size = size;
    }

    RdbInput(byte[] data, int off, int len) {
        this.in = null;
        this.buf = data;
        this.pos = off;
        this.lim = off + len;
        this.base = -off;
        this.size = len;
        this.crcMark = off;
    }

    long offset() {
        return base + pos;
    }

    RdbFormatException error(String reason) {
        return new RdbFormatException(reason, offset());
    }

    RdbFormatException error(String reason, long at) {
        return new RdbFormatException(reason, at);
    }

    /** Bytes left when the size is known, else Long.MAX_VALUE. */
    long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - offset();
    }

    /** CRC64 of every byte consumed so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcMark, pos);
        crcMark = pos;
        return crc;
    }

    /** Makes at least {@code n} (<= buffer size) bytes available or fails with an EOF error. */
    private void require(int n) throws IOException {
        if (lim - pos >= n) {
            return;
        }
        if (in == null) {
            throw error("Unexpected EOF reading RDB file");
        }
        crc();
        int kept = lim - pos;
        System.arraycopy(buf, pos, buf, 0, kept);
        base += pos;
        pos = 0;
        crcMark = 0;
        lim = kept;
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                throw error("Unexpected EOF reading RDB file");
            }
            lim += r;
        }
    }

    int readByte() throws IOException {
        if (pos == lim) {
            require(1);
        }
        return buf[pos++] & 0xFF;
    }

    int readIntLE() throws IOException {
        require(4);
        int p = pos;
        pos += 4;
        return (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 24;
    }

    long readLongLE() throws IOException {
        require(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    long readLongBE() throws IOException {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == lim) {
                require(1);
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * An RDB length (6, 14, 32 or 64 bits). If the first byte says "special encoding",
     * {@link #encoded} is set and the 6-bit encoding type is returned.
     */
    long readLength() throws IOException {
        int first = readByte();
        int type = first >>> 6;
        encoded = false;
        switch (type) {
            case 0:
                return first & 0x3F;
            case 1:
                return ((first & 0x3F) << 8) | readByte();
            case 3:
                encoded = true;
                return first & 0x3F;
            default:
                if (first == 0x80) {
                    require(4);
                    long v = ((buf[pos] & 0xFFL) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                            | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
                    pos += 4;
                    return v;
                }
                if (first == 0x81) {
                    return readLongBE();
                }
                throw error("Unknown length encoding " + first + " in rdbLoadLen()", offset() - 1);
        }
    }

    /** A plain length (no special encoding allowed). */
    long readPlainLength() throws IOException {
        long at = offset();
        long len = readLength();
        if (encoded) {
            throw error("Unexpected string encoding where a length was expected", at);
        }
        return len;
    }

    /** A count of elements each taking at least {@code minBytesEach} bytes of input. */
    long readCount(String what, int minBytesEach) throws IOException {
        long at = offset();
        long n = readPlainLength();
        if (n < 0 || (minBytesEach > 0 && n > remaining() / minBytesEach)) {
            throw error(what + " count " + Long.toUnsignedString(n) + " exceeds what the remaining input can hold", at);
        }
        return n;
    }

    /** An RDB string: raw, int-encoded (as decimal text) or LZF-compressed. */
    byte[] readString() throws IOException {
        long at = offset();
        long len = readLength();
        if (encoded) {
            switch ((int) len) {
                case 0:
                    return decimal((byte) readByte());
                case 1: {
                    int lo = readByte();
                    return decimal((short) (lo | readByte() << 8));
                }
                case 2:
                    return decimal(readIntLE());
                case 3:
                    return readLzf(at);
                default:
                    throw error("Unknown RDB string encoding type " + len, at);
            }
        }
        return readRaw(len, at);
    }

    private byte[] readRaw(long len, long at) throws IOException {
        if (len < 0 || len > remaining() || len > Integer.MAX_VALUE - 16) {
            throw error("String length " + Long.toUnsignedString(len) + " exceeds the remaining input", at);
        }
        int n = (int) len;
        if (size >= 0 || n <= TRUSTED_ALLOCATION) {
            byte[] out = new byte[n];
            readFully(out, 0, n);
            return out;
        }
        // Unknown size and a big length: grow as data actually arrives.
        byte[] out = new byte[TRUSTED_ALLOCATION];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            int chunk = Math.min(out.length - filled, n - filled);
            readFully(out, filled, chunk);
            filled += chunk;
        }
        return out;
    }

    private byte[] readLzf(long at) throws IOException {
        long clen = readPlainLength();
        long len = readPlainLength();
        if (clen < 0 || clen > remaining() || clen > Integer.MAX_VALUE - 16) {
            throw error("LZF compressed length " + Long.toUnsignedString(clen) + " exceeds the remaining input", at);
        }
        if (len > clen * LZF_MAX_RATIO + 64 || len > Integer.MAX_VALUE - 16 || len < 0) {
            throw error("Invalid LZF compressed string", at);
        }
        byte[] compressed = readRaw(clen, at);
        byte[] out = new byte[(int) len];
        if (!Lzf.decompress(compressed, 0, compressed.length, out, 0, out.length)) {
            throw error("Invalid LZF compressed string", at);
        }
        return out;
    }

    /** Skips one RDB string without keeping it. */
    void skipString() throws IOException {
        readString();
    }

    /** A text double (RDB_TYPE_ZSET): length byte, 253 NaN, 254 +inf, 255 -inf. */
    double readTextDouble() throws IOException {
        long at = offset();
        int len = readByte();
        switch (len) {
            case 255:
                return Double.NEGATIVE_INFINITY;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 253:
                return Double.NaN;
            default:
                byte[] text = new byte[len];
                readFully(text, 0, len);
                try {
                    return Numbers.parseDouble(text, 0, len);
                } catch (NumberFormatException e) {
                    throw error("Invalid double value", at);
                }
        }
    }

    double readBinaryDouble() throws IOException {
        return Double.longBitsToDouble(readLongLE());
    }

    static byte[] decimal(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
