package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.types.stream.StreamId;

/** Parsing stream IDs from arguments with Valkey's rules and error texts. */
final class StreamIds {
    private StreamIds() {}

    static final CommandError INVALID = new CommandError("ERR Invalid stream ID specified as stream command argument");

    /** An XADD ID: {@code seqGiven} is false for the "ms-*" form. */
    record Given(StreamId id, boolean seqGiven) {}

    /** "-" "+" "ms" or "ms-seq"; a missing seq becomes {@code missingSeq}. */
    static StreamId parse(byte[] b, long missingSeq) {
        return parse(b, 0, b.length, missingSeq, false);
    }

    /** Like {@link #parse} but "-" and "+" are invalid. */
    static StreamId parseStrict(byte[] b, long missingSeq) {
        return parse(b, 0, b.length, missingSeq, true);
    }

    /** A range bound: "(" before an ID makes it exclusive (then parsed strictly). */
    record Bound(StreamId id, boolean exclusive) {}

    static Bound parseInterval(byte[] b, long missingSeq) {
        if (b.length > 1 && b[0] == '(') {
            return new Bound(parse(b, 1, b.length, missingSeq, true), true);
        }
        return new Bound(parse(b, missingSeq), false);
    }

    /** Start of a range, "(" moving it one ID up. */
    static StreamId rangeStart(byte[] arg) {
        Bound b = parseInterval(arg, 0);
        if (!b.exclusive()) {
            return b.id();
        }
        StreamId next = b.id().next();
        if (next == null) {
            throw new CommandError("ERR invalid start ID for the interval");
        }
        return next;
    }

    /** End of a range, "(" moving it one ID down. */
    static StreamId rangeEnd(byte[] arg) {
        Bound b = parseInterval(arg, -1L);
        if (!b.exclusive()) {
            return b.id();
        }
        StreamId prev = b.id().previous();
        if (prev == null) {
            throw new CommandError("ERR invalid end ID for the interval");
        }
        return prev;
    }

    /** XADD's ID: strict, and "ms-*" asks for an automatic sequence. */
    static Given parseForAdd(byte[] b) {
        int dash = indexOf(b, 0, cEnd(b), (byte) '-');
        if (dash > 0 && dash == b.length - 2 && b[b.length - 1] == '*' && b.length <= 127) {
            long ms = parseU64(b, 0, dash);
            return new Given(new StreamId(ms, 0), false);
        }
        return new Given(parse(b, 0, b.length, 0, true), true);
    }

    private static StreamId parse(byte[] b, int from, int to, long missingSeq, boolean strict) {
        if (to - from > 127) {
            throw INVALID;
        }
        to = Math.min(to, cEnd(b, from, to));
        if (to - from == 1 && (b[from] == '-' || b[from] == '+')) {
            if (strict) {
                throw INVALID;
            }
            return b[from] == '-' ? StreamId.MIN : StreamId.MAX;
        }
        int dash = indexOf(b, from, to, (byte) '-');
        int msEnd = dash < 0 ? to : dash;
        long ms = parseU64(b, from, msEnd);
        long seq = missingSeq;
        if (dash >= 0) {
            seq = parseU64(b, dash + 1, to);
        }
        return new StreamId(ms, seq);
    }

    /** C strings end at the first NUL: Valkey parses IDs as such. */
    private static int cEnd(byte[] b) {
        return cEnd(b, 0, b.length);
    }

    private static int cEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return to;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Valkey's string2ull: a canonical long that is negative fails; anything else strtoull
     * accepts in base 10 is taken (leading spaces, a sign, leading zeros; a minus sign negates
     * modulo 2^64). Fails with the invalid-ID error.
     */
    static long parseU64(byte[] b, int from, int to) {
        if (from >= to) {
            throw INVALID;
        }
        if (b[from] == '-' && to - from >= 2 && b[from + 1] >= '1' && b[from + 1] <= '9' && to - from <= 20) {
            // string2ll would take it as a negative number: out of range.
            boolean digits = true;
            for (int k = from + 1; k < to; k++) {
                digits &= b[k] >= '0' && b[k] <= '9';
            }
            if (digits && (to - from < 20 || new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII)
                    .compareTo("-9223372036854775808") <= 0)) {
                throw INVALID;
            }
        }
        int i = from;
        while (i < to && isSpace(b[i])) {
            i++;
        }
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (i >= to) {
            throw INVALID;
        }
        long v = 0;
        long limit = Long.divideUnsigned(-1L, 10);
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(v, limit) > 0) {
                throw INVALID;
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                throw INVALID;
            }
            v = next;
        }
        return negative ? -v : v;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
