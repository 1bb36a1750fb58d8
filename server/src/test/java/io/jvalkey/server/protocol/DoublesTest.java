package io.jvalkey.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DoublesTest {
    /**
     * Expected texts were produced by Valkey's own double formatting (fpconv_dtoa behind
     * d2string) for the same bit patterns. The cases include ones where Grisu2 is not the
     * shortest form (1e23, ...e-210) or picks another last digit than the shortest (...760.7).
     */
    @ParameterizedTest
    @CsvSource({
        "3fb999999999999a, 0.1",
        "3ff199999999999a, 1.1",
        "3fd5555555555555, 0.3333333333333333",
        "bff8000000000000, -1.5",
        "4059000000000000, 100",
        "3e7ad7f29abcaf48, 1e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "3eb0000000000000, 9.5367431640625e-7",
        "4415af1d78b58c40, 1e+20",
        "44b52d02c7e14af6, 99999999999999990000000",
        "449a130b963a6335, 30783212902747487000000",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "94800dce3ccec346, -6.103997495669509e-210",
        "0f9a2eed3d5d5e10, 1.6469783088599069e-233",
        "431b24b62676db03, 1910047279789760.7",
        "4350000000000000, 18014398509481984",
        "43d0000000000000, 4611686018427387904",
        "43cfffffffffffff, 4611686018427387392",
        "c3d0000000000000, -4611686018427387904",
        "7ff8000000000000, nan",
        "7ff0000000000000, inf",
        "fff0000000000000, -inf",
        "0000000000000000, 0",
        "8000000000000000, -0",
    })
    void formatsAsValkey(String hexBits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
        assertEquals(expected, Doubles.format(d));
    }

    @Test
    void integersWithinTwoToThe62ArePlainDigits() {
        assertEquals("123456789", Doubles.format(123456789.0));
        assertEquals("-42", Doubles.format(-42.0));
        // Just above 2^62 the digits come from Grisu2, still laid out without an exponent.
        assertEquals("4611686018427389000", Doubles.format(Math.nextUp(0x1p62)));
    }

    @Test
    void everyOutputReadsBackToTheSameDouble() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] buf = new byte[32];
        for (int i = 0; i < 200_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d)) {
                continue;
            }
            int n = Doubles.format(d, buf);
            String s = new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(s, Doubles.format(d));
            assertTrue(n <= 26, s); // sign + 17 digits + up to 7 zeros, or 0.00000ddd...
            double back = s.equals("inf") ? Double.POSITIVE_INFINITY
                    : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back), s);
        }
    }
}
