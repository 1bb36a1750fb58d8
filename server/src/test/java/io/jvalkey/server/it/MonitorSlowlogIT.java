package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MONITOR's feed format and filtering; SLOWLOG entries' shape and limits. */
class MonitorSlowlogIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Covers("monitor")
    void monitorFeedsCommandsAsValkeyPrintsThem() throws Exception {
        try (RespClient mon = server.client(); RespClient c = server.client()) {
            assertEquals("OK", mon.call("MONITOR").text());
            c.call("CLIENT", "SETNAME", "feeder");
            c.call("SET", "key with space", "va\"l\n\u0001");
            c.call("CONFIG", "GET", "hz");            // admin: hidden
            c.call("SELECT", "2");
            c.call("GET", "k");
            mon.timeout(5000);
            String first = mon.read().text();
            // CLIENT SETNAME is the first command shown
            assertTrue(first.matches("\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+] \"CLIENT\" \"SETNAME\" \"feeder\""), first);
            String set = mon.read().text();
            assertTrue(set.endsWith("] \"SET\" \"key with space\" \"va\\\"l\\n\\x01\""), set);
            String select = mon.read().text();
            assertTrue(select.contains("[2 127.0.0.1:") && select.endsWith("\"SELECT\" \"2\""), select);
            String get = mon.read().text();
            assertTrue(get.contains("[2 ") && get.endsWith("\"GET\" \"k\""), get);
        }
    }

    @Test
    @Covers({"slowlog", "slowlog|get", "slowlog|len", "slowlog|reset"})
    void slowlogRecordsSlowCommands() throws Exception {
        try (RespClient c = server.client()) {
            c.call("CLIENT", "SETNAME", "slowpoke");
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "100000");
            c.call("SLOWLOG", "RESET");
            c.call("DEBUG", "SLEEP", "0.2");
            c.call("PING");
            assertEquals(1, c.call("SLOWLOG", "LEN").integer());
            List<RespValue> entries = c.call("SLOWLOG", "GET").items();
            assertEquals(1, entries.size());
            List<RespValue> e = entries.get(0).items();
            assertEquals(6, e.size());
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs(e.get(1).integer() - now) < 10);
            assertTrue(e.get(2).integer() >= 200_000, "duration " + e.get(2));
            assertEquals(List.of("DEBUG", "SLEEP", "0.2"), e.get(3).items().stream().map(RespValue::text).toList());
            assertTrue(e.get(4).text().startsWith("127.0.0.1:"));
            assertEquals("slowpoke", e.get(5).text());

            // Everything is logged at 0; long argument lists and values are cut as Valkey cuts them.
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            String[] many = new String[40];
            many[0] = "MGET";
            for (int i = 1; i < 40; i++) {
                many[i] = "k" + i;
            }
            c.call(many);
            c.call("SET", "big", "x".repeat(300));
            List<RespValue> newest = c.call("SLOWLOG", "GET", "2").items();
            List<RespValue> setArgs = newest.get(0).items().get(3).items();
            assertEquals("x".repeat(128) + "... (172 more bytes)", setArgs.get(2).text());
            List<RespValue> mgetArgs = newest.get(1).items().get(3).items();
            assertEquals(32, mgetArgs.size());
            assertEquals("... (9 more arguments)", mgetArgs.get(31).text());
            assertTrue(newest.get(0).items().get(0).integer() > newest.get(1).items().get(0).integer());

            c.call("CONFIG", "SET", "slowlog-max-len", "3");
            for (int i = 0; i < 10; i++) {
                c.call("PING");
            }
            assertEquals(3, c.call("SLOWLOG", "LEN").integer());
            assertEquals(3, c.call("SLOWLOG", "GET", "-1").items().size());
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
            c.call("SLOWLOG", "RESET");
            c.call("PING");
            assertEquals(0, c.call("SLOWLOG", "LEN").integer());
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128");
        }
    }
}
