package io.jvalkey.server.types.set;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.types.EncodingLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Encoding choices and conversions as Valkey's t_set.c makes them, and SSCAN's guarantee. */
class SetValueTest {
    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static EncodingLimits limits(long intset, long lpEntries, long lpValue) {
        EncodingLimits l = new EncodingLimits();
        l.setMaxIntsetEntries = intset;
        l.setMaxListpackEntries = lpEntries;
        l.setMaxListpackValue = lpValue;
        return l;
    }

    private static SetValue filled(EncodingLimits l, String... members) {
        SetValue s = SetValue.create(b(members[0]), 1, l);
        for (String m : members) {
            s.add(b(m), l);
        }
        return s;
    }

    private static Set<String> members(SetValue s) {
        Set<String> out = new HashSet<>();
        s.forEach(m -> out.add(new String(m, US_ASCII)));
        return out;
    }

    @Test
    void createPicksTheEncodingFromTheFirstMemberAndTheHint() {
        EncodingLimits l = limits(4, 3, 8);
        assertEquals("intset", SetValue.create(b("12"), 4, l).encoding());
        assertEquals("listpack", SetValue.create(b("12"), 3 + 2, limits(4, 5, 8)).encoding());
        assertEquals("hashtable", SetValue.create(b("12"), 5, l).encoding());
        assertEquals("listpack", SetValue.create(b("x"), 3, l).encoding());
        assertEquals("hashtable", SetValue.create(b("x"), 4, l).encoding());
        // not canonical integers
        for (String s : new String[] {"01", "+1", "-0", " 1", "1 ", "9223372036854775808", ""}) {
            assertEquals("listpack", SetValue.create(b(s), 1, l).encoding(), s);
        }
        assertEquals("intset", SetValue.create(b("-9223372036854775808"), 1, l).encoding());
    }

    @Test
    void intsetGrowsIntoHashtablePastItsLimit() {
        EncodingLimits l = limits(4, 3, 8);
        SetValue s = filled(l, "4", "3", "2", "1");
        assertEquals("intset", s.encoding());
        assertEquals(List.of("1", "2", "3", "4"), List.copyOf(ordered(s)));
        assertFalse(s.add(b("3"), l));
        assertTrue(s.add(b("5"), l));
        assertEquals("hashtable", s.encoding());
        assertEquals(Set.of("1", "2", "3", "4", "5"), members(s));
        s.remove(b("1"));
        s.remove(b("2"));
        assertEquals("hashtable", s.encoding(), "removals never convert back");
    }

    @Test
    void aStringTurnsAnIntsetIntoAListpackOnlyIfEverythingFits() {
        EncodingLimits l = limits(10, 3, 4);
        SetValue s = filled(l, "1", "-123");
        assertTrue(s.add(b("ab"), l));
        assertEquals("listpack", s.encoding());
        assertEquals(List.of("-123", "1", "ab"), ordered(s), "intset order, then the new member");
        // too many members for a listpack
        s = filled(l, "1", "2", "3");
        s.add(b("a"), l);
        assertEquals("hashtable", s.encoding());
        // a member too long
        s = filled(l, "1");
        s.add(b("abcde"), l);
        assertEquals("hashtable", s.encoding());
        // an integer whose text is too long
        s = filled(l, "1", "-1234");
        s.add(b("a"), l);
        assertEquals("hashtable", s.encoding());
    }

    @Test
    void listpackGrowsIntoHashtable() {
        EncodingLimits l = limits(10, 3, 4);
        SetValue s = filled(l, "a", "b", "c");
        assertEquals("listpack", s.encoding());
        assertEquals(List.of("a", "b", "c"), ordered(s));
        s.remove(b("b"));
        assertEquals(List.of("a", "c"), ordered(s), "removal keeps the order");
        s.add(b("abcd"), l);
        assertEquals("listpack", s.encoding());
        s.add(b("abcde"), l);
        assertEquals("hashtable", s.encoding());
        SetValue t = filled(l, "a", "b", "c");
        t.add(b("7"), l);
        assertEquals("hashtable", t.encoding());
        assertTrue(t.contains(b("7")));
    }

    @Test
    void sizeHintsConvertAheadOfTheAdds() {
        EncodingLimits l = limits(4, 3, 8);
        SetValue s = filled(l, "1");
        s.maybeConvert(4, l);
        assertEquals("intset", s.encoding());
        s.maybeConvert(5, l);
        assertEquals("hashtable", s.encoding());
        SetValue p = filled(l, "a");
        p.maybeConvert(3, l);
        assertEquals("listpack", p.encoding());
        p.maybeConvert(4, l);
        assertEquals("hashtable", p.encoding());
    }

    @Test
    void integerResultsBecomeIntsetsWhenSmallEnough() {
        EncodingLimits l = limits(4, 3, 8);
        SetValue s = SetValue.empty(SetValue.Encoding.LISTPACK);
        s.add(b("3"), l);
        s.add(b("1"), l);
        s.maybeConvertToIntset(l);
        assertEquals("intset", s.encoding());
        assertEquals(List.of("1", "3"), ordered(s));
        SetValue big = SetValue.empty(SetValue.Encoding.HASHTABLE);
        for (int i = 0; i < 5; i++) {
            big.add(b(Integer.toString(i)), l);
        }
        big.maybeConvertToIntset(l);
        assertEquals("hashtable", big.encoding());
    }

    @Test
    void membershipInEveryEncoding() {
        EncodingLimits l = limits(512, 128, 64);
        for (int n : new int[] {3, 100, 1000}) {
            SetValue ints = SetValue.create(b("0"), 1, l);
            SetValue strs = SetValue.create(b("m0"), 1, l);
            for (int i = 0; i < n; i++) {
                ints.add(b(Integer.toString(i * 3)), l);
                strs.add(b("m" + i), l);
            }
            assertEquals(n, ints.size());
            assertEquals(n, strs.size());
            for (int i = 0; i < n * 3; i++) {
                assertEquals(i % 3 == 0, ints.contains(b(Integer.toString(i))));
            }
            assertFalse(ints.contains(b("03")));
            assertFalse(ints.contains(b("x")));
            assertTrue(strs.contains(b("m" + (n - 1))));
            assertFalse(strs.contains(b("m" + n)));
        }
    }

    @Test
    void copiesAreIndependent() {
        EncodingLimits l = limits(512, 128, 64);
        for (String first : new String[] {"1", "a"}) {
            for (int n : new int[] {3, 300}) {
                SetValue s = SetValue.create(b(first), 1, l);
                for (int i = 0; i < n; i++) {
                    s.add(b(first + i), l);
                }
                SetValue c = s.copy();
                assertEquals(s.encoding(), c.encoding());
                assertEquals(members(s), members(c));
                c.add(b("new"), l);
                c.remove(b(first + 0));
                assertFalse(s.contains(b("new")));
                assertTrue(s.contains(b(first + 0)));
            }
        }
    }

    @Test
    void memoryUsageFollowsTheMembers() {
        EncodingLimits l = limits(512, 128, 64);
        SetValue s = SetValue.create(b("a"), 1, l);
        long empty = s.memoryUsage();
        for (int i = 0; i < 1000; i++) {
            s.add(b("member-" + i), l);
        }
        long full = s.memoryUsage();
        assertTrue(full > empty + 1000 * 24L, "at least the member arrays: " + full);
        assertTrue(full < empty + 1000 * 80L, "no more than a few references per member: " + full);
        for (int i = 0; i < 1000; i++) {
            s.remove(b("member-" + i));
        }
        assertTrue(s.memoryUsage() < full / 10, "shrinks with the members: " + s.memoryUsage());
    }

    /** Members present from start to end of a scan are returned at least once, however the set grows or shrinks. */
    @Test
    void scanReturnsEveryMemberPresentThroughoutAcrossResizes() {
        EncodingLimits l = limits(0, 0, 64);
        for (boolean grow : new boolean[] {true, false}) {
            SetValue s = SetValue.create(b("x"), 1000, l);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                s.add(b("s" + i), l);
                stable.add("s" + i);
            }
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                extra.add("e" + i);
                if (!grow) {
                    s.add(b("e" + i), l);
                }
            }
            assertEquals("hashtable", s.encoding());
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int step = 0;
            do {
                cursor = s.scan(cursor, 10, m -> seen.add(new String(m, US_ASCII)));
                // Between calls, the table grows or shrinks by many members.
                for (int k = 0; k < 100 && step * 100 + k < extra.size(); k++) {
                    byte[] e = b(extra.get(step * 100 + k));
                    if (grow) {
                        s.add(e, l);
                    } else {
                        s.remove(e);
                    }
                }
                step++;
            } while (cursor != 0);
            assertTrue(seen.containsAll(stable), "grow=" + grow + ": missing " + (stable.size()
                    - stable.stream().filter(seen::contains).count()));
        }
    }

    @Test
    void smallEncodingsScanInOneCall() {
        EncodingLimits l = limits(512, 128, 64);
        SetValue s = filled(l, "1", "2", "3");
        List<String> got = new ArrayList<>();
        assertEquals(0, s.scan(0, 1, m -> got.add(new String(m, US_ASCII))));
        assertEquals(List.of("1", "2", "3"), got);
    }

    /** Adding a new member to a large set stores the given array and allocates nothing else. */
    @Test
    void addingToAHashtableAllocatesNothing() {
        EncodingLimits l = limits(512, 128, 64);
        SetValue s = SetValue.create(b("m"), 1, l);
        for (int i = 0; i < 1100; i++) {
            s.add(b("pre-" + i), l); // table capacity now 2048
        }
        byte[][] fresh = new byte[800][];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = b("new-" + i);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int round = 0; round < 3; round++) { // let the JIT settle the measuring itself
            long before = mx.getThreadAllocatedBytes(tid);
            mx.getThreadAllocatedBytes(tid);
            long overhead = mx.getThreadAllocatedBytes(tid) - before;
            before = mx.getThreadAllocatedBytes(tid);
            for (int i = round * 200; i < round * 200 + 200; i++) {
                assertTrue(s.add(fresh[i], l));
                assertFalse(s.add(fresh[i], l));
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before - overhead;
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 400 adds");
        }
    }

    private static List<String> ordered(SetValue s) {
        List<String> out = new ArrayList<>();
        s.forEach(m -> out.add(new String(m, US_ASCII)));
        return out;
    }
}
