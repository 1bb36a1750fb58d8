package io.jvalkey.persistence.lzf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LzfTest {
    private static byte[] roundTrip(byte[] data) {
        byte[] out = new byte[data.length + data.length / 16 + 64];
        int n = Lzf.compress(data, 0, data.length, out, 0, out.length);
        assertThat(n).isPositive();
        byte[] back = new byte[data.length];
        assertThat(Lzf.decompress(out, 0, n, back, 0, back.length)).isTrue();
        return back;
    }

    @Test
    void compressibleAndRandomDataRoundTrip() {
        Random rnd = new Random(1);
        for (int len : new int[] {1, 2, 3, 4, 21, 100, 1000, 8191, 8192, 8193, 70_000, 300_000}) {
            byte[] random = new byte[len];
            rnd.nextBytes(random);
            assertThat(roundTrip(random)).isEqualTo(random);
            byte[] text = new byte[len];
            for (int i = 0; i < len; i++) {
                text[i] = (byte) "abcabcabdxyz".charAt((i * 7 + i / 13) % 12);
            }
            assertThat(roundTrip(text)).isEqualTo(text);
            byte[] same = new byte[len];
            Arrays.fill(same, (byte) 'a');
            assertThat(roundTrip(same)).isEqualTo(same);
        }
    }

    @Test
    void repetitiveDataShrinksALot() {
        byte[] data = "ab".repeat(600).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[data.length];
        int n = Lzf.compress(data, 0, data.length, out, 0, data.length - 4);
        assertThat(n).isPositive().isLessThan(40);
    }

    @Test
    void reportsWhenTheOutputDoesNotFit() {
        byte[] random = new byte[500];
        new Random(2).nextBytes(random);
        assertThat(Lzf.compress(random, 0, random.length, new byte[496], 0, 496)).isZero();
    }

    @Test
    void refusesCorruptInput() {
        byte[] data = "hello hello hello hello hello".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64];
        int n = Lzf.compress(data, 0, data.length, out, 0, out.length);
        byte[] back = new byte[data.length];
        assertThat(Lzf.decompress(out, 0, n - 1, back, 0, back.length)).isFalse(); // truncated
        assertThat(Lzf.decompress(out, 0, n, new byte[data.length - 1], 0, data.length - 1)).isFalse(); // too long
        assertThat(Lzf.decompress(out, 0, n, new byte[data.length + 1], 0, data.length + 1)).isFalse(); // too short
        byte[] badRef = {(byte) 0x20, 0x05}; // back-reference before the start
        assertThat(Lzf.decompress(badRef, 0, 2, new byte[3], 0, 3)).isFalse();
        byte[] literalOverrun = {0x05, 'a'};
        assertThat(Lzf.decompress(literalOverrun, 0, 2, new byte[6], 0, 6)).isFalse();
    }
}
