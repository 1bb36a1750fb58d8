package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * String size limits that need a small proto-max-bulk-len to be reached in a test: APPEND and
 * SETRANGE past the limit, and LCS's limit on its working table. Both servers run with the
 * smallest allowed limit (1 MB) and must give the same replies.
 */
class StringLimitsIT {
    private static final String LIMIT = "1048576";
    private static ServerProcess redis;
    private static ServerProcess jvalkey;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis("--proto-max-bulk-len", LIMIT);
        jvalkey = ServerProcess.jvalkey("--proto-max-bulk-len", LIMIT);
    }

    @AfterAll
    static void stop() {
        ServerProcess.closeAll(redis, jvalkey);
    }

    @Test
    void stringsStopAtProtoMaxBulkLen() throws IOException {
        List<String[]> steps = List.of(
                new String[] {"SETRANGE", "s", "1048575", "x"},            // exactly the limit: allowed
                new String[] {"STRLEN", "s"},
                new String[] {"APPEND", "s", "y"},                         // one byte over
                new String[] {"APPEND", "s", ""},                          // nothing added: fine
                new String[] {"SETRANGE", "s", "1048576", "x"},
                new String[] {"SETRANGE", "s", "1048575", "xy"},
                new String[] {"SETRANGE", "s", "1048575", "z"},
                new String[] {"SETRANGE", "s", "0", "head"},
                new String[] {"GETRANGE", "s", "0", "5"},
                new String[] {"SETRANGE", "new", "1048576", "x"},
                new String[] {"SETRANGE", "new", "2000000", ""},
                new String[] {"EXISTS", "new"},
                new String[] {"SETRANGE", "s", "9223372036854775807", "x"},
                new String[] {"STRLEN", "s"});
        compare(steps, 2);
        compare(steps, 3);
    }

    @Test
    void lcsRefusesTablesLargerThanProtoMaxBulkLen() throws IOException {
        // (511 + 1)^2 cells of 4 bytes is exactly 1 MB: allowed; one more byte is too much.
        String a = "ab".repeat(255) + "c";
        String b = "ba".repeat(255) + "d";
        List<String[]> steps = List.of(
                new String[] {"MSET", "a", a, "b", b, "a2", a + "x"},
                new String[] {"LCS", "a", "b", "LEN"},
                new String[] {"LCS", "a", "b"},
                new String[] {"LCS", "a", "b", "IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"},
                new String[] {"LCS", "a2", "b"},
                new String[] {"LCS", "a2", "b", "LEN"},
                new String[] {"LCS", "a2", "b", "LEN", "IDX"});
        compare(steps, 2);
        compare(steps, 3);
    }

    private static void compare(List<String[]> steps, int resp) throws IOException {
        List<String> failures = new ArrayList<>();
        try (RespClient ref = redis.client(); RespClient ours = jvalkey.client()) {
            for (RespClient c : new RespClient[] {ref, ours}) {
                c.call("FLUSHALL");
                c.call("HELLO", Integer.toString(resp));
            }
            for (String[] step : steps) {
                RespValue expected = ref.call(step);
                RespValue actual = ours.call(step);
                if (!expected.equals(actual)) {
                    failures.add(String.join(" ", step).substring(0, Math.min(60, String.join(" ", step).length()))
                            + ": expected " + expected + " but got " + actual);
                }
            }
        }
        assertEquals(List.of(), failures, "resp" + resp);
        assertTrue(jvalkey.isAlive());
    }
}
