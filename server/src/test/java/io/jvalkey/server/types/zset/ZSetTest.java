package io.jvalkey.server.types.zset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvalkey.server.types.EncodingLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Both layouts against a TreeMap model: membership, order, ranks, score and lex counts, ranges. */
class ZSetTest {
    /** The model's key: score, then member bytes unsigned. */
    private record Pair(double score, String member) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair o) {
            return ZSet.compare(score, member.getBytes(UTF_8), o.score, o.member.getBytes(UTF_8));
        }
    }

    private static EncodingLimits limits(long entries) {
        EncodingLimits l = new EncodingLimits();
        l.zsetMaxListpackEntries = entries;
        return l;
    }

    @Test
    void largeLayoutMatchesTreeMapUnderRandomOperations() {
        runAgainstModel(limits(0), 60_000, 3_000, false);
    }

    @Test
    void smallLayoutMatchesTreeMapUnderRandomOperations() {
        runAgainstModel(limits(1_000_000), 20_000, 200, true);
    }

    private void runAgainstModel(EncodingLimits limits, int ops, int universe, boolean small) {
        ZSet z = small ? ZSet.create(0, 0, limits) : ZSet.large();
        TreeMap<Pair, Boolean> order = new TreeMap<>();
        Map<String, Double> scores = new HashMap<>();
        Random rnd = new Random(7);
        for (int op = 0; op < ops; op++) {
            String m = "m" + rnd.nextInt(universe);
            byte[] mb = m.getBytes(UTF_8);
            double s = rnd.nextInt(50) - 25 + (rnd.nextBoolean() ? 0.5 : 0);
            int kind = rnd.nextInt(10);
            Double cur = scores.get(m);
            if (kind < 5) {
                if (cur == null) {
                    z.insert(mb, s, limits);
                    scores.put(m, s);
                    order.put(new Pair(s, m), true);
                } else {
                    z.rescore(mb, cur, s);
                    order.remove(new Pair(cur, m));
                    order.put(new Pair(s, m), true);
                    scores.put(m, s);
                }
            } else if (kind < 8) {
                assertThat(z.remove(mb)).isEqualTo(cur != null);
                if (cur != null) {
                    order.remove(new Pair(cur, m));
                    scores.remove(m);
                }
            } else if (kind == 8 && !order.isEmpty()) {
                // Remove a rank range, as ZREMRANGEBYRANK does.
                int from = rnd.nextInt(order.size());
                int to = Math.min(order.size() - 1, from + rnd.nextInt(5));
                List<Pair> all = new ArrayList<>(order.keySet());
                assertThat(z.removeRanks(from, to)).isEqualTo(to - from + 1);
                for (Pair p : all.subList(from, to + 1)) {
                    order.remove(p);
                    scores.remove(p.member());
                }
            } else {
                double probe = rnd.nextInt(52) - 26;
                long below = order.keySet().stream().filter(p -> p.score() < probe).count();
                long belowEq = order.keySet().stream().filter(p -> p.score() <= probe).count();
                assertThat(z.countScoreBelow(probe, false)).isEqualTo(below);
                assertThat(z.countScoreBelow(probe, true)).isEqualTo(belowEq);
            }
            assertThat(z.size()).isEqualTo(order.size());
            assertThat(z.isSmall()).isEqualTo(small);
            if (op % 997 == 0) {
                checkAll(z, order);
            }
        }
        checkAll(z, order);
    }

    private static void checkAll(ZSet z, TreeMap<Pair, Boolean> order) {
        z.checkInvariants();
        List<Pair> expected = new ArrayList<>(order.keySet());
        List<Pair> seen = new ArrayList<>();
        z.forEach((m, s) -> seen.add(new Pair(s, new String(m, UTF_8))));
        assertThat(seen).isEqualTo(expected);
        for (int r = 0; r < expected.size(); r++) {
            Pair p = expected.get(r);
            byte[] mb = p.member().getBytes(UTF_8);
            assertThat(z.rank(mb)).isEqualTo(r);
            assertThat(z.score(mb)).isEqualTo(p.score());
            assertThat(new String(z.memberAt(r), UTF_8)).isEqualTo(p.member());
            assertThat(z.scoreAt(r)).isEqualTo(p.score());
        }
        // Partial walks both ways.
        if (!expected.isEmpty()) {
            int from = expected.size() / 3;
            int to = Math.min(expected.size() - 1, from + 17);
            List<String> fwd = new ArrayList<>();
            z.visit(from, to, false, (m, s) -> fwd.add(new String(m, UTF_8)));
            assertThat(fwd).isEqualTo(expected.subList(from, to + 1).stream().map(Pair::member).toList());
            List<String> back = new ArrayList<>();
            z.visit(to, from, true, (m, s) -> back.add(new String(m, UTF_8)));
            List<String> rev = new ArrayList<>(fwd);
            java.util.Collections.reverse(rev);
            assertThat(back).isEqualTo(rev);
        }
    }

    @Test
    void lexCountsOnEqualScores() {
        for (EncodingLimits l : new EncodingLimits[] {limits(0), limits(1000)}) {
            ZSet z = ZSet.create(0, 0, l);
            for (String m : new String[] {"b", "a", "ab", "c", "", "\u00ff"}) {
                z.insert(m.getBytes(UTF_8), 0, l);
            }
            // Order: "", a, ab, b, c, 0xC3 0xBF (unsigned bytes sort last).
            assertThat(z.countLexBelow("ab".getBytes(UTF_8), false)).isEqualTo(2);
            assertThat(z.countLexBelow("ab".getBytes(UTF_8), true)).isEqualTo(3);
            assertThat(z.countLexBelow("bz".getBytes(UTF_8), true)).isEqualTo(4);
            assertThat(z.countLexBelow(new byte[] {(byte) 0xC3}, true)).isEqualTo(5);
            assertThat(new String(z.memberAt(5), UTF_8)).isEqualTo("\u00ff");
        }
    }

    @Test
    void convertsToLargeAtTheThresholdsAndStaysThere() {
        EncodingLimits l = limits(4);
        l.zsetMaxListpackValue = 8;
        ZSet z = ZSet.create(1, 1, l);
        for (int i = 0; i < 4; i++) {
            z.insert(("m" + i).getBytes(UTF_8), i, l);
        }
        assertThat(z.encoding()).isEqualTo("listpack");
        z.insert("m4".getBytes(UTF_8), 4, l);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.remove("m4".getBytes(UTF_8));
        assertThat(z.encoding()).isEqualTo("skiplist");
        ZSet small = ZSet.create(1, 1, l);
        small.insert("123456789".getBytes(UTF_8), 1, l);
        assertThat(small.encoding()).isEqualTo("skiplist");
        // A result shrinks back when it fits.
        ZSet built = ZSet.large();
        built.insertUnchecked("x".getBytes(UTF_8), 1);
        assertThat(ZSet.ofResult(built, 1, l).encoding()).isEqualTo("listpack");
    }

    @Test
    void smallLayoutStoresMinusZeroAsZeroLikeAListpack() {
        EncodingLimits l = limits(10);
        ZSet z = ZSet.create(0, 0, l);
        z.insert("a".getBytes(UTF_8), -0.0, l);
        assertThat(Double.doubleToRawLongBits(z.score("a".getBytes(UTF_8)))).isZero();
        ZSet big = ZSet.large();
        big.insertUnchecked("a".getBytes(UTF_8), -0.0);
        assertThat(Double.doubleToRawLongBits(big.score("a".getBytes(UTF_8)))).isNegative();
    }

    @Test
    void copyIsDeepAndEqual() {
        for (EncodingLimits l : new EncodingLimits[] {limits(0), limits(1000)}) {
            ZSet z = ZSet.create(0, 0, l);
            for (int i = 0; i < 300; i++) {
                z.insert(("m" + i).getBytes(UTF_8), i % 7, l);
            }
            ZSet c = z.copy();
            assertThat(c.encoding()).isEqualTo(z.encoding());
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            z.forEach((m, s) -> a.add(new String(m, UTF_8) + s));
            c.forEach((m, s) -> b.add(new String(m, UTF_8) + s));
            assertThat(b).isEqualTo(a);
            z.remove("m1".getBytes(UTF_8));
            assertThat(c.size()).isEqualTo(300);
            z.forEach((m, s) -> assertThat(Arrays.asList(m)).isNotNull());
        }
    }

    @Test
    void memoryUsageGrowsAndShrinksWithContent() {
        EncodingLimits l = limits(0);
        ZSet z = ZSet.create(0, 0, l);
        long empty = z.memoryUsage();
        for (int i = 0; i < 10_000; i++) {
            z.insert(("member:" + i).getBytes(UTF_8), i, l);
        }
        long full = z.memoryUsage();
        assertThat(full).isGreaterThan(empty + 10_000 * 40L);
        for (int i = 0; i < 10_000; i++) {
            z.remove(("member:" + i).getBytes(UTF_8));
        }
        assertThat(z.memoryUsage()).isLessThan(full / 10);
    }
}
