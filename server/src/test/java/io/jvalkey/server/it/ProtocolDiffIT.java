package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The wire protocol byte for byte against redis-server: inline commands and their quoting,
 * multibulk framing, every protocol error text and the close that follows it, pipelines that
 * mix good requests with a bad one, CLIENT REPLY modes, QUIT, the cross-protocol (HTTP) guard,
 * and the stricter limits before AUTH. Each case runs on a fresh connection to each server.
 */
class ProtocolDiffIT {
    private static final int QUIET_MILLIS = 250;
    private static final String PASS = "s3cret";

    private static ServerProcess redis;
    private static ServerProcess jvalkey;
    private static ServerProcess redisAuth;
    private static ServerProcess jvalkeyAuth;

    @BeforeAll
    static void start() throws IOException {
        redis = ServerProcess.redis();
        jvalkey = ServerProcess.jvalkey();
        redisAuth = ServerProcess.redis("--requirepass", PASS);
        jvalkeyAuth = ServerProcess.jvalkey("--requirepass", PASS);
    }

    @AfterAll
    static void stop() {
        for (ServerProcess p : new ServerProcess[] {redis, jvalkey, redisAuth, jvalkeyAuth}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /** A case: input bytes (Latin-1 string), and what jvalkey must answer where Valkey differs from Redis 7.0. */
    private record Case(String name, String input, Wire.Exchange valkey) {}

    private static Case same(String name, String input) {
        return new Case(name, input, null);
    }

    private static Case valkey(String name, String input, String reply, boolean closed) {
        return new Case(name, input, new Wire.Exchange(Wire.bytes(reply), closed));
    }

    private static List<Case> openCases() {
        String big = "x".repeat(70_000);
        return List.of(
            // inline (telnet style) requests
            same("inline CRLF", "PING\r\n"),
            same("inline LF only", "PING\n"),
            same("inline args", "ping hello\r\necho   spaced   \r\n"),
            same("inline quotes and escapes", "ECHO \"a b\\x41\\x4a\\n\\t\\\\\\\"\" 'c\\'d' \"\\q\" \"\\x4g\"\r\n"),
            same("inline quoted word joined", "ECHO ab\"c d\"\r\n"),
            same("inline blank lines skipped", "\r\n   \r\n\n\nPING\n"),
            same("inline vertical tab and form feed", "ECHO \u000bX\u000c\r\n"),
            same("inline pipeline", "SET pk1 v1\r\nGET pk1\r\nDEL pk1\r\nGET pk1\r\n"),
            same("inline unknown command", "FOO a 'b c'\r\n"),
            same("inline without newline waits", "PING"),
            same("inline NUL hides the newline", "PING\0\r\nPING\r\n"),
            same("inline too big", "P".repeat(65_537)),
            same("inline long line is fine", "ECHO " + "y".repeat(70_000) + "\r\n"),
            // unbalanced quotes
            same("unbalanced double quote", "ECHO \"a\r\nPING\r\n"),
            same("unbalanced single quote", "ECHO 'a\r\n"),
            same("closing quote followed by text", "ECHO \"a\"b\r\n"),
            same("quote inside a word", "ECHO a\"b\"c\r\n"),
            same("escaped closing quote", "ECHO \"a\\\"\r\n"),
            same("requests before an unbalanced quote run", "PING\r\nECHO 'x\r\nPING\r\n"),
            // multibulk framing
            same("multibulk", "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n"),
            same("multibulk binary", "*2\r\n$4\r\nECHO\r\n$6\r\n\0\r\n\u00ff\n \r\n"),
            same("empty and negative counts", "*0\r\n*-1\r\n*-5\r\n*1\r\n$4\r\nPING\r\n"),
            same("bulk CRLF is not checked", "*2\r\n$4\r\nECHO\r\n$3\r\nabcXY*1\r\n$4\r\nPING\r\n"),
            same("mixed inline and multibulk", "PING\r\n*1\r\n$4\r\nPING\r\nPING\r\n"),
            same("partial multibulk waits", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc"),
            same("huge count waits", "*2147483647\r\n"),
            same("NUL in count line waits", "*1\0\r\n$4\r\nPING\r\n"),
            same("NUL as bulk marker waits", "*1\r\n$4\r\nPING\r\n*1\r\n\0\r\n"),
            // protocol errors: one error reply, then the connection closes
            same("count not a number", "*a\r\n"),
            same("count empty", "*\r\n"),
            same("count with plus", "*+1\r\n"),
            same("count with leading zero", "*01\r\n"),
            same("count above int", "*2147483648\r\n"),
            same("count overflows long", "*9999999999999999999\r\n"),
            same("count too long", "*123456789012345678901\r\n"),
            same("expected dollar", "*1\r\nx4\r\n"),
            same("expected dollar got star", "*2\r\n$4\r\nECHO\r\n*1\r\n"),
            same("bulk length empty", "*1\r\n$\r\n"),
            same("bulk length negative", "*1\r\n$-1\r\n"),
            same("bulk length minus zero", "*1\r\n$-0\r\n"),
            same("bulk length leading zero", "*1\r\n$04\r\nPING\r\n"),
            same("bulk length above proto-max-bulk-len", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870913\r\n"),
            same("bulk length 2 GB", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2147483648\r\n"),
            same("too big mbulk count string", "*" + "1".repeat(65_537)),
            same("too big bulk count string", "*1\r\n$" + "1".repeat(65_537)),
            same("good requests before the bad one", "*1\r\n$4\r\nPING\r\nPING\r\n*1\r\n$-1\r\n*1\r\n$4\r\nPING\r\n"),
            same("big bulk then error", "*2\r\n$4\r\nECHO\r\n$70000\r\n" + big + "\r\n*x\r\n"),
            // cross protocol scripting guard: close without any reply
            same("HTTP POST", "POST / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            same("Host header", "Host: localhost\r\n"),
            same("POST after a reply", "PING\r\nPOST /x HTTP/1.0\r\n"),
            same("host: as multibulk", "*1\r\n$5\r\nhost:\r\n"),
            // QUIT
            same("QUIT", "QUIT\r\n"),
            same("QUIT with args", "QUIT now please\r\n"),
            same("QUIT stops the pipeline", "PING\r\nQUIT\r\nSET quitkey 1\r\n"),
            same("nothing ran after QUIT", "GET quitkey\r\n"),
            // CLIENT REPLY
            same("reply off drops everything", "CLIENT REPLY OFF\r\nPING\r\nNOSUCH\r\nGET\r\nCLIENT REPLY ON\r\nPING\r\n"),
            same("reply skip", "CLIENT REPLY SKIP\r\nPING\r\nPING\r\n"),
            same("reply skip drops a rejection", "CLIENT REPLY SKIP\r\nNOSUCH\r\nPING\r\n"),
            same("reply skip twice", "CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING\r\nPING\r\n"),
            same("reply skip then on", "CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n"),
            same("reply skip ignored when off", "CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\n"),
            same("reply off then reset", "CLIENT REPLY OFF\r\nRESET\r\nPING\r\n"),
            same("reply skip then reset", "CLIENT REPLY SKIP\r\nRESET\r\nPING\r\n"),
            same("reply off still runs writes", "CLIENT REPLY OFF\r\nSET rk b\r\nCLIENT REPLY ON\r\nGET rk\r\nDEL rk\r\n"),
            same("reply skip of a syntax error", "CLIENT REPLY SKIP\r\nCLIENT REPLY maybe\r\nPING\r\n"),
            // Valkey (like Redis) marks the client to close after its reply, but with replies off
            // nothing is ever written, so it never closes: a dead open connection. jvalkey closes.
            valkey("protocol error with replies off", "CLIENT REPLY OFF\r\n*1\r\nx\r\n", "", true),
            valkey("protocol error after reply skip", "CLIENT REPLY SKIP\r\n*1\r\nx\r\n", "", true),
            valkey("QUIT with replies off", "CLIENT REPLY OFF\r\nQUIT\r\n", "", true));
    }

    private static List<Case> authCases() {
        String bulk = "z".repeat(20_000);
        return List.of(
            same("NOAUTH", "PING\r\nGET k\r\nCLIENT ID\r\n"),
            same("wrong password", "AUTH wrong\r\nPING\r\n"),
            same("wrong user", "AUTH nobody " + PASS + "\r\nPING\r\n"),
            same("password", "AUTH " + PASS + "\r\nPING\r\n"),
            same("user and password", "AUTH default " + PASS + "\r\nPING\r\n"),
            same("AUTH syntax", "AUTH a b c\r\n"),
            same("HELLO wrong password", "HELLO 3 AUTH default wrong\r\nPING\r\n"),
            same("HELLO bad version before auth", "HELLO 4 AUTH default " + PASS + "\r\n"),
            valkey("HELLO before AUTH", "HELLO 3\r\nHELLO\r\n",
                    ("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> "
                            + "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                            + "protocol version at the same time\r\n").repeat(2), false),
            same("RESET forgets AUTH", "AUTH " + PASS + "\r\nRESET\r\nPING\r\n"),
            same("QUIT needs no AUTH", "QUIT\r\n"),
            same("unauthenticated multibulk length", "*11\r\n"),
            same("ten arguments are fine", "*10\r\n$4\r\nPING\r\n"),
            same("unauthenticated bulk length", "*1\r\n$16385\r\n"),
            same("16 KB bulk is fine", "*1\r\n$16384\r\n"),
            same("limits end with AUTH", "AUTH " + PASS + "\r\n*2\r\n$4\r\nECHO\r\n$20000\r\n" + bulk
                    + "\r\n*12\r\n$4\r\nPING\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na"
                    + "\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n"),
            same("inline before AUTH", "ECHO \"unbalanced\r\n"));
    }

    @TestFactory
    Stream<DynamicTest> openServer() {
        return tests(openCases(), redis, jvalkey);
    }

    @TestFactory
    Stream<DynamicTest> withRequirepass() {
        return tests(authCases(), redisAuth, jvalkeyAuth);
    }

    private static Stream<DynamicTest> tests(List<Case> cases, ServerProcess ref, ServerProcess ours) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                byte[] input = Wire.bytes(c.input());
                CompletableFuture<Wire.Exchange> expected = c.valkey() != null
                        ? CompletableFuture.completedFuture(c.valkey())
                        : CompletableFuture.supplyAsync(() -> exchange(ref, input));
                Wire.Exchange actual = exchange(ours, input);
                assertEquals(expected.join(), actual, "input: " + Wire.escape(c.input()));
                assertTrue(ours.isAlive(), "jvalkey died");
            }));
        }
        return tests.stream();
    }

    private static Wire.Exchange exchange(ServerProcess server, byte[] input) {
        try {
            return Wire.exchange(server.port(), input, QUIET_MILLIS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
