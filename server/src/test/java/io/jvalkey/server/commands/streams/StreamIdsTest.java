package io.jvalkey.server.commands.streams;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.types.stream.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream ID arguments parsed as Valkey's streamGenericParseIDOrReply does. */
class StreamIdsTest {
    private static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1|1-0",
        "1-2|1-2",
        "-|0-0",
        "+|18446744073709551615-18446744073709551615",
        "18446744073709551615-18446744073709551615|18446744073709551615-18446744073709551615",
        "007-08|7-8",
        "+5|5-0",
        "\" 5-1\"|5-1",
        "1--01|1-18446744073709551615",
        "1-+2|1-2",
    })
    void parses(String in, String expected) {
        assertEquals(expected, StreamIds.parse(b(in), 0).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1-", "1-2-3", "abc", "1.5", "1-*", "18446744073709551616", "1-18446744073709551616",
        "1 ", "1-2 ", "(1", "-0", "1--1", "("})
    void rejects(String in) {
        CommandError e = assertThrows(CommandError.class, () -> StreamIds.parse(b(in), 0));
        assertSame(StreamIds.INVALID, e);
    }

    @Test
    void missingSequenceAndStrictness() {
        assertEquals(new StreamId(5, -1L), StreamIds.parse(b("5"), -1L));
        assertThrows(CommandError.class, () -> StreamIds.parseStrict(b("-"), 0));
        assertThrows(CommandError.class, () -> StreamIds.parseStrict(b("+"), 0));
        assertThrows(CommandError.class, () -> StreamIds.parse(b("1".repeat(128)), 0), "longer than 127 bytes");
        assertEquals(new StreamId(5, 0), StreamIds.parse(b("5\0-7"), 0), "a C string ends at NUL");
    }

    @Test
    void rangeBoundsMoveByOneWhenExclusive() {
        assertEquals(new StreamId(1, 3), StreamIds.rangeStart(b("(1-2")));
        assertEquals(new StreamId(2, 0), StreamIds.rangeStart(b("(1-18446744073709551615")));
        assertEquals(new StreamId(1, -2L), StreamIds.rangeEnd(b("(1")), "a bare ms means ms-MAX, even excluded");
        assertEquals(new StreamId(1, -1L), StreamIds.rangeEnd(b("1")));
        assertThrows(CommandError.class, () -> StreamIds.rangeStart(b("(18446744073709551615-18446744073709551615")));
        assertThrows(CommandError.class, () -> StreamIds.rangeEnd(b("(0-0")));
        assertThrows(CommandError.class, () -> StreamIds.rangeStart(b("(-")));
        assertThrows(CommandError.class, () -> StreamIds.rangeStart(b("(")), "a lone ( is just an invalid ID");
    }

    @Test
    void xaddAcceptsAnAutomaticSequence() {
        StreamIds.Given g = StreamIds.parseForAdd(b("5-*"));
        assertEquals(new StreamId(5, 0), g.id());
        assertFalse(g.seqGiven());
        assertEquals(new StreamId(5, 6), StreamIds.parseForAdd(b("5-6")).id());
        assertThrows(CommandError.class, () -> StreamIds.parseForAdd(b("*-1")));
        assertThrows(CommandError.class, () -> StreamIds.parseForAdd(b("-*")));
        assertThrows(CommandError.class, () -> StreamIds.parseForAdd(b("+")));
    }
}
