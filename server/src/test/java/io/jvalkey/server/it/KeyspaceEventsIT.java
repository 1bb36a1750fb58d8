package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications: the exact events, channels and order Valkey emits for the string and
 * keyspace commands, expiry (lazy and active), eviction, "new" and "keymiss", and the class
 * mask of notify-keyspace-events. A subscriber on another connection collects them; a marker
 * message published after each step shows that nothing else arrived.
 */
class KeyspaceEventsIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--shards", "4", "--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void reset() throws Exception {
        try (RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
            c.call("CONFIG", "SET", "maxmemory", "0");
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            c.call("FLUSHALL");
        }
    }

    /** Everything the subscriber got up to the marker, as "channel payload" lines. */
    private static List<String> until(RespClient sub, RespClient c) throws Exception {
        c.call("PUBLISH", "__key_marker", "end");
        List<String> got = new ArrayList<>();
        while (true) {
            List<RespValue> m = sub.read().items();
            String channel = m.get(2).text();
            if (channel.equals("__key_marker")) {
                return got;
            }
            got.add(channel + " " + m.get(3).text());
        }
    }

    private static List<String> both(String db, String... keyEventPairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keyEventPairs.length; i += 2) {
            out.add("__keyspace@" + db + "__:" + keyEventPairs[i] + " " + keyEventPairs[i + 1]);
            out.add("__keyevent@" + db + "__:" + keyEventPairs[i + 1] + " " + keyEventPairs[i]);
        }
        return out;
    }

    private static RespClient subscriber() throws Exception {
        RespClient sub = server.client();
        sub.call("PSUBSCRIBE", "__key*");
        return sub;
    }

    @Test
    void stringAndKeyspaceCommandsRaiseValkeysEvents() throws Exception {
        try (RespClient sub = subscriber(); RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            c.call("SET", "foo", "bar");
            assertEquals(both("0", "foo", "set"), until(sub, c));
            c.call("SET", "foo", "bar", "EX", "100");
            assertEquals(both("0", "foo", "set", "foo", "expire"), until(sub, c));
            c.call("SETEX", "foo", "100", "v");
            c.call("PERSIST", "foo");
            c.call("PERSIST", "foo"); // no TTL any more: nothing
            assertEquals(both("0", "foo", "set", "foo", "expire", "foo", "persist"), until(sub, c));
            c.call("SET", "foo", "x", "NX"); // not set: nothing
            c.call("SET", "foo", "x", "XX", "KEEPTTL");
            c.call("GETSET", "foo", "y");
            c.call("MSET", "a{t}", "1", "b{t}", "2");
            assertEquals(both("0", "foo", "set", "foo", "set", "a{t}", "set", "b{t}", "set"), until(sub, c));
            c.call("INCR", "n");
            c.call("DECRBY", "n", "5");
            c.call("INCRBYFLOAT", "f", "1.5");
            c.call("APPEND", "s", "abc");
            c.call("APPEND", "s", "");
            c.call("SETRANGE", "s", "1", "zz");
            c.call("SETRANGE", "s", "1", ""); // nothing to write: nothing
            assertEquals(both("0", "n", "incrby", "n", "incrby", "f", "incrbyfloat", "s", "append", "s", "append",
                    "s", "setrange"), until(sub, c));
            c.call("EXPIRE", "s", "100");
            c.call("EXPIRE", "missing", "100");
            c.call("GETEX", "s", "PERSIST");
            c.call("GETEX", "s", "PX", "5000");
            c.call("GETDEL", "s");
            c.call("DEL", "n", "f", "missing");
            assertEquals(both("0", "s", "expire", "s", "persist", "s", "expire", "s", "del", "n", "del", "f", "del"),
                    until(sub, c));
            c.call("SET", "r1", "v");
            c.call("RENAME", "r1", "r2");
            c.call("COPY", "r2", "r3");
            c.call("MOVE", "r3", "1");
            c.call("EXPIRE", "r2", "-1"); // already past: deleted
            assertEquals(List.of("__keyspace@0__:r1 set", "__keyevent@0__:set r1",
                    "__keyspace@0__:r1 rename_from", "__keyevent@0__:rename_from r1",
                    "__keyspace@0__:r2 rename_to", "__keyevent@0__:rename_to r2",
                    "__keyspace@0__:r3 copy_to", "__keyevent@0__:copy_to r3",
                    "__keyspace@0__:r3 move_from", "__keyevent@0__:move_from r3",
                    "__keyspace@1__:r3 move_to", "__keyevent@1__:move_to r3",
                    "__keyspace@0__:r2 del", "__keyevent@0__:del r2"), until(sub, c));
            c.call("SELECT", "5");
            c.call("SET", "k5", "v");
            assertEquals(both("5", "k5", "set"), until(sub, c));
        }
    }

    @Test
    void expiredEventsComeFromLazyAndActiveExpiry() throws Exception {
        try (RespClient sub = subscriber(); RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            c.call("SET", "lazy", "v", "PX", "1");
            Thread.sleep(20);
            assertEquals(List.of(), until(sub, c));
            assertEquals(true, c.call("GET", "lazy").isNull());
            assertEquals(List.of("__keyevent@0__:expired lazy"), until(sub, c));
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            c.call("SET", "active", "v", "PX", "1");
            RespValue m = sub.read(); // nobody reads the key: the active cycle deletes it
            assertEquals("*[$\"pmessage\", $\"__key*\", $\"__keyevent@0__:expired\", $\"active\"]", m.toString());
        }
    }

    @Test
    void evictedNewAndKeymissEvents() throws Exception {
        try (RespClient sub = subscriber(); RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Enm");
            c.call("SET", "fresh", "1");
            c.call("SET", "fresh", "2"); // exists: not new
            c.call("GET", "nokey");
            c.call("GET", "fresh");
            assertEquals(List.of("__keyevent@0__:new fresh", "__keyevent@0__:keymiss nokey"), until(sub, c));
            c.call("CONFIG", "SET", "notify-keyspace-events", "Ee");
            c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            c.call("CONFIG", "SET", "maxmemory", "1");
            RespValue m = sub.read();
            assertEquals("*[$\"pmessage\", $\"__key*\", $\"__keyevent@0__:evicted\", $\"fresh\"]", m.toString());
            c.call("CONFIG", "SET", "maxmemory", "0");
            c.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }

    @Test
    void classesAndChannelKindsAreMasked() throws Exception {
        try (RespClient sub = subscriber(); RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "K$");
            c.call("SET", "m", "1");
            c.call("DEL", "m"); // generic: masked
            assertEquals(List.of("__keyspace@0__:m set"), until(sub, c));
            c.call("CONFIG", "SET", "notify-keyspace-events", "Eg");
            c.call("SET", "m", "1", "EX", "10"); // set: masked; expire: generic
            c.call("DEL", "m");
            assertEquals(List.of("__keyevent@0__:expire m", "__keyevent@0__:del m"), until(sub, c));
            c.call("CONFIG", "SET", "notify-keyspace-events", "A"); // neither K nor E: nothing
            c.call("SET", "m", "1");
            assertEquals(List.of(), until(sub, c));
        }
    }
}
