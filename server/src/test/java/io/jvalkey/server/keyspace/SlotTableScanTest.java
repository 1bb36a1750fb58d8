package io.jvalkey.server.keyspace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCAN's guarantee at the level of one slot table: a key present from the first to the last
 * step is returned at least once, even while the table grows, shrinks and is mid-rehash between
 * steps, and the iteration always ends.
 */
class SlotTableScanTest {
    private static byte[] key(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void quietTableIsCoveredExactlyOnce() {
        SlotTable t = new SlotTable();
        for (int i = 0; i < 1000; i++) {
            t.insert(key("k" + i), "v", -1);
        }
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = t.scan(cursor, e -> seen.add(new String(e.key(), UTF_8)));
            steps++;
        } while (cursor != 0 && steps < 100_000);
        assertEquals(0, cursor);
        assertEquals(1000, seen.size(), "no duplicates without resizes");
        assertEquals(1000, new HashSet<>(seen).size());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void keysPresentThroughoutAreReturnedWhileTheTableResizes(long seed) {
        Random rnd = new Random(seed);
        SlotTable t = new SlotTable();
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            stable.add("s" + i);
            t.insert(key("s" + i), "v", -1);
        }
        List<String> churn = new ArrayList<>();
        int next = 0;
        int resizesSeen = 0;
        boolean grow = true;
        for (int round = 0; round < 10; round++) {
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int steps = 0;
            int bucketsBefore = t.buckets();
            do {
                cursor = t.scan(cursor, e -> seen.add(new String(e.key(), UTF_8)));
                // Between steps, swing the size between 0 and 3000 extra keys, so the table
                // doubles and halves several times during one iteration.
                int ops = rnd.nextInt(50);
                for (int i = 0; i < ops; i++) {
                    if (grow) {
                        String k = "c" + next++;
                        churn.add(k);
                        t.insert(key(k), "v", -1);
                        grow = churn.size() < 3000;
                    } else {
                        String k = churn.remove(churn.size() - 1);
                        assertTrue(t.remove(key(k)));
                        grow = churn.isEmpty();
                    }
                }
                if (t.buckets() != bucketsBefore) {
                    resizesSeen++;
                    bucketsBefore = t.buckets();
                }
                steps++;
            } while (cursor != 0 && steps < 1_000_000);
            assertEquals(0, cursor, "iteration must end");
            Set<String> missing = new HashSet<>(stable);
            missing.removeAll(seen);
            assertTrue(missing.isEmpty(), "round " + round + " missed " + missing);
        }
        assertTrue(resizesSeen > 20, "the test must really resize the table: " + resizesSeen);
    }
}
