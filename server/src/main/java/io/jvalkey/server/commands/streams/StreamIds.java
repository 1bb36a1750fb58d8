package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
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

    /** Valkey's string2ull on part of an argument, failing with the invalid-ID error. */
    private static long parseU64(byte[] b, int from, int to) {
        return Numbers.parseUnsigned(java.util.Arrays.copyOfRange(b, from, to), INVALID);
    }

}
