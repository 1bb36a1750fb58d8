package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients against a real jvalkey process: seeded random and mutated RESP,
 * declared sizes with no data behind them, nested garbage, NUL bytes, a client that trickles one
 * byte at a time, thousands of idle connections. Every test ends by checking that the server is
 * alive, answers a new connection, and that its resident memory stayed bounded.
 */
class BadInputIT {
    private static final long MB = 1024 * 1024;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws IOException {
        server = ServerProcess.jvalkey("--shards", "2");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void assertHealthy(ServerProcess s, long rssBefore, long allowedGrowth) throws IOException {
        assertThat(s.isAlive()).as("server alive").isTrue();
        try (RespClient c = s.client()) {
            assertThat(c.call("PING").text()).isEqualTo("PONG");
            assertThat(c.call("SET", "bad:alive", "yes").text()).isEqualTo("OK");
            assertThat(c.call("GET", "bad:alive").text()).isEqualTo("yes");
        }
        long rss = s.rssBytes();
        assertThat(rss - rssBefore).as("RSS growth (before %d MB, after %d MB)", rssBefore / MB, rss / MB)
                .isLessThan(allowedGrowth);
    }

    // ---------------------------------------------------------------- seeded fuzzing

    private static final String[] VALID = {
        "*1\r\n$4\r\nPING\r\n",
        "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n",
        "*3\r\n$3\r\nSET\r\n$5\r\nfuzz1\r\n$3\r\nabc\r\n",
        "*2\r\n$3\r\nGET\r\n$5\r\nfuzz1\r\n",
        "*5\r\n$4\r\nMSET\r\n$5\r\nfuzz2\r\n$1\r\n1\r\n$5\r\nfuzz3\r\n$1\r\n2\r\n",
        "*3\r\n$4\r\nMGET\r\n$5\r\nfuzz2\r\n$5\r\nfuzz3\r\n",
        "*2\r\n$4\r\nINCR\r\n$5\r\nfuzz4\r\n",
        "*3\r\n$3\r\nDEL\r\n$5\r\nfuzz1\r\n$5\r\nfuzz9\r\n",
        "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n",
        "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$4\r\nfuzz\r\n",
        "PING\r\n",
        "ECHO \"a\\x00b\" 'c'\r\n",
        "SET fuzz5 \"x y\"\r\n",
    };

    /** One connection's worth of input: valid requests, mutated ones, and raw garbage. */
    private static byte[] fuzzInput(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 1 + rnd.nextInt(12);
        for (int p = 0; p < pieces; p++) {
            byte[] base = VALID[rnd.nextInt(VALID.length)].getBytes(ISO_8859_1);
            switch (rnd.nextInt(9)) {
                case 0, 1, 2 -> out.writeBytes(base);
                case 3 -> { // flip some bytes
                    byte[] b = base.clone();
                    for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                    out.writeBytes(b);
                }
                case 4 -> out.write(base, 0, rnd.nextInt(base.length)); // truncated
                case 5 -> { // random bytes
                    byte[] b = new byte[1 + rnd.nextInt(200)];
                    rnd.nextBytes(b);
                    out.writeBytes(b);
                }
                case 6 -> { // nested aggregates and other RESP types where bulks belong
                    String[] junk = {"*2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*1\r\n%1\r\n+a\r\n:1\r\n",
                        "*3\r\n$3\r\nSET\r\n*1\r\n$1\r\nk\r\n", "*1\r\n_\r\n", "*2\r\n$3\r\nGET\r\n:5\r\n",
                        "*-3\r\n*0\r\n", "$5\r\nhello\r\n", "+OK\r\n-ERR x\r\n"};
                    out.writeBytes(junk[rnd.nextInt(junk.length)].getBytes(ISO_8859_1));
                }
                case 7 -> { // huge declared sizes
                    String[] sizes = {"*2147483647\r\n", "*1\r\n$536870912\r\n", "*2\r\n$4\r\nECHO\r\n$400000000\r\nab",
                        "*99999999999999999999\r\n", "*1\r\n$-5\r\n", "*1\r\n$2147483647\r\n"};
                    out.writeBytes(sizes[rnd.nextInt(sizes.length)].getBytes(ISO_8859_1));
                }
                default -> { // NUL bytes and bare line ends
                    byte[] b = new byte[1 + rnd.nextInt(20)];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = switch (rnd.nextInt(4)) {
                            case 0 -> 0;
                            case 1 -> '\r';
                            case 2 -> '\n';
                            default -> (byte) ('a' + rnd.nextInt(26));
                        };
                    }
                    out.writeBytes(b);
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void seededFuzzingLeavesTheServerUp() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20_261_123L);
        int connections = Integer.getInteger("fuzz.connections", 600);
        long rssBefore = server.rssBytes();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Random rnd = new Random(seed + i);
                runs.add(pool.submit(() -> {
                    try (Socket s = server.rawSocket()) {
                        s.setSoLinger(true, 0);
                        s.getOutputStream().write(fuzzInput(rnd));
                        Wire.readUntilQuiet(s, 50); // whatever comes back, until closed or quiet
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertHealthy(server, rssBefore, 256 * MB);
        try (RespClient c = server.client()) {
            // Fuzzed connections are all gone (closed by us or by protocol errors).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int count;
            while ((count = c.call("CLIENT", "LIST").text().split("\n").length) > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(count).as("connections left (seed %d)", seed).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- declared sizes

    @Test
    void declaredTwoGigabyteBulkIsRejectedWithoutAllocating() throws Exception {
        long rssBefore = server.rssBytes();
        for (int i = 0; i < 20; i++) {
            try (RespClient c = server.client()) {
                c.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2147483648\r\n".getBytes(UTF_8));
                assertThat(c.read().toString()).isEqualTo("-ERR Protocol error: invalid bulk length");
                assertThat(c.closedByServer(5000)).isTrue();
            }
        }
        assertHealthy(server, rssBefore, 64 * MB);
    }

    @Test
    void declaredBulksUnderTheLimitWaitForTheirDataWithoutAllocatingIt() throws Exception {
        try (ServerProcess big = ServerProcess.jvalkey("--proto-max-bulk-len", "4gb")) {
            long rssBefore = big.rssBytes();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket s = big.rawSocket();
                    open.add(s);
                    // 2,000,000,000 bytes declared (above 512 MB, allowed here), 1 KB sent
                    s.getOutputStream().write(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000000\r\n" + "x".repeat(1024))
                            .getBytes(UTF_8));
                }
                Thread.sleep(500);
                for (Socket s : open) {
                    assertThat(Wire.readUntilQuiet(s, 50).reply()).as("still waiting for data").isEmpty();
                }
                assertHealthy(big, rssBefore, 64 * MB);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            // A bulk above what a Java array can hold is refused even when the limit allows it.
            try (RespClient c = big.client()) {
                c.sendRaw("*2\r\n$4\r\nECHO\r\n$3000000000\r\n".getBytes(UTF_8));
                assertThat(c.read().toString()).isEqualTo("-ERR Protocol error: invalid bulk length");
            }
            assertHealthy(big, rssBefore, 64 * MB);
        }
    }

    @Test
    void hugeMultibulkCountsWithNoData() throws Exception {
        long rssBefore = server.rssBytes();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = server.rawSocket();
                open.add(s);
                s.getOutputStream().write("*2147483647\r\n$1\r\na\r\n$1\r\nb\r\n".getBytes(UTF_8));
            }
            Thread.sleep(300);
            assertHealthy(server, rssBefore, 64 * MB);
            // Still waiting, not failed: more arguments are accepted.
            Socket first = open.get(0);
            first.getOutputStream().write("$1\r\nc\r\n".getBytes(UTF_8));
            assertThat(Wire.readUntilQuiet(first, 200).reply()).isEmpty();
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    // ---------------------------------------------------------------- garbage and NULs

    @Test
    void nestedGarbage() throws Exception {
        String[][] cases = {
            {"*2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", "-ERR Protocol error: expected '$', got '*'\r\n"},
            {"*1\r\n%1\r\n+a\r\n:1\r\n", "-ERR Protocol error: expected '$', got '%'\r\n"},
            {"*2\r\n$3\r\nGET\r\n:5\r\n", "-ERR Protocol error: expected '$', got ':'\r\n"},
            {"*1\r\n*1\r\n*1\r\n*1\r\n", "-ERR Protocol error: expected '$', got '*'\r\n"},
            {"*" + "9".repeat(30) + "\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
        };
        for (String[] c : cases) {
            Wire.Exchange e = Wire.exchange(server.port(), c[0].getBytes(ISO_8859_1), 2000);
            assertThat(e.text()).as(c[0]).isEqualTo(c[1]);
            assertThat(e.closed()).isTrue();
        }
        // Aggregates of other RESP types parse as inline commands when they come first.
        Wire.Exchange e = Wire.exchange(server.port(), "$5\r\nhello\r\n".getBytes(UTF_8), 300);
        assertThat(e.text()).startsWith("-ERR unknown command '$5'");
        assertHealthy(server, server.rssBytes(), 64 * MB);
    }

    @Test
    void binaryZeros() throws Exception {
        // In an argument of a multibulk request, zeros are data.
        try (RespClient c = server.client()) {
            c.sendRaw("*3\r\n$3\r\nSET\r\n$5\r\nz\0e\0r\r\n$4\r\n\0\0\0\0\r\n".getBytes(ISO_8859_1));
            assertThat(c.read().text()).isEqualTo("OK");
            assertThat(c.call("GET".getBytes(UTF_8), "z\0e\0r".getBytes(ISO_8859_1)).data()).containsExactly(0, 0, 0, 0);
            c.call("DEL".getBytes(UTF_8), "z\0e\0r".getBytes(ISO_8859_1));
        }
        // In an inline request a zero hides the line end, as in Valkey: the request waits until
        // it is too big, then fails.
        try (Socket s = server.rawSocket()) {
            OutputStream out = s.getOutputStream();
            out.write("PING\0\0\0\r\n".getBytes(ISO_8859_1));
            assertThat(Wire.readUntilQuiet(s, 300).reply()).isEmpty();
            out.write(new byte[70_000]);
            Wire.Exchange e = Wire.readUntilQuiet(s, 5000);
            assertThat(e.text()).isEqualTo("-ERR Protocol error: too big inline request\r\n");
            assertThat(e.closed()).isTrue();
        }
        Wire.Exchange zerosFirst = Wire.exchange(server.port(), new byte[70_000], 5000);
        assertThat(zerosFirst.text()).isEqualTo("-ERR Protocol error: too big inline request\r\n");
        assertHealthy(server, server.rssBytes(), 64 * MB);
    }

    // ---------------------------------------------------------------- slow and idle clients

    @Test
    void tricklingClientsDoNotDisturbOthers() throws Exception {
        byte[] multibulk = "*2\r\n$4\r\nECHO\r\n$4\r\nslow\r\n".getBytes(UTF_8);
        byte[] inline = "ECHO trickle\r\n".getBytes(UTF_8);
        try (Socket a = server.rawSocket(); Socket b = server.rawSocket(); RespClient other = server.client()) {
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    // The multibulk request goes at 4 bytes a second, the last 4 bytes of the inline
                    // one at one byte a second: about 6 seconds in all.
                    int ib = 0;
                    for (int i = 0; i < multibulk.length; i++) {
                        a.getOutputStream().write(multibulk[i]);
                        if (i % 4 == 3 && ib < inline.length) {
                            int n = ib < inline.length - 4 ? inline.length - 4 : 1;
                            b.getOutputStream().write(inline, ib, n);
                            ib += n;
                        }
                        Thread.sleep(250);
                    }
                    while (ib < inline.length) {
                        b.getOutputStream().write(inline[ib++]);
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long worst = 0;
            while (!trickle.isDone()) {
                long t0 = System.nanoTime();
                assertThat(other.call("SET", "bad:trickle", "x").text()).isEqualTo("OK");
                assertThat(other.call("PING").text()).isEqualTo("PONG");
                worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(50);
            }
            trickle.get();
            assertThat(worst).as("worst latency of the other client (ms)").isLessThan(1000);
            assertThat(Wire.readUntilQuiet(a, 2000).text()).isEqualTo("$4\r\nslow\r\n");
            assertThat(Wire.readUntilQuiet(b, 2000).text()).isEqualTo("$7\r\ntrickle\r\n");
        }
    }

    /** The soft limit on open files of a process, from /proc. */
    private static long openFilesLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 1024;
    }

    @Test
    void fiveThousandIdleConnections() throws Exception {
        // Both this JVM and the server need one descriptor per connection; with `ulimit -n` below
        // about 5,500 the test scales down (and says so) rather than fail on the environment.
        long limit = Math.min(openFilesLimit(ProcessHandle.current().pid()), openFilesLimit(server.pid()));
        int target = (int) Math.min(5000, limit - 500);
        assertThat(target).as("ulimit -n (%d) leaves room for at least 1000 connections", limit)
                .isGreaterThanOrEqualTo(1000);
        if (target < 5000) {
            System.err.println("fiveThousandIdleConnections: ulimit -n is " + limit + ", using " + target);
        }
        long rssBefore = server.rssBytes();
        List<Socket> idle = new ArrayList<>(target);
        try {
            for (int i = 0; i < target; i++) {
                idle.add(server.rawSocket());
            }
            try (RespClient c = server.client()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                int count;
                while ((count = c.call("CLIENT", "LIST").text().split("\n").length) < target + 1
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(count).isEqualTo(target + 1);
                long t0 = System.nanoTime();
                assertThat(c.call("PING").text()).isEqualTo("PONG");
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
            }
            // Some of the idle ones still work.
            for (int i = 0; i < target; i += target / 10) {
                Socket s = idle.get(i);
                s.getOutputStream().write("PING\r\n".getBytes(UTF_8));
                assertThat(Wire.readUntilQuiet(s, 2000).text()).isEqualTo("+PONG\r\n");
            }
            long rss = server.rssBytes();
            System.err.println("fiveThousandIdleConnections: RSS " + rssBefore / MB + " MB -> " + rss / MB + " MB with "
                    + target + " connections");
            assertHealthy(server, rssBefore, 256 * MB);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        try (RespClient c = server.client()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.call("CLIENT", "LIST").text().split("\n").length > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(c.call("CLIENT", "LIST").text().split("\n")).hasSize(1);
        }
    }
}
