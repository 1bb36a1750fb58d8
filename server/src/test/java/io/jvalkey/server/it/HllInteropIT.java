package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A HyperLogLog is a string, so it must travel between servers with GET and SET: the same PFADD
 * sequence gives the same bytes in jvalkey and redis-server (sparse, across the promotion and
 * dense), a value made by redis-server and SET into jvalkey counts the same (and the reverse),
 * and both go on growing it identically.
 */
class HllInteropIT {
    private static ServerProcess redis;
    private static ServerProcess jvalkey;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
        jvalkey = ServerProcess.jvalkey();
    }

    @AfterAll
    static void stop() {
        ServerProcess.closeAll(redis, jvalkey);
    }

    private static String[] pfadd(String key, Random rnd, int n) {
        List<String> args = new ArrayList<>(List.of("PFADD", key));
        for (int i = 0; i < n; i++) {
            args.add("el:" + rnd.nextInt(1_000_000));
        }
        return args.toArray(new String[0]);
    }

    @Test
    void samePfaddSequenceGivesSameBytes() throws IOException {
        try (RespClient r = redis.client(); RespClient j = jvalkey.client()) {
            for (RespClient c : new RespClient[] {r, j}) {
                c.call("FLUSHALL");
                c.call("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
            }
            Random rnd = new Random(42);
            boolean sawSparse = false;
            boolean sawDense = false;
            for (int round = 0; round < 60; round++) {
                String[] cmd = pfadd("h", rnd, 1 + rnd.nextInt(round < 30 ? 20 : 400));
                assertEquals(r.call(cmd), j.call(cmd), "PFADD round " + round);
                RespValue enc = j.call("PFDEBUG", "ENCODING", "h");
                assertEquals(r.call("PFDEBUG", "ENCODING", "h"), enc);
                sawSparse |= enc.text().equals("sparse");
                sawDense |= enc.text().equals("dense");
                assertArrayEquals(r.call("GET", "h").data(), j.call("GET", "h").data(), "bytes after round " + round);
                if (round % 7 == 0) {
                    assertEquals(r.call("PFCOUNT", "h"), j.call("PFCOUNT", "h"));
                    assertArrayEquals(r.call("GET", "h").data(), j.call("GET", "h").data(), "cached count written back");
                }
            }
            assertEquals(true, sawSparse && sawDense, "the sequence crosses the sparse to dense promotion");
        }
    }

    @Test
    void valuesMoveBetweenServersWithGetAndSet() throws IOException {
        try (RespClient r = redis.client(); RespClient j = jvalkey.client()) {
            r.call("FLUSHALL");
            j.call("FLUSHALL");
            Random rnd = new Random(7);
            for (int size : new int[] {0, 1, 50, 1000, 20000}) {
                String key = "from-redis-" + size;
                r.call("PFADD", key);
                for (int done = 0; done < size; done += 500) {
                    r.call(pfadd(key, rnd, Math.min(500, size - done)));
                }
                byte[] made = r.call("GET", key).data();
                j.call("SET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8), made);
                assertEquals(r.call("PFCOUNT", key), j.call("PFCOUNT", key), "count of a redis-made HLL of " + size);
                assertArrayEquals(r.call("GET", key).data(), j.call("GET", key).data(), "cache written the same way");
                // Both go on from the same value identically.
                String[] more = pfadd(key, rnd, 300);
                assertEquals(r.call(more), j.call(more));
                assertArrayEquals(r.call("GET", key).data(), j.call("GET", key).data());

                // And the reverse: made by jvalkey, counted by redis-server.
                String back = "from-jvalkey-" + size;
                j.call("PFADD", back);
                for (int done = 0; done < size; done += 500) {
                    j.call(pfadd(back, rnd, Math.min(500, size - done)));
                }
                byte[] ours = j.call("GET", back).data();
                r.call("SET".getBytes(StandardCharsets.UTF_8), back.getBytes(StandardCharsets.UTF_8), ours);
                assertEquals(j.call("PFCOUNT", back), r.call("PFCOUNT", back), "redis counts a jvalkey-made HLL of " + size);
                assertEquals(r.call("PFCOUNT", key, back), j.call("PFCOUNT", key, back));
            }
        }
    }
}
