package io.jvalkey.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lettuce with RESP2 and RESP3 (negotiated with HELLO at connect) against jvalkey with one shard
 * and with the default shard count, sync API (plus one async pipeline). Add tests per command
 * family as commands arrive.
 */
class LettuceIT {
    private static ServerProcess oneShard;
    private static ServerProcess defaultShards;
    private static RedisClient client;

    @BeforeAll
    static void start() throws IOException {
        oneShard = ServerProcess.jvalkey("--shards", "1");
        defaultShards = ServerProcess.jvalkey();
        client = RedisClient.create();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        for (ServerProcess p : new ServerProcess[] {oneShard, defaultShards}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.RESP2, ProtocolVersion.RESP3}) {
            out.add(Arguments.of(v + " shards=1", oneShard, v));
            out.add(Arguments.of(v + " shards=default", defaultShards, v));
        }
        return out.stream();
    }

    private static StatefulRedisConnection<String, String> connect(ServerProcess server, ProtocolVersion protocol) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(10)).withClientName("lettuce-it").build();
        return client.connect(uri);
    }

    private static String prefix(ProtocolVersion v) {
        return "l" + (v == ProtocolVersion.RESP3 ? 3 : 2) + ":";
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("cases")
    void handshakeNegotiatesTheProtocol(String label, ServerProcess server, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = connect(server, protocol)) {
            RedisCommands<String, String> r = c.sync();
            String info = r.clientInfo();
            assertThat(info).contains("resp=" + (protocol == ProtocolVersion.RESP3 ? 3 : 2) + " ")
                    .contains("name=lettuce-it ").contains("lib-name=Lettuce");
            assertThat(r.clientGetname()).isEqualTo("lettuce-it");
            assertThat(r.clientId()).isPositive();
            assertThat(r.ping()).isEqualTo("PONG");
            assertThat(r.echo("hi there")).isEqualTo("hi there");
            assertThat(r.clientList()).contains("id=" + r.clientId() + " ");
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("cases")
    void strings(String label, ServerProcess server, ProtocolVersion protocol) {
        String p = prefix(protocol);
        try (StatefulRedisConnection<String, String> c = connect(server, protocol)) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.set(p + "a", "1")).isEqualTo("OK");
            assertThat(r.get(p + "a")).isEqualTo("1");
            assertThat(r.get(p + "missing")).isNull();
            assertThat(r.incr(p + "a")).isEqualTo(2L);
            assertThat(r.set(p + "a", "x", SetArgs.Builder.nx())).isNull();
            assertThat(r.set(p + "a", "5", SetArgs.Builder.xx().px(100_000))).isEqualTo("OK");
            assertThat(r.setGet(p + "a", "6")).isEqualTo("5");
            assertThat(r.mset(Map.of(p + "m1", "v1", p + "m2", "v2"))).isEqualTo("OK");
            assertThat(r.mget(p + "m1", p + "none", p + "m2"))
                    .containsExactly(KeyValue.just(p + "m1", "v1"), KeyValue.empty(p + "none"), KeyValue.just(p + "m2", "v2"));
            assertThat(r.exists(p + "m1", p + "m2", p + "none")).isEqualTo(2L);
            assertThat(r.del(p + "m1", p + "m2", p + "a", p + "none")).isEqualTo(3L);
            r.set(p + "nan", "abc");
            assertThatThrownBy(() -> r.incr(p + "nan")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            r.del(p + "nan");
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("cases")
    void selectDbSizeFlushAll(String label, ServerProcess server, ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = connect(server, protocol)) {
            RedisCommands<String, String> r = c.sync();
            int db = protocol == ProtocolVersion.RESP3 ? 11 : 12;
            assertThat(r.select(db)).isEqualTo("OK");
            r.flushall();
            r.mset(Map.of("d1", "1", "d2", "2", "d3", "3"));
            assertThat(r.dbsize()).isEqualTo(3L);
            assertThat(r.flushall()).isEqualTo("OK");
            assertThat(r.dbsize()).isZero();
            assertThat(r.time()).hasSize(2);
            assertThatThrownBy(() -> r.select(1000)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR DB index is out of range");
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("cases")
    void binaryValues(String label, ServerProcess server, ProtocolVersion protocol) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE,
                RedisURI.create("127.0.0.1", server.port()))) {
            byte[] key = (prefix(protocol) + "bin\0\r\n").getBytes();
            byte[] value = new byte[1 << 20];
            new java.util.Random(3).nextBytes(value);
            assertThat(c.sync().set(key, value)).isEqualTo("OK");
            assertThat(c.sync().get(key)).isEqualTo(value);
            assertThat(c.sync().del(key)).isEqualTo(1L);
        }
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false) // servers outlive each test
    @MethodSource("cases")
    void asyncPipelineKeepsOrder(String label, ServerProcess server, ProtocolVersion protocol) throws Exception {
        String p = prefix(protocol) + "pipe:";
        try (StatefulRedisConnection<String, String> c = connect(server, protocol)) {
            c.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> a = c.async();
            List<RedisFuture<String>> gets = new ArrayList<>();
            List<RedisFuture<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                a.set(p + i, "v" + i);
                incrs.add(a.incr(p + "n" + (i % 7)));
                gets.add(a.get(p + (i / 2)));
            }
            c.flushCommands();
            for (int i = 0; i < 3000; i++) {
                assertThat(gets.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("v" + (i / 2));
                assertThat(incrs.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i / 7 + 1L);
            }
            c.setAutoFlushCommands(true);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                keys.add(p + i);
            }
            for (int i = 0; i < 7; i++) {
                keys.add(p + "n" + i);
            }
            assertThat(c.sync().del(keys.toArray(new String[0]))).isEqualTo(3007L);
        }
    }
}
