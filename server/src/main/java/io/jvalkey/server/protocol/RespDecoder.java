package io.jvalkey.server.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental request parser for one connection: multibulk ({@code *N $len data}) and inline
 * commands, with Valkey's limits and error texts. It keeps its position inside a partly received
 * request, so a request that arrives one byte at a time is not re-scanned from the start.
 */
public final class RespDecoder {
    /** Longest inline request or count line Valkey accepts before it gives up (PROTO_INLINE_MAX_SIZE). */
    public static final int INLINE_MAX = 64 * 1024;
    private static final int UNAUTH_MAX_ARGS = 10;
    private static final int UNAUTH_MAX_BULK = 16384;
    private static final byte[][] NO_ARGS = new byte[0][];

    private long maxBulkLen = 512L * 1024 * 1024;
    private boolean authRequired;

    // State of a multibulk request in progress.
    private int argsExpected;      // 0: not inside a multibulk request
    private int argsRead;
    private byte[][] args = NO_ARGS;
    private int bulkLen = -1;      // -1: the next thing is a "$len" line
    private long number;           // result of the last parseNumber

    public void maxBulkLen(long maxBulkLen) {
        this.maxBulkLen = maxBulkLen;
    }

    /** Before AUTH succeeds Valkey caps request sizes much lower. */
    public void authRequired(boolean authRequired) {
        this.authRequired = authRequired;
    }

    /** True when some bytes of a request have been consumed but the request is not complete. */
    public boolean midRequest() {
        return argsExpected > 0;
    }

    /**
     * Parses the next request from {@code in}, consuming its bytes.
     *
     * @return its arguments, an empty array for an empty request (skip it), or null if more bytes are needed
     */
    public byte[][] decode(ByteBuf in) throws ProtocolException {
        if (argsExpected == 0) {
            if (!in.isReadable()) {
                return null;
            }
            if (in.getByte(in.readerIndex()) != '*') {
                return decodeInline(in);
            }
            int eol = lineEnd(in, (byte) '\r');
            if (eol < 0) {
                if (in.readableBytes() > INLINE_MAX) {
                    throw new ProtocolException("Protocol error: too big mbulk count string");
                }
                return null;
            }
            if (!parseNumber(in, in.readerIndex() + 1, eol) || number > Integer.MAX_VALUE) {
                throw new ProtocolException("Protocol error: invalid multibulk length");
            }
            long count = number;
            if (count > UNAUTH_MAX_ARGS && authRequired) {
                throw new ProtocolException("Protocol error: unauthenticated multibulk length");
            }
            in.readerIndex(eol + 2);
            if (count <= 0) {
                return NO_ARGS;
            }
            argsExpected = (int) count;
            argsRead = 0;
            // A declared count allocates at most 1024 slots until the arguments really arrive.
            args = new byte[(int) Math.min(count, 1024)][];
            bulkLen = -1;
        }
        while (argsRead < argsExpected) {
            if (bulkLen < 0) {
                int start = in.readerIndex();
                int eol = lineEnd(in, (byte) '\r');
                if (eol < 0) {
                    if (in.readableBytes() > INLINE_MAX) {
                        throw new ProtocolException("Protocol error: too big bulk count string");
                    }
                    return null;
                }
                byte marker = in.getByte(start);
                if (marker != '$') {
                    throw new ProtocolException("Protocol error: expected '$', got '" + (char) (marker & 0xFF) + "'");
                }
                boolean ok = parseNumber(in, start + 1, eol);
                long len = number;
                if (!ok || len < 0 || len > maxBulkLen || len > Integer.MAX_VALUE - 2) {
                    throw new ProtocolException("Protocol error: invalid bulk length");
                }
                if (len > UNAUTH_MAX_BULK && authRequired) {
                    throw new ProtocolException("Protocol error: unauthenticated bulk length");
                }
                in.readerIndex(eol + 2);
                bulkLen = (int) len;
            }
            // Wait for the whole bulk and its CRLF before copying: a declared length alone allocates nothing.
            if (in.readableBytes() < bulkLen + 2) {
                return null;
            }
            byte[] arg = new byte[bulkLen];
            in.readBytes(arg);
            in.skipBytes(2);
            if (argsRead == args.length) {
                args = Arrays.copyOf(args, (int) Math.min((long) args.length * 2, argsExpected));
            }
            args[argsRead++] = arg;
            bulkLen = -1;
        }
        byte[][] done = args.length == argsRead ? args : Arrays.copyOf(args, argsRead);
        argsExpected = 0;
        args = NO_ARGS;
        return done;
    }

    /**
     * Index of the first {@code target} byte at or after the reader index with at least one byte
     * after it (the line's '\n'), or -1. As in Valkey, whose line search stops at a NUL byte, a
     * zero byte before the target hides it: such a request waits until it is too big.
     */
    private static int lineEnd(ByteBuf in, byte target) {
        int from = in.readerIndex();
        int i = in.forEachByte(from, in.writerIndex() - from, b -> b != target && b != 0);
        if (i < 0 || in.getByte(i) == 0) {
            return -1;
        }
        return target == '\r' && i + 1 >= in.writerIndex() ? -1 : i;
    }

    private static byte[][] decodeInline(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int eol = lineEnd(in, (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw new ProtocolException("Protocol error: too big inline request");
            }
            return null;
        }
        int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        List<byte[]> parts = ArgSplitter.split(line);
        if (parts == null) {
            throw new ProtocolException("Protocol error: unbalanced quotes in request");
        }
        in.readerIndex(eol + 1);
        return parts.toArray(NO_ARGS);
    }

    /**
     * Decimal parse of in[from, to) into {@link #number} with Valkey's string2ll rules: optional
     * '-', no '+', no leading zeros (except "0" itself), at most 20 characters, no overflow.
     *
     * @return false when the text is not such a number
     */
    boolean parseNumber(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return false;
        }
        if (len == 1 && in.getByte(from) == '0') {
            number = 0;
            return true;
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            return false;
        }
        int first = in.getByte(i) - '0';
        if (first < 1 || first > 9) {
            return false;
        }
        long value = 0; // accumulated negatively: the negative range is one larger
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            value = value * 10 - d;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return false;
        }
        number = negative ? value : -value;
        return true;
    }

    /** The value found by the last successful {@link #parseNumber}. */
    long number() {
        return number;
    }

    /** Drops a partly parsed request, e.g. when the connection is reset. */
    public void reset() {
        argsExpected = 0;
        args = NO_ARGS;
        bulkLen = -1;
    }
}
