package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real redis-cli binary against jvalkey and, for the expected output, against redis-server:
 * one-shot commands in raw and formatted output, RESP3, -n, -x, -r, commands read from stdin,
 * and --pipe mass insertion. Output and exit status must match.
 */
class RedisCliIT {
    private static ServerProcess redis;
    private static ServerProcess jvalkey;
    private static String cli;

    @BeforeAll
    static void start() throws IOException {
        cli = ServerProcess.findOnPath("redis-cli");
        redis = ServerProcess.redis();
        jvalkey = ServerProcess.jvalkey();
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {redis, jvalkey}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** Exit status and stdout of one redis-cli run. */
    record Run(int exit, String out) {}

    static Run run(ServerProcess server, byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(cli, "-h", "127.0.0.1", "-p", Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // process ended
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli " + String.join(" ", args) + " did not finish");
        }
        reader.join(5000);
        return new Run(p.exitValue(), out.toString(UTF_8));
    }

    /** Runs the same invocation against both servers; jvalkey's output must equal redis-server's. */
    static Run same(byte[] stdin, String... args) throws Exception {
        return same(redis, jvalkey, stdin, args);
    }

    static Run same(ServerProcess ref, ServerProcess ours, byte[] stdin, String... args) throws Exception {
        Run expected = run(ref, stdin, args);
        Run actual = run(ours, stdin, args);
        assertThat(actual).as("redis-cli %s", String.join(" ", args)).isEqualTo(expected);
        return actual;
    }

    static Run same(String... args) throws Exception {
        return same(null, args);
    }

    @Test
    void oneShotCommands() throws Exception {
        same("flushall");
        assertThat(same("ping").out()).isEqualTo("PONG\n");
        assertThat(same("set", "cli:k", "hello world").out()).isEqualTo("OK\n");
        assertThat(same("get", "cli:k").out()).isEqualTo("hello world\n");
        same("--no-raw", "get", "cli:k");
        same("--raw", "get", "cli:k");
        same("get", "cli:nokey");
        same("--no-raw", "get", "cli:nokey");
        same("incr", "cli:n");
        same("--no-raw", "incr", "cli:n");
        same("incr", "cli:k");
        same("--no-raw", "incr", "cli:k");
        same("mset", "cli:a", "1", "cli:b", "2");
        same("mget", "cli:a", "cli:nokey", "cli:b");
        same("--no-raw", "mget", "cli:a", "cli:nokey", "cli:b");
        same("exists", "cli:a", "cli:b", "cli:nokey");
        same("del", "cli:a", "cli:b");
        same("--raw", "echo", "a\nb");
        same("--no-raw", "echo", "a\u0001b\"");
        same("nosuchcommand", "x");
        same("-e", "nosuchcommand");
        same("--no-raw", "client", "setname", "bad name");
        same("select", "99");
    }

    @Test
    void resp3AndDatabases() throws Exception {
        same("-3", "--no-raw", "get", "cli3:nokey");
        same("-3", "ping");
        same("-3", "--no-raw", "mget", "cli3:nokey");
        same("-n", "4", "set", "cli3:k", "v");
        same("-n", "4", "get", "cli3:k");
        same("-n", "0", "get", "cli3:k");
        same("-n", "4", "del", "cli3:k");
    }

    @Test
    void stdinAndRepeat() throws Exception {
        same("flushall");
        Run piped = same("set cli:s 1\nget cli:s\nincr cli:s\nmget cli:s cli:none\nping\necho \"quoted arg\"\n".getBytes(UTF_8));
        assertThat(piped.out()).isEqualTo("OK\n1\n2\n2\n\nPONG\nquoted arg\n");
        same("hello\nworld".getBytes(UTF_8), "-x", "set", "cli:x");
        same("--no-raw", "get", "cli:x");
        assertThat(same("-r", "5", "incr", "cli:r").out()).isEqualTo("1\n2\n3\n4\n5\n");
    }

    @Test
    void pipeMassInsertion() throws Exception {
        same("flushall");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            String k = "mass:" + i;
            String v = "value-" + i;
            data.writeBytes(("*3\r\n$3\r\nSET\r\n$" + k.length() + "\r\n" + k + "\r\n$" + v.length() + "\r\n" + v + "\r\n")
                    .getBytes(UTF_8));
            if (i % 1000 == 0) {
                data.writeBytes("INCR mass:counter\r\n".getBytes(UTF_8)); // inline works in a pipe too
            }
        }
        data.writeBytes("*2\r\n$4\r\nINCR\r\n$6\r\nmass:0\r\n".getBytes(UTF_8)); // one error reply
        Run r = same(data.toByteArray(), "--pipe");
        assertThat(r.out()).contains("errors: 1, replies: 20021");
        assertThat(same("dbsize").out()).isEqualTo("20001\n");
        assertThat(same("get", "mass:19999").out()).isEqualTo("value-19999\n");
        assertThat(same("get", "mass:counter").out()).isEqualTo("20\n");
    }

    @Test
    void withPassword() throws Exception {
        try (ServerProcess ref = ServerProcess.redis("--requirepass", "pw");
                ServerProcess ours = ServerProcess.jvalkey("--requirepass", "pw")) {
            assertThat(same(ref, ours, null, "ping").out()).startsWith("NOAUTH Authentication required.");
            assertThat(same(ref, ours, null, "-a", "pw", "--no-auth-warning", "ping").out()).isEqualTo("PONG\n");
            assertThat(same(ref, ours, null, "--user", "default", "--pass", "pw", "--no-auth-warning", "set", "k", "v")
                    .out()).isEqualTo("OK\n");
            same(ref, ours, null, "-a", "wrong", "--no-auth-warning", "get", "k");
            same(ref, ours, "AUTH pw\nget k\n".getBytes(UTF_8));
        }
    }
}
