package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hash field expiry in real time: a field with a deadline disappears once it passes (lazily for
 * whoever reads the hash, actively for hashes nobody touches), and a hash whose last field expires
 * is deleted. DBSIZE only reads counters, so a key vanishing under it is the active cycle's work.
 */
class HashFieldExpiryIT {
    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    @Covers({"hpexpire", "hpttl"})
    void fieldsExpireLazilyAndActively(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards); RespClient c = s.client()) {
            assertEquals(3, c.call("HSET", "h", "a", "1", "b", "2", "c", "3").integer());
            assertEquals(List.of(1L, -2L), ints(c.call("HPEXPIRE", "h", "100", "FIELDS", "2", "a", "zz")));
            long pttl = c.call("HPTTL", "h", "FIELDS", "1", "a").items().get(0).integer();
            assertTrue(pttl > 0 && pttl <= 100, "pttl " + pttl);
            Thread.sleep(250);
            // Lazy: the expired field is gone for any command that looks at the hash.
            assertTrue(c.call("HGET", "h", "a").isNull());
            assertEquals(2, c.call("HLEN", "h").integer());
            assertEquals(List.of(-2L), ints(c.call("HTTL", "h", "FIELDS", "1", "a")));

            // Active: untouched hashes lose their expired fields, and the key goes with the last one.
            assertEquals(2, c.call("HSET", "gone", "x", "1", "y", "2").integer());
            assertEquals(List.of(1L, 1L), ints(c.call("HPEXPIRE", "gone", "100", "FIELDS", "2", "x", "y")));
            for (int i = 0; i < 50; i++) {
                c.call("HSET", "big", "f" + i, "v" + i);
                c.call("HPEXPIRE", "big", Integer.toString(100 + i), "FIELDS", "1", "f" + i);
            }
            c.call("HSET", "big", "keep", "1");
            // a renamed hash keeps expiring actively under its new name
            c.call("HSET", "old", "p", "1");
            c.call("HPEXPIRE", "old", "100", "FIELDS", "1", "p");
            c.call("RENAME", "old", "new");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (c.call("DBSIZE").integer() != 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, c.call("DBSIZE").integer(), "gone and new must be deleted by active expiry");
            // big keeps its field without a deadline; a, x, y, p and big's 50 fields were reclaimed
            assertEquals(1, c.call("HLEN", "big").integer());
            assertEquals(0, c.call("EXISTS", "gone").integer());
            String info = c.call("INFO", "stats").text();
            assertTrue(info.contains("expired_fields:54\r\n"), info);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1"})
    @Covers({"hsetex", "hgetex"})
    void hsetexAndHgetexDeadlinesPass(String shards) throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--shards", shards); RespClient c = s.client()) {
            assertEquals(1, c.call("HSETEX", "k", "PX", "100", "FIELDS", "2", "a", "1", "b", "2").integer());
            assertEquals(1, c.call("HSET", "k", "c", "3").integer());
            c.call("HGETEX", "k", "PX", "100", "FIELDS", "1", "c");
            Thread.sleep(250);
            // the lookup reclaims the expired fields and deletes the emptied hash
            assertEquals(0, c.call("HLEN", "k").integer());
            assertEquals(0, c.call("EXISTS", "k").integer());
        }
    }

    private static List<Long> ints(RespValue v) {
        return v.items().stream().map(RespValue::integer).toList();
    }
}
