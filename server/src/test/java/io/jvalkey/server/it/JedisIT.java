package io.jvalkey.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Jedis (RESP2) against real jvalkey processes with one shard and with the default shard count.
 * Each test uses its own key prefix; add a test per command family as commands arrive.
 */
class JedisIT {
    private static ServerProcess oneShard;
    private static ServerProcess defaultShards;

    @BeforeAll
    static void start() throws IOException {
        oneShard = ServerProcess.jvalkey("--shards", "1");
        defaultShards = ServerProcess.jvalkey();
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {oneShard, defaultShards}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of("shards=1", oneShard), Arguments.of("shards=default", defaultShards));
    }

    private static Jedis connect(ServerProcess server, String name) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()), DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP2).clientName(name).timeoutMillis(10_000).build());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("servers")
    void strings(String label, ServerProcess server) {
        try (Jedis j = connect(server, "jedis-strings")) {
            assertThat(j.set("js:a", "1")).isEqualTo("OK");
            assertThat(j.get("js:a")).isEqualTo("1");
            assertThat(j.get("js:missing")).isNull();
            assertThat(j.incr("js:a")).isEqualTo(2L);
            assertThat(j.incr("js:counter")).isEqualTo(1L);
            assertThat(j.set("js:a", "x", SetParams.setParams().nx())).isNull();
            assertThat(j.set("js:a", "3", SetParams.setParams().xx().ex(100))).isEqualTo("OK");
            assertThat(j.setGet("js:a", "4")).isEqualTo("3");
            assertThat(j.mset("js:m1", "v1", "js:m2", "v2", "js:m3", "v3")).isEqualTo("OK");
            assertThat(j.mget("js:m1", "js:m2", "js:nope", "js:m3")).containsExactly("v1", "v2", null, "v3");
            assertThat(j.exists("js:m1", "js:m2", "js:nope")).isEqualTo(2L);
            assertThat(j.exists("js:m1")).isTrue();
            assertThat(j.del("js:m1", "js:m2", "js:m3", "js:nope")).isEqualTo(3L);
            j.set("js:nan", "abc");
            assertThatThrownBy(() -> j.incr("js:nan")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            j.del("js:a", "js:counter", "js:nan");
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("servers")
    void binarySafeValues(String label, ServerProcess server) {
        try (Jedis j = connect(server, "jedis-binary")) {
            byte[] key = {'j', 'b', ':', 0, (byte) 0xff, '\r', '\n'};
            byte[] value = new byte[256];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) i;
            }
            assertThat(j.set(key, value)).isEqualTo("OK");
            assertThat(j.get(key)).isEqualTo(value);
            byte[] big = new byte[3 * 1024 * 1024];
            new java.util.Random(7).nextBytes(big);
            assertThat(j.set("jb:big".getBytes(), big)).isEqualTo("OK");
            assertThat(j.get("jb:big".getBytes())).isEqualTo(big);
            assertThat(j.del(key)).isEqualTo(1L);
            j.del("jb:big");
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("servers")
    void connectionCommands(String label, ServerProcess server) {
        try (Jedis j = connect(server, "jedis-conn")) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.ping("hi")).isEqualTo("hi");
            assertThat(j.echo("hello")).isEqualTo("hello");
            assertThat(j.clientGetname()).isEqualTo("jedis-conn");
            long id = j.clientId();
            assertThat(id).isPositive();
            String info = j.clientInfo();
            assertThat(info).contains("id=" + id + " ").contains("name=jedis-conn ").contains("lib-name=jedis ")
                    .contains("resp=2 ");
            assertThat(j.clientList()).contains("id=" + id + " ");
            assertThat(j.select(3)).isEqualTo("OK");
            j.set("jc:db3", "x");
            assertThat(j.dbSize()).isGreaterThanOrEqualTo(1L);
            j.select(0);
            assertThat(j.exists("jc:db3")).isFalse();
            j.select(3);
            assertThat(j.del("jc:db3")).isEqualTo(1L);
            assertThat(j.clientSetname("renamed")).isEqualTo("OK");
            assertThat(j.clientGetname()).isEqualTo("renamed");
            assertThat(j.time()).hasSize(2);
            assertThatThrownBy(() -> j.select(99)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR DB index is out of range");
            assertThatThrownBy(() -> j.clientSetname("a b")).isInstanceOf(JedisDataException.class);
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("servers")
    void flushAllAndDbSize(String label, ServerProcess server) {
        try (Jedis j = connect(server, "jedis-flush")) {
            j.select(9);
            j.mset("jf:1", "a", "jf:2", "b", "jf:3", "c");
            assertThat(j.dbSize()).isEqualTo(3L);
            assertThat(j.flushAll()).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("servers")
    void pipelining(String label, ServerProcess server) {
        try (Jedis j = connect(server, "jedis-pipe")) {
            Pipeline p = j.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            List<Response<Long>> incrs = new ArrayList<>();
            List<Response<List<String>>> mgets = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                sets.add(p.set("jp:" + i, "v" + i));
                incrs.add(p.incr("jp:n" + (i % 10)));
                mgets.add(p.mget("jp:" + i, "jp:" + (i / 2), "jp:none"));
            }
            p.sync();
            for (int i = 0; i < 2000; i++) {
                assertThat(sets.get(i).get()).isEqualTo("OK");
                assertThat(incrs.get(i).get()).isEqualTo(i / 10 + 1L);
                assertThat(mgets.get(i).get()).containsExactly("v" + i, "v" + (i / 2), null);
            }
            for (int i = 0; i < 2000; i += 500) {
                List<String> keys = new ArrayList<>();
                for (int k = i; k < i + 500; k++) {
                    keys.add("jp:" + k);
                }
                assertThat(j.del(keys.toArray(new String[0]))).isEqualTo(500L);
            }
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("servers")
    void concurrentClients(String label, ServerProcess server) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (Jedis j = connect(server, "jedis-t" + thread)) {
                        for (int i = 0; i < 300; i++) {
                            j.incr("jt:shared");
                            j.set("jt:" + thread + ":" + i, Integer.toString(i));
                            assertThat(j.get("jt:" + thread + ":" + i)).isEqualTo(Integer.toString(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            try (Jedis j = connect(server, "jedis-check")) {
                assertThat(j.get("jt:shared")).isEqualTo("2400");
                j.del("jt:shared");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
