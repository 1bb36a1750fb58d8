package io.jvalkey.server.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgSplitterTest {
    private static List<String> split(String line) {
        List<byte[]> parts = ArgSplitter.split(line.getBytes(ISO_8859_1));
        return parts == null ? null : parts.stream().map(b -> new String(b, ISO_8859_1)).toList();
    }

    @Test
    void plainWords() {
        assertThat(split("  set  key\tvalue  ")).containsExactly("set", "key", "value");
        assertThat(split("")).isEmpty();
        assertThat(split(" \t ")).isEmpty();
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertThat(split("\"a b\" \"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\\"\\q\"")).containsExactly("a b", "AJ\n\r\t\b\u0007\\\"q");
        assertThat(split("\"\\x4g\"")).containsExactly("x4g");
        assertThat(split("\"\"")).containsExactly("");
    }

    @Test
    void singleQuotesUnderstandOnlyEscapedQuote() {
        assertThat(split("'a\\'b' 'c\\n'")).containsExactly("a'b", "c\\n");
    }

    @Test
    void quotesJoinWithTheWordBefore() {
        assertThat(split("ab\"c d\"")).containsExactly("abc d");
    }

    @Test
    void unbalancedQuotes() {
        assertThat(split("\"abc")).isNull();
        assertThat(split("'abc")).isNull();
        assertThat(split("\"a\"b")).isNull();
        assertThat(split("'a'b")).isNull();
        assertThat(split("\"abc\\\"")).isNull();
    }

    @Test
    void verticalTabAndFormFeedSeparateOnlyBetweenWords() {
        assertThat(split("\u000bX\u000c")).containsExactly("X\u000c");
        assertThat(split("a\u000cb")).containsExactly("a\u000cb");
        assertThat(split("\"a\"\u000cb")).containsExactly("a", "b");
    }

    @Test
    void nulEndsTheLine() {
        assertThat(split("a b\0c d")).containsExactly("a", "b");
        assertThat(split("\"a\0\"")).isNull();
    }
}
