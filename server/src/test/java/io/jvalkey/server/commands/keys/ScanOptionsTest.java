package io.jvalkey.server.commands.keys;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvalkey.server.command.CommandError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursor parsing as Valkey's string2ull (string2ll first, then C's strtoull). */
class ScanOptionsTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0|0",
        "17|17",
        "9223372036854775807|9223372036854775807",
        // strtoull's extras: leading zeros, a plus, leading white space, -0
        "007|7",
        "+5|5",
        "\" 5\"|5",
        "\"\t5\"|5",
        "-0|0",
        // beyond a long: unsigned, returned as the same 64 bits
        "9223372036854775808|-9223372036854775808",
        "18446744073709551615|-1",
        // strtoull negates a magnitude it can hold
        "-18446744073709551615|1",
        "-9223372036854775809|9223372036854775807",
    })
    void validCursors(String text, long expected) {
        assertEquals(expected, ScanOptions.parseCursor(text.getBytes(ISO_8859_1)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "-", "+", "x", "-1", "-5", "-9223372036854775808", "1.5", "0x10", "5 ",
        "18446744073709551616", "99999999999999999999999", "-18446744073709551616", "1e3", "++1", "- 1"})
    void invalidCursors(String text) {
        CommandError e = assertThrows(CommandError.class, () -> ScanOptions.parseCursor(text.getBytes(ISO_8859_1)));
        assertEquals("ERR invalid cursor", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void cursorEndsAtNulAsACString() {
        assertEquals(5, ScanOptions.parseCursor(new byte[] {'5', 0, 'x'}));
        assertThrows(CommandError.class, () -> ScanOptions.parseCursor(new byte[] {0, '5'}));
    }
}
