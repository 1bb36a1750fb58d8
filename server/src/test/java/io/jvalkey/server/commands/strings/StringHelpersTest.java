package io.jvalkey.server.commands.strings;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StringHelpersTest {
    @Test
    void longTextIsTheCanonicalDecimal() {
        long[] cases = {0, 1, -1, 9, 10, -10, 99, 100, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : cases) {
            assertEquals(Long.toString(v), new String(StringCommands.longText(v), US_ASCII));
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long v = r.nextLong() >> r.nextInt(64);
            assertEquals(Long.toString(v), new String(StringCommands.longText(v), US_ASCII));
        }
    }

    @Test
    void optionNamesMatchIgnoringAsciiCase() {
        assertTrue(StringOptions.is("KeepTTL".getBytes(US_ASCII), "keepttl"));
        assertTrue(StringOptions.is("px".getBytes(US_ASCII), "px"));
        assertFalse(StringOptions.is("pxa".getBytes(US_ASCII), "px"));
        assertFalse(StringOptions.is("p".getBytes(US_ASCII), "px"));
        assertFalse(StringOptions.is("p\u0000".getBytes(US_ASCII), "px"));
    }
}
