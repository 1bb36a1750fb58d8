package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expiry on a real server: active expiry removes keys nobody touches, lazy expiry hides a key the
 * moment its time is up (whatever the active cycle has done), and TTLs survive RENAME, MOVE and
 * COPY across shards and databases.
 */
class ExpiryIT {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void activeExpiryRemovesUntouchedKeys(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards); RespClient c = s.client()) {
            int volatileKeys = 6000;
            long start = System.nanoTime();
            for (int i = 0; i < volatileKeys; i++) {
                // spread over all slots, plus a crowded slot and another database
                String key = i % 3 == 0 ? "{crowd}v:" + i : "v:" + i;
                c.send(b("SET"), b(key), b("x"), b("PX"), b(Integer.toString(1500 + i % 1000)));
            }
            for (int i = 0; i < volatileKeys; i++) {
                assertEquals("OK", c.read().text());
            }
            c.call("SELECT", "3");
            for (int i = 0; i < 500; i++) {
                c.send(b("SET"), b("db3:" + i), b("x"), b("PX"), b("1500"));
            }
            for (int i = 0; i < 500; i++) {
                assertEquals("OK", c.read().text());
            }
            assertEquals("OK", c.call("SET", "db3:keep", "x").text());
            c.call("SELECT", "0");
            for (int i = 0; i < 100; i++) {
                c.send(b("SET"), b("keep:" + i), b("x"));
                c.send(b("SET"), b("far:" + i), b("x"), b("EX"), b("1000"));
            }
            for (int i = 0; i < 200; i++) {
                assertEquals("OK", c.read().text());
            }
            long dbsize = c.call("DBSIZE").integer();
            if (System.nanoTime() - start < 1_400_000_000L) {
                // nothing can have expired yet (the shortest TTL is 1500 ms)
                assertEquals(volatileKeys + 200, dbsize);
            }
            // DBSIZE only reads counters: it deletes nothing, so a falling count is active expiry's work.
            long deadline = System.nanoTime() + 30_000_000_000L;
            long size;
            do {
                Thread.sleep(100);
                size = c.call("DBSIZE").integer();
            } while (size > 200 && System.nanoTime() < deadline);
            assertEquals(200, size, "active expiry must remove every expired key of db 0");
            c.call("SELECT", "3");
            deadline = System.nanoTime() + 20_000_000_000L;
            do {
                size = c.call("DBSIZE").integer();
                Thread.sleep(size > 1 ? 100 : 0);
            } while (size > 1 && System.nanoTime() < deadline);
            assertEquals(1, size, "and of other databases");
            c.call("SELECT", "0");
            assertEquals(100, c.call("EXISTS", "far:1", "far:2").integer() * 50);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void overwritingAnExpiredKeyCountsItAsExpired(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards, "--enable-debug-command", "local");
                RespClient c = s.client()) {
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            assertEquals("OK", c.call("SET", "k", "v", "PX", "50").text());
            Thread.sleep(150);
            assertEquals("OK", c.call("SET", "k", "fresh").text());
            assertEquals(-1, c.call("TTL", "k").integer());
            String stats = c.call("INFO", "stats").text();
            assertTrue(stats.contains("expired_keys:1\r\n"), stats);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void lazyExpiryHidesKeysOnTime(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards, "--hz", "1"); RespClient c = s.client()) {
            long start = System.nanoTime();
            assertEquals("OK", c.call("SET", "k", "v", "PX", "600").text());
            assertEquals("OK", c.call("SET", "{k}other", "v").text());
            long exists = c.call("EXISTS", "k").integer();
            long pttl = c.call("PTTL", "k").integer();
            if (System.nanoTime() - start < 500_000_000L) {
                assertEquals(1, exists);
                assertTrue(pttl > 0);
            }
            Thread.sleep(700);
            // Whether the 1 Hz active cycle got to it or not, the key is gone for every command.
            assertEquals(0, c.call("EXISTS", "k").integer());
            assertTrue(c.call("GET", "k").isNull());
            assertEquals(-2, c.call("TTL", "k").integer());
            assertEquals("none", c.call("TYPE", "k").text());
            assertEquals(0, c.call("EXPIRE", "k", "100").integer());
            assertEquals(0, c.call("PERSIST", "k").integer());
            assertTrue(c.call("RENAME", "k", "x").isError());
            assertEquals(0, c.call("MOVE", "k", "1").integer());
            assertEquals(0, c.call("COPY", "k", "x").integer());
            assertTrue(c.call("OBJECT", "ENCODING", "k").isNull());
            assertEquals(0, c.call("DEL", "k").integer());
            assertEquals(1, c.call("DBSIZE").integer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void ttlTravelsWithTheValue(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards); RespClient c = s.client()) {
            long at = 4102444800123L;
            // with 4 shards, a b c d live on four different shards
            java.util.Set<Integer> owners = new java.util.HashSet<>();
            for (String k : new String[] {"a", "b", "c", "d"}) {
                owners.add(io.jvalkey.cluster.SlotHash.slot(b(k)) % 4);
            }
            assertEquals(4, owners.size());
            assertEquals("OK", c.call("SET", "a", "1").text());
            assertEquals(1, c.call("PEXPIREAT", "a", Long.toString(at)).integer());
            assertEquals("OK", c.call("RENAME", "a", "b").text());
            assertEquals(at, c.call("PEXPIRETIME", "b").integer());
            assertEquals(1, c.call("RENAMENX", "b", "c").integer());
            assertEquals(at, c.call("PEXPIRETIME", "c").integer());
            assertEquals(1, c.call("COPY", "c", "d").integer());
            assertEquals(at, c.call("PEXPIRETIME", "d").integer());
            assertEquals(1, c.call("COPY", "c", "e", "DB", "5").integer());
            assertEquals(1, c.call("MOVE", "c", "7").integer());
            c.call("SELECT", "5");
            assertEquals(at, c.call("PEXPIRETIME", "e").integer());
            c.call("SELECT", "7");
            assertEquals(at, c.call("PEXPIRETIME", "c").integer());
            assertEquals("OK", c.call("SWAPDB", "7", "0").text());
            assertEquals(-2, c.call("PEXPIRETIME", "c").integer());
            assertEquals(at, c.call("PEXPIRETIME", "d").integer(), "db 7 now holds what db 0 held");
            c.call("SELECT", "0");
            assertEquals(at, c.call("PEXPIRETIME", "c").integer());
            // a short TTL moved to another name still expires on time
            assertEquals("OK", c.call("SET", "short", "v", "PX", "800").text());
            assertEquals("OK", c.call("RENAME", "short", "renamed").text());
            long pttl = c.call("PTTL", "renamed").integer();
            assertTrue(pttl > 0 && pttl <= 800 || pttl == -2, "TTL kept by RENAME: " + pttl);
            Thread.sleep(900);
            assertEquals(0, c.call("EXISTS", "renamed", "short").integer());
        }
    }

}
