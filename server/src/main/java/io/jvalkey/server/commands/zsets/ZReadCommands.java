package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.keys.ScanOptions;
import io.jvalkey.server.protocol.Doubles;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.zset.ZSet;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZRANDMEMBER and ZSCAN. */
final class ZReadCommands {
    private ZReadCommands() {}

    static void zcard(CommandContext c) {
        ZSet z = ZSets.read(c, c.arg(1));
        c.reply().integer(z == null ? 0 : z.size());
    }

    static void zscore(CommandContext c) {
        ZSet z = ZSets.read(c, c.arg(1));
        double s = z == null ? Double.NaN : z.score(c.arg(2));
        if (Double.isNaN(s)) {
            c.reply().nullBulk();
        } else {
            c.reply().doubleValue(s);
        }
    }

    static void zmscore(CommandContext c) {
        ZSet z = ZSets.read(c, c.arg(1));
        Reply r = c.reply();
        r.array(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            double s = z == null ? Double.NaN : z.score(c.arg(j));
            if (Double.isNaN(s)) {
                r.nullBulk();
            } else {
                r.doubleValue(s);
            }
        }
    }

    static void zrank(CommandContext c) {
        rank(c, false);
    }

    static void zrevrank(CommandContext c) {
        rank(c, true);
    }

    private static void rank(CommandContext c, boolean reverse) {
        if (c.argc() > 4) {
            throw new CommandError(CommandContext.arityError(c.spec().fullName()));
        }
        boolean withScore = false;
        if (c.argc() == 4) {
            if (!c.option(3).equals("withscore")) {
                throw CommandError.SYNTAX;
            }
            withScore = true;
        }
        Reply r = c.reply();
        ZSet z = ZSets.read(c, c.arg(1));
        int rank = z == null ? -1 : z.rank(c.arg(2));
        if (rank < 0) {
            if (withScore) {
                r.nullArray();
            } else {
                r.nullBulk();
            }
            return;
        }
        if (withScore) {
            r.array(2);
        }
        r.integer(reverse ? z.size() - 1 - rank : rank);
        if (withScore) {
            r.doubleValue(z.scoreAt(rank));
        }
    }

    // ---- ZRANDMEMBER --------------------------------------------------------------------------

    static void zrandmember(CommandContext c) {
        Reply r = c.reply();
        if (c.argc() < 3) {
            ZSet z = ZSets.read(c, c.arg(1));
            if (z == null) {
                r.nullBulk();
            } else {
                r.bulk(randomMember(z, ThreadLocalRandom.current()));
            }
            return;
        }
        long l = Numbers.parseLong(c.arg(2));
        if (l == Long.MIN_VALUE) {
            throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        boolean withScores = false;
        if (c.argc() > 4 || (c.argc() == 4 && !c.option(3).equals("withscores"))) {
            throw CommandError.SYNTAX;
        } else if (c.argc() == 4) {
            withScores = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new CommandError("ERR value is out of range");
            }
        }
        ZSet z = ZSets.read(c, c.arg(1));
        if (z == null || l == 0) {
            r.array(0);
            return;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int size = z.size();
        if (l < 0 || l == 1) {
            // Repeats allowed: independent picks, in random order.
            long count = l < 0 ? -l : 1;
            ZSets.listHeaderLong(r, count, withScores);
            for (long i = 0; i < count; i++) {
                int rank = randomRank(z, rnd);
                ZSets.listItem(r, z.memberAt(rank), z.scoreAt(rank), withScores);
            }
            return;
        }
        if (l >= size) {
            // The whole set.
            ZSets.listHeader(r, size, withScores);
            boolean ws = withScores;
            z.forEach((m, s) -> ZSets.listItem(r, m, s, ws));
            return;
        }
        int count = (int) l;
        ZSets.listHeader(r, count, withScores);
        if (count * 3L > size) {
            // Drop random ranks until count remain, then answer in order.
            boolean[] dropped = new boolean[size];
            int left = size;
            while (left > count) {
                int i = rnd.nextInt(size);
                if (!dropped[i]) {
                    dropped[i] = true;
                    left--;
                }
            }
            boolean ws = withScores;
            int[] rank = {0};
            z.forEach((m, s) -> {
                if (!dropped[rank[0]++]) {
                    ZSets.listItem(r, m, s, ws);
                }
            });
            return;
        }
        // Few out of many: distinct random picks.
        HashSet<Integer> seen = new HashSet<>();
        while (seen.size() < count) {
            int rank = randomRank(z, rnd);
            if (seen.add(rank)) {
                ZSets.listItem(r, z.memberAt(rank), z.scoreAt(rank), withScores);
            }
        }
    }

    private static int randomRank(ZSet z, ThreadLocalRandom rnd) {
        return rnd.nextInt(z.size());
    }

    private static byte[] randomMember(ZSet z, ThreadLocalRandom rnd) {
        return z.memberAt(randomRank(z, rnd));
    }

    // ---- ZSCAN --------------------------------------------------------------------------------

    static void zscan(CommandContext c) {
        long cursor = ScanOptions.parseCursor(c.arg(2));
        ZSet z = ZSets.read(c, c.arg(1));
        Reply r = c.reply();
        if (z == null) {
            r.array(2);
            r.bulk("0");
            r.array(0);
            return;
        }
        ScanOptions opts = ScanOptions.parse(c, 3, ScanOptions.Target.ZSET);
        List<byte[]> out = new ArrayList<>();
        long next = 0;
        if (z.isSmall()) {
            // Small sets come whole, scores in their stored text form.
            z.forEach((m, s) -> {
                if (opts.matches(m)) {
                    out.add(m);
                    if (!opts.onlyKeys()) {
                        out.add(Doubles.format(s).getBytes(StandardCharsets.US_ASCII));
                    }
                }
            });
        } else {
            next = z.scan(cursor, (int) Math.min(opts.count(), Integer.MAX_VALUE), i -> {
                byte[] m = z.memberAtEntry(i);
                if (opts.matches(m)) {
                    out.add(m);
                    if (!opts.onlyKeys()) {
                        out.add(g17(z.scoreAtEntry(i)).getBytes(StandardCharsets.US_ASCII));
                    }
                }
            });
        }
        r.array(2);
        r.bulk(Long.toUnsignedString(next));
        r.bulks(out);
    }

    /** C's "%.17g" (what ZSCAN prints for scores of the large encoding). */
    static String g17(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp >= -4 && exp < 17) {
            return bd.stripTrailingZeros().toPlainString();
        }
        BigDecimal stripped = bd.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        sb.append(a);
        return sb.toString();
    }
}
