package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.SetMembers;
import io.jvalkey.server.types.zset.ZSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Valkey's
 * zunionInterDiffGenericCommand). Inputs may be sorted sets or plain sets (every member of a
 * set scores 1).
 */
final class ZSetOpCommands {
    private ZSetOpCommands() {}

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    /** One input: a sorted set, a set or nothing (missing key), with its weight. */
    private static final class Source {
        final Object value;
        double weight = 1;

        Source(Object value) {
            this.value = value;
        }

        int size() {
            if (value instanceof ZSet z) {
                return z.size();
            }
            return value == null ? 0 : ((SetMembers) value).size();
        }

        void forEach(ZSet.Visitor v) {
            if (value instanceof ZSet z) {
                z.forEach(v);
            } else if (value != null) {
                ((SetMembers) value).forEachMember(m -> v.accept(m, 1.0));
            }
        }

        /** The member's score here, NaN when absent. */
        double score(byte[] member) {
            if (value instanceof ZSet z) {
                return z.score(member);
            }
            return value != null && ((SetMembers) value).contains(member) ? 1.0 : Double.NaN;
        }
    }

    static void zunionstore(CommandContext c) {
        run(c, c.arg(1), 2, Op.UNION, false);
    }

    static void zinterstore(CommandContext c) {
        run(c, c.arg(1), 2, Op.INTER, false);
    }

    static void zdiffstore(CommandContext c) {
        run(c, c.arg(1), 2, Op.DIFF, false);
    }

    static void zunion(CommandContext c) {
        run(c, null, 1, Op.UNION, false);
    }

    static void zinter(CommandContext c) {
        run(c, null, 1, Op.INTER, false);
    }

    static void zdiff(CommandContext c) {
        run(c, null, 1, Op.DIFF, false);
    }

    static void zintercard(CommandContext c) {
        run(c, null, 1, Op.INTER, true);
    }

    private static void run(CommandContext c, byte[] dst, int numkeysAt, Op op, boolean cardOnly) {
        long setnum = Numbers.parseLong(c.arg(numkeysAt));
        if (setnum < 1) {
            throw new CommandError("ERR at least 1 input key is needed for '" + c.spec().fullName() + "' command");
        }
        if (setnum > c.argc() - (numkeysAt + 1)) {
            throw CommandError.SYNTAX;
        }
        int n = (int) setnum;
        Source[] src = new Source[n];
        int j = numkeysAt + 1;
        for (int i = 0; i < n; i++, j++) {
            Entry e = c.db().lookupRead(c.arg(j), c.client().noTouch());
            Object v = e == null ? null : e.value();
            if (v != null && !(v instanceof ZSet) && !isSet(v)) {
                throw CommandError.WRONGTYPE;
            }
            src[i] = new Source(v);
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = c.argc() - j;
        while (remaining > 0) {
            String opt = c.option(j);
            if (op != Op.DIFF && !cardOnly && remaining >= n + 1 && opt.equals("weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    src[i].weight = ZArgs.score(c.arg(j), WEIGHT_NOT_FLOAT);
                }
            } else if (op != Op.DIFF && !cardOnly && remaining >= 2 && opt.equals("aggregate")) {
                aggregate = switch (c.option(j + 1)) {
                    case "sum" -> Aggregate.SUM;
                    case "min" -> Aggregate.MIN;
                    case "max" -> Aggregate.MAX;
                    default -> throw CommandError.SYNTAX;
                };
                j += 2;
                remaining -= 2;
            } else if (dst == null && !cardOnly && opt.equals("withscores")) {
                withScores = true;
                j++;
                remaining--;
            } else if (cardOnly && remaining >= 2 && opt.equals("limit")) {
                limit = Numbers.parseLongOr(c.arg(j + 1), -1);
                if (limit < 0) {
                    throw new CommandError("ERR LIMIT can't be negative");
                }
                j += 2;
                remaining -= 2;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (op != Op.DIFF) {
            // Smallest first (a stable sort keeps equal sizes in argument order).
            Arrays.sort(src, Comparator.comparingInt(Source::size));
        }
        if (cardOnly) {
            c.reply().integer(interCard(src, limit));
            return;
        }
        ZSet result = ZSet.large();
        long longest = switch (op) {
            case UNION -> union(src, aggregate, result);
            case INTER -> inter(src, aggregate, result);
            case DIFF -> diff(src, result);
        };
        if (dst != null) {
            ZSet stored = ZSet.ofResult(result, longest, c.encodings());
            c.reply().integer(stored.size());
            ZSets.store(c, dst, stored, switch (op) {
                case UNION -> "zunionstore";
                case INTER -> "zinterstore";
                case DIFF -> "zdiffstore";
            });
            return;
        }
        Reply r = c.reply();
        ZSets.listHeader(r, result.size(), withScores);
        boolean ws = withScores;
        result.forEach((m, s) -> ZSets.listItem(r, m, s, ws));
    }

    private static final CommandError WEIGHT_NOT_FLOAT = new CommandError("ERR weight value is not a float");

    /** A plain set value the sorted-set commands can read (see {@link SetMembers}). */
    static boolean isSet(Object v) {
        return v instanceof TypedValue t && t.type() == ValueType.SET && v instanceof SetMembers;
    }

    private static double aggregate(double target, double value, Aggregate a) {
        return switch (a) {
            case SUM -> {
                double s = target + value;
                yield Double.isNaN(s) ? 0.0 : s; // inf + -inf counts as 0
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    private static double weighted(double score, double weight) {
        double s = score * weight;
        return Double.isNaN(s) ? 0 : s;
    }

    /** Map key for byte[] members while a union accumulates. */
    private record Member(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Member m && Arrays.equals(bytes, m.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private static long union(Source[] src, Aggregate aggregate, ZSet out) {
        Map<Member, double[]> acc = new HashMap<>();
        long[] longest = {0};
        for (Source s : src) {
            if (s.size() == 0) {
                continue;
            }
            s.forEach((m, score) -> {
                double v = weighted(score, s.weight);
                double[] cur = acc.get(new Member(m));
                if (cur == null) {
                    acc.put(new Member(m), new double[] {v});
                    longest[0] = Math.max(longest[0], m.length);
                } else {
                    cur[0] = aggregate(cur[0], v, aggregate);
                }
            });
        }
        for (Map.Entry<Member, double[]> e : acc.entrySet()) {
            out.insertUnchecked(e.getKey().bytes(), e.getValue()[0]);
        }
        return longest[0];
    }

    private static long inter(Source[] src, Aggregate aggregate, ZSet out) {
        long[] longest = {0};
        if (src[0].size() == 0) {
            return 0;
        }
        src[0].forEach((m, score) -> {
            double acc = weighted(score, src[0].weight);
            for (int j = 1; j < src.length; j++) {
                double v;
                if (src[j].value == src[0].value) {
                    v = score * src[j].weight;
                } else {
                    v = src[j].score(m);
                    if (Double.isNaN(v)) {
                        return;
                    }
                    v *= src[j].weight;
                }
                acc = aggregate(acc, v, aggregate);
            }
            out.insertUnchecked(m, acc);
            longest[0] = Math.max(longest[0], m.length);
        });
        return longest[0];
    }

    private static long interCard(Source[] src, long limit) {
        if (src[0].size() == 0) {
            return 0;
        }
        long[] count = {0};
        // Stops early by throwing nothing: the walk simply ignores members once the limit is hit.
        src[0].forEach((m, score) -> {
            if (limit > 0 && count[0] >= limit) {
                return;
            }
            for (int j = 1; j < src.length; j++) {
                if (src[j].value != src[0].value && Double.isNaN(src[j].score(m))) {
                    return;
                }
            }
            count[0]++;
        });
        return count[0];
    }

    private static long diff(Source[] src, ZSet out) {
        if (src[0].size() == 0) {
            return 0;
        }
        for (int j = 1; j < src.length; j++) {
            if (src[j].value == src[0].value) {
                return 0; // subtracting a set from itself
            }
        }
        long[] longest = {0};
        src[0].forEach((m, score) -> {
            for (int j = 1; j < src.length; j++) {
                if (!Double.isNaN(src[j].score(m))) {
                    return;
                }
            }
            out.insertUnchecked(m, score);
            longest[0] = Math.max(longest[0], m.length);
        });
        return longest[0];
    }
}
