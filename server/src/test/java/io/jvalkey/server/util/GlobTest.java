package io.jvalkey.server.util;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Glob against Valkey's stringmatchlen. The expected values were obtained by running Valkey's
 * own function (compiled from its util.c) on each case; the corner cases are the ones KEYS,
 * SCAN MATCH and CONFIG GET users can observe. Patterns and strings are Latin-1 so a byte
 * value above 0x7f can be written as one character.
 */
class GlobTest {
    @ParameterizedTest(name = "[{0}] vs [{1}] nocase={2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // the empty string matches only the empty pattern, not even '*'
        "\"*\"|\"\"|false|false",
        "\"\"|\"\"|false|true",
        "\"?\"|\"\"|false|false",
        "\"*?\"|\"\"|false|false",
        "**|a|false|true",
        "a*|a|false|true",
        "*?|a|false|true",
        "h?llo|hello|false|true",
        "h*o|ho|false|true",
        "h*o|hxyzo|false|true",
        "h*o|hxyz|false|false",
        "a*b*c|abbbc|false|true",
        "*a|ba|false|true",
        "*a|ab|false|false",
        // escapes: a trailing backslash is literal, \\ is a backslash, \* a star
        "a\\|a\\|false|true",
        "a\\\\|a\\|false|true",
        "\\|\\|false|true",
        "\\*|*|false|true",
        "\\*|a|false|false",
        "\\?x|?x|false|true",
        // classes
        "a[b-d]c|acc|false|true",
        "[z-a]|m|false|true",
        "[^a-c]|d|false|true",
        "[^a-c]|b|false|false",
        "[abc]|b|false|true",
        "[abc]|d|false|false",
        // a dash before the closing bracket takes it as the range end: [a-] is the range ]..a
        "[a-]|]|false|true",
        "[a-]|_|false|true",
        "[a-]|b|false|false",
        "[a-]|-|false|false",
        "[a-]x|ax|false|false",
        // [] and []] : the first ] closes the (empty) class
        "[]|]|false|false",
        "[]]|]|false|false",
        "[\\]]|]|false|true",
        // [^] is an empty negated class: anything
        "[^]|a|false|true",
        "[^]|]|false|true",
        "[^|a|false|true",
        // unterminated classes end at the pattern's end
        "[|a|false|false",
        "[|[|false|false",
        "[ab|b|false|true",
        "[ab|ab|false|false",
        "[\\|\\|false|true",
        "*[|x[|false|false",
        // case folding
        "[a-z]|M|true|true",
        "[A-Z]|m|true|true",
        "[a-z]|M|false|false",
        "HeLLo|hello|true|true",
        "HeLLo|hello|false|false",
        "[xY]|y|true|true",
        // an escaped byte inside a class is compared case-sensitively even with nocase
        "[\\A]|a|true|false",
        "\\A|a|true|true",
        // high bytes are signed chars: [\u0085-z] is the range -123..122, catching '[' and 0xe9 (-23)
        "[\u0085-z]|[|false|true",
        "[\u0085-z]|\u00e9|false|true",
        "[\u0085-z]|\u0080|false|false",
        // ... but with nocase glibc's tolower maps -123 to 133, leaving an empty range
        "[\u0085-z]|[|true|false",
        // and 0xff (-1, EOF) is left alone by tolower
        "a[[-\u00ff|A-|true|true",
        "?|\u00e9|false|true",
    })
    void matchesAsValkey(String pattern, String string, boolean nocase, boolean expected) {
        assertEquals(expected, Glob.matches(pattern.getBytes(ISO_8859_1), string.getBytes(ISO_8859_1), nocase));
    }

    @Test
    void deepStarNestingFailsInsteadOfOverflowing() {
        byte[] s = "a".repeat(1200).getBytes(ISO_8859_1);
        assertEquals(false, Glob.matches(("a*".repeat(1100) + "a").getBytes(ISO_8859_1), s, false));
        assertEquals(true, Glob.matches(("a*".repeat(999) + "a").getBytes(ISO_8859_1), s, false));
    }

    @Test
    void pathologicalPatternsStayFast() {
        byte[] pattern = ("*a".repeat(30) + "b").getBytes(ISO_8859_1);
        byte[] string = "a".repeat(60).getBytes(ISO_8859_1);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 100; i++) {
                assertEquals(false, Glob.matches(pattern, string, false));
            }
        });
    }
}
