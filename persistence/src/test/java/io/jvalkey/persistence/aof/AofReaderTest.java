package io.jvalkey.persistence.aof;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AofReaderTest {
    private static AofReader reader(String s) {
        return new AofReader(new ByteArrayInputStream(s.getBytes(UTF_8)));
    }

    private static String text(byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(new String(a, UTF_8));
        }
        return sb.toString();
    }

    @Test
    void readsWhatRespCommandWritesAndSkipsAnnotations() throws IOException {
        byte[][] set = {"SET".getBytes(), "k".getBytes(), "a\r\nb".getBytes()};
        String file = new String(RespCommand.timestampAnnotation(1700000000), UTF_8)
                + new String(RespCommand.encode(set), UTF_8) + "*1\r\n$4\r\nPING\r\n";
        assertThat(RespCommand.encode(set)).hasSize(RespCommand.encodedLength(set));
        try (AofReader r = reader(file)) {
            assertThat(text(r.next())).isEqualTo("SET k a\r\nb");
            assertThat(text(r.next())).isEqualTo("PING");
            assertThat(r.next()).isNull();
            assertThat(r.validOffset()).isEqualTo(file.length());
        }
    }

    @Test
    void aFileCutInsideACommandIsTruncatedAtTheLastCompleteOne() throws IOException {
        String good = "*1\r\n$4\r\nPING\r\n";
        for (String tail : new String[] {"*", "*2\r\n", "*2\r\n$3\r\nSE", "*2\r\n$3\r\nSET\r", "*2\r\n$3\r\nSET\r\n$1"}) {
            try (AofReader r = reader(good + tail)) {
                r.next();
                assertThatThrownBy(r::next).isInstanceOf(AofReader.Truncated.class)
                        .satisfies(e -> assertThat(((AofReader.Truncated) e).validOffset).isEqualTo(good.length()));
            }
        }
    }

    @Test
    void bytesThatAreNotAnAofAreCorruptWithTheirOffset() throws IOException {
        String good = "*1\r\n$4\r\nPING\r\n";
        for (String bad : new String[] {"garbage\r\n", "*x\r\n", "*0\r\n", "*1\r\nPING\r\n", "*1\r\n$4\r\nPINGxx"}) {
            try (AofReader r = reader(good + bad)) {
                r.next();
                assertThatThrownBy(r::next).isInstanceOf(AofReader.Corrupt.class)
                        .satisfies(e -> assertThat(((AofReader.Corrupt) e).offset).isGreaterThanOrEqualTo(good.length()));
            }
        }
    }

    @Test
    void recognisesAnRdbPreamble() throws IOException {
        try (AofReader r = reader("REDIS0011...")) {
            assertThat(r.startsWithRdbPreamble()).isTrue();
        }
        try (AofReader r = reader("*1\r\n$4\r\nPING\r\n")) {
            assertThat(r.startsWithRdbPreamble()).isFalse();
            assertThat(text(r.next())).isEqualTo("PING");
        }
    }
}
