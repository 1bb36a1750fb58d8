package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every script in src/test/resources/diff against Debian's redis-server and against jvalkey
 * with one shard and with the default shard count, in RESP2 and in RESP3, and requires the same
 * replies (same type, same bytes, same error text), except where a script says Valkey differs.
 */
class DifferentialIT {
    private static ServerProcess redis;
    private static ServerProcess jvalkeyOneShard;
    private static ServerProcess jvalkeyDefault;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
        jvalkeyOneShard = ServerProcess.jvalkey("--shards", "1");
        jvalkeyDefault = ServerProcess.jvalkey();
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {redis, jvalkeyOneShard, jvalkeyDefault}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** All scripts, or those whose name starts with -Ddiff.only=prefix (comma-separated). */
    static List<Path> scripts() throws IOException {
        Path dir = Path.of("src/test/resources/diff");
        String only = System.getProperty("diff.only", "");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".txt"))
                    .filter(p -> only.isEmpty() || Stream.of(only.split(","))
                            .anyMatch(prefix -> p.getFileName().toString().startsWith(prefix.strip())))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> scriptsReplyAsRedisDoes() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : scripts()) {
            DiffScript script = DiffScript.load(file);
            for (int resp : new int[] {2, 3}) {
                tests.add(DynamicTest.dynamicTest(script.name() + " resp" + resp + " shards=1",
                        () -> run(script, resp, jvalkeyOneShard)));
                tests.add(DynamicTest.dynamicTest(script.name() + " resp" + resp + " shards=default",
                        () -> run(script, resp, jvalkeyDefault)));
            }
        }
        return tests.stream();
    }

    private static void run(DiffScript script, int resp, ServerProcess jvalkey) throws Exception {
        try (RespClient ref = redis.client(); RespClient ours = jvalkey.client()) {
            for (RespClient c : new RespClient[] {ref, ours}) {
                c.call("SELECT", "0");
                c.call("FLUSHALL");
                if (resp == 3) {
                    c.call("HELLO", "3");
                }
            }
            List<String> failures = new ArrayList<>();
            for (DiffScript.Step step : script.steps()) {
                if (step.onlyResp() != 0 && step.onlyResp() != resp) {
                    continue;
                }
                if (step.mode() == DiffScript.Mode.SLEEP) {
                    Thread.sleep(Long.parseLong(step.display()));
                    continue;
                }
                RespValue expected = ref.call(step.argv());
                RespValue actual = ours.call(step.argv());
                String mismatch = compare(step, expected, actual);
                if (mismatch != null) {
                    failures.add(script.name() + ".txt:" + step.line() + " `" + step.display() + "`: " + mismatch);
                }
            }
            if (!failures.isEmpty()) {
                fail(failures.size() + " replies differ (resp" + resp + "):\n" + String.join("\n", failures));
            }
            if (!jvalkey.isAlive()) {
                fail("jvalkey died:\n" + jvalkey.log());
            }
        }
    }

    static String compare(DiffScript.Step step, RespValue expected, RespValue actual) {
        if (step.expect() != null) {
            return actual.toString().equals(step.expect()) ? null
                    : "expected (Valkey) " + step.expect() + " but got " + actual;
        }
        return switch (step.mode()) {
            case IGNORE, SLEEP -> null;
            case TYPE -> expected.type() == actual.type() ? null : "type " + expected.type() + " expected, got " + actual;
            case SORTED -> expected.sorted().equals(actual.sorted()) ? null : "expected " + expected.sorted() + " but got " + actual.sorted();
            case EXACT -> expected.equals(actual) ? null : "expected " + expected + " but got " + actual;
        };
    }
}
