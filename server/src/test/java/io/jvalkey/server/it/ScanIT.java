package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCAN over a real server: complete iterations, filters, expired keys, and Valkey's guarantee
 * that a key present for the whole iteration is returned at least once while other clients add
 * and remove thousands of keys (growing and shrinking the slot tables mid-scan).
 */
class ScanIT {
    /** Runs SCAN to the end; returns every name returned (duplicates kept). */
    static List<String> fullScan(RespClient c, String... options) throws IOException {
        List<String> names = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> args = new ArrayList<>(List.of("SCAN", cursor));
            args.addAll(List.of(options));
            RespValue r = c.call(args.toArray(new String[0]));
            assertEquals('*', r.type(), () -> "SCAN reply " + r);
            cursor = r.items().get(0).text();
            for (RespValue v : r.items().get(1).items()) {
                names.add(v.text());
            }
            assertTrue(++calls < 1_000_000, "SCAN never finished");
        } while (!cursor.equals("0"));
        return names;
    }

    private static void msetBatch(RespClient c, List<String> keys) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("MSET");
        for (String k : keys) {
            args.add(k);
            args.add("v");
        }
        assertEquals("OK", c.call(args.toArray(new String[0])).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void quietDatabaseIsCoveredExactlyOnce(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards); RespClient c = s.client()) {
            Set<String> all = new HashSet<>();
            for (int batch = 0; batch < 10; batch++) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    keys.add("key:" + batch + ":" + i);
                }
                // also a crowded slot, so one table holds thousands of keys
                for (int i = 0; i < 100; i++) {
                    keys.add("{hot}" + batch + ":" + i);
                }
                msetBatch(c, keys);
                all.addAll(keys);
            }
            for (String count : new String[] {"2", "10", "97", "1000", "100000"}) {
                List<String> names = fullScan(c, "COUNT", count);
                assertEquals(all.size(), names.size(), "COUNT " + count + ": no duplicates without resizes");
                assertEquals(all, new HashSet<>(names), "COUNT " + count);
            }
            // MATCH and TYPE filter the same iteration; MATCH agrees with KEYS.
            Set<String> hot = new HashSet<>(fullScan(c, "MATCH", "{hot}*", "COUNT", "50"));
            assertEquals(1000, hot.size());
            Set<String> keysHot = new HashSet<>();
            c.call("KEYS", "{hot}*").items().forEach(v -> keysHot.add(v.text()));
            assertEquals(keysHot, hot);
            assertEquals(all, new HashSet<>(fullScan(c, "TYPE", "string", "COUNT", "300")));
            assertTrue(fullScan(c, "TYPE", "hash").isEmpty());
            assertEquals(Set.of("key:7:7"), new HashSet<>(fullScan(c, "MATCH", "key:7:7")));
        }
    }

    @Test
    void expiredKeysAreNeverReturned() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--hz", "1"); RespClient c = s.client()) {
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                keep.add("keep:" + i);
            }
            msetBatch(c, keep);
            for (int i = 0; i < 2000; i++) {
                c.send(b("SET"), b("gone:" + i), b("v"), b("PX"), b(Integer.toString(20 + i % 50)));
            }
            for (int i = 0; i < 2000; i++) {
                assertEquals("OK", c.read().text());
            }
            Thread.sleep(150);
            List<String> names = fullScan(c, "COUNT", "7");
            assertEquals(new HashSet<>(keep), new HashSet<>(names));
            assertEquals(300, c.call("DBSIZE").integer(), "SCAN deletes the expired keys it meets");
            assertTrue(c.call("KEYS", "gone:*").items().isEmpty());
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /**
     * While one client scans, others add and delete thousands of keys in a crowded slot and
     * across all slots (so tables double and halve mid-iteration). Every key that exists
     * throughout must come back in every full iteration.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void keysPresentThroughoutAreAlwaysReturned(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards); RespClient setup = s.client()) {
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 1500; i++) {
                stable.add("stable:" + i);
                stable.add("{crowd}stable:" + i);
            }
            msetBatch(setup, new ArrayList<>(stable));

            AtomicBoolean done = new AtomicBoolean();
            AtomicLong churnOps = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> churners = new ArrayList<>();
                for (String prefix : new String[] {"{crowd}churn:", "churn:"}) {
                    churners.add(pool.submit(() -> {
                        try (RespClient c = s.client()) {
                            Random rnd = new Random(prefix.hashCode());
                            // Bounded: at most 4000 waves even if the scanner were slow.
                            for (int wave = 0; wave < 4000 && !done.get(); wave++) {
                                int n = 500 + rnd.nextInt(3000);
                                List<String> keys = new ArrayList<>();
                                for (int i = 0; i < n; i++) {
                                    keys.add(prefix + wave + ":" + i);
                                }
                                for (int i = 0; i < n; i += 250) {
                                    msetBatch(c, keys.subList(i, Math.min(n, i + 250)));
                                }
                                for (int i = 0; i < n; i += 250) {
                                    List<String> del = new ArrayList<>(List.of("DEL"));
                                    del.addAll(keys.subList(i, Math.min(n, i + 250)));
                                    c.call(del.toArray(new String[0]));
                                }
                                churnOps.addAndGet(2L * n);
                            }
                        }
                        return null;
                    }));
                }
                Future<?> scanner = pool.submit(() -> {
                    try (RespClient c = s.client()) {
                        Random rnd = new Random(7);
                        for (int round = 0; round < 4; round++) {
                            Set<String> seen = new HashSet<>(fullScan(c, "COUNT", Integer.toString(5 + rnd.nextInt(40))));
                            Set<String> missing = new HashSet<>(stable);
                            missing.removeAll(seen);
                            assertTrue(missing.isEmpty(), "round " + round + " missed " + missing.size() + " keys, e.g. "
                                    + missing.stream().limit(5).toList());
                        }
                    } finally {
                        done.set(true);
                    }
                    return null;
                });
                scanner.get(240, TimeUnit.SECONDS);
                for (Future<?> f : churners) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                done.set(true);
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            }
            assertTrue(churnOps.get() > 10_000, "churn must really happen during the scans: " + churnOps.get());
            assertEquals(stable.size(), setup.call("DBSIZE").integer(), "only churn keys were deleted");
        }
    }
}
