package io.jvalkey.server.it;

import static io.jvalkey.server.it.MultiShardAtomicityIT.onShard;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jvalkey.server.coverage.Covers;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Clients blocked on keys (BLPOP and friends) with 4 shards, so the blocked client, the key and
 * the pushing client usually live on different threads: wake-ups from any connection, first
 * blocked first served, timeouts, CLIENT UNBLOCK, MULTI, pipelined requests behind a blocked
 * one, disconnects, and a bounded producer/consumer stress with no lost wake-ups.
 */
class BlockingIT {
    private static final int SHARDS = 4;

    private static ServerProcess server() throws IOException {
        return ServerProcess.jvalkey("--shards", Integer.toString(SHARDS));
    }

    /** Waits until the server reports {@code n} blocked clients. */
    private static void awaitBlocked(RespClient admin, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String info = admin.call("INFO", "clients").text();
            if (info.contains("blocked_clients:" + n + "\r\n")) {
                return;
            }
            Thread.sleep(5);
        }
        fail("never saw " + n + " blocked clients: " + admin.call("INFO", "clients").text());
    }

    private static List<String> texts(RespValue v) {
        List<String> out = new ArrayList<>();
        v.items().forEach(i -> out.add(i.text()));
        return out;
    }

    @Test
    void pushFromAnyConnectionWakesWaitersFirstBlockedFirst() throws Exception {
        try (ServerProcess s = server(); RespClient admin = s.client()) {
            for (int shard = 0; shard < SHARDS; shard++) {
                String key = onShard("fifo" + shard + ":", shard);
                List<RespClient> waiters = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        RespClient w = s.client();
                        waiters.add(w);
                        w.send("BLPOP".getBytes(UTF_8), key.getBytes(UTF_8), "5".getBytes(UTF_8));
                        awaitBlocked(admin, i + 1);
                    }
                    assertEquals(3, admin.call("RPUSH", key, "a", "b", "c").integer());
                    for (int i = 0; i < 3; i++) {
                        assertEquals(List.of(key, String.valueOf((char) ('a' + i))), texts(waiters.get(i).read()));
                    }
                    assertEquals(0, admin.call("EXISTS", key).integer());
                    awaitBlocked(admin, 0);
                } finally {
                    for (RespClient w : waiters) {
                        w.close();
                    }
                }
            }
        }
    }

    @Test
    @Covers("client|unblock")
    void timeoutsUnblockAndMulti() throws Exception {
        try (ServerProcess s = server(); RespClient admin = s.client(); RespClient c = s.client()) {
            long start = System.nanoTime();
            assertTrue(c.call("BLPOP", "nothing", "0.2").isNull());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 190 && ms < 5000, "timed out after " + ms + " ms");

            long id = c.call("CLIENT", "ID").integer();
            c.send("BRPOP".getBytes(UTF_8), "nothing".getBytes(UTF_8), "0".getBytes(UTF_8));
            awaitBlocked(admin, 1);
            assertTrue(admin.call("CLIENT", "LIST", "ID", Long.toString(id)).text().contains("flags=b"));
            assertEquals(1, admin.call("CLIENT", "UNBLOCK", Long.toString(id)).integer());
            assertTrue(c.read().isNull());
            assertEquals(0, admin.call("CLIENT", "UNBLOCK", Long.toString(id)).integer());

            c.send("BLMOVE".getBytes(UTF_8), "nothing".getBytes(UTF_8), "dst".getBytes(UTF_8),
                    "LEFT".getBytes(UTF_8), "RIGHT".getBytes(UTF_8), "0".getBytes(UTF_8));
            awaitBlocked(admin, 1);
            assertEquals(1, admin.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR").integer());
            assertEquals("UNBLOCKED client unblocked via CLIENT UNBLOCK", c.read().text());

            // Inside MULTI a blocking command never blocks.
            c.call("MULTI");
            assertEquals("QUEUED", c.call("BLPOP", "nothing", "0").text());
            RespValue exec = c.call("EXEC");
            assertEquals(1, exec.items().size());
            assertTrue(exec.items().get(0).isNull());
            assertEquals("PONG", c.call("PING").text());
        }
    }

    @Test
    void pipelinedRequestsWaitBehindABlockedOne() throws Exception {
        try (ServerProcess s = server(); RespClient admin = s.client(); RespClient c = s.client()) {
            String key = onShard("pipe:", 1);
            String other = onShard("pipe:", 2);
            c.sendRaw(("*3\r\n$5\r\nBLPOP\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\n0\r\n"
                    + "*2\r\n$3\r\nGET\r\n$" + other.length() + "\r\n" + other + "\r\n"
                    + "*1\r\n$4\r\nPING\r\n").getBytes(UTF_8));
            awaitBlocked(admin, 1);
            c.timeout(300);
            try {
                c.read();
                fail("a reply arrived while the first request was still blocked");
            } catch (SocketTimeoutException expected) {
                // nothing yet, as it should be
            }
            c.timeout(20_000);
            admin.call("SET", other, "written-after");
            admin.call("LPUSH", key, "x");
            assertEquals(List.of(key, "x"), texts(c.read()));
            assertEquals("written-after", c.read().text());
            assertEquals("PONG", c.read().text());
        }
    }

    /** A pipelined push then pop: the client blocked first is served between the two (Valkey's fairness). */
    @Test
    void waitersAreServedBeforeTheNextPipelinedRequest() throws Exception {
        try (ServerProcess s = server(); RespClient admin = s.client()) {
            for (int shard = 0; shard < SHARDS; shard++) { // some of these hop to another thread
                String key = onShard("fair" + shard + ":", shard);
                try (RespClient first = s.client(); RespClient second = s.client()) {
                    first.send(bytes("BLPOP", key, "0"));
                    awaitBlocked(admin, 1);
                    second.sendRaw(("*3\r\n$5\r\nLPUSH\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\n1\r\n"
                            + "*3\r\n$5\r\nBLPOP\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\n0\r\n")
                            .getBytes(UTF_8));
                    assertEquals(List.of(key, "1"), texts(first.read()));
                    assertEquals(1, second.read().integer());
                    awaitBlocked(admin, 1);
                    admin.call("LPUSH", key, "2");
                    assertEquals(List.of(key, "2"), texts(second.read()));
                }
            }
        }
    }

    @Test
    void transactionsAndMovesWakeWaitersAcrossShards() throws Exception {
        try (ServerProcess s = server(); RespClient admin = s.client(); RespClient a = s.client();
                RespClient b = s.client()) {
            String list1 = onShard("l1:", 0);
            String list2 = onShard("l2:", 1);
            String list3 = onShard("l3:", 2);
            // A chain: a waits on list1 -> list2, b waits on list2 -> list3.
            a.send(bytes("BLMOVE", list1, list2, "LEFT", "RIGHT", "5"));
            awaitBlocked(admin, 1);
            b.send(bytes("BLMOVE", list2, list3, "LEFT", "RIGHT", "5"));
            awaitBlocked(admin, 2);
            admin.call("MULTI");
            admin.call("RPUSH", list1, "v");
            admin.call("SET", "unrelated", "1");
            assertEquals(2, admin.call("EXEC").items().size());
            assertEquals("v", a.read().text());
            assertEquals("v", b.read().text());
            assertEquals(List.of("v"), texts(admin.call("LRANGE", list3, "0", "-1")));

            // Push then delete inside one transaction: the waiter keeps waiting.
            a.send(bytes("BLPOP", list1, "0.5"));
            awaitBlocked(admin, 1);
            admin.call("MULTI");
            admin.call("LPUSH", list1, "gone");
            admin.call("DEL", list1);
            admin.call("EXEC");
            assertTrue(a.read().isNull());

            // A string appearing on the key does not serve a list waiter.
            a.send(bytes("BLPOP", list1, "0.5"));
            awaitBlocked(admin, 1);
            admin.call("SET", list1, "not a list");
            assertTrue(a.read().isNull());
        }
    }

    @Test
    void disconnectedWaitersAreSkipped() throws Exception {
        try (ServerProcess s = server(); RespClient admin = s.client(); RespClient stays = s.client()) {
            String key = onShard("dc:", 3);
            RespClient leaves = s.client();
            leaves.send(bytes("BLPOP", key, "0"));
            awaitBlocked(admin, 1);
            stays.send(bytes("BLPOP", key, "0"));
            awaitBlocked(admin, 2);
            leaves.close();
            awaitBlocked(admin, 1);
            admin.call("RPUSH", key, "only");
            assertEquals(List.of(key, "only"), texts(stays.read()));
            assertEquals(0, admin.call("LLEN", key).integer());
        }
    }

    /** Consumers block on keys of every shard while producers push: each element is consumed once. */
    @Test
    void producersAndConsumersLoseNothing() throws Exception {
        int perProducer = 300;
        int producers = 2;
        int consumers = 4;
        List<String> keys = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            keys.add(onShard("q" + shard + ":", shard));
        }
        try (ServerProcess s = server()) {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                tasks.add(() -> {
                    try (RespClient c = s.client()) {
                        for (int i = 0; i < perProducer; i++) {
                            c.call("RPUSH", keys.get(i % keys.size()), id + ":" + i);
                        }
                    }
                    return List.of();
                });
            }
            int total = perProducer * producers;
            java.util.concurrent.atomic.AtomicInteger consumed = new java.util.concurrent.atomic.AtomicInteger();
            long giveUp = System.currentTimeMillis() + 100_000;
            for (int k = 0; k < consumers; k++) {
                tasks.add(() -> {
                    List<String> got = new ArrayList<>();
                    try (RespClient c = s.client()) {
                        List<String> args = new ArrayList<>(List.of("BLPOP"));
                        args.addAll(keys);
                        args.add("1");
                        while (consumed.get() < total && System.currentTimeMillis() < giveUp) {
                            RespValue v = c.call(args.toArray(new String[0]));
                            if (!v.isNull()) {
                                got.add(v.items().get(1).text());
                                consumed.incrementAndGet();
                            }
                        }
                        return got;
                    }
                });
            }
            Set<String> all = new HashSet<>();
            int count = 0;
            for (List<String> got : Concurrently.run(tasks, 120)) {
                count += got.size();
                all.addAll(got);
            }
            assertEquals(total, count, "elements consumed twice or lost");
            assertEquals(total, all.size());
        }
    }

    private static byte[][] bytes(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(UTF_8);
        }
        return b;
    }
}
