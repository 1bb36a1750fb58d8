package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.zsets.ZArgs.LexRange;
import io.jvalkey.server.commands.zsets.ZArgs.ScoreRange;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.zset.ZSet;

/**
 * ZRANGE in all its forms (by rank, score or lex, forwards or reversed, with LIMIT and
 * WITHSCORES), ZRANGESTORE, the older ZRANGEBYSCORE / ZREVRANGE... commands, ZCOUNT, ZLEXCOUNT
 * and the ZREMRANGEBY... removals. Every range becomes a span of ranks first.
 */
final class ZRangeCommands {
    private ZRangeCommands() {}

    private enum Type { AUTO, RANK, SCORE, LEX }

    static void zrange(CommandContext c) {
        range(c, 1, false, Type.AUTO, 0);
    }

    static void zrangestore(CommandContext c) {
        range(c, 2, true, Type.AUTO, 0);
    }

    static void zrevrange(CommandContext c) {
        range(c, 1, false, Type.RANK, -1);
    }

    static void zrangebyscore(CommandContext c) {
        range(c, 1, false, Type.SCORE, 1);
    }

    static void zrevrangebyscore(CommandContext c) {
        range(c, 1, false, Type.SCORE, -1);
    }

    static void zrangebylex(CommandContext c) {
        range(c, 1, false, Type.LEX, 1);
    }

    static void zrevrangebylex(CommandContext c) {
        range(c, 1, false, Type.LEX, -1);
    }

    /** A window of ranks: from {@code start}, {@code count} members, walking down when reverse. */
    record Window(int start, int count, boolean reverse) {
        static final Window EMPTY = new Window(0, 0, false);

        void visit(ZSet z, ZSet.Visitor v) {
            if (count > 0) {
                z.visit(start, reverse ? start - count + 1 : start + count - 1, reverse, v);
            }
        }
    }

    /**
     * Valkey's zrangeGenericCommand. {@code direction}: 0 auto (REV allowed), 1 forwards, -1 reversed.
     */
    private static void range(CommandContext c, int keyAt, boolean store, Type type, int direction) {
        byte[][] argv = c.argv();
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean reverse = direction < 0;
        for (int j = keyAt + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            String opt = c.option(j);
            if (!store && opt.equals("withscores")) {
                withScores = true;
            } else if (opt.equals("limit") && left >= 2) {
                offset = Numbers.parseLong(argv[j + 1]);
                limit = Numbers.parseLong(argv[j + 2]);
                j += 2;
            } else if (direction == 0 && opt.equals("rev")) {
                reverse = true;
            } else if (type == Type.AUTO && opt.equals("bylex")) {
                type = Type.LEX;
            } else if (type == Type.AUTO && opt.equals("byscore")) {
                type = Type.SCORE;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (type == Type.AUTO) {
            type = Type.RANK;
        }
        if (limit != -1 && type == Type.RANK) {
            throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == Type.LEX) {
            throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int minAt = keyAt + 1;
        int maxAt = keyAt + 2;
        if (reverse && type != Type.RANK) {
            minAt = keyAt + 2;
            maxAt = keyAt + 1;
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (type) {
            case RANK -> {
                start = Numbers.parseLong(argv[minAt]);
                end = Numbers.parseLong(argv[maxAt]);
            }
            case SCORE -> scores = ZArgs.scoreRange(argv[minAt], argv[maxAt]);
            default -> lex = ZArgs.lexRange(argv[minAt], argv[maxAt]);
        }
        byte[] key = argv[keyAt];
        ZSet z = ZSets.read(c, key);
        Window w;
        if (z == null) {
            w = Window.EMPTY;
        } else if (type == Type.RANK) {
            w = rankWindow(z.size(), start, end, reverse);
        } else if (type == Type.SCORE) {
            w = limitWindow(z, scoreFirst(z, scores), scoreEnd(z, scores), offset, limit, reverse, true);
        } else {
            w = limitWindow(z, lexFirst(z, lex), lexEnd(z, lex), offset, limit, reverse, false);
        }
        if (store) {
            ZSet result = ZSet.create(type == Type.RANK ? w.count() : 0, 0, c.encodings());
            if (z != null) {
                w.visit(z, (m, s) -> result.insert(m, s, c.encodings()));
            }
            c.reply().integer(result.size());
            ZSets.store(c, argv[1], result, "zrangestore");
            return;
        }
        Reply r = c.reply();
        ZSets.listHeader(r, w.count(), withScores);
        if (z != null) {
            boolean ws = withScores;
            w.visit(z, (m, s) -> ZSets.listItem(r, m, s, ws));
        }
    }

    /** Ranks start..end as ZRANGE reads them (negative from the end, clamped). */
    static Window rankWindow(int size, long start, long end, boolean reverse) {
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return Window.EMPTY;
        }
        if (end >= size) {
            end = size - 1;
        }
        int n = (int) (end - start + 1);
        return reverse ? new Window(size - 1 - (int) start, n, true) : new Window((int) start, n, false);
    }

    /**
     * The members of the in-range ranks [first, end) that LIMIT offset count selects, walking as
     * Valkey does. A negative offset finds nothing in the small encoding (the listpack walk runs
     * off the end) but counts back from the far end of the range in the large one.
     */
    static Window limitWindow(ZSet z, int first, int end, long offset, long limit, boolean reverse, boolean byScore) {
        if (first >= end || (byScore && offset > 0 && offset >= z.size())) {
            return Window.EMPTY;
        }
        long startRank;
        long available;
        if (offset >= 0) {
            if (reverse) {
                startRank = end - 1 - offset;
                available = startRank - first + 1;
            } else {
                startRank = first + offset;
                available = end - startRank;
            }
        } else {
            if (z.isSmall()) {
                return Window.EMPTY;
            }
            if (reverse) {
                startRank = first + (-(offset + 1));
                if (startRank >= end || startRank < first) {
                    return Window.EMPTY;
                }
                available = startRank - first + 1;
            } else {
                startRank = end + offset;
                if (startRank < first) {
                    return Window.EMPTY;
                }
                available = end - startRank;
            }
        }
        if (available <= 0) {
            return Window.EMPTY;
        }
        long n = limit < 0 ? available : Math.min(available, limit);
        return new Window((int) startRank, (int) n, reverse);
    }

    static int scoreFirst(ZSet z, ScoreRange r) {
        return z.countScoreBelow(r.min(), r.minEx());
    }

    static int scoreEnd(ZSet z, ScoreRange r) {
        return z.countScoreBelow(r.max(), !r.maxEx());
    }

    static int lexFirst(ZSet z, LexRange r) {
        if (r.minInf() != 0) {
            return r.minInf() < 0 ? 0 : z.size();
        }
        return z.countLexBelow(r.min(), r.minEx());
    }

    static int lexEnd(ZSet z, LexRange r) {
        if (r.maxInf() != 0) {
            return r.maxInf() > 0 ? z.size() : 0;
        }
        return z.countLexBelow(r.max(), !r.maxEx());
    }

    // ---- counts -------------------------------------------------------------------------------

    static void zcount(CommandContext c) {
        ScoreRange r = ZArgs.scoreRange(c.arg(2), c.arg(3));
        ZSet z = ZSets.read(c, c.arg(1));
        c.reply().integer(z == null ? 0 : Math.max(0, scoreEnd(z, r) - scoreFirst(z, r)));
    }

    static void zlexcount(CommandContext c) {
        LexRange r = ZArgs.lexRange(c.arg(2), c.arg(3));
        ZSet z = ZSets.read(c, c.arg(1));
        c.reply().integer(z == null ? 0 : Math.max(0, lexEnd(z, r) - lexFirst(z, r)));
    }

    // ---- removals -----------------------------------------------------------------------------

    static void zremrangebyrank(CommandContext c) {
        long start = Numbers.parseLong(c.arg(2));
        long end = Numbers.parseLong(c.arg(3));
        Entry e = ZSets.write(c, c.arg(1));
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        Window w = rankWindow(((ZSet) e.value()).size(), start, end, false);
        removeRanks(c, e, w.start(), w.start() + w.count(), "zremrangebyrank");
    }

    static void zremrangebyscore(CommandContext c) {
        ScoreRange r = ZArgs.scoreRange(c.arg(2), c.arg(3));
        Entry e = ZSets.write(c, c.arg(1));
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSet z = (ZSet) e.value();
        removeRanks(c, e, scoreFirst(z, r), scoreEnd(z, r), "zremrangebyscore");
    }

    static void zremrangebylex(CommandContext c) {
        LexRange r = ZArgs.lexRange(c.arg(2), c.arg(3));
        Entry e = ZSets.write(c, c.arg(1));
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSet z = (ZSet) e.value();
        removeRanks(c, e, lexFirst(z, r), lexEnd(z, r), "zremrangebylex");
    }

    private static void removeRanks(CommandContext c, Entry e, int first, int end, String event) {
        ZSet z = (ZSet) e.value();
        long before = MemoryEstimate.value(z);
        int removed = first < end ? z.removeRanks(first, end - 1) : 0;
        if (removed > 0) {
            byte[] key = e.key();
            boolean deleted = ZSets.deleteIfEmpty(c, e, before);
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.ZSET, event, key);
            if (deleted) {
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            }
        }
        c.reply().integer(removed);
    }
}
