package io.jvalkey.server.commands.sort;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SORT weights read as glibc's strtod reads them, with Valkey's acceptance rules. */
class SortScoreTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0|0", "12|12", "-3.5|-3.5", "+7|7", "\" 2\"|2", "\"\t\n2\"|2", "1e3|1000", "1E-3|0.001", "1e+2|100",
        ".5|0.5", "5.|5", "-.5e1|-5", "0x10|16", "0X1f|31", "0x1p4|16", "0x.8|0.5", "0x1.8p1|3", "-0x10|-16",
        "inf|Infinity", "-INF|-Infinity", "Infinity|Infinity", "+infinity|Infinity",
        "\"\"|0", "1.7976931348623157e308|1.7976931348623157e308", "2.2250738585072014e-308|2.2250738585072014e-308",
        "0e999999|0", "0x0p-99999|0", "0x1p-1074|4.9E-324", "0x1p-1073|1.0E-323",
    })
    void accepted(String text, double expected) {
        assertEquals(expected, SortScore.parse(text.getBytes(ISO_8859_1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "-nan", "NaN(1)", "abc", "1a", "1 ", " ", "-", "+", ".", "e5", "0x", "0xg", "1e",
        "1e+", "infin", "inf1", "1e400", "-1e400", "1e-400", "4e-320", "2.2250738585072011e-308", "0x1.1p-1074", "4.9406564584124654e-324", "0x1p99999", "1..2", "1,5", "1_000"})
    void rejected(String text) {
        assertTrue(Double.isNaN(SortScore.parse(text.getBytes(ISO_8859_1))), text);
    }

    @org.junit.jupiter.api.Test
    void theValueEndsAtANulByte() {
        assertEquals(12, SortScore.parse(new byte[] {'1', '2', 0, 'x'}));
        assertEquals(0, SortScore.parse(new byte[] {0, '5'}));
    }
}
