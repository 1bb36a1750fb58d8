package io.jvalkey.server.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvalkey.server.commands.Commands;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommandTableTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void findsEveryRegisteredCommandInAnyCase() {
        CommandTable t = new CommandTable();
        Commands.registerAll(t);
        assertThat(t.size()).isGreaterThan(5);
        for (CommandSpec spec : t.all()) {
            assertThat(t.lookup(b(spec.name()))).isSameAs(spec);
            assertThat(t.lookup(b(spec.name().toUpperCase(Locale.ROOT)))).isSameAs(spec);
            assertThat(t.get(spec.name())).isSameAs(spec);
        }
        assertThat(t.lookup(b("GeT"))).isSameAs(t.get("get"));
    }

    @Test
    void unknownNamesAreNull() {
        CommandTable t = new CommandTable();
        Commands.registerAll(t);
        assertThat(t.lookup(b("ge"))).isNull();
        assertThat(t.lookup(b("gett"))).isNull();
        assertThat(t.lookup(b(""))).isNull();
        assertThat(t.lookup(b("x".repeat(100)))).isNull();
        assertThat(t.lookup(new byte[] {(byte) 0xC7, 'E', 'T'})).isNull();
    }

    @Test
    void onlyLettersFoldCase() {
        // '@' and '`' differ only in bit 0x20, as 'A' and 'a' do: they hash alike but are different names.
        CommandTable t = new CommandTable();
        t.add(CommandSpec.command("x@y", 1).build());
        t.add(CommandSpec.command("k[", 1).build());
        assertThat(t.lookup(b("X@Y"))).isSameAs(t.get("x@y"));
        assertThat(t.lookup(b("x`y"))).isNull();
        assertThat(t.lookup(b("k{"))).isNull();
        assertThat(t.lookup(b("K["))).isSameAs(t.get("k["));
    }

    @Test
    void growsPastItsFirstIndexAndKeepsDeclarationOrder() {
        CommandTable t = new CommandTable();
        for (int i = 0; i < 500; i++) {
            t.add(CommandSpec.command("cmd" + i, 1).build());
        }
        assertThat(t.size()).isEqualTo(500);
        for (int i = 0; i < 500; i++) {
            assertThat(t.lookup(b("CMD" + i))).isSameAs(t.get("cmd" + i));
        }
        assertThat(t.lookup(b("cmd500"))).isNull();
        assertThat(t.all().iterator().next().name()).isEqualTo("cmd0");
    }

    @Test
    void aCommandDeclaredTwiceIsAnError() {
        CommandTable t = new CommandTable();
        t.add(CommandSpec.command("get", 2).build());
        assertThatThrownBy(() -> t.add(CommandSpec.command("GET", 2).build()))
                .isInstanceOf(IllegalStateException.class);
    }
}
