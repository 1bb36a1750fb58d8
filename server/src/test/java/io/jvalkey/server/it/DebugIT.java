package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DEBUG subcommands used by Valkey's test suite, and LOLWUT (whose art is jvalkey's own). */
class DebugIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--enable-debug-command", "local");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Covers("debug")
    void populateObjectDigest() throws Exception {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            assertEquals("0000000000000000000000000000000000000000", c.call("DEBUG", "DIGEST").text());
            assertEquals("OK", c.call("DEBUG", "POPULATE", "100").text());
            assertEquals(100, c.call("DBSIZE").integer());
            assertEquals("value:7", c.call("GET", "key:7").text());
            c.call("DEBUG", "POPULATE", "10", "p", "20");
            assertEquals(20, c.call("GET", "p:3").data().length);
            String digest = c.call("DEBUG", "DIGEST").text();
            assertTrue(digest.matches("[0-9a-f]{40}") && !digest.equals("0".repeat(40)), digest);
            assertEquals(digest, c.call("DEBUG", "DIGEST").text(), "deterministic");
            List<RespValue> values = c.call("DEBUG", "DIGEST-VALUE", "key:1", "nokey").items();
            assertEquals("0".repeat(40), values.get(1).text());
            c.call("SET", "key:1", "changed");
            assertNotEquals(digest, c.call("DEBUG", "DIGEST").text());
            assertNotEquals(values.get(0).text(), c.call("DEBUG", "DIGEST-VALUE", "key:1").items().get(0).text());

            c.call("SET", "n", "12345");
            String obj = c.call("DEBUG", "OBJECT", "n").text();
            assertTrue(obj.matches("Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:\\d+ lru:\\d+ "
                    + "lru_seconds_idle:\\d+ lfu_freq:\\d+ lfu_access_time_minutes:\\d+"), obj);
            assertTrue(c.call("DEBUG", "OBJECT", "key:2").text().contains("encoding:embstr"));
            assertEquals("ERR no such key", c.call("DEBUG", "OBJECT", "nokey").text());
            assertEquals("OK", c.call("DEBUG", "CHANGE-REPL-ID").text());
            assertEquals("OK", c.call("DEBUG", "LOG", "hello from the test").text());
            assertEquals("OK", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1mb").text());
            assertEquals("OK", c.call("DEBUG", "RELOAD").text()); // save, flush, load back (PersistenceIT)
            assertEquals("12345", c.call("GET", "n").text());
            assertEquals("ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.",
                    c.call("DEBUG", "nosuch").text());
            assertTrue(c.call("DEBUG", "HELP").items().size() > 3);
            assertTrue(server.log().contains("DEBUG LOG: hello from the test"));
        }
    }

    @Test
    @Covers("debug")
    void sleepBlocksTheWholeServer() throws Exception {
        try (RespClient a = server.client(); RespClient b = server.client()) {
            a.send("DEBUG".getBytes(), "SLEEP".getBytes(), "0.5".getBytes());
            Thread.sleep(100);
            long t0 = System.nanoTime();
            b.call("GET", "anything");
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("OK", a.read().text());
            assertTrue(waitedMs >= 250, "another client waited only " + waitedMs + " ms");
        }
    }

    @Test
    @Covers("debug")
    void activeExpireCanBeTurnedOff() throws Exception {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            for (int i = 0; i < 50; i++) {
                c.call("SET", "e" + i, "v", "PX", "1");
            }
            Thread.sleep(400);
            assertEquals(50, c.call("DBSIZE").integer(), "nothing expired actively");
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            long deadline = System.currentTimeMillis() + 5000;
            while (c.call("DBSIZE").integer() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, c.call("DBSIZE").integer());
        }
    }

    @Test
    @Covers("debug")
    void protocolSamples() throws Exception {
        try (RespClient c = server.client()) {
            assertEquals(",3.141", resp(c, 3, "double"));
            assertEquals("$\"3.141\"", resp(c, 2, "double"));
            assertEquals("(1234567999999999999999999999999999999", resp(c, 3, "bignum"));
            assertEquals("%[:0, #f, :1, #t, :2, #f]", resp(c, 3, "map"));
            assertEquals("*[:0, :0, :1, :1, :2, :0]", resp(c, 2, "map"));
            assertEquals("~[:0, :1, :2]", resp(c, 3, "set"));
            assertEquals("#t", resp(c, 3, "true"));
            assertEquals(":0", resp(c, 2, "false"));
            assertEquals("_null", resp(c, 3, "null"));
            assertEquals("-ERR RESP2 is not supported by this command", resp(c, 2, "push"));
            assertTrue(resp(c, 2, "nosuch").startsWith("-ERR Wrong protocol type name."));
        }
    }

    private static String resp(RespClient c, int proto, String type) throws Exception {
        c.call("HELLO", Integer.toString(proto));
        return c.call("DEBUG", "PROTOCOL", type).toString();
    }

    @Test
    @Covers("lolwut")
    void lolwutEndsWithTheVersion() throws Exception {
        try (RespClient c = server.client()) {
            assertTrue(c.call("LOLWUT").text().endsWith("Valkey ver. 8.0.2\n"));
            assertTrue(c.call("LOLWUT", "VERSION", "6").text().endsWith("Valkey ver. 6.0.0\n"));
            assertEquals("ERR value is not an integer or out of range", c.call("LOLWUT", "VERSION", "x").text());
        }
    }

    @Test
    void debugIsRefusedWhenNotEnabled() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(); RespClient c = s.client()) {
            assertTrue(c.call("DEBUG", "SLEEP", "0").text().startsWith("ERR DEBUG command not allowed."));
        }
    }
}
