package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long pipelines of mixed commands (single-key, multi-key across shards, keyless, inline and
 * multibulk, errors) written in one go: every reply must come back in request order and match a
 * model of the keyspace. Runs with one shard and with four, where most requests hop to another
 * shard's thread or need several shards at once.
 */
class PipelineIT {
    private static final int COMMANDS = 20_000;

    /** A generated request and the reply the model predicts for it. */
    private record Step(byte[] wire, String expected) {}

    /** Generates requests over keys with the given prefix, predicting replies with a map model. */
    private static List<Step> generate(long seed, String prefix, int count) {
        Random rnd = new Random(seed);
        Map<String, String> model = new HashMap<>();
        List<Step> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String k = prefix + "k" + rnd.nextInt(64);
            String k2 = prefix + "k" + rnd.nextInt(64);
            String k3 = prefix + "k" + rnd.nextInt(64);
            String n = prefix + "n" + rnd.nextInt(16);
            String v = "v" + rnd.nextInt(1000);
            boolean inline = rnd.nextInt(4) == 0;
            switch (rnd.nextInt(14)) {
                case 0, 1 -> {
                    model.put(k, v);
                    steps.add(step(inline, "+OK", "SET", k, v));
                }
                case 2, 3 -> steps.add(step(inline, bulk(model.get(k)), "GET", k));
                case 4 -> {
                    String before = model.get(n);
                    if (before == null || before.matches("-?[0-9]+")) {
                        long next = (before == null ? 0 : Long.parseLong(before)) + 1;
                        model.put(n, Long.toString(next));
                        steps.add(step(inline, ":" + next, "INCR", n));
                    }
                }
                case 5 -> {
                    int removed = (model.remove(k) != null ? 1 : 0) + (!k2.equals(k) && model.remove(k2) != null ? 1 : 0);
                    steps.add(step(inline, ":" + removed, "DEL", k, k2));
                }
                case 6 -> {
                    int e = (model.containsKey(k) ? 1 : 0) + (model.containsKey(k2) ? 1 : 0) + (model.containsKey(k3) ? 1 : 0);
                    steps.add(step(inline, ":" + e, "EXISTS", k, k2, k3));
                }
                case 7 -> {
                    String v2 = v + "b";
                    model.put(k, v);
                    model.put(k2, v2);
                    steps.add(step(inline, "+OK", "MSET", k, v, k2, v2));
                }
                case 8 -> steps.add(step(inline, "*[" + bulk(model.get(k)) + ", " + bulk(model.get(k2)) + ", "
                        + bulk(model.get(n)) + "]", "MGET", k, k2, n));
                case 9 -> steps.add(step(inline, "+PONG", "PING"));
                case 10 -> steps.add(step(inline, bulk("echo " + i), "ECHO", "echo " + i));
                case 11 -> {
                    String appended = model.getOrDefault(k, "") + v;
                    model.put(k, appended);
                    steps.add(step(inline, ":" + appended.length(), "APPEND", k, v));
                }
                case 12 -> steps.add(step(inline, model.containsKey(k)
                        ? "-WRONGTYPE Operation against a key holding the wrong kind of value" : ":0", "LLEN", k));
                default -> steps.add(step(inline, "-ERR wrong number of arguments for 'get' command", "GET", k, k2));
            }
        }
        return steps;
    }

    private static String bulk(String v) {
        return v == null ? "$null" : "$\"" + v + "\"";
    }

    private static Step step(boolean inline, String expected, String... args) {
        StringBuilder sb = new StringBuilder();
        if (inline) {
            for (String a : args) {
                sb.append('"').append(a).append("\" ");
            }
            sb.append("\r\n");
        } else {
            sb.append('*').append(args.length).append("\r\n");
            for (String a : args) {
                sb.append('$').append(a.getBytes(UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
        }
        return new Step(sb.toString().getBytes(UTF_8), expected);
    }

    /** Writes all requests from another thread (replies are read meanwhile) and checks each reply. */
    private static void runPipeline(ServerProcess server, List<Step> steps) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Step s : steps) {
            all.write(s.wire());
        }
        try (RespClient c = server.client()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.sendRaw(all.toByteArray());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < steps.size(); i++) {
                String got = c.read().toString();
                if (!got.equals(steps.get(i).expected())) {
                    throw new AssertionError("reply " + i + " to " + new String(steps.get(i).wire(), UTF_8).strip()
                            + ": expected " + steps.get(i).expected() + " but got " + got);
                }
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(c.call("PING").text()).isEqualTo("PONG");
            // Every command that ran is counted once, also when its pipeline ran on several shards at once.
            long ran = steps.stream().filter(s -> !s.expected().startsWith("-ERR wrong number")).count() + 1;
            assertThat(c.call("CLIENT", "INFO").text()).containsPattern(" tot-cmds=" + ran + "\\b");
        }
    }

    @ParameterizedTest(name = "shards={0}")
    @ValueSource(ints = {1, 4})
    void oneLongPipelineKeepsReplyOrder(int shards) throws Exception {
        try (ServerProcess server = ServerProcess.jvalkey("--shards", Integer.toString(shards))) {
            runPipeline(server, generate(42, "p:", COMMANDS));
            assertThat(server.isAlive()).isTrue();
        }
    }

    @ParameterizedTest(name = "shards={0}")
    @ValueSource(ints = {1, 4})
    void concurrentPipelinesOnDisjointKeys(int shards) throws Exception {
        try (ServerProcess server = ServerProcess.jvalkey("--shards", Integer.toString(shards))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    List<Step> steps = generate(1000 + c, "c" + c + ":", 2_000);
                    runs.add(pool.submit(() -> {
                        runPipeline(server, steps);
                        return null;
                    }));
                }
                for (Future<?> f : runs) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.isAlive()).isTrue();
        }
    }
}
