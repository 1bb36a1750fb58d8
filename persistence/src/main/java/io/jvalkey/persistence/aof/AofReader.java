package io.jvalkey.persistence.aof;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the commands of an AOF file in the RESP form {@link RespCommand} writes, one argument
 * vector at a time, skipping {@code #} annotation lines (#TS: timestamps). It tells a file that
 * ends in the middle of a command ({@link Truncated}: the caller may cut it at
 * {@link #validOffset()}) from one with bytes that are not an AOF at all ({@link Corrupt}).
 */
public final class AofReader implements Closeable {
    /** The file ended inside a command. */
    public static final class Truncated extends IOException {
        public final long validOffset;

        Truncated(long validOffset) {
            super("unexpected end of file");
            this.validOffset = validOffset;
        }
    }

    /** Bytes that are not an AOF command. */
    public static final class Corrupt extends IOException {
        public final long offset;

        Corrupt(String message, long offset) {
            super(message);
            this.offset = offset;
        }
    }

    private static final int MAX_LINE = 128;
    private final InputStream in;
    private long offset;       // bytes consumed
    private long validOffset;  // end of the last complete command or annotation

    public AofReader(InputStream in) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    }

    public static AofReader open(Path file) throws IOException {
        return new AofReader(Files.newInputStream(file));
    }

    /** Offset just after the last complete command read. */
    public long validOffset() {
        return validOffset;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    /** True if the next bytes are {@code REDIS}: an RDB preamble. Call before anything is read. */
    public boolean startsWithRdbPreamble() throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(5);
        in.reset();
        return head.length == 5 && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("REDIS");
    }

    /** The underlying stream (to hand an RDB preamble to an RDB reader). */
    public InputStream stream() {
        return in;
    }

    /** Marks {@code n} bytes as consumed by someone else (an RDB preamble reader). */
    public void skipped(long n) {
        offset += n;
        validOffset = offset;
    }

    /** The next command, or null at a clean end of file. */
    public byte[][] next() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            long start = offset;
            offset++;
            if (first == '#') {
                readLine(start); // an annotation; its content does not matter for loading
                validOffset = offset;
                continue;
            }
            if (first != '*') {
                throw new Corrupt("Bad file format", start);
            }
            long argc = parseNumber(readLine(start), start);
            if (argc < 1 || argc > Integer.MAX_VALUE) {
                throw new Corrupt("Bad file format", start);
            }
            byte[][] argv = new byte[(int) argc][];
            for (int i = 0; i < argc; i++) {
                long argStart = offset;
                int dollar = in.read();
                if (dollar < 0) {
                    throw new Truncated(validOffset);
                }
                offset++;
                if (dollar != '$') {
                    throw new Corrupt("Bad file format", argStart);
                }
                long len = parseNumber(readLine(argStart), argStart);
                if (len < 0 || len > Integer.MAX_VALUE - 8) {
                    throw new Corrupt("Bad file format", argStart);
                }
                byte[] arg = in.readNBytes((int) len);
                offset += arg.length;
                if (arg.length < len) {
                    throw new Truncated(validOffset);
                }
                int cr = in.read();
                int lf = cr < 0 ? -1 : in.read();
                if (cr < 0 || lf < 0) {
                    throw new Truncated(validOffset);
                }
                offset += 2;
                if (cr != '\r' || lf != '\n') {
                    throw new Corrupt("Bad file format", offset - 2);
                }
                argv[i] = arg;
            }
            validOffset = offset;
            return argv;
        }
    }

    /** Reads up to and including CRLF; returns the line without it. */
    private String readLine(long start) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new Truncated(validOffset);
            }
            offset++;
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() > MAX_LINE * 64) {
                throw new Corrupt("Bad file format", start);
            }
            sb.append((char) c);
        }
    }

    private static long parseNumber(String s, long at) throws Corrupt {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new Corrupt("Bad file format", at);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
