package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many connections pipelining commands whose keys land on different shards, mixed with
 * multi-shard (barrier) commands: every reply must be the right one, in request order, and the
 * run must finish (no lost hand-off, no deadlock between hand-offs and the barrier).
 */
class DispatchStressIT {
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 40;
    private static final int PIPELINE = 24;

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "4"})
    void pipelinedRepliesStayInOrderAcrossShards(String shards) throws Exception {
        try (ServerProcess server = ServerProcess.jvalkey("--shards", shards)) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        runClient(server, client);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            try (RespClient c = server.client()) {
                assertThat(c.call("PING").text()).isEqualTo("PONG");
            }
        }
    }

    /** Each client owns its keys, so the expected replies are known exactly. */
    private static void runClient(ServerProcess server, int client) throws Exception {
        Random rnd = new Random(client);
        try (RespClient c = server.client()) {
            long[] counters = new long[8];
            for (int round = 0; round < ROUNDS; round++) {
                List<String[]> sent = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < PIPELINE; i++) {
                    int k = rnd.nextInt(counters.length);
                    String key = "c" + client + ":k" + k;
                    switch (rnd.nextInt(6)) {
                        case 0, 1 -> {
                            counters[k]++;
                            sent.add(new String[] {"INCR", key});
                            expected.add(":" + counters[k]);
                        }
                        case 2 -> {
                            sent.add(new String[] {"GET", key});
                            expected.add(counters[k] == 0 ? "$null" : "$\"" + counters[k] + "\"");
                        }
                        case 3 -> {
                            // Two keys on (usually) different shards: a barrier command.
                            int j = (k + 1) % counters.length;
                            String other = "c" + client + ":k" + j;
                            sent.add(new String[] {"MGET", key, other});
                            expected.add("*[" + bulk(counters[k]) + ", " + bulk(counters[j]) + "]");
                        }
                        case 4 -> {
                            sent.add(new String[] {"PING", "p" + i});
                            expected.add("$\"p" + i + "\"");
                        }
                        default -> {
                            sent.add(new String[] {"EXISTS", key});
                            expected.add(":" + (counters[k] == 0 ? 0 : 1));
                        }
                    }
                }
                for (String[] cmd : sent) {
                    byte[][] argv = new byte[cmd.length][];
                    for (int a = 0; a < cmd.length; a++) {
                        argv[a] = cmd[a].getBytes(UTF_8);
                    }
                    c.send(argv);
                }
                for (int i = 0; i < sent.size(); i++) {
                    assertThat(c.read().toString()).as("reply %d of round %d to %s", i, round, String.join(" ", sent.get(i)))
                            .isEqualTo(expected.get(i));
                }
            }
        }
    }

    private static String bulk(long v) {
        return v == 0 ? "$null" : "$\"" + v + "\"";
    }
}
