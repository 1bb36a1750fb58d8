package io.jvalkey.persistence.aof;

import java.nio.ByteBuffer;

/**
 * How one command is written in an AOF (and on a replication link): a RESP array of bulk
 * strings, {@code *<argc>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument. The length is
 * computed first so a caller can claim exactly that much room in a buffer and write in place.
 */
public final class RespCommand {
    private RespCommand() {}

    /** Bytes {@link #write} produces for {@code argv}. */
    public static int encodedLength(byte[][] argv) {
        int n = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) {
            n += 1 + digits(a.length) + 2 + a.length + 2;
        }
        return n;
    }

    /** Writes {@code argv} at the buffer's position, advancing it. */
    public static void write(byte[][] argv, ByteBuffer out) {
        out.put((byte) '*');
        putNumber(argv.length, out);
        for (byte[] a : argv) {
            out.put((byte) '$');
            putNumber(a.length, out);
            out.put(a);
            out.put((byte) '\r').put((byte) '\n');
        }
    }

    /** The encoded command as a new array (tests, rare large records). */
    public static byte[] encode(byte[][] argv) {
        ByteBuffer b = ByteBuffer.allocate(encodedLength(argv));
        write(argv, b);
        return b.array();
    }

    /** Number of decimal digits of a non-negative int. */
    public static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    private static void putNumber(int v, ByteBuffer out) {
        int d = digits(v);
        int end = out.position() + d;
        for (int i = end - 1; i >= out.position(); i--) {
            out.put(i, (byte) ('0' + v % 10));
            v /= 10;
        }
        out.position(end);
        out.put((byte) '\r').put((byte) '\n');
    }

    /** The annotation line Valkey writes before commands when {@code aof-timestamp-enabled} is on. */
    public static byte[] timestampAnnotation(long unixSeconds) {
        return ("#TS:" + unixSeconds + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
