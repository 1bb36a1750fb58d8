package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.jvalkey.persistence.aof.AofReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers around AOF directories: reading records, and dumping a server's dataset for comparison. */
final class AofFiles {
    private AofFiles() {}

    /** The commands of an AOF file, one line each, with "now" timestamps (13-digit ms) written as <ms>. */
    static List<String> records(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (AofReader r = AofReader.open(file)) {
            byte[][] argv;
            while ((argv = r.next()) != null) {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : argv) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(normalise(new String(a, ISO_8859_1)));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static String normalise(String arg) {
        return arg.replaceAll("^1[6-9]\\d{11}$", "<ms>").replaceAll("^1[6-9]\\d{11}-(\\d+)$", "<ms>-$1");
    }

    /** The records of every incr file of an AOF directory (named *.incr.aof), in sequence order. */
    static List<String> incrRecords(Path dir) throws IOException {
        List<Path> incrs = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".incr.aof")).forEach(incrs::add);
        }
        incrs.sort((a, b) -> Long.compare(seq(a), seq(b)));
        List<String> out = new ArrayList<>();
        for (Path p : incrs) {
            out.addAll(records(p));
        }
        return out;
    }

    private static long seq(Path p) {
        String[] parts = p.getFileName().toString().split("\\.");
        return Long.parseLong(parts[parts.length - 3]);
    }

    /** Waits until {@code file} exists and holds a record matching {@code line}, or the time is up. */
    static boolean awaitRecord(Path dir, String line, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        do {
            if (Files.isDirectory(dir) && incrRecords(dir).contains(line)) {
                return true;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        return false;
    }

    /**
     * Everything a client can see of databases 0..3: per key its type, value (collections in a
     * canonical order) and whether it has a TTL.
     */
    static Map<String, String> dump(RespClient c) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 4; db++) {
            c.call("SELECT", Integer.toString(db));
            for (RespValue k : c.call("KEYS", "*").items()) {
                String key = k.text();
                String type = c.call("TYPE", key).text();
                RespValue v = switch (type) {
                    case "string" -> c.call("GET", key);
                    case "list" -> c.call("LRANGE", key, "0", "-1");
                    case "set" -> c.call("SMEMBERS", key).sorted();
                    case "zset" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES");
                    case "hash" -> c.call("HGETALL", key).sorted();
                    case "stream" -> RespValue.aggregate('*', List.of(c.call("XRANGE", key, "-", "+"),
                            c.call("XINFO", "GROUPS", key)));
                    default -> RespValue.scalar('+', type.getBytes());
                };
                long pttl = c.call("PTTL", key).integer();
                out.put(db + ":" + key, type + " " + v + (pttl >= 0 ? " ttl" : ""));
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    /** Writes one of each type (small and large encodings), TTLs, several databases, a stream with a group. */
    static void writeDataset(RespClient c, boolean fieldTtl) throws IOException {
        c.call("SET", "str", "hello");
        c.call("SET", "int", "12345");
        c.call("SET", "ttl", "v", "EX", "1000");
        c.call("RPUSH", "list", "a", "b", "c");
        c.call("SADD", "set", "x", "y", "z");
        c.call("SADD", "intset", "1", "2", "3");
        c.call("ZADD", "zset", "1.5", "a", "-2", "b", "inf", "c");
        c.call("HSET", "hash", "f1", "v1", "f2", "v2");
        if (fieldTtl) { // Valkey 9's hash field expiry; redis 7.0 has none
            c.call("HSET", "hashttl", "f1", "v1", "f2", "v2");
            c.call("HEXPIRE", "hashttl", "1000", "FIELDS", "1", "f1");
        }
        for (int i = 0; i < 300; i++) {
            c.call("RPUSH", "biglist", "element-" + i);
            c.call("SADD", "bigset", "member-" + i);
            c.call("ZADD", "bigzset", Integer.toString(i), "member-" + i);
            c.call("HSET", "bighash", "field-" + i, "value-" + i);
        }
        c.call("XADD", "stream", "1-1", "a", "1");
        c.call("XADD", "stream", "1-2", "b", "2");
        c.call("XADD", "stream", "2-1", "c", "3");
        c.call("XGROUP", "CREATE", "stream", "grp", "0");
        c.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "2", "STREAMS", "stream", ">");
        c.call("XGROUP", "CREATECONSUMER", "stream", "grp", "bob");
        c.call("XADD", "emptystream", "5-5", "a", "1");
        c.call("XDEL", "emptystream", "5-5");
        c.call("INCRBYFLOAT", "float", "3.25");
        c.call("SELECT", "1");
        c.call("SET", "db1key", "one");
        c.call("SELECT", "3");
        c.call("RPUSH", "db3list", "q");
        c.call("SELECT", "0");
    }

    static Path tempDir(String name) throws IOException {
        return Files.createTempDirectory("it-aof-" + name + "-");
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, ISO_8859_1);
    }
}
