package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;

/** XADD and XTRIM, which share their trimming options. */
final class AddTrimCommands {
    private AddTrimCommands() {}

    /** What XADD / XTRIM options asked for. */
    static final class Args {
        StreamIds.Given id;        // XADD: null for "*"
        boolean noMkStream;
        Stream.Trim strategy;      // null: no trimming
        boolean approx;
        long limit;
        int trimValuePos;          // index of the MAXLEN/MINID value, for the propagated rewrite
        long maxLen;
        StreamId minId;
        int idPos;
    }

    private static final String MIXED = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";

    /** Valkey's streamParseAddOrTrimArgsOrReply. */
    static Args parse(CommandContext c, boolean xadd) {
        Args a = new Args();
        byte[][] argv = c.argv();
        int argc = argv.length;
        boolean limitGiven = false;
        int i = 2;
        for (; i < argc; i++) {
            int more = argc - 1 - i;
            byte[] opt = argv[i];
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (is(opt, "maxlen") && more > 0) {
                if (a.strategy != null) {
                    throw new CommandError(MIXED);
                }
                a.approx = false;
                i = approxMarker(a, argv, i, more);
                a.trimValuePos = i + 1;
                a.maxLen = Numbers.parseLong(argv[i + 1]);
                if (a.maxLen < 0) {
                    throw new CommandError("ERR The MAXLEN argument must be >= 0.");
                }
                i++;
                a.strategy = Stream.Trim.MAXLEN;
            } else if (is(opt, "minid") && more > 0) {
                if (a.strategy != null) {
                    throw new CommandError(MIXED);
                }
                a.approx = false;
                i = approxMarker(a, argv, i, more);
                a.trimValuePos = i + 1;
                a.minId = StreamIds.parseStrict(argv[i + 1], 0);
                i++;
                a.strategy = Stream.Trim.MINID;
            } else if (is(opt, "limit") && more > 0) {
                a.limit = Numbers.parseLong(argv[i + 1]);
                if (a.limit < 0) {
                    throw new CommandError("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && is(opt, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                a.id = StreamIds.parseForAdd(opt);
                break;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        a.idPos = i;
        if (a.limit != 0 && a.strategy == null) {
            throw new CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && a.strategy == null) {
            throw new CommandError("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (c.mustObey()) {
            // From the AOF (or a primary): the value was rewritten to the exact result; LIMIT no longer applies.
            a.limit = 0;
        } else if (limitGiven) {
            if (!a.approx) {
                throw new CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else if (a.approx) {
            // At most 100 nodes' worth, capped both ways (the product may overflow, as in Valkey).
            a.limit = 100 * c.encodings().streamNodeMaxEntries;
            if (a.limit <= 0) {
                a.limit = 10_000;
            }
            if (a.limit > 1_000_000) {
                a.limit = 1_000_000;
            }
        } else {
            a.limit = 0;
        }
        return a;
    }

    /** Consumes a "~" or "=" after MAXLEN/MINID; returns the index before the value. */
    private static int approxMarker(Args a, byte[][] argv, int i, int more) {
        byte[] next = argv[i + 1];
        if (more >= 2 && next.length == 1 && next[0] == '~') {
            a.approx = true;
            return i + 1;
        }
        if (more >= 2 && next.length == 1 && next[0] == '=') {
            return i + 1;
        }
        return i;
    }

    static boolean is(byte[] arg, String lower) {
        if (arg.length != lower.length()) {
            return false;
        }
        for (int k = 0; k < arg.length; k++) {
            int ch = arg[k];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 'a' - 'A';
            }
            if (ch != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static void xadd(CommandContext c) {
        Args a = parse(c, true);
        int fieldPos = a.idPos + 1;
        int pairs = c.argc() - fieldPos;
        if (pairs < 2 || pairs % 2 == 1) {
            throw new CommandError(CommandContext.arityError("xadd"));
        }
        if (a.id != null && a.id.seqGiven() && a.id.id().isZero()) {
            throw new CommandError("ERR The ID specified in XADD must be greater than 0-0");
        }
        byte[] key = c.arg(1);
        Entry e = c.db().lookupWrite(key);
        Stream s = Streams.of(e);
        if (s == null) {
            if (a.noMkStream) {
                c.reply().nullBulk();
                return;
            }
            s = new Stream();
            e = c.db().add(key, s);
        }
        if (s.lastId().isMax()) {
            throw new CommandError("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        StreamId id = s.nextId(a.id == null ? null : a.id.id(), a.id == null || a.id.seqGiven(), Clock.nowMillis());
        if (id == null) {
            throw new CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        }
        long total = 0;
        for (int i = fieldPos; i < c.argc(); i++) {
            total += c.arg(i).length;
        }
        if (total > (1L << 30)) {
            throw new CommandError("ERR Elements are too large to be stored");
        }
        long before = s.memoryUsage();
        EncodingLimits limits = c.encodings();
        s.append(id, c.argv(), fieldPos, pairs / 2, limits.streamNodeMaxBytes, limits.streamNodeMaxEntries);
        c.reply().bulk(id.bytes());
        c.notifyKeyspaceEvent(Notify.STREAM, "xadd", key);
        if (a.strategy != null) {
            if (s.trim(a.strategy, a.maxLen, a.minId, a.approx, a.limit) > 0) {
                c.notifyKeyspaceEvent(Notify.STREAM, "xtrim", key);
            }
            exactTrim(c, a, s);
        }
        c.db().valueResized(e, s.memoryUsage() - before);
        c.signalModifiedKey(key);
        c.signalKeyAsReady(key);
        if (c.propagating() && (a.id == null || !a.id.seqGiven())) {
            c.rewriteArg(a.idPos, id.bytes()); // the ID actually generated (Valkey)
        }
    }

    /** As Valkey: an approximate trim ({@code ~}) is propagated as the exact one it turned out to be. */
    private static void exactTrim(CommandContext c, Args a, Stream s) {
        if (a.approx && c.propagating()) {
            c.rewriteArg(a.trimValuePos - 1, Verbs.EQUALS);
            c.rewriteArg(a.trimValuePos, a.strategy == Stream.Trim.MAXLEN ? Verbs.num(s.length())
                    : (s.length() > 0 ? s.firstId() : StreamId.MIN).bytes());
        }
    }

    static void xtrim(CommandContext c) {
        Args a = parse(c, false);
        byte[] key = c.arg(1);
        Entry e = c.db().lookupWrite(key);
        Stream s = Streams.of(e);
        if (s == null) {
            c.reply().integer(0);
            return;
        }
        long before = s.memoryUsage();
        long deleted = s.trim(a.strategy, a.maxLen, a.minId, a.approx, a.limit);
        exactTrim(c, a, s);
        if (deleted > 0) {
            c.db().valueResized(e, s.memoryUsage() - before);
            c.notifyKeyspaceEvent(Notify.STREAM, "xtrim", key);
            c.signalModifiedKey(key);
        }
        c.reply().integer(deleted);
    }
}
