package io.jvalkey.server.commands.server;

import io.jvalkey.server.command.CommandContext;
import java.util.Locale;

/** The HELP subcommand reply shape every container command shares. */
public final class Help {
    private Help() {}

    public static void reply(CommandContext c, String... lines) {
        c.reply().array(lines.length + 3);
        c.reply().simple(c.argString(0).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) {
            c.reply().simple(l);
        }
        c.reply().simple("HELP");
        c.reply().simple("    Print this help.");
    }
}
