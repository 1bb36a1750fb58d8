package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jvalkey.server.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection state and connection commands on a real jvalkey process, for what a differential
 * script cannot show: timing (CLIENT PAUSE), effects on other connections (CLIENT KILL), the
 * fields of CLIENT LIST, RESET, HELLO's reply, and requirepass.
 */
class ConnectionIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws IOException {
        server = ServerProcess.jvalkey("--shards", "4");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** CLIENT INFO as an ordered field map. */
    static Map<String, String> info(RespClient c) throws IOException {
        return parseLine(c.call("CLIENT", "INFO").text().strip());
    }

    static Map<String, String> parseLine(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : line.split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    static List<Map<String, String>> list(RespClient c, String... args) throws IOException {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "CLIENT";
        cmd[1] = "LIST";
        System.arraycopy(args, 0, cmd, 2, args.length);
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : c.call(cmd).text().split("\n")) {
            if (!line.isBlank()) {
                out.add(parseLine(line));
            }
        }
        return out;
    }

    @Test
    void queryBufferHoldsOnlyWhatIsNotParsedYet() throws Exception {
        try (RespClient a = server.client(); RespClient b = server.client()) {
            String aId = Long.toString(a.call("CLIENT", "ID").integer());
            byte[] partial = "*2\r\n$4\r\nECHO\r\n$5\r\nhel".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            a.sendRaw(partial);
            // As Valkey, parsed arguments leave the buffer: what waits is the incomplete last bulk ("hel").
            String qbuf = "";
            for (int i = 0; i < 200 && !qbuf.equals("3"); i++) {
                qbuf = list(b, "ID", aId).get(0).get("qbuf");
                Thread.sleep(10);
            }
            assertThat(qbuf).isEqualTo("3");
            assertThat(list(b, "ID", Long.toString(b.call("CLIENT", "ID").integer())).get(0)).containsEntry("qbuf", "0");
            a.sendRaw("lo\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(a.read().text()).isEqualTo("hello");
            assertThat(info(a)).containsEntry("qbuf", "0");
        }
    }

    @Test
    void clientListHasValkeyFieldsInOrder() throws Exception {
        try (RespClient a = server.client(); RespClient b = server.client()) {
            Map<String, String> i = info(a);
            assertThat(new ArrayList<>(i.keySet())).containsExactly("id", "addr", "laddr", "fd", "name", "age", "idle",
                    "flags", "db", "sub", "psub", "ssub", "multi", "watch", "qbuf", "qbuf-free", "argv-mem", "multi-mem",
                    "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp", "lib-name",
                    "lib-ver", "tot-net-in", "tot-net-out", "tot-cmds");
            long id = a.call("CLIENT", "ID").integer();
            assertThat(i.get("id")).isEqualTo(Long.toString(id));
            assertThat(i.get("laddr")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(i.get("addr")).startsWith("127.0.0.1:");
            assertThat(Integer.parseInt(i.get("fd"))).isPositive();
            assertThat(i).containsEntry("name", "").containsEntry("flags", "N").containsEntry("db", "0")
                    .containsEntry("cmd", "client|info").containsEntry("user", "default").containsEntry("resp", "2")
                    .containsEntry("multi", "-1").containsEntry("redir", "-1")
                    .containsEntry("qbuf", "0"); // as Valkey: the running command is no longer in the buffer

            assertThat(a.call("SELECT", "7").text()).isEqualTo("OK");
            assertThat(a.call("CLIENT", "SETNAME", "alpha").text()).isEqualTo("OK");
            assertThat(a.call("CLIENT", "SETINFO", "LIB-NAME", "mylib").text()).isEqualTo("OK");
            assertThat(a.call("CLIENT", "SETINFO", "lib-ver", "1.2.3").text()).isEqualTo("OK");
            assertThat(a.call("CLIENT", "NO-EVICT", "on").text()).isEqualTo("OK");
            assertThat(a.call("CLIENT", "NO-TOUCH", "on").text()).isEqualTo("OK");
            Map<String, String> before = info(a);
            assertThat(before).containsEntry("name", "alpha").containsEntry("db", "7").containsEntry("flags", "eT")
                    .containsEntry("lib-name", "mylib").containsEntry("lib-ver", "1.2.3");
            a.call("PING");
            a.call("NOSUCHCOMMAND"); // rejected: not counted
            Map<String, String> after = info(a);
            assertThat(Long.parseLong(after.get("tot-cmds")) - Long.parseLong(before.get("tot-cmds"))).isEqualTo(2);
            assertThat(Long.parseLong(after.get("tot-net-in"))).isGreaterThan(Long.parseLong(before.get("tot-net-in")));
            assertThat(Long.parseLong(after.get("tot-net-out"))).isGreaterThan(Long.parseLong(before.get("tot-net-out")));
            a.call("HELLO", "3");
            assertThat(parseLine(a.call("CLIENT", "INFO").text().strip())).containsEntry("resp", "3");

            // LIST: every client in id order; LIST ID in the order given; TYPE normal is everyone.
            long bId = b.call("CLIENT", "ID").integer();
            List<Map<String, String>> all = list(b);
            List<Long> ids = all.stream().map(m -> Long.parseLong(m.get("id"))).toList();
            assertThat(ids).contains(id, bId).isSorted();
            assertThat(all.stream().filter(m -> m.get("id").equals(Long.toString(id))).findFirst().orElseThrow())
                    .containsEntry("name", "alpha").containsEntry("cmd", "client|info");
            assertThat(list(b, "ID", Long.toString(bId), Long.toString(id), "999999", Long.toString(bId))
                    .stream().map(m -> m.get("id")).toList())
                    .containsExactly(Long.toString(bId), Long.toString(id), Long.toString(bId));
            assertThat(list(b, "TYPE", "NORMAL").size()).isEqualTo(all.size());
            assertThat(list(b, "TYPE", "pubsub")).isEmpty();
        }
    }

    @Test
    void resetRestoresANewConnectionsState() throws Exception {
        try (RespClient c = server.client(); RespClient other = server.client()) {
            c.call("SELECT", "5");
            c.call("CLIENT", "SETNAME", "n");
            c.call("CLIENT", "SETINFO", "lib-name", "keptlib");
            c.call("CLIENT", "NO-EVICT", "on");
            c.call("CLIENT", "NO-TOUCH", "on");
            c.call("HELLO", "3");
            RespValue r = c.call("RESET");
            assertThat(r.type()).isEqualTo('+');
            assertThat(r.text()).isEqualTo("RESET");
            Map<String, String> i = info(c);
            assertThat(i).containsEntry("db", "0").containsEntry("name", "").containsEntry("resp", "2")
                    .containsEntry("flags", "N").containsEntry("lib-name", "keptlib");
            assertThat(c.call("CLIENT", "GETNAME").type()).isEqualTo('$'); // RESP2 null bulk
            c.call("SET", "reset:key", "db0");
            assertThat(other.call("GET", "reset:key").text()).isEqualTo("db0");
            other.call("DEL", "reset:key");
        }
    }

    @Test
    void helloReplyAndProtocolSwitch() throws Exception {
        try (RespClient c = server.client()) {
            long id = c.call("CLIENT", "ID").integer();
            RespValue r2 = c.call("HELLO", "2", "SETNAME", "h");
            assertThat(r2.type()).isEqualTo('*');
            assertThat(r2.items().toString()).isEqualTo("[$\"server\", $\"valkey\", $\"version\", $\"" + Version.VALKEY_COMPAT
                    + "\", $\"proto\", :2, $\"id\", :" + id + ", $\"mode\", $\"standalone\", $\"role\", $\"master\", "
                    + "$\"modules\", *[]]");
            RespValue r3 = c.call("HELLO", "3");
            assertThat(r3.type()).isEqualTo('%');
            assertThat(r3.items().get(5).integer()).isEqualTo(3);
            assertThat(c.call("GET", "hello:nokey").type()).isEqualTo('_');
            assertThat(c.call("CLIENT", "GETNAME").text()).isEqualTo("h");
            RespValue again = c.call("HELLO");
            assertThat(again.type()).isEqualTo('%'); // no version: the protocol stays
        }
    }

    @Test
    void requirepass() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--requirepass", "pw"); RespClient c = s.client()) {
            assertThat(c.call("SET", "k", "v").text()).isEqualTo("NOAUTH Authentication required.");
            assertThat(c.call("CLIENT", "ID").text()).isEqualTo("NOAUTH Authentication required.");
            assertThat(c.call("AUTH", "nope").text()).startsWith("WRONGPASS ");
            RespValue hello = c.call("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "authed");
            assertThat(hello.type()).isEqualTo('%');
            assertThat(c.call("CLIENT", "GETNAME").text()).isEqualTo("authed");
            assertThat(c.call("SET", "k", "v").text()).isEqualTo("OK");
            assertThat(info(c)).containsEntry("user", "default");
            c.call("RESET");
            assertThat(c.call("GET", "k").text()).isEqualTo("NOAUTH Authentication required.");
            assertThat(c.call("AUTH", "default", "pw").text()).isEqualTo("OK");
            assertThat(c.call("GET", "k").text()).isEqualTo("v");
        }
    }

    @Test
    void killByIdClosesTheOtherConnection() throws Exception {
        try (RespClient killer = server.client(); RespClient victim = server.client()) {
            long victimId = victim.call("CLIENT", "ID").integer();
            assertThat(killer.call("CLIENT", "KILL", "ID", Long.toString(victimId)).integer()).isEqualTo(1);
            assertThat(victim.closedByServer(5000)).isTrue();
            assertThat(list(killer, "ID", Long.toString(victimId))).isEmpty();
            assertThat(killer.call("CLIENT", "KILL", "ID", Long.toString(victimId)).integer()).isZero();
            assertThat(killer.call("PING").text()).isEqualTo("PONG");
        }
    }

    @Test
    void killOldFormByAddress() throws Exception {
        try (RespClient killer = server.client(); RespClient victim = server.client()) {
            String victimAddr = info(victim).get("addr");
            assertThat(killer.call("CLIENT", "KILL", victimAddr).text()).isEqualTo("OK");
            assertThat(victim.closedByServer(5000)).isTrue();
            assertThat(killer.call("CLIENT", "KILL", victimAddr).text()).isEqualTo("ERR No such client");
            // The old form may kill the caller: it gets OK, then the connection closes.
            String own = info(killer).get("addr");
            RespValue r = killer.call("CLIENT", "KILL", own);
            assertThat(r.text()).isEqualTo("OK");
            assertThat(killer.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void killSelfOnlyWithSkipmeNo() throws Exception {
        try (RespClient c = server.client()) {
            String id = Long.toString(c.call("CLIENT", "ID").integer());
            String addr = info(c).get("addr");
            assertThat(c.call("CLIENT", "KILL", "ID", id).integer()).isZero();
            assertThat(c.call("CLIENT", "KILL", "ADDR", addr, "SKIPME", "yes").integer()).isZero();
            assertThat(c.call("CLIENT", "KILL", "ID", id, "SKIPME", "no").integer()).isEqualTo(1);
            assertThat(c.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void killFiltersCombine() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(); RespClient me = s.client()) {
            List<RespClient> others = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RespClient o = s.client();
                    o.call("PING");
                    others.add(o);
                }
                awaitClientCount(me, 4);
                String laddr = "127.0.0.1:" + s.port();
                assertThat(me.call("CLIENT", "KILL", "LADDR", "127.0.0.1:1", "USER", "default").integer()).isZero();
                assertThat(me.call("CLIENT", "KILL", "LADDR", laddr, "ID", info(others.get(0)).get("id")).integer())
                        .isEqualTo(1);
                assertThat(others.get(0).closedByServer(5000)).isTrue();
                assertThat(me.call("CLIENT", "KILL", "USER", "default", "TYPE", "normal").integer()).isEqualTo(2);
                assertThat(others.get(1).closedByServer(5000)).isTrue();
                assertThat(others.get(2).closedByServer(5000)).isTrue();
                assertThat(me.call("PING").text()).isEqualTo("PONG");
            } finally {
                for (RespClient o : others) {
                    o.close();
                }
            }
        }
    }

    @Test
    void killByMaxAge() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(); RespClient old = s.client()) {
            old.call("PING");
            Thread.sleep(2100);
            try (RespClient me = s.client()) {
                awaitClientCount(me, 2);
                assertThat(me.call("CLIENT", "KILL", "MAXAGE", "1000").integer()).isZero();
                assertThat(me.call("CLIENT", "KILL", "MAXAGE", "2").integer()).isEqualTo(1);
                assertThat(old.closedByServer(5000)).isTrue();
                assertThat(me.call("PING").text()).isEqualTo("PONG");
            }
        }
    }

    static void awaitClientCount(RespClient c, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list(c).size() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " clients, CLIENT LIST shows " + list(c));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void pauseWriteHoldsWritesOnlyUntilUnpause() throws Exception {
        try (RespClient admin = server.client(); RespClient reader = server.client();
                RespClient writer = server.client()) {
            assertThat(admin.call("CLIENT", "PAUSE", "20000", "WRITE").text()).isEqualTo("OK");
            try {
                long t0 = System.nanoTime();
                assertThat(reader.call("GET", "pause:k").isNull()).isTrue();
                assertThat(reader.call("PING").text()).isEqualTo("PONG");
                assertThat(reader.call("CLIENT", "ID").type()).isEqualTo(':');
                assertThat(millisSince(t0)).isLessThan(2000);

                writer.send("SET".getBytes(UTF_8), "pause:k".getBytes(UTF_8), "v".getBytes(UTF_8));
                writer.timeout(700);
                assertThat(readOrNull(writer)).as("SET must wait while writes are paused").isNull();
                assertThat(reader.call("GET", "pause:k").isNull()).isTrue();
            } finally {
                assertThat(admin.call("CLIENT", "UNPAUSE").text()).isEqualTo("OK");
            }
            writer.timeout(5000);
            assertThat(writer.read().text()).isEqualTo("OK");
            assertThat(reader.call("GET", "pause:k").text()).isEqualTo("v");
            reader.call("DEL", "pause:k");
        }
    }

    @Test
    void pauseAllHoldsEveryCommandForItsDuration() throws Exception {
        try (RespClient admin = server.client(); RespClient other = server.client()) {
            other.call("PING");
            long t0 = System.nanoTime();
            assertThat(admin.call("CLIENT", "PAUSE", "800").text()).isEqualTo("OK");
            CompletableFuture<Long> otherDone = CompletableFuture.supplyAsync(() -> {
                try {
                    other.call("CLIENT", "ID");
                    return millisSince(t0);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(admin.call("PING").text()).isEqualTo("PONG"); // the pausing client waits too
            assertThat(millisSince(t0)).isGreaterThanOrEqualTo(700);
            assertThat(otherDone.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(700);
            // A shorter later pause does not shorten the first; WRITE after ALL keeps ALL.
            long t1 = System.nanoTime();
            admin.call("CLIENT", "PAUSE", "600", "ALL");
            admin.call("CLIENT", "PAUSE", "10", "WRITE");
            assertThat(millisSince(t1)).isGreaterThanOrEqualTo(500);
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static RespValue readOrNull(RespClient c) throws IOException {
        try {
            return c.read();
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
    }

    @Test
    void replyOffAndSkipWithKeysOnSeveralShards() throws Exception {
        try (java.net.Socket s = server.rawSocket()) {
            String pipeline = "CLIENT REPLY OFF\r\nMSET ro:a 1 ro:b 2 ro:c 3 ro:d 4\r\nMGET ro:a ro:b ro:c ro:d\r\n"
                    + "INCR ro:a\r\nCLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nCLIENT REPLY SKIP\r\n"
                    + "MGET ro:a ro:b ro:c ro:d\r\nMGET ro:a ro:b ro:c ro:d\r\nDEL ro:a ro:b ro:c ro:d\r\nPING\r\n";
            s.getOutputStream().write(pipeline.getBytes(UTF_8));
            Wire.Exchange e = Wire.readUntilQuiet(s, 500);
            assertThat(e.text()).isEqualTo("+OK\r\n*4\r\n$1\r\n2\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n:4\r\n+PONG\r\n");
        }
    }

    @Test
    void maxclients() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--maxclients", "3"); RespClient first = s.client()) {
            awaitClientCount(first, 1);
            try (RespClient second = s.client(); RespClient third = s.client()) {
                second.call("PING");
                third.call("PING");
                try (RespClient fourth = s.client()) {
                    RespValue r = fourth.read();
                    assertThat(r.toString()).isEqualTo("-ERR max number of clients reached");
                    assertThat(fourth.closedByServer(5000)).isTrue();
                }
                assertThat(third.call("PING").text()).isEqualTo("PONG");
            }
            awaitClientCount(first, 1);
            try (RespClient again = s.client()) {
                assertThat(again.call("PING").text()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void idleClientsTimeOut() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--timeout", "1"); RespClient idle = s.client();
                RespClient busy = s.client()) {
            idle.call("PING");
            long t0 = System.nanoTime();
            boolean busyAlive = true;
            while (millisSince(t0) < 3500) {
                busyAlive &= "PONG".equals(busy.call("PING").text());
                Thread.sleep(250);
            }
            assertThat(busyAlive).isTrue();
            assertThat(idle.closedByServer(2000)).as("idle client closed after timeout").isTrue();
            assertThat(busy.call("PING").text()).isEqualTo("PONG");
        }
    }

    @Test
    void protoMaxBulkLen() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--proto-max-bulk-len", "1mb"); RespClient c = s.client()) {
            byte[] max = new byte[1024 * 1024];
            java.util.Arrays.fill(max, (byte) 'm');
            assertThat(c.call("SET".getBytes(UTF_8), "big".getBytes(UTF_8), max).text()).isEqualTo("OK");
            assertThat(c.call("GET", "big").data()).hasSize(max.length);
            c.sendRaw("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$1048577\r\n".getBytes(UTF_8));
            assertThat(c.read().toString()).isEqualTo("-ERR Protocol error: invalid bulk length");
            assertThat(c.closedByServer(5000)).isTrue();
            try (RespClient d = s.client()) {
                assertThat(d.call("PING").text()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void queryBufferLimitClosesWithoutReply() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey("--client-query-buffer-limit", "1mb");
                java.net.Socket raw = s.rawSocket(); RespClient other = s.client()) {
            raw.getOutputStream().write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2097152\r\n".getBytes(UTF_8));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 32; i++) {
                    raw.getOutputStream().write(chunk);
                }
            } catch (IOException closedWhileWriting) {
                // the server may close before all is sent
            }
            Wire.Exchange e = Wire.readUntilQuiet(raw, 5000);
            assertThat(e.closed()).isTrue();
            assertThat(e.reply()).isEmpty();
            assertThat(other.call("PING").text()).isEqualTo("PONG");
            assertThat(other.call("EXISTS", "k").integer()).isZero();
        }
    }
}
