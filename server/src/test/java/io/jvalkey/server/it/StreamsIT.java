package io.jvalkey.server.it;

import static io.jvalkey.server.it.MultiShardAtomicityIT.onShard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvalkey.server.coverage.Covers;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the stream diff scripts cannot show: the keyspace events stream commands raise (compared
 * with redis-server's), and XREAD / XREADGROUP BLOCK woken across shards, re-run with "$"
 * replaced, and failing once their key or group is gone.
 */
class StreamsIT {
    private static final int SHARDS = 4;

    /** The commands whose events are compared; IDs are explicit so both servers agree. */
    private static final String[][] SCRIPT = {
        {"XADD", "s", "1-1", "f", "v"},
        {"XADD", "s", "MAXLEN", "1", "2-1", "f", "v"},
        {"XADD", "s", "MAXLEN", "5", "3-1", "f", "v"},
        {"XTRIM", "s", "MAXLEN", "0"},
        {"XTRIM", "s", "MAXLEN", "0"},
        {"XADD", "s", "4-1", "f", "v"},
        {"XDEL", "s", "4-1"},
        {"XDEL", "s", "4-1"},
        {"XSETID", "s", "9-9"},
        {"XGROUP", "CREATE", "s", "g", "0"},
        {"XGROUP", "CREATE", "new", "g", "$", "MKSTREAM"},
        {"XGROUP", "CREATECONSUMER", "s", "g", "c1"},
        {"XGROUP", "CREATECONSUMER", "s", "g", "c1"},
        {"XADD", "s", "10-1", "f", "v"},
        {"XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"},
        {"XCLAIM", "s", "g", "c3", "0", "10-1"},
        {"XACK", "s", "g", "10-1"},
        {"XGROUP", "SETID", "s", "g", "0"},
        {"XGROUP", "DELCONSUMER", "s", "g", "c1"},
        {"XGROUP", "DESTROY", "s", "g"},
        {"DEL", "s"},
    };

    private static List<String> events(ServerProcess server) throws Exception {
        try (RespClient sub = server.client(); RespClient c = server.client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            c.call("FLUSHALL");
            sub.call("PSUBSCRIBE", "__key*__:*");
            sub.call("SUBSCRIBE", "end");
            for (String[] cmd : SCRIPT) {
                c.call(cmd);
            }
            c.call("PUBLISH", "end", "x");
            List<String> got = new ArrayList<>();
            sub.timeout(5000);
            while (true) {
                RespValue m = sub.read();
                List<RespValue> parts = m.items();
                String kind = parts.get(0).text();
                if (kind.equals("message")) {
                    break;
                }
                if (kind.equals("pmessage")) {
                    got.add(parts.get(2).text() + " " + parts.get(3).text());
                }
            }
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
            return got;
        }
    }

    @Test
    void streamCommandsRaiseTheSameKeyspaceEventsAsRedis() throws Exception {
        List<String> expected;
        try (ServerProcess redis = ServerProcess.redis()) {
            expected = events(redis);
        }
        try (ServerProcess ours = ServerProcess.jvalkey("--shards", Integer.toString(SHARDS))) {
            assertEquals(expected, events(ours));
        }
        assertTrue(expected.contains("__keyevent@0__:xgroup-createconsumer s"), "the script covers implicit consumers");
    }

    private static void awaitBlocked(RespClient admin, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (admin.call("INFO", "clients").text().contains("blocked_clients:" + n + "\r\n")) {
                return;
            }
            Thread.sleep(5);
        }
        fail("never saw " + n + " blocked clients");
    }

    @Test
    @Covers({"xread", "xreadgroup"})
    void blockedReadsWakeAcrossShardsAndSeeOnlyNewEntries() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", Integer.toString(SHARDS));
                RespClient admin = s.client(); RespClient reader = s.client()) {
            String a = onShard("sa", 0);
            String b = onShard("sb", 1);
            admin.call("XADD", a, "1-1", "old", "entry");
            reader.send(bytes("XREAD", "BLOCK", "0", "STREAMS", a, b, "$", "$"));
            awaitBlocked(admin, 1);
            // An entry on another key with an older ID than a's last: still new for b.
            admin.call("XADD", b, "1-0", "new", "entry");
            RespValue r = reader.read();
            assertEquals("*[*[$\"" + b + "\", *[*[$\"1-0\", *[$\"new\", $\"entry\"]]]]]", r.toString());

            // $ was fixed when the client blocked: an entry added to a before it re-runs is served.
            reader.send(bytes("XREAD", "BLOCK", "0", "STREAMS", a, "$"));
            awaitBlocked(admin, 1);
            admin.call("XADD", a, "2-1", "f", "v");
            assertEquals("*[*[$\"" + a + "\", *[*[$\"2-1\", *[$\"f\", $\"v\"]]]]]", reader.read().toString());

            // XREADGROUP: woken by XADD, then failing when the group or the key goes.
            admin.call("XGROUP", "CREATE", b, "g", "$");
            reader.send(bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", b, ">"));
            awaitBlocked(admin, 1);
            admin.call("XADD", b, "5-0", "k", "v");
            assertEquals("*[*[$\"" + b + "\", *[*[$\"5-0\", *[$\"k\", $\"v\"]]]]]", reader.read().toString());
            assertEquals(":1", admin.call("XPENDING", b, "g").items().get(0).toString());

            reader.send(bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", b, ">"));
            awaitBlocked(admin, 1);
            admin.call("XGROUP", "DESTROY", b, "g");
            assertEquals("-NOGROUP No such key '" + b + "' or consumer group 'g' in XREADGROUP with GROUP option",
                    reader.read().toString());

            admin.call("XGROUP", "CREATE", b, "g", "$");
            reader.send(bytes("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", b, ">"));
            awaitBlocked(admin, 1);
            admin.call("DEL", b);
            assertTrue(reader.read().toString().startsWith("-NOGROUP No such key"));

            // A timeout answers nil.
            RespValue timedOut = reader.call("XREAD", "BLOCK", "50", "STREAMS", a, "$");
            assertTrue(timedOut.isNull(), timedOut.toString());
        }
    }

    @Test
    void blockingReadsInsideMultiAnswerAtOnce() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(); RespClient c = s.client()) {
            c.call("MULTI");
            c.call("XREAD", "BLOCK", "0", "STREAMS", "nosuch", "$");
            c.timeout(5000);
            try {
                RespValue r = c.call("EXEC");
                assertEquals("*[*null]", r.toString());
            } catch (SocketTimeoutException e) {
                fail("XREAD BLOCK inside MULTI blocked");
            }
        }
    }

    private static byte[][] bytes(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return out;
    }
}
