package io.jvalkey.server.it;

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
}
