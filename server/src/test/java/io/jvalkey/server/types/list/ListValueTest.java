package io.jvalkey.server.types.list;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvalkey.server.keyspace.MemoryEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ListValue against Valkey 8: the node layouts (element counts per node, plain nodes negative,
 * and each node's listpack bytes) were read from a real valkey-server with DEBUG QUICKLIST after
 * the same commands, and against a plain ArrayList for contents and index math.
 */
class ListValueTest {
    @AfterEach
    void resetThreshold() {
        PackRules.packedThreshold(0);
    }

    // ---- what t_list.c does around each change (the commands do the same) -----------------------

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static void rpush(ListValue l, int fill, String... values) {
        push(l, fill, false, values);
    }

    private static void push(ListValue l, int fill, boolean head, String... values) {
        long bytes = 0;
        for (String v : values) {
            bytes += v.length();
        }
        l.growing(bytes, values.length, fill);
        for (String v : values) {
            l.push(b(v), head);
        }
    }

    private static void lset(ListValue l, int fill, long index, String v) {
        l.growing(v.length(), 1, fill);
        l.set(index < 0 ? index + l.size() : index, b(v));
        l.shrunk(fill);
    }

    private static boolean linsert(ListValue l, int fill, boolean after, String pivot, String v) {
        l.growing(v.length(), 1, fill);
        return l.insert(b(pivot), b(v), after);
    }

    private static void ltrim(ListValue l, int fill, long start, long end) {
        long size = l.size();
        start = start < 0 ? Math.max(0, start + size) : start;
        end = end < 0 ? end + size : end;
        long ltrim;
        long rtrim;
        if (start > end || start >= size) {
            ltrim = size;
            rtrim = 0;
        } else {
            end = Math.min(end, size - 1);
            ltrim = start;
            rtrim = size - end - 1;
        }
        l.removeRange(0, ltrim);
        l.removeRange(l.size() - rtrim, rtrim);
        l.shrunk(fill);
    }

    private static long lrem(ListValue l, int fill, long count, String v) {
        long n = l.removeMatches(b(v), Math.abs(count), count < 0);
        l.shrunk(fill);
        return n;
    }

    private static List<String> contents(ListValue l) {
        List<String> out = new ArrayList<>();
        if (l.size() == 0) {
            return out;
        }
        ListValue.Cursor c = l.cursor(0);
        for (long i = 0; i < l.size(); i++) {
            out.add(new String(c.next(), UTF_8));
        }
        return out;
    }

    private static String rep(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    // ---- listpack sizes -------------------------------------------------------------------------

    @Test
    void entrySizesFollowTheListpackEncodings() {
        assertThat(PackRules.entrySize(b("0"))).isEqualTo(2);
        assertThat(PackRules.entrySize(b("127"))).isEqualTo(2);
        assertThat(PackRules.entrySize(b("128"))).isEqualTo(3);
        assertThat(PackRules.entrySize(b("-4096"))).isEqualTo(3);
        assertThat(PackRules.entrySize(b("4096"))).isEqualTo(4);
        assertThat(PackRules.entrySize(b("-32768"))).isEqualTo(4);
        assertThat(PackRules.entrySize(b("8388607"))).isEqualTo(5);
        assertThat(PackRules.entrySize(b("2147483647"))).isEqualTo(6);
        assertThat(PackRules.entrySize(b("-2147483649"))).isEqualTo(10);
        assertThat(PackRules.entrySize(b("-9223372036854775808"))).isEqualTo(10);
        // Not integers: too large, leading zero, plus sign, empty.
        assertThat(PackRules.entrySize(b("9223372036854775808"))).isEqualTo(21);
        assertThat(PackRules.entrySize(b("01"))).isEqualTo(4);
        assertThat(PackRules.entrySize(b("+1"))).isEqualTo(4);
        assertThat(PackRules.entrySize(b(""))).isEqualTo(2);
        assertThat(PackRules.entrySize(b("-"))).isEqualTo(3);
        // String headers of 1, 2 and 5 bytes; back-lengths of 1, 2 and 3 bytes.
        assertThat(PackRules.entrySize(b(rep('x', 63)))).isEqualTo(65);
        assertThat(PackRules.entrySize(b(rep('x', 64)))).isEqualTo(67);
        assertThat(PackRules.entrySize(b(rep('x', 4095)))).isEqualTo(4099);
        assertThat(PackRules.entrySize(b(rep('x', 4096)))).isEqualTo(4103);
        assertThat(PackRules.entrySize(b(rep('x', 20000)))).isEqualTo(20008);
    }

    @Test
    void fillLimits() {
        assertThat(PackRules.sizeLimit(-1)).isEqualTo(4096);
        assertThat(PackRules.sizeLimit(-2)).isEqualTo(8192);
        assertThat(PackRules.sizeLimit(-5)).isEqualTo(65536);
        assertThat(PackRules.sizeLimit(-6)).isEqualTo(65536);
        assertThat(PackRules.sizeLimit(Integer.MIN_VALUE)).isEqualTo(65536);
        assertThat(PackRules.countLimit(0)).isEqualTo(1);
        assertThat(PackRules.countLimit(128)).isEqualTo(128);
        // A count fill still caps a node at 8 KB.
        assertThat(PackRules.exceedsLimit(1000, 8193, 2)).isTrue();
        assertThat(PackRules.exceedsLimit(1000, 8192, 1000)).isFalse();
        assertThat(PackRules.exceedsLimit(1000, 100, 1001)).isTrue();
    }

    // ---- layouts read from Valkey ---------------------------------------------------------------

    @Test
    void sequentialPushesFillNodesToTheByteLimit() {
        ListValue l = new ListValue();
        for (int i = 0; i < 2000; i++) {
            rpush(l, -2, "element:" + i);
        }
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.nodeLayout()).containsExactly(638, 610, 584, 168);
        assertThat(l.nodeBytes()).containsExactly(8191, 8185, 8183, 2359);
        assertThat(new String(l.get(1999), UTF_8)).isEqualTo("element:1999");
        assertThat(new String(l.get(638), UTF_8)).isEqualTo("element:638");
        assertThat(new String(l.get(1247), UTF_8)).isEqualTo("element:1247");
        assertThat(new String(l.get(1248), UTF_8)).isEqualTo("element:1248");
    }

    @Test
    void insertsIntoFullNodesSplitAndMerge() {
        ListValue l = new ListValue();
        for (int i = 1; i <= 20; i++) {
            rpush(l, 4, Integer.toString(i));
        }
        assertThat(linsert(l, 4, true, "6", "x")).isTrue();
        assertThat(linsert(l, 4, false, "11", "y")).isTrue();
        assertThat(linsert(l, 4, true, "4", "z")).isTrue();
        assertThat(linsert(l, 4, true, "nothere", "z")).isFalse();
        assertThat(l.nodeLayout()).containsExactly(4, 3, 3, 3, 2, 4, 4);
        assertThat(l.nodeBytes()).containsExactly(15, 14, 14, 14, 11, 15, 15);
        assertThat(contents(l)).containsExactly("1", "2", "3", "4", "z", "5", "6", "x", "7", "8", "9", "10", "y",
                "11", "12", "13", "14", "15", "16", "17", "18", "19", "20");
    }

    @Test
    void insertsWithByteLimits() {
        ListValue l = new ListValue();
        String dots = ".".repeat(96);
        String[] values = new String[100];
        for (int i = 0; i < 100; i++) {
            values[i] = String.format("v%03d", i) + dots;
        }
        rpush(l, -1, values);
        linsert(l, -1, true, "v050" + dots, "new" + "-".repeat(97));
        linsert(l, -1, false, "v010" + dots, "n2" + "-".repeat(98));
        assertThat(l.nodeLayout()).containsExactly(11, 29, 12, 28, 22);
        assertThat(l.nodeBytes()).containsExactly(1140, 2994, 1243, 2891, 2273);
    }

    @Test
    void trimsAndRemovalsAcrossNodes() {
        ListValue l = new ListValue();
        String[] values = new String[30];
        for (int i = 0; i < 30; i++) {
            values[i] = Integer.toString(i % 5);
        }
        rpush(l, 3, values);
        ltrim(l, 3, 4, -5);
        assertThat(lrem(l, 3, 0, "3")).isEqualTo(4);
        assertThat(lrem(l, 3, -2, "1")).isEqualTo(2);
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.size()).isEqualTo(16);
        assertThat(l.nodeLayout()).containsExactly(2, 2, 3, 2, 2, 2, 1, 2);
        assertThat(l.nodeBytes()).containsExactly(11, 11, 13, 11, 11, 11, 9, 11);
    }

    @Test
    void integersOfEverySizeCountTheirEncodedBytes() {
        ListValue l = new ListValue();
        rpush(l, -1, "0", "127", "128", "-4096", "4095", "4096", "32767", "-32768", "8388607", "-8388608",
                "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                rep('x', 63), rep('y', 64), rep('z', 4095));
        push(l, -1, true, rep('a', 2000));
        assertThat(new String(l.pop(false), UTF_8)).isEqualTo(rep('z', 4095));
        l.shrunk(-1);
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.nodeLayout()).containsExactly(18);
        assertThat(l.nodeBytes()).containsExactly(2231);
    }

    @Test
    void largeElementsGetPlainNodes() {
        PackRules.packedThreshold(100);
        ListValue l = new ListValue();
        rpush(l, 2, rep('a', 30), rep('b', 30), rep('c', 30), rep('d', 30), rep('e', 30));
        lset(l, 2, 2, rep('L', 200));
        lset(l, 2, 0, "s");
        linsert(l, 2, false, rep('L', 200), rep('M', 150));
        linsert(l, 2, true, rep('L', 200), "tiny");
        assertThat(l.nodeLayout()).containsExactly(2, -1, -1, 2, 1);
        assertThat(l.nodeBytes()).containsExactly(42, 150, 200, 45, 39);
        assertThat(contents(l)).containsExactly("s", rep('b', 30), rep('M', 150), rep('L', 200), "tiny",
                rep('d', 30), rep('e', 30));

        ListValue m = new ListValue();
        rpush(m, 2, rep('a', 30), rep('b', 30), rep('c', 30), rep('d', 30), rep('e', 30));
        lset(m, 2, 2, rep('L', 200));
        lset(m, 2, 2, "short");
        m.removeRange(0, 2);
        m.shrunk(2);
        assertThat(m.nodeLayout()).containsExactly(2, 1);
        assertThat(m.nodeBytes()).containsExactly(46, 39);
    }

    @Test
    void largeElementReplacingTheMiddleOfAPackedNode() {
        PackRules.packedThreshold(10);
        ListValue l = new ListValue();
        String[] values = new String[12];
        for (int i = 0; i < 12; i++) {
            values[i] = Integer.toString(i + 1);
        }
        rpush(l, 4, values);
        lset(l, 4, 5, rep('X', 20));
        assertThat(l.nodeLayout()).containsExactly(4, 1, -1, 2, 4);
        assertThat(l.nodeBytes()).containsExactly(15, 9, 20, 11, 15);
    }

    // ---- conversions ---------------------------------------------------------------------------

    @Test
    void convertsBothWaysWithHalfLimitHysteresis() {
        ListValue l = new ListValue();
        rpush(l, 4, "a", "b", "c", "d");
        assertThat(l.encoding()).isEqualTo("listpack");
        rpush(l, 4, "e");
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.nodeLayout()).containsExactly(4, 1);
        assertThat(l.nodeBytes()).containsExactly(19, 10);
        // Shrinking converts back only from a single node, and only at half the limit.
        for (int i = 0; i < 3; i++) {
            l.pop(true);
            l.shrunk(4);
            assertThat(l.encoding()).isEqualTo("quicklist");
        }
        assertThat(l.nodeLayout()).containsExactly(1, 1);
        l.pop(true);
        l.shrunk(4);
        assertThat(l.encoding()).isEqualTo("listpack");
        assertThat(contents(l)).containsExactly("e");
        ListValue half = new ListValue();
        rpush(half, 4, "a", "b", "c", "d", "e");
        half.removeRange(2, 3);
        half.shrunk(4);
        assertThat(half.encoding()).isEqualTo("listpack");
        rpush(half, 4, "c", "d", "e");
        half.removeRange(3, 2);
        half.shrunk(4);
        assertThat(half.nodeCount()).isEqualTo(1);
        assertThat(half.encoding()).isEqualTo("quicklist"); // 3 elements: more than half of 4
        // Byte limits: -1 is 4096 bytes, the half 2048.
        ListValue big = new ListValue();
        rpush(big, -1, rep('x', 4000));
        assertThat(big.encoding()).isEqualTo("listpack");
        rpush(big, -1, rep('y', 100));
        assertThat(big.encoding()).isEqualTo("quicklist");
        big.pop(true);
        big.shrunk(-1);
        assertThat(big.encoding()).isEqualTo("listpack");
    }

    @Test
    void aBigPushConvertsBeforeAddingAndThenFillsNodes() {
        ListValue l = new ListValue();
        String[] values = new String[17];
        for (int i = 0; i < 17; i++) {
            values[i] = Integer.toString(i + 1);
        }
        push(l, 4, true, values);
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.nodeLayout()).containsExactly(1, 4, 4, 4, 4);
        assertThat(l.nodeBytes()).containsExactly(9, 15, 15, 15, 15);
        assertThat(new String(l.get(0), UTF_8)).isEqualTo("17");
    }

    @Test
    void aBuiltListTakesTheListpackEncodingWhenItFits() {
        ListValue l = ListValue.newQuicklist(-2);
        for (int i = 0; i < 100; i++) {
            l.push(b("v" + i), false);
        }
        l.built(-2);
        assertThat(l.encoding()).isEqualTo("listpack");
        ListValue m = ListValue.newQuicklist(4);
        for (int i = 0; i < 5; i++) {
            m.push(b("v" + i), false);
        }
        m.built(4);
        assertThat(m.encoding()).isEqualTo("quicklist");
    }

    @Test
    void copiesAreIndependent() {
        ListValue l = new ListValue();
        for (int i = 0; i < 50; i++) {
            rpush(l, 4, "e" + i);
        }
        ListValue c = l.copy();
        assertThat(c.memoryUsage()).isEqualTo(l.memoryUsage());
        assertThat(c.nodeLayout()).containsExactly(l.nodeLayout());
        c.pop(true);
        c.set(0, b("changed"));
        assertThat(new String(l.get(0), UTF_8)).isEqualTo("e0");
        assertThat(new String(l.get(1), UTF_8)).isEqualTo("e1");
        assertThat(l.size()).isEqualTo(50);
        checkInvariants(c);
        checkInvariants(l);
    }

    // ---- against a model -----------------------------------------------------------------------

    @Test
    void behavesLikeAnArrayListUnderRandomOperations() {
        int[] fills = {-2, -1, 1, 3, 16, 0};
        for (int fill : fills) {
            for (long threshold : new long[] {0, 40}) {
                PackRules.packedThreshold(threshold);
                randomRun(new Random(fill * 31L + threshold), fill);
            }
        }
    }

    private void randomRun(Random rnd, int fill) {
        ListValue l = new ListValue();
        List<String> model = new ArrayList<>();
        for (int op = 0; op < 6000; op++) {
            int k = rnd.nextInt(100);
            String v = randomValue(rnd);
            if (k < 30) {
                boolean head = rnd.nextBoolean();
                push(l, fill, head, v);
                if (head) {
                    model.add(0, v);
                } else {
                    model.add(v);
                }
            } else if (k < 45 && !model.isEmpty()) {
                boolean head = rnd.nextBoolean();
                String got = new String(l.pop(head), UTF_8);
                assertThat(got).isEqualTo(model.remove(head ? 0 : model.size() - 1));
                l.shrunk(fill);
            } else if (k < 55 && !model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                lset(l, fill, i, v);
                model.set(i, v);
            } else if (k < 65 && !model.isEmpty()) {
                String pivot = model.get(rnd.nextInt(model.size()));
                boolean after = rnd.nextBoolean();
                assertThat(linsert(l, fill, after, pivot, v)).isTrue();
                int at = model.indexOf(pivot);
                model.add(after ? at + 1 : at, v);
            } else if (k < 70 && !model.isEmpty()) {
                long start = rnd.nextInt(model.size());
                long count = rnd.nextInt(model.size()) + 1;
                l.removeRange(start, count);
                model.subList((int) start, (int) Math.min(model.size(), start + count)).clear();
                if (!model.isEmpty()) {
                    l.shrunk(fill);
                }
            } else if (k < 75 && !model.isEmpty()) {
                String target = model.get(rnd.nextInt(model.size()));
                int max = rnd.nextInt(3);
                boolean fromTail = rnd.nextBoolean();
                long removed = l.removeMatches(b(target), max, fromTail);
                int expected = 0;
                if (fromTail) {
                    for (int i = model.size() - 1; i >= 0 && (max == 0 || expected < max); i--) {
                        if (model.get(i).equals(target)) {
                            model.remove(i);
                            expected++;
                        }
                    }
                } else {
                    for (int i = 0; i < model.size() && (max == 0 || expected < max); ) {
                        if (model.get(i).equals(target)) {
                            model.remove(i);
                            expected++;
                        } else {
                            i++;
                        }
                    }
                }
                assertThat(removed).isEqualTo(expected);
                if (!model.isEmpty()) {
                    l.shrunk(fill);
                }
            } else if (!model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                assertThat(new String(l.get(i), UTF_8)).isEqualTo(model.get(i));
            }
            if (model.isEmpty() && l.size() == 0) {
                l = new ListValue(); // an emptied list is deleted by the commands
            }
            assertThat(l.size()).isEqualTo(model.size());
            if (op % 100 == 0) {
                assertThat(contents(l)).isEqualTo(model);
                checkReverse(l, model);
                checkInvariants(l);
            }
        }
    }

    private static String randomValue(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Integer.toString(rnd.nextInt(1000) - 500);
            case 1 -> Long.toString(rnd.nextLong());
            case 2 -> "s" + rnd.nextInt(20);
            case 3 -> rep('m', 20 + rnd.nextInt(200));
            default -> rnd.nextInt(20) == 0 ? rep('L', 3000 + rnd.nextInt(6000)) : "x";
        };
    }

    private static void checkReverse(ListValue l, List<String> model) {
        if (model.isEmpty()) {
            return;
        }
        ListValue.Cursor c = l.cursor(model.size() - 1);
        for (int i = model.size() - 1; i >= 0; i--) {
            assertThat(new String(c.prev(), UTF_8)).isEqualTo(model.get(i));
        }
        assertThat(c.prev()).isNull();
    }

    /** Node counts add up, listpack byte counts are exact, the memory figure matches a recount. */
    private static void checkInvariants(ListValue l) {
        long count = 0;
        long memory = 48;
        int nodes = 0;
        Node prev = null;
        for (Node n = l.firstNode(); n != null; n = n.next) {
            assertThat(n.prev).isSameAs(prev);
            if (!l.isListpack()) {
                assertThat(n.count).isPositive();
            }
            long bytes = PackRules.EMPTY_LISTPACK;
            for (int i = 0; i < n.count; i++) {
                bytes += PackRules.entrySize(n.get(i));
                memory += MemoryEstimate.bytes(n.get(i));
            }
            if (n.plain) {
                assertThat(n.count).isEqualTo(1);
                assertThat(n.bytes).isEqualTo(n.get(0).length);
            } else {
                assertThat(n.bytes).isEqualTo(bytes);
            }
            memory += n.footprint();
            count += n.count;
            nodes++;
            prev = n;
        }
        assertThat(count).isEqualTo(l.size());
        assertThat(nodes).isEqualTo(l.nodeCount());
        assertThat(l.memoryUsage()).isEqualTo(memory);
        if (l.isListpack()) {
            assertThat(nodes).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void millionElementListKeepsIndexMathRight() {
        ListValue l = new ListValue();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            byte[] v = b(Integer.toString((i & 1) == 0 ? i : -i));
            l.growing(v.length, 1, -2);
            l.push(v, (i & 1) != 0);
        }
        assertThat(l.encoding()).isEqualTo("quicklist");
        assertThat(l.size()).isEqualTo(n);
        // Head holds the odd numbers negated in reverse push order, the tail the even ones.
        assertThat(new String(l.get(0), UTF_8)).isEqualTo(Integer.toString(-(n - 1)));
        assertThat(new String(l.get(n / 2 - 1), UTF_8)).isEqualTo("-1");
        assertThat(new String(l.get(n / 2), UTF_8)).isEqualTo("0");
        assertThat(new String(l.get(n - 1), UTF_8)).isEqualTo(Integer.toString(n - 2));
        l.removeRange(1000, n - 2000);
        assertThat(l.size()).isEqualTo(2000);
        assertThat(new String(l.get(1000), UTF_8)).isEqualTo(Integer.toString(n - 2 - 999 * 2));
        checkInvariants(l);
    }
}
