package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The append-only file against real files: what is recorded (compared with redis-server 7.0,
 * Valkey 8 winning where they differ), what comes back after a restart, crashes with
 * appendfsync always, truncated and corrupt files, interop with redis-server and redis-check-aof.
 */
class AofIT {
    private static final String[] NO_PREAMBLE = {"--appendonly", "yes", "--aof-use-rdb-preamble", "no"};

    private static String[] args(Path dir, String... more) {
        List<String> a = new ArrayList<>(List.of("--dir", dir.toString()));
        a.addAll(List.of(NO_PREAMBLE));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static Path aofDir(Path dir) {
        return dir.resolve("appendonlydir");
    }

    // ---- what is recorded -------------------------------------------------------------------------

    @Test
    void recordsWhatValkeyRecordsAndRedisAgreesExceptWhereMarked() throws Exception {
        List<String> commands = resource("propagation-commands.txt");
        List<String> expected = resource("propagation-expected.txt");
        Path jdir = AofFiles.tempDir("prop-j");
        Path rdir = AofFiles.tempDir("prop-r");
        String[] common = {"--appendfsync", "always", "--lazyfree-lazy-expire", "no", "--lazyfree-lazy-server-del", "no",
                "--lazyfree-lazy-eviction", "no", "--lazyfree-lazy-user-del", "no"};
        try (ServerProcess j = ServerProcess.jvalkey(args(jdir, common));
                ServerProcess r = ServerProcess.redis(args(rdir, common));
                RespClient jc = j.client(); RespClient rc = r.client()) {
            for (String line : commands) {
                String[] argv = line.split(" ");
                RespValue jr = jc.call(argv);
                RespValue rr = rc.call(argv);
                assertEquals(rr.isError(), jr.isError(), line + ": redis " + rr + " jvalkey " + jr);
            }
            List<String> want = new ArrayList<>();
            List<String> wantRedis = new ArrayList<>();
            for (String e : expected) {
                if (e.isBlank() || e.startsWith("#")) {
                    continue;
                }
                if (e.startsWith("valkey: ")) {
                    want.add(e.substring(8));
                } else if (e.startsWith("redis: ")) {
                    wantRedis.add(e.substring(7));
                } else {
                    want.add(e);
                    wantRedis.add(e);
                }
            }
            assertEquals(String.join("\n", want), String.join("\n", AofFiles.incrRecords(aofDir(jdir))), "jvalkey");
            assertEquals(String.join("\n", wantRedis), String.join("\n", AofFiles.incrRecords(aofDir(rdir))),
                    "redis-server 7.0 (the expectations file marks where Valkey 8 differs)");
        }
    }

    /** Valkey 8 defaults lazyfree-lazy-* to yes: deletions nobody asked for are UNLINKs. */
    @Test
    void expiredEvictedAndServerDeletedKeysAreUnlinkedWithValkeyDefaults() throws Exception {
        Path dir = AofFiles.tempDir("unlink");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--appendfsync", "always", "--shards", "2",
                "--enable-debug-command", "yes")); RespClient c = s.client()) {
            Path aof = aofDir(dir);
            c.call("SET", "soon", "v", "PX", "30");
            assertTrue(AofFiles.awaitRecord(aof, "UNLINK soon", 5000), "active expiry");
            assertEquals("OK", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0").text());
            c.call("SET", "lazy", "v", "PX", "10");
            Thread.sleep(50);
            assertTrue(c.call("GET", "lazy").isNull());
            assertTrue(AofFiles.awaitRecord(aof, "UNLINK lazy", 2000), "lazy expiry on read");
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            c.call("SET", "gone", "v");
            c.call("EXPIRE", "gone", "-5");
            assertTrue(AofFiles.awaitRecord(aof, "UNLINK gone", 2000), "EXPIRE in the past");
            // Valkey 8 does not store a key born expired (redis 7.0 stores it, then expires it: DEL).
            c.call("SET", "born", "v", "EXAT", "1");
            c.call("SADD", "popped", "a", "b");
            c.call("SPOP", "popped", "5");
            assertTrue(AofFiles.awaitRecord(aof, "UNLINK popped", 2000), "SPOP of the whole set");
            assertFalse(String.join("\n", AofFiles.incrRecords(aof)).contains("born"), "born expired: nothing to record");
            // Eviction: every key evicted is recorded.
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            long used = Long.parseLong(InfoIT.fields(c.call("INFO", "memory").text()).get("used_memory"));
            c.call("CONFIG", "SET", "maxmemory", Long.toString(used + 100_000));
            for (int i = 0; i < 2000; i++) {
                c.call("SET", "ev:" + i, "x".repeat(200));
            }
            long evicted = Long.parseLong(InfoIT.fields(c.call("INFO", "stats").text()).get("evicted_keys"));
            assertTrue(evicted > 0);
            c.call("CONFIG", "SET", "maxmemory", "0");
            c.call("SET", "marker", "end");
            assertTrue(AofFiles.awaitRecord(aof, "SET marker end", 2000));
            long unlinks = AofFiles.incrRecords(aof).stream().filter(l -> l.startsWith("UNLINK ev:")).count();
            assertEquals(evicted, unlinks, "one UNLINK per evicted key");
        }
    }

    /** Valkey 9's hash field expiry (redis 7.0 has none): absolute times, deletions as HDEL. */
    @Test
    void hashFieldExpiryIsRecordedWithAbsoluteTimes() throws Exception {
        Path dir = AofFiles.tempDir("hfe");
        Map<String, String> before;
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--appendfsync", "always")); RespClient c = s.client()) {
            c.call("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4.5");
            c.call("HEXPIRE", "h", "1000", "NX", "FIELDS", "1", "a");
            c.call("HPEXPIREAT", "h", "4000000000000", "FIELDS", "1", "b");
            c.call("HEXPIRE", "h", "0", "FIELDS", "2", "c", "zz");
            c.call("HGETEX", "h", "PX", "500000", "FIELDS", "1", "b");
            c.call("HGETEX", "h", "PERSIST", "FIELDS", "1", "b");
            c.call("HSETEX", "h", "EX", "100", "FIELDS", "1", "e", "5");
            c.call("HPEXPIRE", "h", "100000", "FIELDS", "1", "d");
            c.call("HINCRBYFLOAT", "h", "d", "1");
            c.call("HSETEX", "h", "PX", "20", "FIELDS", "1", "soon", "x");
            Path aof = aofDir(dir);
            assertTrue(AofFiles.awaitRecord(aof, "HDEL h soon", 5000), "active field expiry");
            before = AofFiles.dump(c);
            List<String> got = AofFiles.incrRecords(aof);
            assertEquals(List.of("SELECT 0", "HSET h a 1 b 2 c 3 d 4.5",
                    "HPEXPIREAT h <ms> NX FIELDS 1 a",
                    "HPEXPIREAT h 4000000000000 FIELDS 1 b",
                    "HDEL h c zz",
                    "HPEXPIREAT h <ms> FIELDS 1 b",
                    "HPERSIST h FIELDS 1 b",
                    "HSETEX h PXAT <ms> FIELDS 1 e 5",
                    "HPEXPIREAT h <ms> FIELDS 1 d",
                    "HSETEX h KEEPTTL FIELDS 1 d 5.5",
                    "HSETEX h PXAT <ms> FIELDS 1 soon x",
                    "HDEL h soon"), got);
        }
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            assertEquals(before, AofFiles.dump(c));
            assertTrue(c.call("HPTTL", "h", "FIELDS", "1", "d").items().get(0).integer() > 0, "d kept its TTL");
        }
    }

    @Test
    void timestampAnnotationsAreWrittenAndSkippedOnLoad() throws Exception {
        Path dir = AofFiles.tempDir("ts");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--aof-timestamp-enabled", "yes", "--appendfsync", "always"));
                RespClient c = s.client()) {
            c.call("SET", "k", "v");
        }
        String text = AofFiles.read(aofDir(dir).resolve("appendonly.aof.1.incr.aof"));
        assertTrue(text.matches("(?s)#TS:\\d{10}\r\n\\*2\r\n\\$6\r\nSELECT.*"), text);
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            assertEquals("v", c.call("GET", "k").text());
        }
    }

    // ---- what comes back ------------------------------------------------------------------------

    @Test
    @Covers("bgrewriteaof")
    void restartRestoresEveryKeyAlsoAfterARewrite() throws Exception {
        Path dir = AofFiles.tempDir("restart");
        Map<String, String> before;
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--shards", "3")); RespClient c = s.client()) {
            AofFiles.writeDataset(c, true);
            before = AofFiles.dump(c);
        }
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--shards", "2")); RespClient c = s.client()) {
            assertEquals(before, AofFiles.dump(c), "after a restart");
            assertEquals("Background append only file rewriting started", c.call("BGREWRITEAOF").text());
            awaitInfo(c, "aof_rewrite_in_progress", "0");
            Map<String, String> info = InfoIT.fields(c.call("INFO", "persistence").text());
            assertEquals("1", info.get("aof_rewrites"));
            assertEquals("ok", info.get("aof_last_bgrewrite_status"));
            c.call("SET", "after-rewrite", "yes");
            before = AofFiles.dump(c);
            String manifest = AofFiles.read(aofDir(dir).resolve("appendonly.aof.manifest"));
            assertEquals("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                    manifest);
            try (var files = Files.list(aofDir(dir))) {
                assertEquals(3, files.count(), "history files deleted");
            }
        }
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--shards", "1")); RespClient c = s.client()) {
            assertEquals(before, AofFiles.dump(c), "after a rewrite and a restart");
        }
    }

    @Test
    void debugLoadaofReloadsTheDatasetFromTheFiles() throws Exception {
        Path dir = AofFiles.tempDir("loadaof");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--enable-debug-command", "yes", "--shards", "2"));
                RespClient c = s.client()) {
            AofFiles.writeDataset(c, true);
            Map<String, String> before = AofFiles.dump(c);
            long size = Files.size(aofDir(dir).resolve("appendonly.aof.1.incr.aof"));
            assertEquals("OK", c.call("DEBUG", "LOADAOF").text());
            assertEquals(before, AofFiles.dump(c));
            assertEquals("0", InfoIT.fields(c.call("INFO", "persistence").text()).get("rdb_changes_since_last_save"));
            c.call("SET", "x", "1");
            assertTrue(AofFiles.awaitRecord(aofDir(dir), "SET x 1", 3000));
            List<String> records = AofFiles.incrRecords(aofDir(dir));
            assertFalse(records.stream().anyMatch(r -> r.startsWith("DEBUG")), "the reload itself is not recorded");
            assertTrue(Files.size(aofDir(dir).resolve("appendonly.aof.1.incr.aof")) > size);
        }
    }

    /** The default, aof-use-rdb-preamble yes: bases are RDB files written by the fork-less snapshot engine. */
    @Test
    void rdbBasesFromTheSnapshotEngineRestoreEveryKey() throws Exception {
        Path dir = AofFiles.tempDir("preamble");
        Map<String, String> before;
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--appendonly", "yes", "--shards", "2");
                RespClient c = s.client()) {
            assertTrue(Files.exists(aofDir(dir).resolve("appendonly.aof.1.base.rdb")), "a base at start");
            AofFiles.writeDataset(c, true);
            assertEquals("Background append only file rewriting started", c.call("BGREWRITEAOF").text());
            awaitInfo(c, "aof_rewrite_in_progress", "0");
            assertEquals("ok", InfoIT.fields(c.call("INFO", "persistence").text()).get("aof_last_bgrewrite_status"));
            c.call("SET", "after", "rewrite");
            before = AofFiles.dump(c);
        }
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n",
                AofFiles.read(aofDir(dir).resolve("appendonly.aof.manifest")));
        assertTrue(AofFiles.read(aofDir(dir).resolve("appendonly.aof.2.base.rdb")).startsWith("REDIS0011"));
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--appendonly", "yes", "--shards", "3");
                RespClient c = s.client()) {
            assertEquals(before, AofFiles.dump(c));
        }
    }

    @Test
    void switchingAppendonlyOnAtRuntimeWritesABaseFirst() throws Exception {
        Path dir = AofFiles.tempDir("runtime");
        Map<String, String> before;
        try (ServerProcess s = ServerProcess.jvalkey("--dir", dir.toString(), "--aof-use-rdb-preamble", "no");
                RespClient c = s.client()) {
            AofFiles.writeDataset(c, true);
            assertEquals("OK", c.call("CONFIG", "SET", "appendonly", "yes").text());
            awaitInfo(c, "aof_rewrite_in_progress", "0");
            assertEquals("1", InfoIT.fields(c.call("INFO", "persistence").text()).get("aof_enabled"));
            c.call("SET", "later", "1");
            before = AofFiles.dump(c);
            assertTrue(Files.exists(aofDir(dir).resolve("appendonly.aof.1.base.aof")));
            assertEquals("OK", c.call("CONFIG", "SET", "appendonly", "no").text());
            c.call("SET", "not-recorded", "1");
        }
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            assertEquals(before, AofFiles.dump(c));
        }
    }

    @Test
    void autoRewriteStartsWhenTheFileDoubled() throws Exception {
        Path dir = AofFiles.tempDir("auto");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--auto-aof-rewrite-min-size", "1024",
                "--auto-aof-rewrite-percentage", "100")); RespClient c = s.client()) {
            for (int i = 0; i < 200; i++) {
                c.call("SET", "k" + (i % 10), "value-" + i);
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (Long.parseLong(InfoIT.fields(c.call("INFO", "persistence").text()).get("aof_rewrites")) == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "no automatic rewrite");
                Thread.sleep(50);
            }
        }
    }

    // ---- crashes and bad files ---------------------------------------------------------------------

    @Test
    void killDashNineLosesNoAcknowledgedWriteWithAppendfsyncAlways() throws Exception {
        Path dir = AofFiles.tempDir("crash");
        int writers = 4;
        long[] acked = new long[writers];
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--appendfsync", "always", "--shards", "2"))) {
            Thread[] threads = new Thread[writers];
            for (int w = 0; w < writers; w++) {
                int id = w;
                threads[w] = new Thread(() -> {
                    try (RespClient c = s.client()) {
                        for (long i = 1; i <= 100_000; i++) { // bounded; the kill ends it long before
                            RespValue r = c.call("SET", "w" + id + ":" + i, Long.toString(i));
                            if (!"OK".equals(r.text())) {
                                return;
                            }
                            acked[id] = i;
                            if (i % 50 == 0) {
                                c.call("SET", "w" + id + ":last", Long.toString(i));
                            }
                        }
                    } catch (IOException killed) {
                        // the server went away mid-request: that write was not acknowledged
                    }
                });
                threads[w].start();
            }
            Thread.sleep(1500);
            ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            for (int w = 0; w < writers; w++) {
                assertTrue(acked[w] > 10, "writer " + w + " wrote little: " + acked[w]);
                for (long i = 1; i <= acked[w]; i++) {
                    assertEquals(Long.toString(i), c.call("GET", "w" + w + ":" + i).text(), "w" + w + ":" + i);
                }
            }
        }
    }

    @Test
    void aTruncatedTailIsCutWhenAllowedAndRefusedOtherwise() throws Exception {
        Path dir = AofFiles.tempDir("trunc");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
        }
        Path incr = aofDir(dir).resolve("appendonly.aof.1.incr.aof");
        long goodSize = Files.size(incr);
        Files.write(incr, "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhal".getBytes(UTF_8), StandardOpenOption.APPEND);
        IOException refused = assertThrows(IOException.class,
                () -> ServerProcess.jvalkey(args(dir, "--aof-load-truncated", "no")).close());
        assertTrue(refused.getMessage().contains("Unexpected end of file reading the append only file "
                + "appendonly.aof.1.incr.aof"), refused.getMessage());
        try (ServerProcess s = ServerProcess.jvalkey(args(dir, "--aof-load-truncated", "yes")); RespClient c = s.client()) {
            assertEquals("1", c.call("GET", "a").text());
            assertEquals("2", c.call("GET", "b").text());
            assertTrue(c.call("GET", "c").isNull());
            assertTrue(s.log().contains("Truncating the AOF appendonly.aof.1.incr.aof at offset " + goodSize), s.log());
        }
        assertEquals(goodSize, Files.size(incr));
    }

    @Test
    void anIncompleteTransactionAtTheEndIsRevertedAsATruncation() throws Exception {
        Path dir = AofFiles.tempDir("multi");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            c.call("SET", "a", "1");
        }
        Path incr = aofDir(dir).resolve("appendonly.aof.1.incr.aof");
        Files.write(incr, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n".getBytes(UTF_8),
                StandardOpenOption.APPEND);
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            assertEquals("1", c.call("GET", "a").text());
            assertTrue(c.call("GET", "b").isNull(), "half a transaction must not be applied");
            assertTrue(s.log().contains("Revert incomplete MULTI/EXEC transaction"), s.log());
        }
    }

    @Test
    void aCorruptFileIsRefusedNamingFileAndOffset() throws Exception {
        Path dir = AofFiles.tempDir("corrupt");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            c.call("SET", "a", "1");
        }
        Path incr = aofDir(dir).resolve("appendonly.aof.1.incr.aof");
        long size = Files.size(incr);
        Files.write(incr, "garbage!\r\n*1\r\n$4\r\nPING\r\n".getBytes(UTF_8), StandardOpenOption.APPEND);
        IOException refused = assertThrows(IOException.class, () -> ServerProcess.jvalkey(args(dir)).close());
        assertTrue(refused.getMessage().contains("Bad file format reading the append only file appendonly.aof.1.incr.aof"
                + " at offset " + size), refused.getMessage());
        assertTrue(refused.getMessage().contains("exited at start (1)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\tat io.jvalkey"), "a message, not a stack trace");
        // A broken manifest too.
        Files.writeString(aofDir(dir).resolve("appendonly.aof.manifest"), "file x seq\n");
        IOException badManifest = assertThrows(IOException.class, () -> ServerProcess.jvalkey(args(dir)).close());
        assertTrue(badManifest.getMessage().contains("Invalid AOF manifest file format"), badManifest.getMessage());
    }

    // ---- interop ---------------------------------------------------------------------------------

    @Test
    void anAofWrittenByRedisLoadsWithEveryKeyEqual() throws Exception {
        Path rdir = AofFiles.tempDir("from-redis");
        Map<String, String> before;
        try (ServerProcess r = ServerProcess.redis(args(rdir, "--appendfsync", "always")); RespClient c = r.client()) {
            AofFiles.writeDataset(c, false);
            c.call("SET", "exp", "v", "PX", "1000000");
        }
        // What redis itself makes of its file (its XREADGROUP records carry no group read counter).
        try (ServerProcess r = ServerProcess.redis(args(rdir)); RespClient c = r.client()) {
            before = AofFiles.dump(c);
        }
        try (ServerProcess j = ServerProcess.jvalkey(args(rdir)); RespClient c = j.client()) {
            assertEquals(before, AofFiles.dump(c));
        }
    }

    @Test
    void anAofWrittenByJvalkeyLoadsIntoRedisAndPassesRedisCheckAof() throws Exception {
        Path dir = AofFiles.tempDir("to-redis");
        Map<String, String> before;
        try (ServerProcess j = ServerProcess.jvalkey(args(dir, "--aof-timestamp-enabled", "yes")); RespClient c = j.client()) {
            AofFiles.writeDataset(c, false);
            c.call("BGREWRITEAOF");
            awaitInfo(c, "aof_rewrite_in_progress", "0");
            c.call("SET", "after", "rewrite");
            c.call("SPOP", "set");
            c.call("INCRBYFLOAT", "float", "1.5");
            before = AofFiles.dump(c);
        }
        Process check = new ProcessBuilder(ServerProcess.findOnPath("redis-check-aof"),
                aofDir(dir).resolve("appendonly.aof.manifest").toString()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = check.getInputStream()) {
            out = new String(in.readAllBytes(), UTF_8);
        }
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains("is valid"), out);
        try (ServerProcess r = ServerProcess.redis(args(dir)); RespClient c = r.client()) {
            assertEquals(before, AofFiles.dump(c));
        }
    }

    @Test
    void anOldSingleFileAofIsMovedIntoTheDirectoryAndLoaded() throws Exception {
        Path dir = AofFiles.tempDir("upgrade");
        Files.writeString(dir.resolve("appendonly.aof"),
                "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nstyle\r\n", UTF_8);
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            assertEquals("style", c.call("GET", "old").text());
            c.call("SET", "new", "too");
        }
        assertFalse(Files.exists(dir.resolve("appendonly.aof")));
        assertTrue(AofFiles.read(aofDir(dir).resolve("appendonly.aof.manifest"))
                .startsWith("file appendonly.aof seq 1 type b\n"));
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            assertEquals("style", c.call("GET", "old").text());
            assertEquals("too", c.call("GET", "new").text());
        }
    }

    @Test
    void infoPersistenceShowsTheAofFields() throws Exception {
        Path dir = AofFiles.tempDir("info");
        try (ServerProcess s = ServerProcess.jvalkey(args(dir)); RespClient c = s.client()) {
            c.call("SET", "k", "v");
            Map<String, String> f = InfoIT.fields(c.call("INFO", "persistence").text());
            for (String name : List.of("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                    "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status",
                    "aof_rewrites", "aof_rewrites_consecutive_failures", "aof_last_write_status", "aof_last_cow_size",
                    "aof_current_size", "aof_base_size", "aof_pending_rewrite", "aof_buffer_length",
                    "aof_pending_bio_fsync", "aof_delayed_fsync")) {
                assertTrue(f.containsKey(name), name + " missing: " + f);
            }
            assertEquals("1", f.get("aof_enabled"));
            assertTrue(Long.parseLong(f.get("aof_current_size")) > 0);
            assertEquals("1", c.call("INFO", "persistence").text().contains("rdb_changes_since_last_save:1") ? "1" : "0");
        }
    }

    private static void awaitInfo(RespClient c, String field, String value) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!value.equals(InfoIT.fields(c.call("INFO", "persistence").text()).get(field))) {
            assertTrue(System.currentTimeMillis() < deadline, field + " never became " + value);
            Thread.sleep(20);
        }
    }

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = AofIT.class.getResourceAsStream("/aof/" + name)) {
            return new String(in.readAllBytes(), UTF_8).lines().toList();
        }
    }
}
