package io.jvalkey.server.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
    private final RespDecoder decoder = new RespDecoder();

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, ISO_8859_1);
    }

    private static List<String> strings(byte[][] argv) {
        List<String> out = new ArrayList<>();
        for (byte[] a : argv) {
            out.add(new String(a, ISO_8859_1));
        }
        return out;
    }

    private List<String> decodeOne(String wire) throws ProtocolException {
        ByteBuf in = buf(wire);
        byte[][] argv = decoder.decode(in);
        assertThat(argv).as("complete request in %s", wire).isNotNull();
        assertThat(in.isReadable()).as("all of %s consumed", wire).isFalse();
        return strings(argv);
    }

    /** A protocol error ends the connection, so each case gets a decoder configured like {@link #decoder}. */
    private void assertError(String wire, String error) {
        assertError(decoder, wire, error);
    }

    private static void assertError(RespDecoder d, String wire, String error) {
        assertThatThrownBy(() -> {
            ByteBuf in = buf(wire);
            while (d.decode(in) != null) {
                // requests before the bad one
            }
        }).isInstanceOf(ProtocolException.class).hasMessage(error);
    }

    @Test
    void multibulk() throws Exception {
        assertThat(decodeOne("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv a\r\n\r\n")).containsExactly("SET", "k", "v a\r\n");
        assertThat(decodeOne("*1\r\n$0\r\n\r\n")).containsExactly("");
    }

    @Test
    void emptyAndNegativeCountsAreSkipped() throws Exception {
        assertThat(decodeOne("*0\r\n")).isEmpty();
        assertThat(decodeOne("*-1\r\n")).isEmpty();
        assertThat(decodeOne("*-9223372036854775808\r\n")).isEmpty();
    }

    @Test
    void byteByByteGivesTheSameRequest() throws Exception {
        String wire = "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\nPING x\r\n";
        ByteBuf in = Unpooled.buffer();
        List<List<String>> got = new ArrayList<>();
        for (byte b : wire.getBytes(ISO_8859_1)) {
            in.writeByte(b);
            byte[][] argv = decoder.decode(in);
            if (argv != null) {
                got.add(strings(argv));
            }
        }
        assertThat(got).containsExactly(List.of("ECHO", "hello world"), List.of("PING", "x"));
        assertThat(decoder.midRequest()).isFalse();
    }

    @Test
    void declaredSizesAllocateNothingUntilDataArrives() throws Exception {
        ByteBuf in = buf("*2147483647\r\n$536870912\r\n");
        assertThat(decoder.decode(in)).isNull();
        assertThat(decoder.midRequest()).isTrue();
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void inline() throws Exception {
        assertThat(decodeOne("SET k \"a b\\x41\\n\" 'c\\'d'\r\n")).containsExactly("SET", "k", "a bA\n", "c'd");
        assertThat(decodeOne("PING\n")).containsExactly("PING");
        assertThat(decodeOne("   \r\n")).isEmpty();
        assertThat(decodeOne("\r\n")).isEmpty();
    }

    @Test
    void inlineWithoutNewlineWaits() throws Exception {
        ByteBuf in = buf("PING");
        assertThat(decoder.decode(in)).isNull();
        assertThat(in.readableBytes()).isEqualTo(4);
    }

    @Test
    void nulHidesTheLineEndAsInValkey() throws Exception {
        assertThat(decoder.decode(buf("PING\0\r\n"))).isNull();
        assertThat(new RespDecoder().decode(buf("*1\0\r\n$4\r\nPING\r\n"))).isNull();
        assertError("PING\0" + "x".repeat(RespDecoder.INLINE_MAX) + "\r\n", "Protocol error: too big inline request");
    }

    @Test
    void protocolErrors() {
        java.util.function.BiConsumer<String, String> fails = (w, e) -> assertError(new RespDecoder(), w, e);
        fails.accept("ECHO \"a\r\n", "Protocol error: unbalanced quotes in request");
        fails.accept("ECHO 'a'b\r\n", "Protocol error: unbalanced quotes in request");
        fails.accept("*a\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*+1\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*01\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*2147483648\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*9999999999999999999\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*99999999999999999999\r\n", "Protocol error: invalid multibulk length");
        fails.accept("*1\r\nx4\r\n", "Protocol error: expected '$', got 'x'");
        fails.accept("*1\r\n$\r\n", "Protocol error: invalid bulk length");
        fails.accept("*1\r\n$-1\r\n", "Protocol error: invalid bulk length");
        fails.accept("*1\r\n$-0\r\n", "Protocol error: invalid bulk length");
        fails.accept("*1\r\n$04\r\n", "Protocol error: invalid bulk length");
        fails.accept("*1\r\n$536870913\r\n", "Protocol error: invalid bulk length");
        fails.accept("*1\r\n$2147483648\r\n", "Protocol error: invalid bulk length");
        fails.accept("P".repeat(RespDecoder.INLINE_MAX + 1), "Protocol error: too big inline request");
        fails.accept("*" + "1".repeat(RespDecoder.INLINE_MAX + 1), "Protocol error: too big mbulk count string");
        fails.accept("*1\r\n$" + "1".repeat(RespDecoder.INLINE_MAX + 1), "Protocol error: too big bulk count string");
    }

    @Test
    void requestsBeforeAnErrorAreReturned() throws Exception {
        ByteBuf in = buf("*1\r\n$4\r\nPING\r\n*1\r\nx\r\n");
        assertThat(strings(decoder.decode(in))).containsExactly("PING");
        assertThatThrownBy(() -> decoder.decode(in)).hasMessage("Protocol error: expected '$', got 'x'");
    }

    @Test
    void maxBulkLenIsConfigurable() throws Exception {
        decoder.maxBulkLen(1024 * 1024);
        assertError(decoder, "*1\r\n$1048577\r\n", "Protocol error: invalid bulk length");
        RespDecoder d = new RespDecoder();
        d.maxBulkLen(1024 * 1024);
        assertThat(d.decode(buf("*1\r\n$1048576\r\n"))).isNull();
    }

    @Test
    void unauthenticatedLimits() throws Exception {
        decoder.authRequired(true);
        assertError(decoder, "*11\r\n", "Protocol error: unauthenticated multibulk length");
        RespDecoder fresh = new RespDecoder();
        fresh.authRequired(true);
        assertError(fresh, "*1\r\n$16385\r\n", "Protocol error: unauthenticated bulk length");
        RespDecoder d = new RespDecoder();
        d.authRequired(true);
        assertThat(d.decode(buf("*10\r\n$16384\r\n"))).isNull();
    }

    @Test
    void numbersFollowString2ll() {
        assertThat(number("0")).isEqualTo(0L);
        assertThat(number("-1")).isEqualTo(-1L);
        assertThat(number("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(number("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        for (String bad : new String[] {"", "-", "+1", "01", "-0", " 1", "1 ", "1a", "9223372036854775808",
            "-9223372036854775809", "123456789012345678901"}) {
            assertThat(number(bad)).as(bad).isNull();
        }
    }

    private Long number(String s) {
        ByteBuf b = buf(s);
        return decoder.parseNumber(b, 0, b.writerIndex()) ? decoder.number() : null;
    }
}
