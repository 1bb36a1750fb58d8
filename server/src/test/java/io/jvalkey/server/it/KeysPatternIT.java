package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * KEYS and SCAN MATCH with random glob patterns over random key names full of glob
 * metacharacters and high bytes, compared with redis-server (same stringmatchlen as Valkey).
 */
class KeysPatternIT {
    private static final byte[] ALPHABET = "ab*?[]^-\\Az".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static byte[] random(Random rnd, int maxLen) {
        byte[] b = new byte[rnd.nextInt(maxLen + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextInt(12) == 0 ? (byte) (0x80 + rnd.nextInt(128)) : ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        return b;
    }

    private static Set<String> names(RespValue reply) {
        Set<String> out = new TreeSet<>();
        for (RespValue v : reply.items()) {
            out.add(HexFormat.of().formatHex(v.data()));
        }
        return out;
    }

    @Test
    void randomPatternsMatchTheSameKeysAsRedis() throws Exception {
        try (ServerProcess redis = ServerProcess.redis(); ServerProcess ours = ServerProcess.jvalkey();
                RespClient r = redis.client(); RespClient o = ours.client()) {
            // redis-server may have loaded a dump.rdb left in its directory by another test
            assertEquals(r.call("FLUSHALL"), o.call("FLUSHALL"));
            Random rnd = new Random(20261123);
            for (int i = 0; i < 300; i++) {
                byte[] key = random(rnd, 6);
                byte[][] cmd = {"SET".getBytes(), key, "v".getBytes()};
                assertEquals(r.call(cmd), o.call(cmd));
            }
            assertEquals(r.call("DBSIZE"), o.call("DBSIZE"));
            for (int i = 0; i < 600; i++) {
                byte[] pattern = random(rnd, 7);
                String shown = HexFormat.of().formatHex(pattern);
                Set<String> expected = names(r.call("KEYS".getBytes(), pattern));
                assertEquals(expected, names(o.call("KEYS".getBytes(), pattern)), "KEYS pattern " + shown);
                if (i % 20 == 0) {
                    Set<String> scanned = new TreeSet<>();
                    String cursor = "0";
                    do {
                        RespValue reply = o.call("SCAN".getBytes(), cursor.getBytes(), "MATCH".getBytes(), pattern,
                                "COUNT".getBytes(), "50".getBytes());
                        cursor = reply.items().get(0).text();
                        scanned.addAll(names(reply.items().get(1)));
                    } while (!cursor.equals("0"));
                    assertEquals(expected, scanned, "SCAN MATCH pattern " + shown);
                }
            }
        }
    }
}
