package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.cluster.SlotHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Commands over keys on different shards must be atomic and must never deadlock. With 4 shards,
 * writer threads run MSET / RENAME / DEL / COPY over keys placed on different shards while
 * reader threads check invariants that any torn (half-applied) command would break. Single-shard
 * commands on the same keys run meanwhile, so hand-offs and barriers interleave. Every loop is
 * bounded and every thread must finish within a deadline.
 */
class MultiShardAtomicityIT {
    private static final int SHARDS = 4;
    private static final int ROUNDS = 300;

    /** A key name starting with {@code prefix} whose slot belongs to {@code shard}. */
    static String onShard(String prefix, int shard) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (SlotHash.slot(k.getBytes(UTF_8)) % SHARDS == shard) {
                return k;
            }
        }
    }

    /** {@code n} key names per shard, interleaved shard by shard. */
    static List<String> spread(String prefix, int perShard) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < perShard; i++) {
            for (int shard = 0; shard < SHARDS; shard++) {
                keys.add(onShard(prefix + i + ":", shard));
            }
        }
        return keys;
    }

    private static String[] cmd(String name, List<String> keys, String value) {
        List<String> args = new ArrayList<>(List.of(name));
        for (String k : keys) {
            args.add(k);
            if (value != null) {
                args.add(value);
            }
        }
        return args.toArray(new String[0]);
    }

    /**
     * Writers and readers name their keys in different orders, so that if a multi-shard
     * command ever ran on one shard's thread without holding the others, reader and writer
     * would run on different threads and see each other half-done.
     */
    @Test
    void crossShardCommandsAreAtomicAndNeverDeadlock() throws Exception {
        List<String> pair = spread("pair", 10);
        List<String> pairReversed = new ArrayList<>(pair);
        java.util.Collections.reverse(pairReversed);
        String x = onShard("token:x", 2);
        String y = onShard("token:y", 3);
        List<String> group = spread("g", 10);
        List<String> groupReversed = new ArrayList<>(group);
        java.util.Collections.reverse(groupReversed);
        String src = onShard("src", 1);
        String dst = onShard("dst", 3);

        try (ServerProcess s = ServerProcess.jvalkey("--shards", Integer.toString(SHARDS)); RespClient setup = s.client()) {
            assertEquals("OK", setup.call(cmd("MSET", pair, "0")).text());
            assertEquals("OK", setup.call("MSET", src, "0", dst, "0").text());
            assertEquals("OK", setup.call("SET", x, "the-token").text());

            List<Callable<Void>> tasks = new ArrayList<>();
            // MSET over all shards vs MGET in the opposite order: all values always equal.
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 1; i <= ROUNDS; i++) {
                        assertEquals("OK", c.call(cmd("MSET", pair, Integer.toString(i))).text());
                    }
                }
                return null;
            });
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        Set<String> values = new HashSet<>();
                        c.call(cmd("MGET", pairReversed, null)).items().forEach(v -> values.add(v.text()));
                        assertEquals(1, values.size(), "MSET seen half-applied: " + values);
                    }
                }
                return null;
            });
            // A token renamed back and forth between two shards by two clients: exactly one exists.
            for (String[] dir : new String[][] {{x, y}, {y, x}}) {
                tasks.add(() -> {
                    try (RespClient c = s.client()) {
                        for (int i = 0; i < ROUNDS; i++) {
                            RespValue r = c.call("RENAME", dir[0], dir[1]);
                            assertTrue(r.text().equals("OK") || r.text().equals("ERR no such key"), r.toString());
                        }
                    }
                    return null;
                });
            }
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        String first = i % 2 == 0 ? x : y;
                        String second = i % 2 == 0 ? y : x;
                        assertEquals(1, c.call("EXISTS", first, second).integer(), "RENAME seen half-applied");
                        List<RespValue> v = c.call("MGET", second, first).items();
                        assertEquals(1, (v.get(0).isNull() ? 0 : 1) + (v.get(1).isNull() ? 0 : 1));
                    }
                }
                return null;
            });
            // Keys on all shards created and deleted together: EXISTS sees all or none.
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS / 2; i++) {
                        assertEquals("OK", c.call(cmd("MSET", group, Integer.toString(i))).text());
                        assertEquals(group.size(), c.call(cmd("DEL", group, null)).integer());
                    }
                }
                return null;
            });
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        long n = c.call(cmd("EXISTS", groupReversed, null)).integer();
                        assertTrue(n == 0 || n == group.size(), "DEL or MSET seen half-applied: " + n);
                    }
                }
                return null;
            });
            // src only grows (single-shard INCR); COPY src dst REPLACE: dst can never pass src.
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        c.call("INCR", src);
                        assertEquals(1, c.call("COPY", src, dst, "REPLACE").integer());
                    }
                }
                return null;
            });
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        List<RespValue> v = c.call("MGET", dst, src).items();
                        long dstV = Long.parseLong(v.get(0).text());
                        long srcV = Long.parseLong(v.get(1).text());
                        assertTrue(dstV <= srcV, "dst " + dstV + " > src " + srcV);
                    }
                }
                return null;
            });

            Concurrently.run(tasks, 180);

            Set<String> last = new HashSet<>();
            setup.call(cmd("MGET", pair, null)).items().forEach(v -> last.add(v.text()));
            assertEquals(Set.of(Integer.toString(ROUNDS)), last);
            assertEquals(1, setup.call("EXISTS", x, y).integer());
            assertEquals(0, setup.call(cmd("EXISTS", group, null)).integer());
            assertEquals(setup.call("GET", src), setup.call("GET", dst));
            assertTrue(s.isAlive());
        }
    }
}
