package io.jvalkey.server.types;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BytesTableTest {
    /** A table with a value array, to check the hooks keep values beside their keys. */
    static final class Map extends BytesTable {
        String[] values = new String[0];

        void put(String k, String v) {
            int i = addIfAbsent(k.getBytes(UTF_8));
            values[i < 0 ? -i - 1 : i] = v;
        }

        String get(String k) {
            int i = find(k.getBytes(UTF_8));
            return i < 0 ? null : values[i];
        }

        @Override
        protected void resizeValues(int capacity) {
            values = java.util.Arrays.copyOf(values, capacity);
        }

        @Override
        protected void moveValue(int from, int to) {
            values[to] = values[from];
        }

        @Override
        protected void clearValue(int index) {
            if (index < values.length) {
                values[index] = null;
            }
        }
    }

    @Test
    void addFindRemoveKeepValuesWithTheirKeys() {
        Map m = new Map();
        Random rnd = new Random(7);
        java.util.Map<String, String> model = new java.util.HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            String k = "k" + rnd.nextInt(5000);
            if (rnd.nextInt(3) == 0) {
                assertEquals(model.remove(k) != null, m.remove(k.getBytes(UTF_8)));
            } else {
                String v = "v" + step;
                model.put(k, v);
                m.put(k, v);
            }
            if (step % 10_000 == 0) {
                assertEquals(model.size(), m.size());
                for (var e : model.entrySet()) {
                    assertEquals(e.getValue(), m.get(e.getKey()));
                }
            }
        }
        for (int i = 0; i < m.size(); i++) {
            assertEquals(model.get(new String(m.keyAt(i), UTF_8)), m.values[i]);
        }
    }

    @Test
    void scanReturnsEveryStableElementAcrossGrowthAndShrinking() {
        BytesTable t = new BytesTable();
        for (int i = 0; i < 1000; i++) {
            t.addIfAbsent(("stable" + i).getBytes(UTF_8));
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int round = 0;
        List<byte[]> churn = new ArrayList<>();
        do {
            cursor = t.scan(cursor, 10, i -> seen.add(new String(t.keyAt(i), UTF_8)));
            // Alternate heavy growth and heavy shrinking between steps.
            if (round++ % 20 < 10) {
                for (int i = 0; i < 500; i++) {
                    byte[] k = ("churn" + round + ":" + i).getBytes(UTF_8);
                    t.addIfAbsent(k);
                    churn.add(k);
                }
            } else {
                for (byte[] k : churn) {
                    t.remove(k);
                }
                churn.clear();
            }
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.contains("stable" + i), "missed stable" + i);
        }
    }

    @Test
    void memoryShrinksWhenEmptied() {
        BytesTable t = new BytesTable();
        long empty = t.memoryUsage();
        for (int i = 0; i < 10_000; i++) {
            t.addIfAbsent(("m" + i).getBytes(UTF_8));
        }
        assertTrue(t.memoryUsage() > 10_000 * 16);
        for (int i = 0; i < 10_000; i++) {
            t.remove(("m" + i).getBytes(UTF_8));
        }
        assertEquals(0, t.size());
        assertEquals(empty, t.memoryUsage());
    }
}
