package io.jvalkey.server.types.stream;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The stream representation: ID math, node splits, tombstones, trimming, cursors, groups, memory. */
class StreamTest {
    private static final long MAX_BYTES = 4096;

    private static byte[][] fields(String... fv) {
        byte[][] out = new byte[fv.length][];
        for (int i = 0; i < fv.length; i++) {
            out[i] = fv[i].getBytes(US_ASCII);
        }
        return out;
    }

    private static StreamId id(long ms, long seq) {
        return new StreamId(ms, seq);
    }

    private static void add(Stream s, long ms, long seq, long maxEntries, String... fv) {
        StreamId id = s.nextId(id(ms, seq), true, 0);
        s.append(id, fields(fv), 0, fv.length / 2, MAX_BYTES, maxEntries);
    }

    /** All live entries as "id f v f v ..." strings, forwards or backwards. */
    private static List<String> dump(Stream s, StreamId start, StreamId end, boolean reverse) {
        List<String> out = new ArrayList<>();
        Stream.Cursor c = s.cursor(start, end, reverse);
        while (c.next()) {
            StringBuilder sb = new StringBuilder(c.id().toString());
            c.fields((b, off, len) -> sb.append(' ').append(new String(b, off, len, US_ASCII)));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void idsCompareAsUnsigned128BitNumbers() {
        assertTrue(id(-1L, 0).compareTo(id(Long.MAX_VALUE, -1L)) > 0);
        assertTrue(id(5, -1L).compareTo(id(5, 0)) > 0);
        assertEquals(0, id(7, 7).compareTo(id(7, 7)));
        assertEquals("18446744073709551615-18446744073709551615", StreamId.MAX.toString());
        assertEquals(id(1, 0), id(0, -1L).next());
        assertEquals(id(0, -1L), id(1, 0).previous());
        assertNull(StreamId.MAX.next());
        assertNull(StreamId.MIN.previous());
        byte[] buf = new byte[48];
        for (StreamId x : new StreamId[] {StreamId.MIN, StreamId.MAX, id(1234567890123L, 9), id(-2L, Long.MIN_VALUE)}) {
            int n = StreamId.format(x.ms(), x.seq(), buf);
            assertEquals(x.toString(), new String(buf, 0, n, US_ASCII));
        }
    }

    @Test
    void nextIdFollowsXaddRules() {
        Stream s = new Stream();
        assertEquals(id(100, 0), s.nextId(null, true, 100));
        add(s, 100, 0, 100, "f", "v");
        // The clock went backwards: same ms, next sequence.
        assertEquals(id(100, 1), s.nextId(null, true, 50));
        assertEquals(id(100, 1), s.nextId(id(100, 0), false, 0));
        assertEquals(id(200, 0), s.nextId(id(200, 0), false, 0));
        assertNull(s.nextId(id(99, 0), false, 0));
        assertNull(s.nextId(id(100, 0), true, 0));
        s.setIds(id(100, -1L), -1, StreamId.MIN);
        assertNull(s.nextId(id(100, 0), false, 0), "the sequence would overflow");
        assertEquals(id(101, 0), s.nextId(null, true, 0));
    }

    @Test
    void listpackSizesMatchValkeysEncodings() {
        assertEquals(2, ListpackSize.integer(0));
        assertEquals(2, ListpackSize.integer(127));
        assertEquals(3, ListpackSize.integer(128));
        assertEquals(3, ListpackSize.integer(-4096));
        assertEquals(4, ListpackSize.integer(-4097));
        assertEquals(5, ListpackSize.integer(8388607));
        assertEquals(6, ListpackSize.integer(Integer.MIN_VALUE));
        assertEquals(10, ListpackSize.integer(Long.MIN_VALUE));
        byte[] v = "12".getBytes(US_ASCII);
        assertEquals(2, ListpackSize.string(v, 0, 2), "integers in text are stored as integers");
        byte[] lead = "012".getBytes(US_ASCII);
        assertEquals(5, ListpackSize.string(lead, 0, 3), "but not with a leading zero");
        byte[] s63 = new byte[63];
        assertEquals(65, ListpackSize.string(s63, 0, 63));
        byte[] s64 = new byte[64];
        assertEquals(66 + 1, ListpackSize.string(s64, 0, 64), "12-bit length, 2-byte backlen");
    }

    @Test
    void nodesSplitByEntryCountCountingTombstones() {
        Stream s = new Stream();
        for (int i = 1; i <= 10; i++) {
            add(s, i, 0, 4, "f", "v");
        }
        assertEquals(3, s.nodeCount());
        s.delete(new StreamId[] {id(9, 0), id(10, 0)});
        assertEquals(2, s.nodeCount(), "deleting a node's last live entry drops the node");
        s.delete(new StreamId[] {id(5, 0)});
        add(s, 11, 0, 4, "f", "v");
        add(s, 12, 0, 4, "f", "v");
        assertEquals(3, s.nodeCount(), "the tail node held 5(deleted)..8: full, so 11 starts a node");
        assertEquals(9, s.length());
    }

    @Test
    void nodesSplitByListpackBytes() {
        Stream s = new Stream();
        StreamId a = s.nextId(id(1, 0), true, 0);
        s.append(a, fields("f", "v"), 0, 1, 40, 0);
        StreamId b = s.nextId(id(2, 0), true, 0);
        s.append(b, fields("f", "v"), 0, 1, 40, 0);
        assertEquals(1, s.nodeCount());
        StreamId c = s.nextId(id(3, 0), true, 0);
        s.append(c, fields("f", "0123456789012345678901234"), 0, 1, 40, 0);
        assertEquals(2, s.nodeCount());
    }

    @Test
    void idsFarFromTheNodesFirstIdSwitchToFullWidth() {
        Stream s = new Stream();
        add(s, 1, 5, 100, "f", "a");
        add(s, 4_000_000_000L, 0, 100, "f", "b");
        add(s, 4_000_000_000L, 3_000_000_000L, 100, "f", "c");
        add(s, 1L << 40, 0, 100, "f", "d");
        add(s, -2L, -7L, 100, "f", "e");
        assertEquals(1, s.nodeCount());
        assertEquals(List.of("1-5 f a", "4000000000-0 f b", "4000000000-3000000000 f c", "1099511627776-0 f d",
                "18446744073709551614-18446744073709551609 f e"), dump(s, StreamId.MIN, StreamId.MAX, false));
        assertTrue(s.contains(id(1L << 40, 0)));
        assertFalse(s.contains(id(1L << 40, 1)));
    }

    @Test
    void entriesWithOtherFieldsKeepTheirOwn() {
        Stream s = new Stream();
        add(s, 1, 0, 100, "a", "1", "b", "2");
        add(s, 2, 0, 100, "a", "3", "b", "4");
        add(s, 3, 0, 100, "x", "5");
        add(s, 4, 0, 100, "a", "6", "b", "7", "c", "8");
        assertEquals(List.of("1-0 a 1 b 2", "2-0 a 3 b 4", "3-0 x 5", "4-0 a 6 b 7 c 8"),
                dump(s, StreamId.MIN, StreamId.MAX, false));
        assertEquals(List.of("4-0 a 6 b 7 c 8", "3-0 x 5"), dump(s, id(3, 0), StreamId.MAX, true));
    }

    @Test
    void cursorsMatchASortedMapModel() {
        Random rnd = new Random(42);
        Stream s = new Stream();
        TreeMap<StreamId, String> model = new TreeMap<>();
        long ms = 1;
        for (int i = 0; i < 2000; i++) {
            ms += rnd.nextInt(3);
            StreamId next = s.nextId(id(ms, 0), false, 0);
            String v = Integer.toString(rnd.nextInt(1000));
            s.append(next, fields("f", v), 0, 1, MAX_BYTES, 7);
            model.put(next, next + " f " + v);
            ms = next.ms();
        }
        List<StreamId> all = new ArrayList<>(model.keySet());
        for (int i = 0; i < 500; i++) {
            StreamId victim = all.get(rnd.nextInt(all.size()));
            boolean had = model.remove(victim) != null;
            assertEquals(had ? 1 : 0, s.delete(new StreamId[] {victim}));
        }
        assertEquals(model.size(), s.length());
        for (int i = 0; i < 300; i++) {
            StreamId x = all.get(rnd.nextInt(all.size()));
            StreamId y = all.get(rnd.nextInt(all.size()));
            if (rnd.nextBoolean()) {
                x = new StreamId(x.ms(), rnd.nextBoolean() ? 0 : -1L);
            }
            StreamId lo = x.compareTo(y) <= 0 ? x : y;
            StreamId hi = x.compareTo(y) <= 0 ? y : x;
            List<String> expected = new ArrayList<>(model.subMap(lo, true, hi, true).values());
            assertEquals(expected, dump(s, lo, hi, false));
            List<String> reversed = new ArrayList<>(expected.reversed());
            assertEquals(reversed, dump(s, lo, hi, true));
        }
        assertEquals(model.firstKey(), s.firstId());
        assertEquals(model.lastKey(), s.lastLiveId());
        for (StreamId x : all) {
            assertEquals(model.containsKey(x), s.contains(x));
        }
    }

    @Test
    void exactTrimLeavesTombstonesApproximateTrimDropsWholeNodesOnly() {
        Stream s = new Stream();
        for (int i = 1; i <= 10; i++) {
            add(s, i, 0, 4, "f", "v");
        }
        assertEquals(0, s.trim(Stream.Trim.MAXLEN, 7, null, true, 0), "the first node holds 4: dropping it leaves 6 < 7");
        assertEquals(4, s.trim(Stream.Trim.MAXLEN, 6, null, true, 0));
        assertEquals(2, s.nodeCount());
        assertEquals(1, s.trim(Stream.Trim.MAXLEN, 5, null, false, 0));
        assertEquals(2, s.nodeCount(), "the deleted entry stays as a tombstone in its node");
        assertEquals(id(6, 0), s.firstId());
        assertEquals(2, s.trim(Stream.Trim.MINID, 0, id(8, 0), false, 0));
        assertEquals(id(8, 0), s.firstId());
        assertEquals(1, s.trim(Stream.Trim.MINID, 0, id(10, 0), true, 0),
                "node 5..8 (only 8 live) ends below 10 and goes; node 9..10 does not");
        assertEquals(0, s.trim(Stream.Trim.MAXLEN, 0, null, true, 1), "LIMIT 1 forbids dropping a node of 2");
        assertEquals(2, s.length());
        assertEquals(2, s.trim(Stream.Trim.MAXLEN, 0, null, false, 0));
        assertEquals(StreamId.MIN, s.firstId());
        assertEquals(id(10, 0), s.lastId(), "the last ID survives");
    }

    @Test
    void radixTreeNodeCountForSimpleShapes() {
        Stream s = new Stream();
        assertEquals(1, s.radixTreeNodes());
        add(s, 1, 0, 1, "f", "v");
        assertEquals(2, s.radixTreeNodes(), "one compressed chain of 16 bytes and the key");
        add(s, 2, 0, 1, "f", "v");
        // Chain of 7 shared bytes, a branching node, two 8-byte chains, two keys.
        assertEquals(6, s.radixTreeNodes());
    }

    @Test
    void groupsTrackPendingEntriesAndConsumers() {
        Stream s = new Stream();
        for (int i = 1; i <= 3; i++) {
            add(s, i, 0, 100, "f", "v");
        }
        ConsumerGroup g = s.createGroup("g".getBytes(US_ASCII), StreamId.MIN, 0);
        assertNull(s.createGroup("g".getBytes(US_ASCII), StreamId.MIN, 0));
        Consumer a = g.createConsumer("a".getBytes(US_ASCII), 10);
        Consumer b = g.createConsumer("b".getBytes(US_ASCII), 10);
        for (int i = 1; i <= 3; i++) {
            g.advanceTo(i, 0);
            g.deliver(id(i, 0), a, 20);
        }
        assertEquals(3, g.entriesRead());
        assertEquals(0, s.lag(g));
        assertEquals(3, a.pending().size());
        // Delivered again to b (after a SETID): moves with a fresh count.
        Nack n = g.deliver(id(2, 0), b, 30);
        assertEquals(1, n.deliveryCount());
        assertEquals(2, a.pending().size());
        assertEquals(1, b.pending().size());
        assertTrue(g.acknowledge(id(1, 0)));
        assertFalse(g.acknowledge(id(1, 0)));
        assertEquals(1, g.deleteConsumer(a));
        assertEquals(1, g.pending().size());
        assertEquals(List.of("b"), g.consumers().stream().map(c -> new String(c.name(), US_ASCII)).toList());
    }

    @Test
    void memoryCountIsKeptExactAcrossChanges() {
        Stream s = new Stream();
        long empty = s.memoryUsage();
        for (int i = 1; i <= 500; i++) {
            add(s, i, 0, 10, "field", "value" + i);
        }
        ConsumerGroup g = s.createGroup("g".getBytes(US_ASCII), StreamId.MIN, 0);
        Consumer c = g.createConsumer("c".getBytes(US_ASCII), 0);
        for (int i = 1; i <= 100; i++) {
            g.deliver(id(i, 0), c, 0);
        }
        long full = s.memoryUsage();
        assertTrue(full > empty + 500 * 20);
        Stream copy = s.copy();
        assertEquals(full, copy.memoryUsage());
        s.trim(Stream.Trim.MAXLEN, 0, null, false, 0);
        s.trim(Stream.Trim.MAXLEN, 0, null, true, 0);
        g.deleteConsumer(c);
        s.destroyGroup("g".getBytes(US_ASCII));
        assertEquals(0, s.nodeCount());
        assertEquals(empty, s.memoryUsage(), "everything given back");
        assertEquals(full, copy.memoryUsage(), "the copy is independent");
        assertEquals(500, copy.length());
        assertEquals(100, copy.group("g".getBytes(US_ASCII)).pending().size());
    }

    @Test
    void copiedGroupsPointAtTheirOwnConsumers() {
        Stream s = new Stream();
        add(s, 1, 0, 100, "f", "v");
        ConsumerGroup g = s.createGroup("g".getBytes(US_ASCII), StreamId.MIN, 0);
        Consumer c = g.createConsumer("c".getBytes(US_ASCII), 0);
        g.deliver(id(1, 0), c, 5);
        Stream copy = s.copy();
        ConsumerGroup g2 = copy.group("g".getBytes(US_ASCII));
        Consumer c2 = g2.consumer("c".getBytes(US_ASCII));
        assertTrue(c2 != c);
        assertTrue(g2.pending().get(id(1, 0)).consumer() == c2);
        assertArrayEquals(c.name(), c2.name());
        g2.acknowledge(id(1, 0));
        assertEquals(1, g.pending().size());
    }
}
