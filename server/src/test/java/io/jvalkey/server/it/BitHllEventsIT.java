package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications of the bitmap and HyperLogLog commands: the same commands raise the
 * same events, in the same order, on redis-server and jvalkey ("setbit" only when a bit or the
 * length changed, BITOP's "set" or "del", "pfadd" for PFADD and PFMERGE, none for reads and for
 * PFCOUNT's cache write).
 */
class BitHllEventsIT {
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

    private static final String[][] COMMANDS = {
        {"SETBIT", "b{t}", "7", "1"},
        {"SETBIT", "b{t}", "7", "1"},
        {"SETBIT", "b{t}", "7", "0"},
        {"SETBIT", "b{t}", "100", "0"},
        {"SETBIT", "new{t}", "3", "0"},
        {"GETBIT", "b{t}", "7"},
        {"BITCOUNT", "b{t}"},
        {"BITPOS", "b{t}", "1"},
        {"BITFIELD", "b{t}", "SET", "u8", "0", "0"},
        {"BITFIELD", "b{t}", "SET", "u8", "0", "5", "INCRBY", "u8", "0", "1"},
        {"BITFIELD", "b{t}", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300"},
        {"BITFIELD", "f{t}", "OVERFLOW", "FAIL", "SET", "u8", "0", "300"},
        {"BITFIELD", "b{t}", "INCRBY", "u8", "200", "0"},
        {"BITFIELD_RO", "b{t}", "GET", "u8", "0"},
        {"BITOP", "OR", "d{t}", "b{t}", "new{t}"},
        {"BITOP", "NOT", "d{t}", "b{t}"},
        {"BITOP", "AND", "d{t}", "missing{t}"},
        {"BITOP", "AND", "d{t}", "missing{t}"},
        {"SETBIT", "l{t}", "0", "1"},
        {"RPUSH", "list{t}", "a"},
        {"SETBIT", "list{t}", "0", "1"},
        {"PFADD", "h{t}", "a", "b"},
        {"PFADD", "h{t}", "a"},
        {"PFADD", "h{t}"},
        {"PFCOUNT", "h{t}"},
        {"PFADD", "h2{t}"},
        {"PFMERGE", "h3{t}", "h{t}", "h2{t}"},
        {"PFMERGE", "h3{t}"},
        {"PFCOUNT", "h{t}", "h3{t}"},
        {"PFDEBUG", "TODENSE", "h{t}"},
        {"PFADD", "l{t}", "x"},
    };

    /** The notifications the commands raise, as "channel message" lines. */
    private static List<String> events(ServerProcess s) throws IOException {
        List<String> out = new ArrayList<>();
        try (RespClient cmd = s.client(); RespClient sub = s.client()) {
            cmd.call("FLUSHALL");
            cmd.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            sub.call("SUBSCRIBE", "end");
            sub.call("PSUBSCRIBE", "__key*__:*");
            for (String[] c : COMMANDS) {
                cmd.call(c);
            }
            cmd.call("PUBLISH", "end", "x");
            cmd.call("CONFIG", "SET", "notify-keyspace-events", "");
            sub.timeout(10_000);
            while (true) {
                RespValue m = sub.read();
                List<RespValue> items = m.items();
                if (items.get(0).text().equals("message")) {
                    break; // the end marker: everything before it has arrived
                }
                out.add(items.get(2).text() + " " + items.get(3).text());
            }
        }
        return out;
    }

    @Test
    void sameEventsAsRedis() throws IOException {
        List<String> expected = events(redis);
        List<String> actual = events(jvalkey);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
        assertEquals(true, expected.contains("__keyevent@0__:setbit b{t}"), "the script raises events at all");
    }
}
