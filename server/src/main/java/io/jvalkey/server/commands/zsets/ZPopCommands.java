package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.zset.ZSet;
import java.util.Arrays;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP (Valkey's
 * genericZpopCommand and blockingGenericZpopCommand). The blocking forms are written to be
 * re-run from the start when a key they wait on turns ready.
 */
final class ZPopCommands {
    private ZPopCommands() {}

    /** How the popped members are laid out in the reply. */
    private enum Shape {
        /** ZPOPMIN/ZPOPMAX: flat pairs (RESP3 with a count: nested pairs). */
        PLAIN,
        /** BZPOPMIN/BZPOPMAX: key, member, score flat. */
        WITH_KEY,
        /** ZMPOP/BZMPOP: [key, [[member, score] ...]]. */
        NESTED_WITH_KEY
    }

    static void zpopmin(CommandContext c) {
        zpop(c, false);
    }

    static void zpopmax(CommandContext c) {
        zpop(c, true);
    }

    private static void zpop(CommandContext c, boolean max) {
        if (c.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        long count = -1;
        if (c.argc() == 3) {
            count = rangeLong(c, 2, 0, "ERR value is out of range, must be positive");
        }
        Entry e = ZSets.write(c, c.arg(1));
        if (e == null) {
            c.reply().array(0);
            return;
        }
        boolean nested = c.reply().resp3() && count != -1;
        pop(c, e, max, count, Shape.PLAIN, nested);
    }

    /**
     * Pops from a non-missing set and replies. {@code count} -1 means a single plain pop.
     * {@code nestedPairs} only matters for {@link Shape#PLAIN} (RESP3 ZPOPMIN with a count).
     */
    private static void pop(CommandContext c, Entry e, boolean max, long count, Shape shape, boolean nestedPairs) {
        Reply r = c.reply();
        if (count == 0) {
            r.array(0);
            return;
        }
        if (count == -1) {
            count = 1;
        }
        ZSet z = (ZSet) e.value();
        byte[] key = e.key();
        int n = (int) Math.min(count, z.size());
        boolean pairs;
        switch (shape) {
            case PLAIN -> {
                pairs = nestedPairs;
                r.array(nestedPairs ? n : n * 2);
            }
            case WITH_KEY -> {
                pairs = false;
                r.array(n * 2 + 1);
                r.bulk(key);
            }
            default -> {
                pairs = true;
                r.array(2);
                r.bulk(key);
                r.array(n);
            }
        }
        long before = MemoryEstimate.value(z);
        for (int i = 0; i < n; i++) {
            int rank = max ? z.size() - 1 : 0;
            byte[] member = z.memberAt(rank);
            double score = z.scoreAt(rank);
            z.remove(member);
            if (i == 0) {
                c.notifyKeyspaceEvent(Notify.ZSET, max ? "zpopmax" : "zpopmin", key);
            }
            if (pairs) {
                r.array(2);
            }
            r.bulk(member);
            r.doubleValue(score);
        }
        if (ZSets.deleteIfEmpty(c, e, before)) {
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
        }
        c.signalModifiedKey(key);
        if (shape != Shape.PLAIN && c.propagating()) {
            // As Valkey: BZPOPMIN/MAX as ZPOPMIN/MAX key, [B]ZMPOP as ZPOPMIN/MAX key <popped>.
            byte[] verb = max ? Verbs.ZPOPMAX : Verbs.ZPOPMIN;
            c.rewriteArgv(shape == Shape.WITH_KEY ? new byte[][] {verb, key} : new byte[][] {verb, key, Verbs.num(n)});
        }
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void zmpop(CommandContext c) {
        mpop(c, 1, false);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void bzmpop(CommandContext c) {
        mpop(c, 2, true);
    }

    private static void mpop(CommandContext c, int numkeysAt, boolean blocking) {
        long numkeys = rangeLong(c, numkeysAt, 1, "ERR numkeys should be greater than 0");
        long whereAt = numkeysAt + numkeys + 1;
        if (whereAt >= c.argc()) {
            throw CommandError.SYNTAX;
        }
        boolean max;
        String where = c.option((int) whereAt);
        if (where.equals("min")) {
            max = false;
        } else if (where.equals("max")) {
            max = true;
        } else {
            throw CommandError.SYNTAX;
        }
        long count = -1;
        for (int j = (int) whereAt + 1; j < c.argc(); j++) {
            boolean more = j < c.argc() - 1;
            if (count == -1 && c.option(j).equals("count") && more) {
                j++;
                count = rangeLong(c, j, 1, "ERR count should be greater than 0");
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (count == -1) {
            count = 1;
        }
        byte[][] keys = Arrays.copyOfRange(c.argv(), numkeysAt + 1, (int) whereAt);
        if (blocking) {
            blockingPop(c, keys, max, 1, count, Shape.NESTED_WITH_KEY);
            return;
        }
        for (byte[] key : keys) {
            Entry e = ZSets.write(c, key);
            if (e != null) {
                pop(c, e, max, count, Shape.NESTED_WITH_KEY, true);
                return;
            }
        }
        c.reply().nullArray();
    }

    /** An integer in [min, LONG_MAX] or the given error (getRangeLongFromObjectOrReply). */
    private static long rangeLong(CommandContext c, int i, long min, String error) {
        long v = Numbers.parseLongOr(c.arg(i), Long.MIN_VALUE);
        if (v < min) {
            throw new CommandError(error);
        }
        return v;
    }

    static void bzpopmin(CommandContext c) {
        blockingPop(c, Arrays.copyOfRange(c.argv(), 1, c.argc() - 1), false, c.argc() - 1, -1, Shape.WITH_KEY);
    }

    static void bzpopmax(CommandContext c) {
        blockingPop(c, Arrays.copyOfRange(c.argv(), 1, c.argc() - 1), true, c.argc() - 1, -1, Shape.WITH_KEY);
    }

    private static void blockingPop(CommandContext c, byte[][] keys, boolean max, int timeoutAt, long count, Shape shape) {
        long deadline = c.timeoutArg(timeoutAt, true);
        for (byte[] key : keys) {
            Entry e = ZSets.write(c, key);
            if (e == null || ((ZSet) e.value()).size() == 0) {
                continue;
            }
            pop(c, e, max, count, shape, true);
            return;
        }
        if (c.blockingDenied()) {
            c.reply().nullArray();
            return;
        }
        c.blockForKeys(ValueType.ZSET, keys, deadline, false);
    }
}
