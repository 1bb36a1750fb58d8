package io.jvalkey.server.commands.strings;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LongDoubleTest {
    private static LongDouble parse(String s) {
        return LongDouble.parse(s.getBytes(US_ASCII));
    }

    private static String sum(String a, String b) {
        LongDouble x = parse(a);
        LongDouble y = parse(b);
        assertNotNull(x, a);
        assertNotNull(y, b);
        LongDouble s = x.plus(y);
        return s.isFinite() ? s.toString() : "not finite";
    }

    /** Expected sums are what C's long double addition and printf("%.17Lf") give on x86-64. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1 | 0.2 | 0.3",
        "10.5 | 0.1 | 10.6",
        "10.6 | 0.1 | 10.7",
        "0.1 | 0.7 | 0.8",
        "1.1 | 2.2 | 3.3",
        "5.0e3 | 0 | 5000",
        "1.5e-5 | 0 | 0.000015",
        "3.0e3 | 1.23e-4 | 3000.0001230000000001",
        "0.3333333333333333333333 | 0.3333333333333333333333 | 0.66666666666666667",
        "123456789.123456789 | 0 | 123456789.12345678899873747",
        "3.14159265358979323846264338327950288 | 0 | 3.14159265358979324",
        "9223372036854775807 | 1 | 9223372036854775808",
        "18446744073709551615 | 0 | 18446744073709551615",
        "18446744073709551617 | 0 | 18446744073709551616",
        "1e17 | 1 | 100000000000000001",
        "1e20 | 0 | 100000000000000000000",
        "-0.5 | -0.25 | -0.75",
        "1e-17 | 0 | 0.00000000000000001",
        "-1e-17 | 0 | -0.00000000000000001",
        "5e-18 | 0 | 0",
        "-1e-18 | 0 | 0",
        "0x1p-18 | 0 | 0.00000381469726562",
        "0.1 | -0.1 | 0",
        "-0 | -0 | 0",
        "2.5 | 0.000000000000000001 | 2.5",
        "-123456789012345678901234567890 | 0 | -123456789012345678899921813504",
        "1e300 | -1e300 | 0",
        "1e-4940 | 0 | 0",
        "0x10 | 1 | 17",
        "0X1.8P1 | 0 | 3",
        "-0x.8 | 0 | -0.5",
        ".5 | .25 | 0.75",
        "5. | +1 | 6",
        "00012.5000 | 0 | 12.5",
        "0e999999 | 1 | 1",
    })
    void addsAndPrintsAsValkey(String a, String b, String expected) {
        assertEquals(expected, sum(a, b));
    }

    @Test
    void largeValuesPrintAllTheirDigits() {
        String max = sum("1.7976931348623157e308", "0");
        assertTrue(max.startsWith("179769313486231569995921046774104434048386446944329178485314420765"), max);
        assertEquals(309, max.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "abc", "1e", "1e+", ".", "1.2.3", "1,5", "nan", "-nan", "NaN",
        "nan(1)", "0x", "0x1p", "0xp1", "1e5000", "-1e5000", "1e-5000", "1\u0000", "infinit", "--1", "+-1", "e5"})
    void rejectsWhatStringToLongDoubleRejects(String text) {
        assertNull(parse(text), text);
    }

    @Test
    void rejectsOverlongText() {
        // Valkey copies the text into a 5120-byte buffer with its terminator.
        assertEquals("1", parse("0".repeat(5118) + "1").toString());
        assertNull(parse("0".repeat(5119) + "1"));
    }

    @Test
    void infinitiesParseButSumsWithThemAreNotFinite() {
        for (String inf : new String[] {"inf", "-inf", "+Infinity", "INF", "-INFINITY"}) {
            assertNotNull(parse(inf), inf);
            assertEquals("not finite", sum(inf, "1"));
        }
        assertFalse(parse("inf").plus(parse("-inf")).isFinite());
    }

    @Test
    void sumsBeyondTheLargestLongDoubleOverflow() {
        assertEquals("not finite", sum("1.18973149535723176502e+4932", "1.18973149535723176502e+4932"));
        assertEquals("not finite", sum("-1.18973149535723176502e+4932", "-1.18973149535723176502e+4932"));
    }

    @Test
    void longsConvertExactly() {
        assertEquals("-9223372036854775808", LongDouble.of(Long.MIN_VALUE).toString());
        assertEquals("9223372036854775807", LongDouble.of(Long.MAX_VALUE).toString());
        assertEquals("42.5", LongDouble.of(42).plus(parse("0.5")).toString());
    }
}
