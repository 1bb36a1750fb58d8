package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub across connections: with 4 shards, subscribers and publishers live on different event
 * loops, so every delivery below crosses threads. Checks Valkey's message shapes in RESP2 and
 * RESP3, receiver counts, ordering (the SUBSCRIBE reply before any later message, each
 * publisher's messages in publish order), introspection and the pubsub output buffer limit.
 */
class PubSubIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--shards", "4");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void send(RespClient c, String... args) throws IOException {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(UTF_8);
        }
        c.send(b);
    }

    @Test
    @Covers({"subscribe", "psubscribe", "ssubscribe", "publish", "spublish"})
    void messagesReachSubscribersInBothProtocols() throws Exception {
        try (RespClient r2 = server.client(); RespClient r3 = server.client(); RespClient pub = server.client()) {
            r3.call("HELLO", "3");
            assertEquals("*[$\"subscribe\", $\"news\", :1]", r2.call("SUBSCRIBE", "news").toString());
            assertEquals("*[$\"psubscribe\", $\"ne*\", :2]", r2.call("PSUBSCRIBE", "ne*").toString());
            assertEquals(">[$\"subscribe\", $\"news\", :1]", r3.call("SUBSCRIBE", "news").toString());
            assertEquals(">[$\"ssubscribe\", $\"sh\", :1]", r3.call("SSUBSCRIBE", "sh").toString());
            // news: two channel subscribers plus one pattern subscriber
            assertEquals(3, pub.call("PUBLISH", "news", "hello").integer());
            assertEquals("*[$\"message\", $\"news\", $\"hello\"]", r2.read().toString());
            assertEquals("*[$\"pmessage\", $\"ne*\", $\"news\", $\"hello\"]", r2.read().toString());
            assertEquals(">[$\"message\", $\"news\", $\"hello\"]", r3.read().toString());
            // patterns only see matching channels; shard channels ignore patterns
            assertEquals(1, pub.call("PUBLISH", "next", "x").integer());
            assertEquals("*[$\"pmessage\", $\"ne*\", $\"next\", $\"x\"]", r2.read().toString());
            assertEquals(1, pub.call("SPUBLISH", "sh", "s1").integer());
            assertEquals(">[$\"smessage\", $\"sh\", $\"s1\"]", r3.read().toString());
            assertEquals(0, pub.call("SPUBLISH", "news", "not-shard").integer());
            assertEquals(0, pub.call("PUBLISH", "sh", "not-global").integer());
            // binary-safe payloads
            byte[] bin = {0, '\r', '\n', (byte) 0xff};
            assertEquals(3, pub.call("PUBLISH".getBytes(UTF_8), "news".getBytes(UTF_8), bin).integer());
            RespValue m = r3.read();
            assertEquals(List.of(0, 13, 10, 255), toInts(m.items().get(2).data()));
        }
    }

    private static List<Integer> toInts(byte[] b) {
        List<Integer> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x & 0xff);
        }
        return out;
    }

    @Test
    @Covers({"unsubscribe", "punsubscribe", "sunsubscribe"})
    void unsubscribingStopsDeliveryAndCountsDown() throws Exception {
        try (RespClient s = server.client(); RespClient pub = server.client()) {
            s.send("SUBSCRIBE".getBytes(UTF_8), "a".getBytes(UTF_8), "b".getBytes(UTF_8));
            assertEquals(":1", s.read().items().get(2).toString());
            assertEquals(":2", s.read().items().get(2).toString());
            assertEquals("*[$\"psubscribe\", $\"p*\", :3]", s.call("PSUBSCRIBE", "p*").toString());
            assertEquals("*[$\"unsubscribe\", $\"a\", :2]", s.call("UNSUBSCRIBE", "a").toString());
            assertEquals(0, pub.call("PUBLISH", "a", "gone").integer());
            send(s, "UNSUBSCRIBE");
            assertEquals("*[$\"unsubscribe\", $\"b\", :1]", s.read().toString());
            send(s, "PUNSUBSCRIBE");
            assertEquals("*[$\"punsubscribe\", $\"p*\", :0]", s.read().toString());
            // out of subscribed mode: any command works again
            assertEquals("PONG", s.call("PING").text());
            assertEquals(0, pub.call("PUBLISH", "b", "gone").integer());
        }
    }

    @Test
    void subscribeReplyPrecedesMessagesPublishedAfterIt() throws Exception {
        // A publisher on another thread publishes a numbered stream; whatever the subscriber gets
        // starts with its SUBSCRIBE confirmation and continues in publish order without gaps.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (RespClient s = server.client(); RespClient pub = server.client()) {
            Future<Integer> publisher = pool.submit(() -> {
                for (int i = 0; i < 3000; i++) {
                    pub.call("PUBLISH", "race", Integer.toString(i));
                }
                return 0;
            });
            assertEquals("subscribe", s.call("SUBSCRIBE", "race").items().get(0).text());
            publisher.get(60, TimeUnit.SECONDS);
            assertEquals(1, pub.call("PUBLISH", "race", "end").integer());
            int last = -1;
            while (true) {
                RespValue m = s.read();
                assertEquals("message", m.items().get(0).text(), m.toString());
                String payload = m.items().get(2).text();
                if (payload.equals("end")) {
                    break;
                }
                int n = Integer.parseInt(payload);
                assertTrue(last == -1 || n == last + 1, "message " + n + " after " + last);
                last = n;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentPublishersKeepTheirOwnOrderAtEverySubscriber() throws Exception {
        int publishers = 4;
        int subscribers = 6;
        int perPublisher = 500;
        List<RespClient> subs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            for (int i = 0; i < subscribers; i++) {
                RespClient s = server.client();
                subs.add(s);
                if (i % 2 == 1) {
                    s.call("HELLO", "3");
                }
                s.call(i % 3 == 0 ? "PSUBSCRIBE" : "SUBSCRIBE", i % 3 == 0 ? "multi*" : "multi");
            }
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int id = p;
                done.add(pool.submit(() -> {
                    try (RespClient pub = server.client()) {
                        // pipelined: the whole burst in flight at once
                        for (int i = 0; i < perPublisher; i++) {
                            send(pub, "PUBLISH", "multi", id + ":" + i);
                        }
                        for (int i = 0; i < perPublisher; i++) {
                            assertEquals(subscribers, pub.read().integer());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (RespClient s : subs) {
                int[] next = new int[publishers];
                for (int n = 0; n < publishers * perPublisher; n++) {
                    List<RespValue> items = s.read().items();
                    String[] payload = items.get(items.size() - 1).text().split(":");
                    int p = Integer.parseInt(payload[0]);
                    assertEquals(next[p], Integer.parseInt(payload[1]), "publisher " + p + " out of order");
                    next[p]++;
                }
            }
        } finally {
            pool.shutdownNow();
            for (RespClient s : subs) {
                s.close();
            }
        }
    }

    @Test
    void publishToSelfInResp3RepliesFirstThenPushes() throws Exception {
        try (RespClient c = server.client()) {
            c.call("HELLO", "3");
            c.call("SUBSCRIBE", "self");
            // as Valkey 7.2+: the command's own reply, then the message it caused
            assertEquals(1, c.call("PUBLISH", "self", "hi").integer());
            assertEquals(">[$\"message\", $\"self\", $\"hi\"]", c.read().toString());
            assertEquals("bar", c.call("ECHO", "bar").text());
        }
    }

    @Test
    @Covers({"pubsub|channels", "pubsub|numsub", "pubsub|numpat", "pubsub|shardchannels", "pubsub|shardnumsub"})
    void introspectionInfoAndClientList() throws Exception {
        try (RespClient s = server.client(); RespClient s2 = server.client(); RespClient c = server.client()) {
            s.call("SUBSCRIBE", "i1");
            s.call("SUBSCRIBE", "i2");
            s.call("PSUBSCRIBE", "i*");
            s2.call("SUBSCRIBE", "i1");
            s2.call("SSUBSCRIBE", "is");
            assertEquals("*[$\"i1\", :2, $\"i2\", :1, $\"none\", :0]",
                    c.call("PUBSUB", "NUMSUB", "i1", "i2", "none").toString());
            assertEquals(1, c.call("PUBSUB", "NUMPAT").integer());
            assertEquals("*[$\"is\", :1]", c.call("PUBSUB", "SHARDNUMSUB", "is").toString());
            String info = c.call("INFO", "stats").text();
            assertTrue(info.contains("pubsub_channels:2\r\n"), info);
            assertTrue(info.contains("pubsub_patterns:1\r\n"), info);
            assertTrue(info.contains("pubsubshard_channels:1\r\n"), info);
            assertTrue(c.call("INFO", "clients").text().contains("pubsub_clients:2\r\n"));
            String list = c.call("CLIENT", "LIST", "TYPE", "pubsub").text();
            assertEquals(2, list.strip().split("\n").length, list);
            assertTrue(list.contains("flags=P db=0 sub=2 psub=1 ssub=0"), list);
            assertTrue(list.contains("flags=P db=0 sub=1 psub=0 ssub=1"), list);
            // a closed subscriber leaves no trace
            s.close();
            s2.close();
            for (int i = 0; i < 100 && c.call("PUBSUB", "NUMPAT").integer() != 0; i++) {
                Thread.sleep(20);
            }
            assertEquals("*[$\"i1\", :0]", c.call("PUBSUB", "NUMSUB", "i1").toString());
            assertEquals("*[]", c.call("PUBSUB", "CHANNELS", "i*").toString());
            assertTrue(c.call("INFO", "clients").text().contains("pubsub_clients:0\r\n"));
        }
    }

    @Test
    void slowSubscriberIsDisconnectedAtTheHardLimit() throws Exception {
        try (RespClient c = server.client(); Socket slow = new Socket()) {
            c.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 256kb 0 0");
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = slow.getOutputStream();
            out.write("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nslow\r\n".getBytes(UTF_8));
            out.flush();
            InputStream in = slow.getInputStream();
            in.read(new byte[64]); // the confirmation; from now on it reads nothing
            String payload = "x".repeat(64 * 1024);
            int delivered = 0;
            for (int i = 0; i < 400; i++) { // bounded: 25 MB at most, far beyond socket buffers
                long n = c.call("PUBLISH", "slow", payload).integer();
                if (n == 0) {
                    break;
                }
                delivered++;
            }
            assertTrue(delivered < 400, "the slow subscriber was never disconnected");
            String stats = c.call("INFO", "stats").text();
            assertTrue(stats.matches("(?s).*client_output_buffer_limit_disconnections:[1-9].*"), stats);
        } finally {
            try (RespClient c = server.client()) {
                c.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
    }

    @Test
    void jedisAndLettuceSubscribersWork() throws Exception {
        // Jedis (RESP2): a blocking subscriber thread that leaves after the first message.
        java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        redis.clients.jedis.JedisPubSub listener = new redis.clients.jedis.JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                got.add("jedis " + channel + " " + message);
                unsubscribe();
            }

            @Override
            public void onSubscribe(String channel, int count) {
                got.add("jedis subscribed " + count);
            }
        };
        Thread t = new Thread(() -> {
            try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
                j.subscribe(listener, "lib");
            }
        });
        t.start();
        assertEquals("jedis subscribed 1", got.poll(10, TimeUnit.SECONDS));
        // Lettuce (RESP3 by default): pattern subscriber with its listener API.
        io.lettuce.core.RedisClient lettuce = io.lettuce.core.RedisClient.create(
                io.lettuce.core.RedisURI.create("127.0.0.1", server.port()));
        try (var ps = lettuce.connectPubSub(); RespClient pub = server.client()) {
            ps.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<String, String>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    got.add("lettuce " + pattern + " " + channel + " " + message);
                }
            });
            ps.sync().psubscribe("li*");
            assertEquals(2, pub.call("PUBLISH", "lib", "hi").integer());
            List<String> both = new ArrayList<>(List.of(got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS)));
            java.util.Collections.sort(both);
            assertEquals(List.of("jedis lib hi", "lettuce li* lib hi"), both);
            t.join(10_000);
            assertEquals(false, t.isAlive());
            assertEquals(1, pub.call("PUBLISH", "lib", "again").integer());
            assertEquals("lettuce li* lib again", got.poll(10, TimeUnit.SECONDS));
        } finally {
            lettuce.shutdown();
        }
    }
}
