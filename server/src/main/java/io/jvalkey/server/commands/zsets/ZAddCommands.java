package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.zset.ZSet;

/** ZADD, ZINCRBY and ZREM (Valkey's zaddGenericCommand and zremCommand). */
public final class ZAddCommands {
    private ZAddCommands() {}

    private static final CommandError NAN_RESULT = new CommandError("ERR resulting score is not a number (NaN)");

    static void zadd(CommandContext c) {
        add(c, false);
    }

    static void zincrby(CommandContext c) {
        add(c, true);
    }

    /** ZADD's logic on an already-built argument vector (GEOADD calls it with scores in place). */
    public static void add(CommandContext c, boolean incr) {
        byte[][] argv = c.argv();
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        int at = 2;
        options:
        while (at < argv.length) {
            byte[] o = argv[at];
            String opt = o.length >= 2 && o.length <= 4 ? c.option(at) : "";
            switch (opt) {
                case "nx" -> nx = true;
                case "xx" -> xx = true;
                case "ch" -> ch = true;
                case "incr" -> incr = true;
                case "gt" -> gt = true;
                case "lt" -> lt = true;
                default -> {
                    break options;
                }
            }
            at++;
        }
        int elements = argv.length - at;
        if (elements % 2 != 0 || elements == 0) {
            throw CommandError.SYNTAX;
        }
        elements /= 2;
        if (nx && xx) {
            throw new CommandError("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        long longest = 0;
        for (int j = 0; j < elements; j++) {
            scores[j] = ZArgs.score(argv[at + 2 * j], null);
            longest = Math.max(longest, argv[at + 2 * j + 1].length);
        }
        byte[] key = argv[1];
        EncodingLimits limits = c.encodings();
        Entry e = ZSets.write(c, key);
        ZSet z;
        long before;
        if (e == null) {
            if (xx) {
                if (incr) {
                    c.reply().nullBulk();
                } else {
                    c.reply().integer(0);
                }
                return;
            }
            z = ZSet.create(elements, longest, limits);
            e = c.db().add(key, z);
            before = MemoryEstimate.value(z);
        } else {
            z = (ZSet) e.value();
            before = MemoryEstimate.value(z);
            z.growFor(elements, longest, limits); // a conversion alone changes the footprint too
        }
        int added = 0;
        int updated = 0;
        int processed = 0;
        double last = 0;
        try {
            for (int j = 0; j < elements; j++) {
                byte[] member = argv[at + 2 * j + 1];
                double score = scores[j];
                double cur = z.score(member);
                if (!Double.isNaN(cur)) {
                    if (nx) {
                        continue;
                    }
                    if (incr) {
                        score += cur;
                        if (Double.isNaN(score)) {
                            throw NAN_RESULT;
                        }
                    }
                    if ((lt && score >= cur) || (gt && score <= cur)) {
                        continue;
                    }
                    if (score != cur) {
                        z.rescore(member, cur, score);
                        updated++;
                    }
                } else if (!xx) {
                    z.insert(member, score, limits);
                    added++;
                } else {
                    continue;
                }
                processed++;
                last = score;
            }
        } finally {
            ZSets.resized(c, e, before);
            c.dirty(added + updated);
            if (added > 0 || updated > 0) {
                c.signalModifiedKey(key);
                c.notifyKeyspaceEvent(Notify.ZSET, incr ? "zincr" : "zadd", key);
            }
        }
        if (incr) {
            if (processed > 0) {
                c.reply().doubleValue(last);
            } else {
                c.reply().nullBulk();
            }
        } else {
            c.reply().integer(ch ? added + updated : added);
        }
    }

    static void zrem(CommandContext c) {
        byte[] key = c.arg(1);
        Entry e = ZSets.write(c, key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ZSet z = (ZSet) e.value();
        long before = MemoryEstimate.value(z);
        int deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < c.argc(); j++) {
            if (z.remove(c.arg(j))) {
                deleted++;
            }
            if (z.size() == 0) {
                break;
            }
        }
        c.dirty(deleted);
        if (deleted > 0) {
            keyRemoved = ZSets.deleteIfEmpty(c, e, before);
            c.notifyKeyspaceEvent(Notify.ZSET, "zrem", key);
            if (keyRemoved) {
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            }
            c.signalModifiedKey(key);
        }
        c.reply().integer(deleted);
    }
}
