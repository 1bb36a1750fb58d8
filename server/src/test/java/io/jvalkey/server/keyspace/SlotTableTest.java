package io.jvalkey.server.keyspace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotTableTest {
    private static byte[] key(int i) {
        return ("key:" + i).getBytes(UTF_8);
    }

    @Test
    void behavesLikeAMapThroughGrowthAndShrinking() {
        SlotTable t = new SlotTable();
        Map<String, Integer> model = new HashMap<>();
        Random rnd = new Random(42);
        for (int op = 0; op < 200_000; op++) {
            int k = rnd.nextInt(op < 100_000 ? 20_000 : 2_000);
            byte[] key = key(k);
            if (rnd.nextInt(3) == 0) {
                assertThat(t.remove(key)).isEqualTo(model.remove("key:" + k) != null);
            } else if (t.find(key) == null) {
                t.insert(key, k, -1);
                model.put("key:" + k, k);
            }
            if (op % 997 == 0) {
                assertThat(t.size()).isEqualTo(model.size());
            }
        }
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            assertThat(t.find(e.getKey().getBytes(UTF_8)).value()).isEqualTo(e.getValue());
        }
        // Shrunk back down after most keys went away.
        assertThat(t.buckets()).isLessThan(8 * Math.max(model.size(), 4) + 1);
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutWhileTheTableResizes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            SlotTable t = new SlotTable();
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                t.insert(key(i), i, -1);
                stable.add("key:" + i);
            }
            Set<String> seen = new HashSet<>();
            java.util.List<Integer> churnKeys = new java.util.ArrayList<>();
            int nextChurn = 1_000_000;
            long cursor = 0;
            int steps = 0;
            do {
                cursor = t.scan(cursor, e -> seen.add(new String(e.key(), UTF_8)));
                // Grow and shrink underneath the scan (between 0 and 3000 extra keys, so the
                // table passes through several sizes) with keys outside the stable set.
                int target = (steps / 40) % 2 == 0 ? 3000 : 0;
                for (int j = 0; j < 100; j++) {
                    if (churnKeys.size() < target) {
                        t.insert(key(nextChurn), 0, -1);
                        churnKeys.add(nextChurn++);
                    } else if (!churnKeys.isEmpty() && churnKeys.size() > target) {
                        int victim = churnKeys.remove(rnd.nextInt(churnKeys.size()));
                        assertThat(t.remove(key(victim))).isTrue();
                    }
                }
                steps++;
                assertThat(steps).as("scan must terminate").isLessThan(100_000);
            } while (cursor != 0);
            assertThat(seen).containsAll(stable);
        }
    }

    @Test
    void expiryChangesKeepTheVolatileCount() {
        SlotTable t = new SlotTable();
        Entry e = t.insert(key(1), "v", -1);
        assertThat(t.volatileCount()).isZero();
        e = t.setExpire(e, 123);
        assertThat(t.volatileCount()).isEqualTo(1);
        assertThat(t.find(key(1)).expireAt()).isEqualTo(123);
        t.setExpire(e, -1);
        assertThat(t.volatileCount()).isZero();
        assertThat(t.find(key(1)).expireAt()).isEqualTo(-1);
        t.remove(key(1));
        assertThat(t.size()).isZero();
    }
}
