package io.jvalkey.server.types.hll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MurmurHash64ATest {
    /** The algorithm byte by byte, as written in its reference description, to check the word-at-a-time version. */
    private static long reference(byte[] data, long seed) {
        long m = 0xc6a4a7935bd1e995L;
        long h = seed ^ (data.length * m);
        int blocks = data.length / 8;
        for (int i = 0; i < blocks; i++) {
            long k = 0;
            for (int j = 7; j >= 0; j--) {
                k = (k << 8) | (data[i * 8 + j] & 0xFF);
            }
            k *= m;
            k ^= k >>> 47;
            k *= m;
            h ^= k;
            h *= m;
        }
        int tail = blocks * 8;
        switch (data.length & 7) {
            case 7: h ^= (long) (data[tail + 6] & 0xFF) << 48; // fall through
            case 6: h ^= (long) (data[tail + 5] & 0xFF) << 40; // fall through
            case 5: h ^= (long) (data[tail + 4] & 0xFF) << 32; // fall through
            case 4: h ^= (long) (data[tail + 3] & 0xFF) << 24; // fall through
            case 3: h ^= (long) (data[tail + 2] & 0xFF) << 16; // fall through
            case 2: h ^= (long) (data[tail + 1] & 0xFF) << 8; // fall through
            case 1:
                h ^= data[tail] & 0xFF;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 47;
        h *= m;
        h ^= h >>> 47;
        return h;
    }

    @Test
    void wordReadsEqualByteReadsForEveryLengthAndOffset() {
        Random rnd = new Random(5);
        for (int len = 0; len < 70; len++) {
            byte[] data = new byte[len + 3];
            rnd.nextBytes(data);
            byte[] exact = java.util.Arrays.copyOfRange(data, 3, 3 + len);
            assertEquals(reference(exact, 0xadc83b19L), MurmurHash64A.hash(data, 3, len, 0xadc83b19L), "length " + len);
        }
    }
}
