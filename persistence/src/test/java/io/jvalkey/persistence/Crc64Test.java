package io.jvalkey.persistence;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Crc64Test {
    @Test
    void matchesTheCheckValueOfValkeysCrc64() {
        byte[] check = "123456789".getBytes(UTF_8);
        assertThat(Crc64.update(0, check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void canBeComputedInPieces() {
        byte[] data = "hello, jvalkey and valkey".getBytes(UTF_8);
        long whole = Crc64.update(0, data, 0, data.length);
        long pieces = Crc64.update(Crc64.update(0, data, 0, 7), data, 7, data.length);
        assertThat(pieces).isEqualTo(whole);
    }
}
