package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client-side caching across connections and shards (4): invalidations as RESP3 pushes and as
 * RESP2 messages on __redis__:invalidate to a redirect target, BCAST prefixes, NOLOOP, OPTIN /
 * OPTOUT, flushes, a vanished redirect target, INFO and CLIENT LIST fields, and the
 * tracking-table-max-keys limit.
 */
class TrackingIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--shards", "4");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RespClient resp3() throws Exception {
        RespClient c = server.client();
        c.call("HELLO", "3");
        return c;
    }

    @Test
    @Covers("client|tracking")
    void readKeysAreInvalidatedWhenAnotherClientWritesThem() throws Exception {
        try (RespClient t = resp3(); RespClient w = server.client()) {
            assertEquals("OK", t.call("CLIENT", "TRACKING", "on").text());
            w.call("MSET", "k1", "1", "k2", "2", "k3", "3");
            t.call("MGET", "k1", "k2"); // keys on several shards
            w.call("SET", "k3", "x");   // never read: no invalidation
            w.call("SET", "k1", "x");
            assertEquals(">[$\"invalidate\", *[$\"k1\"]]", t.read().toString());
            w.call("DEL", "k2");
            assertEquals(">[$\"invalidate\", *[$\"k2\"]]", t.read().toString());
            w.call("SET", "k1", "y"); // forgotten after the first invalidation
            assertEquals("PONG", t.call("PING").text());
            // its own write: reply first, then the invalidation
            t.call("GET", "k3");
            assertEquals("OK", t.call("SET", "k3", "mine").text());
            assertEquals(">[$\"invalidate\", *[$\"k3\"]]", t.read().toString());
        }
    }

    @Test
    @Covers("client|getredir")
    void resp2RedirectGetsMessagesOnTheInvalidateChannel() throws Exception {
        try (RespClient target = server.client(); RespClient t = server.client(); RespClient w = server.client()) {
            long id = target.call("CLIENT", "ID").integer();
            target.call("SUBSCRIBE", "__redis__:invalidate");
            t.call("CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(id));
            assertEquals(id, t.call("CLIENT", "GETREDIR").integer());
            t.call("GET", "r1");
            w.call("SET", "r1", "v");
            assertEquals("*[$\"message\", $\"__redis__:invalidate\", *[$\"r1\"]]", target.read().toString());
            String list = w.call("CLIENT", "LIST").text();
            assertTrue(list.contains("flags=t db=0") && list.contains("redir=" + id), list);
            // FLUSHALL: one null for "every key"
            w.call("FLUSHALL");
            assertEquals("*[$\"message\", $\"__redis__:invalidate\", $null]", target.read().toString());
            // the target goes away: the next invalidation is lost and the redirect is broken
            t.call("GET", "r2");
            target.close();
            for (int i = 0; i < 100 && w.call("CLIENT", "LIST", "ID", Long.toString(id)).text().contains("id="); i++) {
                Thread.sleep(20);
            }
            w.call("SET", "r2", "v");
            RespValue info = t.call("CLIENT", "TRACKINGINFO");
            assertEquals("*[$\"flags\", *[$\"on\", $\"broken_redirect\"], $\"redirect\", :" + id
                    + ", $\"prefixes\", *[]]", info.toString());
            assertTrue(w.call("CLIENT", "LIST").text().contains("flags=tR "));
        }
    }

    @Test
    void resp3ClientHearsItsRedirectIsBroken() throws Exception {
        try (RespClient target = server.client(); RespClient t = resp3(); RespClient w = server.client()) {
            long id = target.call("CLIENT", "ID").integer();
            t.call("CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(id));
            t.call("GET", "b1");
            assertEquals("OK", target.call("QUIT").text());
            w.call("SET", "b1", "v");
            assertEquals(">[$\"tracking-redir-broken\", :" + id + "]", t.read().toString());
        }
    }

    @Test
    void bcastSendsEveryMatchingKeyPerCommand() throws Exception {
        try (RespClient t = resp3(); RespClient w = server.client()) {
            t.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "item:");
            w.call("MSET", "user:1{x}", "a", "user:2{x}", "b", "other{x}", "c");
            RespValue m = t.read();
            assertEquals(">[$\"invalidate\", *[$\"user:1{x}\", $\"user:2{x}\"]]", m.toString());
            w.call("SET", "item:9", "v");
            assertEquals(">[$\"invalidate\", *[$\"item:9\"]]", t.read().toString());
            String info = w.call("INFO", "stats").text();
            assertTrue(info.contains("tracking_total_prefixes:2\r\n"), info);
            assertTrue(w.call("CLIENT", "LIST").text().contains("flags=tB "));
            // NOLOOP: its own writes are not echoed back
            t.call("CLIENT", "TRACKING", "off");
            t.call("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
            t.call("SET", "own", "v");
            w.call("SET", "theirs", "v");
            assertEquals(">[$\"invalidate\", *[$\"theirs\"]]", t.read().toString());
            t.call("CLIENT", "TRACKING", "off");
        }
    }

    @Test
    @Covers({"client|caching", "client|trackinginfo"})
    void optinAndOptoutFollowClientCaching() throws Exception {
        try (RespClient t = resp3(); RespClient w = server.client()) {
            t.call("CLIENT", "TRACKING", "on", "OPTIN");
            t.call("GET", "o1");                 // not cached
            t.call("CLIENT", "CACHING", "yes");
            t.call("GET", "o2");                 // cached
            t.call("GET", "o3");                 // the yes applied to one command only
            w.call("MSET", "o1", "1", "o2", "2", "o3", "3");
            assertEquals(">[$\"invalidate\", *[$\"o2\"]]", t.read().toString());
            assertEquals("PONG", t.call("PING").text());
            t.call("CLIENT", "TRACKING", "off");
            t.call("CLIENT", "TRACKING", "on", "OPTOUT");
            t.call("CLIENT", "CACHING", "no");
            t.call("GET", "o1");                 // not cached
            t.call("GET", "o2");                 // cached
            w.call("MSET", "o1", "1", "o2", "2");
            assertEquals(">[$\"invalidate\", *[$\"o2\"]]", t.read().toString());
            t.call("CLIENT", "TRACKING", "off");
        }
    }

    @Test
    void infoCountsAndTableLimit() throws Exception {
        try (RespClient t = resp3(); RespClient w = server.client()) {
            w.call("FLUSHALL");
            t.call("CLIENT", "TRACKING", "on");
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                keys.add("lim" + i);
                t.call("GET", "lim" + i);
            }
            String info = w.call("INFO", "stats").text();
            assertTrue(info.contains("tracking_total_keys:20\r\n"), info);
            assertTrue(info.contains("tracking_total_items:20\r\n"), info);
            assertTrue(w.call("INFO", "clients").text().contains("tracking_clients:1\r\n"));
            // Over the limit, keys are forgotten with an invalidation, as if they had changed,
            // until exactly 5 remain.
            w.call("CONFIG", "SET", "tracking-table-max-keys", "5");
            int invalidated = 0;
            while (invalidated < 15) {
                List<RespValue> m = t.read().items();
                assertEquals("invalidate", m.get(0).text());
                invalidated += m.get(1).items().size();
            }
            assertEquals(15, invalidated);
            assertTrue(w.call("INFO", "stats").text().contains("tracking_total_keys:5\r\n"));
            w.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
            t.call("CLIENT", "TRACKING", "off");
            assertTrue(w.call("INFO", "clients").text().contains("tracking_clients:0\r\n"));
        }
    }
}
