package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the list differential scripts cannot show against redis-server 7.0: the DEBUG
 * subcommands Valkey's list tests use (plain nodes below a packed threshold, node statistics in
 * DEBUG OBJECT, with figures read from valkey-server 8 after the same commands), and memory
 * accounting that returns to where it started once the lists are gone.
 */
class ListIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--enable-debug-command", "local");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String rep(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void plainNodesBelowThePackedThreshold() throws Exception {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "list-max-listpack-size", "2");
            try {
                assertEquals("OK", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100b").text());
                c.call("RPUSH", "l", rep('a', 30), rep('b', 30), rep('c', 30), rep('d', 30), rep('e', 30));
                c.call("LSET", "l", "2", rep('L', 200));
                c.call("LSET", "l", "0", "s");
                c.call("LINSERT", "l", "BEFORE", rep('L', 200), rep('M', 150));
                c.call("LINSERT", "l", "AFTER", rep('L', 200), "tiny");
                String obj = c.call("DEBUG", "OBJECT", "l").text();
                assertTrue(obj.contains(" encoding:quicklist "), obj);
                assertTrue(obj.endsWith(" ql_nodes:5 ql_avg_node:1.40 ql_listpack_max:2 ql_compressed:0 "
                        + "ql_uncompressed_size:476"), obj);
                assertEquals("Quicklist structure printed on stdout", c.call("DEBUG", "QUICKLIST", "l").text());
                assertEquals("Quicklist structure printed on stdout", c.call("DEBUG", "QUICKLIST", "l", "1").text());
                assertEquals("ERR Not a listpack encoded object.", c.call("DEBUG", "LISTPACK", "l").text());
                List<RespValue> all = c.call("LRANGE", "l", "0", "-1").items();
                List<String> got = new ArrayList<>();
                for (RespValue v : all) {
                    got.add(v.text());
                }
                assertEquals(List.of("s", rep('b', 30), rep('M', 150), rep('L', 200), "tiny", rep('d', 30), rep('e', 30)),
                        got);

                // Back to the default: the same pushes share nodes again.
                assertEquals("OK", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0").text());
                c.call("RPUSH", "m", rep('x', 200), rep('y', 200), rep('z', 200));
                assertTrue(c.call("DEBUG", "OBJECT", "m").text().contains(" ql_nodes:2 "));

                c.call("RPUSH", "small", "a");
                assertEquals("Listpack structure printed on stdout", c.call("DEBUG", "LISTPACK", "small").text());
                assertEquals("ERR Not a quicklist encoded object.", c.call("DEBUG", "QUICKLIST", "small").text());
                assertEquals("ERR no such key", c.call("DEBUG", "LISTPACK", "nokey").text());
                c.call("SET", "str", "v");
                assertEquals("ERR Not a listpack encoded object.", c.call("DEBUG", "LISTPACK", "str").text());
                for (String bad : new String[] {"5gb", "abc", "-1", "4294967296"}) {
                    assertEquals("ERR argument must be a memory value bigger than 1 and smaller than 4gb",
                            c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", bad).text(), bad);
                }
            } finally {
                c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0");
                c.call("CONFIG", "SET", "list-max-listpack-size", "-2");
            }
        }
    }

    @Test
    void memoryAccountingReturnsToItsStart() throws Exception {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            long before = usedMemory(c);
            List<String> args = new ArrayList<>(List.of("RPUSH", "a{t}"));
            for (int i = 0; i < 3000; i++) {
                args.add(i % 7 == 0 ? rep('v', 100 + i % 300) : Integer.toString(i));
            }
            c.call(args.toArray(String[]::new));
            long grown = usedMemory(c);
            assertTrue(grown > before + 3000 * 16, grown + " vs " + before);
            long usage = c.call("MEMORY", "USAGE", "a{t}").integer();
            assertTrue(usage > 3000 * 16, "MEMORY USAGE " + usage);
            c.call("LPUSH", "a{t}", "x", "y", "z");
            c.call("LSET", "a{t}", "1500", rep('L', 9000));
            c.call("LINSERT", "a{t}", "AFTER", "700", rep('M', 5000));
            c.call("LREM", "a{t}", "0", "14");
            c.call("LTRIM", "a{t}", "10", "-10");
            c.call("LMOVE", "a{t}", "b{t}", "LEFT", "RIGHT");
            c.call("RPOPLPUSH", "a{t}", "b{t}");
            c.call("LPOP", "a{t}", "100");
            c.call("RPOP", "a{t}");
            c.call("LMPOP", "2", "b{t}", "a{t}", "LEFT", "COUNT", "1");
            c.call("COPY", "a{t}", "c{t}");
            assertEquals(c.call("LRANGE", "a{t}", "0", "-1"), c.call("LRANGE", "c{t}", "0", "-1"));
            assertTrue(usedMemory(c) > before);
            c.call("DEL", "a{t}", "b{t}", "c{t}");
            assertEquals(before, usedMemory(c));

            // Emptied by pops: the key goes, and its memory with it.
            c.call("RPUSH", "d", "1", "2", "3");
            c.call("LPOP", "d", "3");
            assertEquals(0, c.call("EXISTS", "d").integer());
            assertEquals(before, usedMemory(c));
        }
    }

    private static long usedMemory(RespClient c) throws Exception {
        for (String line : c.call("INFO", "memory").text().split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()));
            }
        }
        throw new AssertionError("no used_memory");
    }
}
