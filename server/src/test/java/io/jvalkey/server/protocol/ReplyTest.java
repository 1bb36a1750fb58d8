package io.jvalkey.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReplyTest {
    /** The bytes a reply writes, into a small direct buffer so that growing it is exercised too. */
    private static String written(int resp, Consumer<Reply> write) {
        ByteBuf out = Unpooled.directBuffer(4);
        try {
            Reply r = new Reply(out);
            r.resp(resp);
            write.accept(r);
            return out.toString(UTF_8);
        } finally {
            out.release();
        }
    }

    private static String written(Consumer<Reply> write) {
        return written(2, write);
    }

    @Test
    void integersOfEverySize() {
        for (long v : new long[] {-1, 0, 7, 42, 510, 511, 512, 1000, -2, -10, -12345, 1234567890123L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertThat(written(r -> r.integer(v))).isEqualTo(":" + v + "\r\n");
        }
    }

    @Test
    void bulksAroundTheSmallBulkLimit() {
        for (int len : new int[] {0, 1, 3, 9, 10, 63, 64, 65, 99, 100, 1000, 70_000}) {
            String s = "x".repeat(len);
            assertThat(written(r -> r.bulk(s.getBytes(UTF_8)))).isEqualTo("$" + len + "\r\n" + s + "\r\n");
        }
    }

    @Test
    void bulkOfASliceAndNulls() {
        byte[] b = "hello world".getBytes(UTF_8);
        assertThat(written(r -> r.bulk(b, 6, 5))).isEqualTo("$5\r\nworld\r\n");
        assertThat(written(r -> r.bulk((byte[]) null))).isEqualTo("$-1\r\n");
        assertThat(written(r -> r.bulk((String) null))).isEqualTo("$-1\r\n");
        assertThat(written(3, r -> r.nullBulk())).isEqualTo("_\r\n");
        assertThat(written(r -> r.nullArray())).isEqualTo("*-1\r\n");
        assertThat(written(r -> r.bulk("é"))).isEqualTo("$2\r\né\r\n");
    }

    @Test
    void longsAsBulks() {
        for (long v : new long[] {0, 5, -1, 10, 99, 100, 123456789, Long.MAX_VALUE, Long.MIN_VALUE}) {
            String d = Long.toString(v);
            assertThat(written(r -> r.bulkLong(v))).isEqualTo("$" + d.length() + "\r\n" + d + "\r\n");
        }
    }

    @Test
    void aggregateHeaders() {
        for (int n : new int[] {0, 1, 9, 10, 99, 100, 12345, Integer.MAX_VALUE}) {
            assertThat(written(r -> r.array(n))).isEqualTo("*" + n + "\r\n");
            assertThat(written(3, r -> r.set(n))).isEqualTo("~" + n + "\r\n");
            assertThat(written(3, r -> r.push(n))).isEqualTo(">" + n + "\r\n");
            assertThat(written(3, r -> r.map(n))).isEqualTo("%" + n + "\r\n");
            assertThat(written(r -> r.map(n))).isEqualTo("*" + (2L * n) + "\r\n");
        }
        assertThat(written(r -> r.bulks(List.of("a".getBytes(UTF_8), "bc".getBytes(UTF_8)))))
                .isEqualTo("*2\r\n$1\r\na\r\n$2\r\nbc\r\n");
    }

    @Test
    void booleansAndVerbatim() {
        assertThat(written(3, r -> r.bool(true))).isEqualTo("#t\r\n");
        assertThat(written(3, r -> r.bool(false))).isEqualTo("#f\r\n");
        assertThat(written(r -> r.bool(true))).isEqualTo(":1\r\n");
        assertThat(written(3, r -> r.verbatim("a\nb"))).isEqualTo("=7\r\ntxt:a\nb\r\n");
        assertThat(written(r -> r.verbatim("a\nb"))).isEqualTo("$3\r\na\nb\r\n");
    }

    @Test
    void simpleAndErrors() {
        assertThat(written(r -> r.ok())).isEqualTo("+OK\r\n");
        assertThat(written(r -> r.simple("PONG"))).isEqualTo("+PONG\r\n");
        assertThat(written(r -> r.error("WRONGTYPE x"))).isEqualTo("-WRONGTYPE x\r\n");
        assertThat(written(r -> r.error("bad\r\nthing"))).isEqualTo("-ERR bad  thing\r\n");
    }

    @Test
    void manyRepliesInARow() {
        // The scratch area is reused: earlier replies must not leak into later ones.
        assertThat(written(r -> {
            r.bulkLong(Long.MIN_VALUE);
            r.bulk("ab".getBytes(UTF_8));
            r.integer(-12345);
            r.array(3);
            r.bulk("x".repeat(64).getBytes(UTF_8));
        })).isEqualTo("$20\r\n-9223372036854775808\r\n$2\r\nab\r\n:-12345\r\n*3\r\n$64\r\n" + "x".repeat(64) + "\r\n");
    }
}
