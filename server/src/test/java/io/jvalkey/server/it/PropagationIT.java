package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvalkey.persistence.aof.AofReader;
import io.jvalkey.server.coverage.Covers;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The propagation stream seen live (SYNC) and the change counts that decide what it carries. */
class PropagationIT {
    @Test
    @Covers("sync")
    void syncSendsAnEmptySnapshotThenTheStreamWithSelects() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", "2"); RespClient c = s.client();
                Socket replica = s.rawSocket()) {
            replica.setSoTimeout(10_000);
            replica.getOutputStream().write("SYNC\r\n".getBytes(ISO_8859_1));
            InputStream in = replica.getInputStream();
            StringBuilder header = new StringBuilder();
            int ch;
            while ((ch = in.read()) != '\n') {
                if (ch < 0) {
                    throw new java.io.EOFException("closed before the payload: " + header);
                }
                header.append((char) ch);
            }
            int len = Integer.parseInt(header.toString().trim().substring(1));
            assertEquals("REDIS0011", new String(in.readNBytes(len), ISO_8859_1).substring(0, 9));
            c.call("SET", "a", "1");
            c.call("SET", "nx", "1", "NX");
            c.call("SET", "nx", "2", "NX"); // changed nothing: not propagated
            c.call("DEL", "missing");       // neither
            c.call("SELECT", "1");
            c.call("MSET", "x", "1", "y", "2"); // keys on different shards: one record
            c.call("MULTI");
            c.call("INCR", "x");
            c.call("INCR", "y");
            c.call("EXEC");
            c.call("SELECT", "0");
            c.call("SET", "end", "1");
            AofReader r = new AofReader(in);
            List<String> got = new ArrayList<>();
            while (got.isEmpty() || !got.get(got.size() - 1).equals("SET end 1")) {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : r.next()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(new String(a, ISO_8859_1));
                }
                got.add(sb.toString());
            }
            assertEquals(List.of("SELECT 0", "SET a 1", "SET nx 1 NX", "SELECT 1", "MSET x 1 y 2", "MULTI", "INCR x",
                    "INCR y", "EXEC", "SELECT 0", "SET end 1"), got);
        }
    }

    /** rdb_changes_since_last_save counts as Valkey's server.dirty does: changes, not commands. */
    @Test
    void changeCountsAreValkeys() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(); RespClient c = s.client()) {
            assertEquals(3, delta(c, "MSET", "a", "1", "b", "2", "c", "3"));
            assertEquals(2, delta(c, "DEL", "a", "b", "nothere"));
            assertEquals(0, delta(c, "SETNX", "c", "x"));
            assertEquals(0, delta(c, "DEL", "nothere"));
            assertEquals(3, delta(c, "LPUSH", "l", "1", "2", "3"));
            assertEquals(2, delta(c, "SADD", "s", "a", "b", "a"));
            assertEquals(0, delta(c, "SADD", "s", "a"));
            assertEquals(2, delta(c, "HSET", "h", "f", "1", "g", "2"));
            assertEquals(1, delta(c, "ZADD", "z", "1", "m"));
            assertEquals(0, delta(c, "ZADD", "z", "1", "m"));
            assertEquals(1, delta(c, "INCR", "n"));
            assertEquals(0, delta(c, "GET", "n"));
            assertEquals(6, delta(c, "FLUSHDB")); // c, l, s, h, z, n
        }
    }

    private static long delta(RespClient c, String... command) throws Exception {
        long before = changes(c);
        c.call(command);
        return changes(c) - before;
    }

    private static long changes(RespClient c) throws Exception {
        Map<String, String> f = InfoIT.fields(c.call("INFO", "persistence").text());
        return Long.parseLong(f.get("rdb_changes_since_last_save"));
    }
}
