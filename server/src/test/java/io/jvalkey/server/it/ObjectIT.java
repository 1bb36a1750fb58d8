package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * OBJECT IDLETIME / FREQ / REFCOUNT where they depend on time or on the eviction policy, so the
 * differential scripts (default policy, no waiting) cannot cover them.
 */
class ObjectIT {
    private static long idle(RespClient c, String key) throws Exception {
        return c.call("OBJECT", "IDLETIME", key).integer();
    }

    @Test
    void idleTimeCountsFromTheLastRealAccess() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", "2"); RespClient c = s.client()) {
            for (String k : new String[] {"quiet", "peeked", "touched", "read", "notouch", "renamed", "moved", "copied", "expired", "expired-nt"}) {
                assertEquals("OK", c.call("SET", k, "v").text());
            }
            Thread.sleep(2200);
            assertTrue(idle(c, "quiet") >= 2);
            // OBJECT itself and lookups that don't count as use leave the idle time alone
            c.call("EXISTS", "peeked");
            c.call("TYPE", "peeked");
            c.call("TTL", "peeked");
            c.call("OBJECT", "ENCODING", "peeked");
            assertTrue(idle(c, "peeked") >= 2);
            assertTrue(idle(c, "quiet") >= 2);
            c.call("TOUCH", "touched");
            assertTrue(idle(c, "touched") <= 1);
            c.call("GET", "read");
            assertTrue(idle(c, "read") <= 1);
            assertEquals(1, c.call("EXPIRE", "expired", "100").integer());
            assertTrue(idle(c, "expired") <= 1, "a write lookup is an access");
            // CLIENT NO-TOUCH: reads don't count, TOUCH still does
            assertEquals("OK", c.call("CLIENT", "NO-TOUCH", "ON").text());
            c.call("GET", "notouch");
            assertTrue(idle(c, "notouch") >= 2);
            assertEquals(1, c.call("EXPIRE", "expired-nt", "100").integer());
            assertTrue(idle(c, "expired-nt") >= 2, "writes honour NO-TOUCH too");
            c.call("TOUCH", "notouch");
            assertTrue(idle(c, "notouch") <= 1);
            assertEquals("OK", c.call("CLIENT", "NO-TOUCH", "OFF").text());
            // Valkey adds a renamed, moved or copied value afresh: its idle time restarts
            assertEquals("OK", c.call("RENAME", "renamed", "renamed2").text());
            assertTrue(idle(c, "renamed2") <= 1);
            assertEquals(1, c.call("MOVE", "moved", "1").integer());
            assertEquals(1, c.call("COPY", "copied", "copy2").integer());
            assertTrue(idle(c, "copy2") <= 1);
            c.call("SELECT", "1");
            assertTrue(idle(c, "moved") <= 1);
        }
    }

    /** LFU policy with maxmemory set: compared with redis-server started the same way. */
    @Test
    void lfuPolicyTracksFrequencyAsRedis() throws Exception {
        // no decay, so a minute boundary during the test cannot change the counters
        String[] args = {"--maxmemory", "100mb", "--maxmemory-policy", "allkeys-lfu", "--lfu-decay-time", "0"};
        try (ServerProcess redis = ServerProcess.redis(args); ServerProcess ours = ServerProcess.jvalkey(args);
                RespClient r = redis.client(); RespClient o = ours.client()) {
            String[][] script = {
                {"FLUSHALL"},
                {"SET", "f", "hello"},
                {"OBJECT", "FREQ", "f"},
                {"GET", "f"},
                {"OBJECT", "FREQ", "f"},
                {"OBJECT", "FREQ", "nokey"},
                {"OBJECT", "IDLETIME", "f"},
                {"OBJECT", "IDLETIME", "nokey"},
                {"SET", "n", "100"},
                {"OBJECT", "ENCODING", "n"},
                // no shared integers when every key needs its own LFU data
                {"OBJECT", "REFCOUNT", "n"},
                {"OBJECT", "REFCOUNT", "f"},
            };
            for (String[] cmd : script) {
                RespValue expected = r.call(cmd);
                RespValue actual = o.call(cmd);
                assertEquals(expected, actual, String.join(" ", cmd));
            }
            assertEquals(5, o.call("OBJECT", "FREQ", "n").integer(), "new keys start at LFU_INIT_VAL");
            // RENAME re-adds the value, restarting its counter (Valkey; Redis 7.0 kept it)
            o.call("GET", "f");
            assertTrue(o.call("OBJECT", "FREQ", "f").integer() >= 6);
            assertEquals("OK", o.call("RENAME", "f", "g").text());
            assertEquals(5, o.call("OBJECT", "FREQ", "g").integer());
        }
    }

    /** With an LRU policy and maxmemory, small integers are private objects too. */
    @Test
    void lruPolicyWithMaxmemoryDisablesSharedIntegers() throws Exception {
        String[] args = {"--maxmemory", "100mb", "--maxmemory-policy", "volatile-lru"};
        try (ServerProcess redis = ServerProcess.redis(args); ServerProcess ours = ServerProcess.jvalkey(args);
                RespClient r = redis.client(); RespClient o = ours.client()) {
            String[][] script = {
                {"FLUSHALL"},
                {"SET", "n", "100"},
                {"OBJECT", "REFCOUNT", "n"},
                {"OBJECT", "ENCODING", "n"},
                {"OBJECT", "FREQ", "n"},
            };
            for (String[] cmd : script) {
                assertEquals(r.call(cmd), o.call(cmd), String.join(" ", cmd));
            }
            assertTrue(o.call("OBJECT", "IDLETIME", "n").integer() <= 1, "LRU policies track idle time");
        }
    }
}
