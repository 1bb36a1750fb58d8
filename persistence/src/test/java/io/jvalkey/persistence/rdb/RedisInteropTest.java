package io.jvalkey.persistence.rdb;

import static io.jvalkey.persistence.rdb.Model.b;
import static io.jvalkey.persistence.rdb.Model.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real interop with Debian's redis-server 7.0 (RDB version 10): files and DUMP payloads in
 * both directions, redis-check-rdb on what the codec writes. Skipped when redis-server is not
 * installed (CI installs it).
 */
class RedisInteropTest {
    private static final int DATABASES = 4;
    private static final String LIBRARY =
            "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)";

    @BeforeAll
    static void needsRedis() {
        assumeTrue(RedisProcess.available(), "redis-server is not on PATH: interop tests skipped");
    }

    /** Writes every type and encoding redis 7.0 has, small and large, with expiries, in several dbs. */
    static void populate(RedisProcess r) throws IOException {
        Random rnd = new Random(7);
        long future = System.currentTimeMillis() + 100_000_000L;
        r.ok("SET", "s:int", "12345");
        r.ok("SET", "s:neg", "-7");
        r.ok("SET", "s:i32", "2147483647");
        r.ok("SET", "s:big", "9223372036854775807");
        r.ok("SET", "s:lead0", "007");
        r.ok("SET", "s:long", "ab".repeat(600));
        r.ok("SET", "s:short", "hello");
        r.ok("SET", "s:empty", "");
        byte[] bin = new byte[256];
        for (int i = 0; i < 256; i++) {
            bin[i] = (byte) i;
        }
        r.ok("SET", "s:bin", bin);
        r.ok("SET", "s:exp", "soon", "PXAT", future);
        r.ok("RPUSH", "l:small", "a", "b", "1", "-3", "100000", "x".repeat(70));
        List<Object> big = new ArrayList<>(List.of("RPUSH", "l:big"));
        for (int i = 0; i < 3000; i++) {
            big.add(i % 3 == 0 ? Integer.toString(i * 1000) : "item-" + i + "-" + "z".repeat(i % 50));
        }
        r.ok(big.toArray());
        r.ok("RPUSH", "l:wide", "w".repeat(5000), "v".repeat(20000), "short");
        if (!(r.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1000") instanceof RedisProcess.Err)) {
            r.ok("RPUSH", "l:plain", "p".repeat(3000), "small", "q".repeat(1500));
            r.ok("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1073741824");
        }
        r.ok("SADD", "set:int", "1", "2", "3", "-5", "100000", "4294967296");
        r.ok("SADD", "set:small", "a", "b", "c", "10");
        List<Object> bigSet = new ArrayList<>(List.of("SADD", "set:big"));
        for (int i = 0; i < 1000; i++) {
            bigSet.add("m" + i);
        }
        r.ok(bigSet.toArray());
        List<Object> bigInts = new ArrayList<>(List.of("SADD", "set:bigint"));
        for (int i = 0; i < 600; i++) {
            bigInts.add(Long.toString(i * 7919L - 100_000));
        }
        r.ok(bigInts.toArray());
        r.ok("HSET", "h:small", "f1", "v1", "f2", "2", "n", "-100");
        List<Object> bigHash = new ArrayList<>(List.of("HSET", "h:big"));
        for (int i = 0; i < 500; i++) {
            bigHash.add("field" + i);
            bigHash.add(i % 2 == 0 ? Integer.toString(i) : "value-" + i);
        }
        r.ok(bigHash.toArray());
        r.ok("HSET", "h:longval", "f", "v".repeat(100));
        r.ok("ZADD", "z:small", "1", "a", "2.5", "b", "-inf", "c", "+inf", "d", "0.1", "e", "-3", "f");
        List<Object> bigZ = new ArrayList<>(List.of("ZADD", "z:big"));
        for (int i = 0; i < 300; i++) {
            bigZ.add(Double.toString(rnd.nextGaussian() * 1000));
            bigZ.add("member" + i);
        }
        r.ok(bigZ.toArray());
        r.ok("ZADD", "z:long", "1", "m".repeat(100));
        for (int i = 1; i <= 250; i++) {
            if (i % 7 == 0) {
                r.ok("XADD", "st", i + "-" + i, "other", "x" + i, "n", Integer.toString(i));
            } else {
                r.ok("XADD", "st", i + "-" + i, "f", "v" + i, "n", Integer.toString(i));
            }
        }
        r.ok("XDEL", "st", "5-5");
        r.ok("XGROUP", "CREATE", "st", "g1", "0");
        r.ok("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "st", ">");
        r.ok("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", "st", ">");
        r.ok("XACK", "st", "g1", "2-2");
        r.ok("XGROUP", "CREATE", "st", "g2", "$");
        r.ok("XGROUP", "CREATECONSUMER", "st", "g2", "carol");
        r.ok("XADD", "st:empty", "MAXLEN", "0", "9-1", "a", "b");
        r.ok("XGROUP", "CREATE", "st:empty", "grp", "$");
        r.ok("FUNCTION", "LOAD", LIBRARY);
        r.ok("SELECT", 1);
        r.ok("SET", "db1:key", "one", "PXAT", future + 5);
        r.ok("RPUSH", "db1:list", "x");
        r.ok("HSET", "db1:h", "a", "b");
        r.ok("PEXPIREAT", "db1:h", future + 9);
        r.ok("SELECT", 3);
        r.ok("SADD", "db3:set", "z");
        r.ok("SELECT", 0);
    }

    private static byte[] save(RedisProcess r) throws IOException {
        r.ok("SAVE");
        return Files.readAllBytes(r.dir.resolve("dump.rdb"));
    }

    @Test
    void redisDumpRdbReadsEqualToTheLiveData(@TempDir Path dir) throws Exception {
        try (RedisProcess r = new RedisProcess(dir, "dump.rdb", "--enable-debug-command", "yes")) {
            populate(r);
            Set<String> encodings = new HashSet<>();
            for (Object k : (List<?>) r.ok("KEYS", "*")) {
                encodings.add(s((byte[]) r.ok("OBJECT", "ENCODING", k)));
            }
            assertThat(encodings).contains("int", "embstr", "raw", "listpack", "quicklist", "intset", "hashtable",
                    "skiplist", "stream");
            Model live = ServerModel.read(r, DATABASES);
            assertThat(live.comparable()).hasSizeGreaterThan(28);
            Model file = Model.read(save(r));
            assertThat(file.version).isEqualTo(10);
            assertThat(file.aux).containsKeys("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base");
            assertThat(file.comparable()).isEqualTo(live.comparable());
            assertThat(file.db(0)).containsKeys("l:big", "st", "set:bigint", "l:plain");
        }
    }

    @Test
    void codecFileIsAcceptedByRedisCheckRdbAndLoadsEqual(@TempDir Path dir) throws Exception {
        Model model;
        Path source = Files.createDirectories(dir.resolve("source"));
        try (RedisProcess r = new RedisProcess(source, "dump.rdb", "--enable-debug-command", "yes")) {
            populate(r);
            model = Model.read(save(r));
        }
        RdbWriter.Options v10 = RdbWriter.Options.DEFAULT.withVersion(10);
        int variant = 0;
        for (RdbWriter.Options options : List.of(v10, v10.withCompression(false).withChecksum(false))) {
            for (RdbWriter.Encoding enc : new RdbWriter.Encoding[] {null, RdbWriter.Encoding.HASHTABLE}) {
                Path target = Files.createDirectories(dir.resolve("target" + variant++));
                byte[] rdb = write(model, options, enc);
                Files.write(target.resolve("codec.rdb"), rdb);
                checkRdb(target.resolve("codec.rdb"));
                try (RedisProcess r = new RedisProcess(target, "codec.rdb")) {
                    assertThat(ServerModel.read(r, DATABASES).comparable()).isEqualTo(model.comparable());
                }
                assertThat(Model.read(rdb).comparable()).isEqualTo(model.comparable());
            }
        }
    }

    @Test
    void redis70RefusesVersion11Files(@TempDir Path dir) throws Exception {
        Model m = new Model();
        m.put(0, "k", "v", -1);
        Files.write(dir.resolve("v11.rdb"), write(m, RdbWriter.Options.DEFAULT, null));
        assertThatThrownBy(() -> new RedisProcess(dir, "v11.rdb").close())
                .hasMessageContaining("Can't handle RDB format version 11");
    }

    static byte[] write(Model model, RdbWriter.Options options, RdbWriter.Encoding enc) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(bytes, options);
        w.standardAux("7.0.15", System.currentTimeMillis() / 1000, 1_000_000, false);
        model.writeTo(w, enc);
        w.endOfFile();
        return bytes.toByteArray();
    }

    private static void checkRdb(Path file) throws Exception {
        Process p = new ProcessBuilder(RedisProcess.exe("redis-check-rdb"), file.toString())
                .redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("RDB looks OK!");
            assertThat(p.exitValue()).as(output).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void dumpPayloadsMoveBothWays(@TempDir Path dir) throws Exception {
        try (RedisProcess r = new RedisProcess(dir, "dump.rdb", "--enable-debug-command", "yes")) {
            populate(r);
            Model live = ServerModel.read(r, 1);
            RdbWriter.Options v10 = RdbWriter.Options.DEFAULT.withVersion(10);
            for (Map.Entry<String, Object> e : live.db(0).entrySet()) {
                String key = e.getKey();
                byte[] payload = (byte[]) r.ok("DUMP", key);
                assertThat(DumpPayload.verify(payload, false)).isEqualTo(10);
                Model.Recorder rec = new Model.Recorder();
                DumpPayload.read(payload, b(key), rec);
                Model one = new Model();
                one.put(0, key, rec.m.db(0).get(key), -1);
                Model expected = new Model();
                expected.put(0, key, e.getValue(), -1);
                assertThat(one.comparable()).as(key).isEqualTo(expected.comparable());

                byte[] ours = DumpPayload.create(v10, w -> Model.writeValue(w, KeyMeta.NONE, b(key), e.getValue(), null));
                assertThat(r.ok("RESTORE", "copy:" + key, 0, ours)).isEqualTo("OK");
                Model back = new Model();
                back.put(0, key, ServerModel.value(r, "copy:" + key), -1);
                assertThat(back.comparable()).as(key).isEqualTo(expected.comparable());
            }
            byte[] v11 = DumpPayload.create(RdbWriter.Options.DEFAULT, w -> w.string(KeyMeta.NONE, b("k"), b("v")));
            assertThat(r.call("RESTORE", "k11", 0, v11))
                    .isEqualTo(new RedisProcess.Err("ERR DUMP payload version or checksum are wrong"));
        }
    }
}
