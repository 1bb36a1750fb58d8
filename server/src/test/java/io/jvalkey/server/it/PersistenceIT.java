package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * RDB persistence with real processes and real files: SAVE/BGSAVE/restart keep every type,
 * BGSAVE is one instant while writers run, save points, SHUTDOWN and SIGTERM saves, corrupt
 * files refused, -LOADING while loading, and files and DUMP payloads moving both ways between
 * jvalkey and redis-server 7.0.
 */
class PersistenceIT {
    private static final String DEBUG = "--enable-debug-command";

    /** Every type in small and large encodings, with TTLs and two databases. */
    private static void fill(RespClient c) throws IOException {
        c.call("SET", "str", "hello");
        c.call("SET", "int", "12345");
        c.call("SET", "big", "x".repeat(5000));
        c.call("SET", "ttl", "v", "EX", "1000");
        c.call("RPUSH", "list", "a", "b", "c", "1", "2");
        for (int i = 0; i < 300; i++) {
            c.call("RPUSH", "biglist", "item-" + i);
            c.call("SADD", "bigset", "m" + i);
            c.call("SADD", "intset", Integer.toString(i));
            c.call("HSET", "bighash", "f" + i, "v" + i);
            c.call("ZADD", "bigzset", Integer.toString(i), "z" + i);
        }
        c.call("SADD", "set", "x", "y", "z");
        c.call("HSET", "hash", "f1", "v1", "f2", "v2");
        c.call("ZADD", "zset", "1.5", "a", "2", "b", "-3", "c");
        for (int i = 0; i < 150; i++) {
            c.call("XADD", "stream", "*", "f", "v" + i);
        }
        c.call("XGROUP", "CREATE", "stream", "g1", "0");
        c.call("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "stream", ">");
        c.call("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "stream", ">");
        c.call("XACK", "stream", "g1", c.call("XRANGE", "stream", "-", "+", "COUNT", "1").items().get(0).items().get(0).text());
        c.call("SELECT", "3");
        c.call("SET", "in-db3", "three");
        c.call("SELECT", "0");
    }

    /** A description of every key of dbs 0 and 3 by commands both servers answer the same way. */
    private static Map<String, String> contents(RespClient c) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (int db : new int[] {0, 3}) {
            c.call("SELECT", Integer.toString(db));
            for (RespValue k : c.call("KEYS", "*").items()) {
                String key = k.text();
                String type = c.call("TYPE", key).text();
                String v = switch (type) {
                    case "string" -> c.call("GET", key).text();
                    case "list" -> c.call("LRANGE", key, "0", "-1").toString();
                    case "set" -> c.call("SMEMBERS", key).sorted().toString();
                    case "hash" -> c.call("HGETALL", key).toString().length() + ":" + c.call("HLEN", key).integer()
                            + ":" + c.call("HGET", key, "f1") + c.call("HGET", key, "f7");
                    case "zset" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES").toString();
                    case "stream" -> c.call("XRANGE", key, "-", "+").toString() + c.call("XINFO", "STREAM", key, "FULL")
                            .items().stream().filter(i -> !i.toString().contains("seen-time")).count()
                            + c.call("XPENDING", key, "g1").toString();
                    default -> type;
                };
                long ttl = c.call("TTL", key).integer();
                out.put(db + "/" + key, type + "=" + v + (ttl > 0 ? " ttl" : ""));
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    private static void awaitExit(ServerProcess s) throws Exception {
        ProcessHandle h = ProcessHandle.of(s.pid()).orElse(null);
        if (h != null) {
            h.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    private static String info(RespClient c, String field) throws IOException {
        for (String line : c.call("INFO", "persistence").text().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    @Test
    @Covers({"save", "lastsave", "debug"})
    void saveThenRestartKeepsEveryTypeAndEncoding() throws Exception {
        Path dir = Files.createTempDirectory("persist-");
        Map<String, String> before;
        String digest;
        Map<String, String> encodings = new TreeMap<>();
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--shards", "2", DEBUG, "local");
                RespClient c = s.client()) {
            fill(c);
            before = contents(c);
            digest = c.call("DEBUG", "DIGEST").text();
            for (String k : List.of("str", "int", "big", "list", "biglist", "set", "bigset", "intset", "hash",
                    "bighash", "zset", "bigzset", "stream")) {
                encodings.put(k, c.call("OBJECT", "ENCODING", k).text());
            }
            long lastBefore = c.call("LASTSAVE").integer();
            Thread.sleep(1100);
            assertEquals("OK", c.call("SAVE").text());
            assertTrue(c.call("LASTSAVE").integer() > lastBefore);
            assertEquals("0", info(c, "rdb_changes_since_last_save"));
            // DEBUG RELOAD: save, flush, load, same data
            assertEquals("OK", c.call("DEBUG", "RELOAD").text());
            assertEquals(digest, c.call("DEBUG", "DIGEST").text());
        }
        assertTrue(Files.size(dir.resolve("dump.rdb")) > 0);
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--shards", "3", DEBUG, "local");
                RespClient c = s.client()) {
            assertSame(before, contents(c));
            assertEquals(digest, c.call("DEBUG", "DIGEST").text());
            for (var e : encodings.entrySet()) {
                assertEquals(e.getValue(), c.call("OBJECT", "ENCODING", e.getKey()).text(), e.getKey());
            }
            assertEquals(Long.toString(before.size()), info(c, "rdb_last_load_keys_loaded"));
        }
        String check = run("redis-check-rdb", dir.resolve("dump.rdb").toString());
        assertTrue(check.contains("Can't handle RDB format version 11"), check); // Valkey 8's version, too new for 7.0
    }

    @Test
    @Covers("bgsave")
    void bgsaveIsOneInstantWhileWritersRun() throws Exception {
        Path dir = Files.createTempDirectory("persist-bg-");
        int counters = 16;
        long each = 1000;
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--shards", "4", DEBUG, "local");
                RespClient c = s.client()) {
            for (int i = 0; i < counters; i++) {
                c.call("SET", "counter:" + i, Long.toString(each));
            }
            c.call("DEBUG", "POPULATE", "20000", "filler");
            // Slow the file writing down (per key, on the writer thread) so writes overlap the save.
            c.call("CONFIG", "SET", "rdb-key-save-delay", "100");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int seed = w;
                Thread t = new Thread(() -> {
                    java.util.Random rnd = new java.util.Random(seed);
                    try (RespClient wc = s.client()) {
                        while (!stop.get()) {
                            int a = rnd.nextInt(counters);
                            int b = (a + 1 + rnd.nextInt(counters - 1)) % counters;
                            wc.call("MULTI");
                            wc.call("DECRBY", "counter:" + a, "7");
                            wc.call("INCRBY", "counter:" + b, "7");
                            wc.call("EXEC");
                            wc.call("SET", "filler:" + rnd.nextInt(20000), "changed");
                            wc.call("DEL", "filler:" + rnd.nextInt(20000));
                            transfers.incrementAndGet();
                        }
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                writers.add(t);
                t.start();
            }
            Thread.sleep(200);
            assertEquals("Background saving started", c.call("BGSAVE").text());
            c.call("SET", "after-bgsave", "1");
            assertEquals("ERR Background save already in progress", c.call("BGSAVE").text());
            assertEquals("ERR Background save already in progress", c.call("SAVE").text());
            assertEquals("1", info(c, "rdb_bgsave_in_progress"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (!"0".equals(info(c, "rdb_bgsave_in_progress")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
            assertEquals("0", info(c, "rdb_bgsave_in_progress"));
            assertEquals("ok", info(c, "rdb_last_bgsave_status"));
            assertTrue(transfers.get() > 20, "writers made progress during the save: " + transfers.get());
            assertEquals(1, c.call("EXISTS", "after-bgsave").integer());
        }
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--shards", "2");
                RespClient c = s.client()) {
            long sum = 0;
            for (int i = 0; i < counters; i++) {
                sum += Long.parseLong(c.call("GET", "counter:" + i).text());
            }
            assertEquals(counters * each, sum, "the saved counters are one instant's");
            assertEquals(0, c.call("EXISTS", "after-bgsave").integer(), "a key set after BGSAVE began is not in it");
            assertTrue(c.call("DBSIZE").integer() > 15000);
        }
    }

    @Test
    @Covers("bgsave")
    void bgsaveCancelAndSchedule() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(DEBUG, "local"); RespClient c = s.client()) {
            assertEquals("ERR Background saving is currently not in progress or scheduled",
                    c.call("BGSAVE", "CANCEL").text());
            assertEquals("ERR syntax error", c.call("BGSAVE", "NOW").text());
            c.call("DEBUG", "POPULATE", "5000");
            c.call("CONFIG", "SET", "rdb-key-save-delay", "1000");
            assertEquals("Background saving started", c.call("BGSAVE").text());
            // As Valkey: SCHEDULE only waits for another kind of job (AOF rewrite), not for a BGSAVE.
            assertEquals("ERR Background save already in progress", c.call("BGSAVE", "SCHEDULE").text());
            assertEquals("Background saving cancelled", c.call("BGSAVE", "CANCEL").text());
            assertEquals("ERR Background saving is currently not in progress or scheduled",
                    c.call("BGSAVE", "CANCEL").text());
            assertEquals("0", info(c, "rdb_bgsave_in_progress"));
            assertEquals("ok", info(c, "rdb_last_bgsave_status"));
        }
    }

    @Test
    void savePointsTriggerABackgroundSave() throws Exception {
        Path dir = Files.createTempDirectory("persist-points-");
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--save", "1 2");
                RespClient c = s.client()) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            c.call("SET", "c", "3");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(dir.resolve("dump.rdb")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(dir.resolve("dump.rdb")), "a save point fired");
            assertTrue(s.log().contains("changes in 1 seconds. Saving..."), s.log());
        }
    }

    @Test
    @Covers("shutdown")
    void shutdownSaveAndNosave() throws Exception {
        Path dir = Files.createTempDirectory("persist-shutdown-");
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString()); RespClient c = s.client()) {
            c.call("SET", "kept", "yes");
            c.send("SHUTDOWN".getBytes(), "SAVE".getBytes());
            assertTrue(c.closedByServer(20_000));
            awaitExit(s);
        }
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--save", "3600 1");
                RespClient c = s.client()) {
            assertEquals("yes", c.call("GET", "kept").text());
            c.call("SET", "dropped", "yes");
            c.send("SHUTDOWN".getBytes(), "NOSAVE".getBytes());
            assertTrue(c.closedByServer(20_000));
            awaitExit(s);
        }
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString()); RespClient c = s.client()) {
            assertEquals(1, c.call("DBSIZE").integer());
            assertTrue(c.call("GET", "dropped").isNull());
        }
    }

    @Test
    void sigtermSavesWhenSavePointsExist() throws Exception {
        Path dir = Files.createTempDirectory("persist-sigterm-");
        ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--save", "3600 1");
        try (RespClient c = s.client()) {
            c.call("SET", "survives", "sigterm");
        }
        s.close(); // SIGTERM
        assertTrue(s.log().contains("Saving the final RDB snapshot before exiting."), s.log());
        try (ServerProcess s2 = ServerProcess.jvalkey("--dir", dir.toString()); RespClient c = s2.client()) {
            assertEquals("sigterm", c.call("GET", "survives").text());
        }
    }

    @Test
    void corruptOrTruncatedFilesAreRefused() throws Exception {
        Path dir = Files.createTempDirectory("persist-corrupt-");
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), DEBUG, "local");
                RespClient c = s.client()) {
            c.call("DEBUG", "POPULATE", "2000");
            assertEquals("OK", c.call("SAVE").text());
        }
        Path file = dir.resolve("dump.rdb");
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x55;
        Files.write(file, flipped);
        IOException e = assertThrows(IOException.class, () -> ServerProcess.jvalkey("--dir", dir.toString()).close());
        assertTrue(e.getMessage().contains("exited at start (1)"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()) && e.getMessage().contains("offset"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\tat io.jvalkey"), "no stack trace: " + e.getMessage());
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        e = assertThrows(IOException.class, () -> ServerProcess.jvalkey("--dir", dir.toString()).close());
        assertTrue(e.getMessage().contains("exited at start (1)") && e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void clientsGetLoadingWhileTheFileLoads() throws Exception {
        Path dir = Files.createTempDirectory("persist-loading-");
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), DEBUG, "local");
                RespClient c = s.client()) {
            c.call("DEBUG", "POPULATE", "30000");
            assertEquals("OK", c.call("SAVE").text());
        }
        try (ServerProcess s = ServerProcess.jvalkeyLoading("--dir", dir.toString(), "--key-load-delay", "100");
                RespClient c = s.client()) {
            assertEquals("LOADING Valkey is loading the dataset in memory", c.call("PING").text());
            assertEquals("LOADING Valkey is loading the dataset in memory", c.call("GET", "key:1").text());
            assertEquals("1", info(c, "loading"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (c.call("PING").isError() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("PONG", c.call("PING").text());
            assertEquals(30000, c.call("DBSIZE").integer());
            assertEquals("0", info(c, "loading"));
        }
    }

    @Test
    @Covers({"dump", "restore"})
    void filesAndPayloadsMoveBothWaysWithRedis() throws Exception {
        Path redisDir = Files.createTempDirectory("persist-redis-");
        Map<String, String> redisContents;
        ServerProcess redis = ServerProcess.redis("--dir", redisDir.toString());
        try (RespClient c = redis.client()) {
            fill(c);
            redisContents = contents(c);
            assertEquals("OK", c.call("SAVE").text());
        } finally {
            redis.close();
        }
        // redis -> jvalkey (RDB 10 file)
        try (ServerProcess s = ServerProcess.jvalkey("--dir", redisDir.toString(), "--shards", "2",
                "--rdb-version", "10"); RespClient c = s.client()) {
            assertSame(redisContents, contents(c));
            assertEquals("OK", c.call("SAVE").text()); // jvalkey writes RDB 10 for redis now
        }
        String check = run("redis-check-rdb", redisDir.resolve("dump.rdb").toString());
        assertTrue(check.contains("RDB looks OK"), check);
        // jvalkey -> redis
        ServerProcess r2 = ServerProcess.redis("--dir", redisDir.toString(), "--dbfilename", "dump.rdb");
        try (RespClient c = r2.client()) {
            assertSame(redisContents, contents(c));
        } finally {
            r2.close();
        }
        // DUMP payloads both ways
        try (ServerProcess s = ServerProcess.jvalkey("--rdb-version", "10");
                ServerProcess r = ServerProcess.redis();
                RespClient jc = s.client(); RespClient rc = r.client()) {
            fill(rc);
            fill(jc);
            for (String k : List.of("str", "int", "big", "list", "biglist", "set", "bigset", "intset", "hash",
                    "bighash", "zset", "bigzset", "stream")) {
                byte[] fromRedis = rc.call("DUMP", k).data();
                byte[] fromJvalkey = jc.call("DUMP", k).data();
                assertEquals("OK", jc.call("RESTORE".getBytes(), ("r-" + k).getBytes(), "0".getBytes(), fromRedis).text(), k);
                assertEquals("OK", rc.call("RESTORE".getBytes(), ("j-" + k).getBytes(), "0".getBytes(), fromJvalkey).text(), k);
                assertEquals(jc.call("TYPE", k).text(), jc.call("TYPE", "r-" + k).text());
            }
            // jvalkey's values restored in redis equal jvalkey's originals, and the reverse
            assertSame(contentsWithPrefix(jc, ""), contentsWithPrefix(rc, "j-"));
            assertNotEquals(0, jc.call("DBSIZE").integer());
            assertSame(contentsWithPrefix(rc, ""), contentsWithPrefix(jc, "r-"));
        }
    }

    /** Keys of db 0 without and with a prefix, described by content (TTL ignored). */
    private static Map<String, String> contentsWithPrefix(RespClient c, String prefix) throws IOException {
        Map<String, String> all = contents(c);
        Map<String, String> out = new TreeMap<>();
        for (var e : all.entrySet()) {
            String key = e.getKey().substring(2);
            if (!e.getKey().startsWith("0/") || key.equals("ttl")) {
                continue;
            }
            boolean prefixed = !prefix.isEmpty() && key.startsWith(prefix);
            if (prefix.isEmpty() ? !(key.startsWith("j-") || key.startsWith("r-")) : prefixed) {
                out.put(key.substring(prefix.length()), e.getValue().replace(" ttl", ""));
            }
        }
        return out;
    }

    /** Map equality that names the differing keys instead of printing both maps. */
    private static void assertSame(Map<String, String> expected, Map<String, String> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (var e : expected.entrySet()) {
            String a = actual.get(e.getKey());
            if (!e.getValue().equals(a)) {
                String x = e.getValue();
                throw new AssertionError("key " + e.getKey() + " differs: expected "
                        + x.substring(0, Math.min(300, x.length())) + " but got "
                        + (a == null ? null : a.substring(0, Math.min(300, a.length()))));
            }
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
