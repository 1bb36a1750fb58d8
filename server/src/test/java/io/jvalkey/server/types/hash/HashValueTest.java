package io.jvalkey.server.types.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.types.EncodingLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HashValueTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static EncodingLimits limits(long entries, long value) {
        EncodingLimits l = new EncodingLimits();
        l.hashMaxListpackEntries = entries;
        l.hashMaxListpackValue = value;
        return l;
    }

    @Test
    void listpackKeepsInsertionOrderAndConvertsPastTheEntryLimit() {
        EncodingLimits l = limits(3, 64);
        HashValue h = new HashValue();
        assertTrue(h.put(b("a"), b("1"), false, l));
        assertTrue(h.put(b("b"), b("2"), false, l));
        assertTrue(h.put(b("c"), b("3"), false, l));
        assertFalse(h.put(b("a"), b("x"), false, l));
        assertEquals("listpack", h.encoding());
        assertTrue(h.delete(b("a")));
        h.put(b("a"), b("4"), false, l);
        assertEquals(List.of("b", "c", "a"), fields(h));
        h.put(b("d"), b("5"), false, l);
        assertEquals("hashtable", h.encoding());
        assertEquals(4, h.size());
        assertArrayEquals(b("4"), h.get(b("a")));
        // never converts back
        h.delete(b("a"));
        h.delete(b("b"));
        assertEquals("hashtable", h.encoding());
    }

    @Test
    void longFieldsOrValuesConvert() {
        EncodingLimits l = limits(128, 4);
        HashValue h = new HashValue();
        h.put(b("abcd"), b("1234"), false, l);
        assertEquals("listpack", h.encoding());
        h.put(b("e"), b("12345"), false, l);
        assertEquals("hashtable", h.encoding());
        HashValue g = new HashValue();
        g.prepareWrite(new byte[][] {b("hset"), b("k"), b("f"), b("v"), b("f"), b("v")}, 2, 5, limits(1, 64));
        assertEquals("hashtable", g.encoding(), "more pairs than entries converts up front");
    }

    @Test
    void scanReturnsEveryStableFieldAcrossGrowthAndShrinking() {
        EncodingLimits l = limits(0, 64);
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            HashValue h = new HashValue();
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                h.put(b("s" + i), b("v"), false, l);
                stable.add("s" + i);
            }
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int extra = 0;
            do {
                cursor = h.scan(cursor, 1 + rnd.nextInt(20), i -> seen.add(new String(h.fieldAt(i), UTF_8)));
                // churn between calls: grow a lot, or shrink back
                if (rnd.nextBoolean()) {
                    for (int k = 0; k < 300; k++) {
                        h.put(b("t" + extra++), b("v"), false, l);
                    }
                } else {
                    for (int k = 0; k < extra; k++) {
                        h.delete(b("t" + k));
                    }
                }
            } while (cursor != 0);
            assertTrue(seen.containsAll(stable), "round " + round + " missed " + diff(stable, seen));
        }
    }

    private static Set<String> diff(Set<String> all, Set<String> seen) {
        Set<String> d = new HashSet<>(all);
        d.removeAll(seen);
        return d;
    }

    @Test
    void randomIndexIsRoughlyUniform() {
        EncodingLimits l = limits(0, 64);
        HashValue h = new HashValue();
        int n = 50;
        for (int i = 0; i < n; i++) {
            h.put(b("f" + i), b("v"), false, l);
        }
        int[] hits = new int[n];
        Random rnd = new Random(1);
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            hits[h.randomIndex(rnd)]++;
        }
        double expected = (double) draws / n;
        double chi = 0;
        for (int x : hits) {
            chi += (x - expected) * (x - expected) / expected;
        }
        assertTrue(chi < 100, "chi-square " + chi + " for 49 degrees of freedom");
    }

    @Test
    void deadlinesFollowFieldsThatMoveAndReclaimEarliestFirst() {
        EncodingLimits l = limits(4, 64);
        Random rnd = new Random(3);
        HashValue h = new HashValue();
        Map<String, Long> model = new HashMap<>();     // field -> deadline (or -1)
        for (int step = 0; step < 20_000; step++) {
            String f = "f" + rnd.nextInt(300);
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    boolean created = h.put(b(f), b("v"), false, l);
                    assertEquals(!model.containsKey(f), created);
                    model.put(f, -1L);
                }
                case 1 -> {
                    long when = 1000 + rnd.nextInt(100_000);
                    h.putWithExpiry(b(f), b("v"), when);
                    model.put(f, when);
                }
                case 2 -> assertEquals(model.remove(f) != null, h.delete(b(f)));
                case 3 -> {
                    int i = h.find(b(f));
                    if (i >= 0) {
                        assertEquals(model.get(f) >= 0, h.persistAt(i));
                        model.put(f, -1L);
                    }
                }
                default -> {
                    long now = rnd.nextInt(3000);
                    int removed = h.reclaimExpired(now, Integer.MAX_VALUE);
                    int expected = 0;
                    for (var it = model.entrySet().iterator(); it.hasNext(); ) {
                        long w = it.next().getValue();
                        if (w >= 0 && w < now) {
                            it.remove();
                            expected++;
                        }
                    }
                    assertEquals(expected, removed);
                }
            }
            assertEquals(model.size(), h.size());
        }
        for (var e : model.entrySet()) {
            long want = e.getValue() < 0 ? HashValue.NO_EXPIRY : e.getValue();
            assertEquals(want, h.expireAt(b(e.getKey())), e.getKey());
        }
        // reclaiming everything goes in deadline order and leaves the fields without one
        TreeMap<Long, Integer> byDeadline = new TreeMap<>();
        model.values().stream().filter(w -> w >= 0).forEach(w -> byDeadline.merge(w, 1, Integer::sum));
        int before = h.size();
        long cut = byDeadline.isEmpty() ? 0 : byDeadline.firstKey() + 1;
        int first = h.reclaimExpired(cut, Integer.MAX_VALUE);
        assertEquals(byDeadline.isEmpty() ? 0 : byDeadline.firstEntry().getValue(), first);
        h.reclaimExpired(Long.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(model.values().stream().filter(w -> w < 0).count(), h.size());
        assertTrue(h.size() <= before);
        assertFalse(h.hasVolatileItems());
    }

    @Test
    void fieldsWithoutDeadlinesCostNoDeadlineMemory() {
        EncodingLimits l = limits(0, 64);
        HashValue h = new HashValue();
        for (int i = 0; i < 1000; i++) {
            h.put(b("f" + i), b("v"), false, l);
        }
        long plain = h.memoryUsage();
        h.setExpireAt(h.find(b("f1")), 5000);
        assertTrue(h.memoryUsage() > plain + 8 * 1000, "deadline arrays are accounted");
        assertTrue(h.persistAt(h.find(b("f1"))));
        assertEquals(plain, h.memoryUsage(), "released with the last deadline");
        assertFalse(h.hasVolatileItems());
    }

    @Test
    void memoryUsageReturnsToTheSameFigure() {
        EncodingLimits l = limits(0, 64);
        HashValue h = new HashValue();
        h.put(b("base"), b("x"), false, l);
        long base = h.memoryUsage();
        for (int i = 0; i < 1000; i++) {
            h.put(b("f" + i), b("value" + i), false, l);
        }
        for (int i = 0; i < 1000; i++) {
            h.delete(b("f" + i));
        }
        assertEquals(base, h.memoryUsage());
    }

    @Test
    void copyIsIndependent() {
        EncodingLimits l = limits(2, 64);
        for (int n : new int[] {2, 10}) {
            HashValue h = new HashValue();
            for (int i = 0; i < n; i++) {
                h.put(b("f" + i), b("v" + i), false, l);
            }
            if (n > 2) {
                h.setExpireAt(h.find(b("f3")), 12345);
            }
            HashValue c = h.copy();
            assertEquals(h.encoding(), c.encoding());
            h.put(b("f0"), b("changed"), false, l);
            h.delete(b("f1"));
            assertArrayEquals(b("v0"), c.get(b("f0")));
            assertArrayEquals(b("v1"), c.get(b("f1")));
            assertEquals(n, c.size());
            if (n > 2) {
                assertEquals(12345, c.expireAt(b("f3")));
            }
        }
        assertNull(new HashValue().get(b("x")));
    }

    private static List<String> fields(HashValue h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            out.add(new String(h.fieldAt(i), UTF_8));
        }
        return out;
    }
}
