package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** maxmemory with every policy: evictions keep memory under the limit, noeviction answers OOM. */
class MaxmemoryIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long field(RespClient c, String name) throws Exception {
        Map<String, String> f = InfoIT.fields(c.call("INFO", "all").text());
        return Long.parseLong(f.get(name));
    }

    @Test
    void everyEvictingPolicyKeepsMemoryUnderTheLimit() throws Exception {
        for (String policy : new String[] {"allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru",
                "volatile-lfu", "volatile-random", "volatile-ttl"}) {
            try (RespClient c = server.client()) {
                c.call("CONFIG", "SET", "maxmemory", "0");
                c.call("FLUSHALL");
                long base = field(c, "used_memory");
                long limit = base + 200_000;
                assertEquals("OK", c.call("CONFIG", "SET", "maxmemory", Long.toString(limit),
                        "maxmemory-policy", policy).text());
                long evictedBefore = field(c, "evicted_keys");
                boolean volatileOnly = policy.startsWith("volatile");
                String value = "v".repeat(200);
                for (int i = 0; i < 3000; i++) {
                    RespValue r = volatileOnly
                            ? c.call("SET", "key:" + i, value, "EX", Integer.toString(1000 + i))
                            : c.call("SET", "key:" + i, value);
                    assertEquals("OK", r.text(), policy + " at key " + i);
                }
                long used = field(c, "used_memory");
                long evicted = field(c, "evicted_keys") - evictedBefore;
                assertTrue(evicted > 0, policy + ": nothing evicted");
                assertTrue(used <= limit + 2000, policy + ": used " + used + " > limit " + limit);
                assertTrue(c.call("DBSIZE").integer() < 3000, policy);
                assertEquals(1, c.call("EXISTS", "key:2999").integer(), policy + ": the newest key stays");
            }
        }
    }

    @Test
    void volatilePolicyWithoutVolatileKeysAnswersOom() throws Exception {
        try (RespClient c = server.client()) {
            c.call("CONFIG", "SET", "maxmemory", "0");
            c.call("FLUSHALL");
            long limit = field(c, "used_memory") + 50_000;
            c.call("CONFIG", "SET", "maxmemory", Long.toString(limit), "maxmemory-policy", "volatile-lru");
            RespValue last = null;
            for (int i = 0; i < 2000 && (last == null || !last.isError()); i++) {
                last = c.call("SET", "p:" + i, "v".repeat(200));
            }
            assertEquals("OOM command not allowed when used memory > 'maxmemory'.", last.text());
            c.call("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction");
        }
    }

    @Test
    void noevictionAnswersOomButAllowsReadsAndDeletes() throws Exception {
        try (RespClient c = server.client()) {
            c.call("CONFIG", "SET", "maxmemory", "0");
            c.call("FLUSHALL");
            long limit = field(c, "used_memory") + 100_000;
            c.call("CONFIG", "SET", "maxmemory", Long.toString(limit), "maxmemory-policy", "noeviction");
            long evictedBefore = field(c, "evicted_keys");
            int written = 0;
            RespValue r = null;
            for (int i = 0; i < 5000; i++) {
                r = c.call("SET", "n:" + i, "v".repeat(200));
                if (r.isError()) {
                    break;
                }
                written++;
            }
            assertEquals("OOM command not allowed when used memory > 'maxmemory'.", r.text());
            assertTrue(written > 10 && written < 5000, "written " + written);
            assertEquals("v".repeat(200), c.call("GET", "n:0").text());
            assertEquals(1, c.call("DEL", "n:0").integer());
            assertEquals(evictedBefore, field(c, "evicted_keys"));
            assertTrue(InfoIT.fields(c.call("INFO", "errorstats").text()).get("errorstat_OOM").startsWith("count="));
            c.call("CONFIG", "SET", "maxmemory", "0");
            assertEquals("OK", c.call("SET", "after", "1").text());
        }
    }

    /**
     * The running shard has nothing the policy may evict, another shard has: that key is evicted
     * before the command runs (the command does not fail), and a client tracking it hears of the
     * eviction before the command's reply, as Valkey orders it.
     */
    @Test
    void evictsFromAnotherShardBeforeTheCommandRuns() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", "4")) {
            // Connections are spread over the shards' threads: four of them run the command both
            // inline (the big key's shard is home) and handed off to another shard.
            for (int i = 0; i < 4; i++) {
                try (RespClient c = s.client()) {
                    evictsFromAnotherShard(c);
                }
            }
        }
    }

    private static void evictsFromAnotherShard(RespClient c) throws Exception {
        c.call("CONFIG", "SET", "maxmemory", "0");
        c.call("FLUSHALL");
        String big = MultiShardAtomicityIT.onShard("big:", 0);
        String vol = MultiShardAtomicityIT.onShard("vol:", 1);
        c.call("HELLO", "3");
        c.call("CLIENT", "TRACKING", "on");
        assertEquals("OK", c.call("SETEX", vol, "10000", "x").text());
        assertEquals("x", c.call("GET", vol).text());
        long evictedBefore = field(c, "evicted_keys");
        long limit = field(c, "used_memory") + 100_000;
        c.call("CONFIG", "SET", "maxmemory", Long.toString(limit), "maxmemory-policy", "volatile-random");
        assertEquals(0, c.call("SETBIT", big, "1600000", "0").integer()); // 200 kB: over the limit now
        // A pipeline: GETBIT finds memory full; the PING after it must still be answered after it.
        c.send("GETBIT".getBytes(UTF_8), big.getBytes(UTF_8), "0".getBytes(UTF_8));
        c.send("GET".getBytes(UTF_8), big.getBytes(UTF_8));
        c.send("PING".getBytes(UTF_8));
        assertEquals(">[$\"invalidate\", *[$\"" + vol + "\"]]", c.read().toString());
        assertEquals(":0", c.read().toString());
        assertEquals(200_001, c.read().text().length());
        assertEquals("PONG", c.read().text());
        assertEquals(0, c.call("EXISTS", vol).integer());
        assertEquals(evictedBefore + 1, field(c, "evicted_keys"));
        // Nothing left that volatile-random may evict, on any shard: OOM for commands that may grow memory.
        assertEquals("OOM command not allowed when used memory > 'maxmemory'.",
                c.call("SET", MultiShardAtomicityIT.onShard("k:", 2), "v").text());
        assertEquals(1, c.call("EXISTS", big).integer());
        c.call("CONFIG", "SET", "maxmemory", "0");
    }
}
