package io.jvalkey.server.commands.server;

import io.jvalkey.server.command.CommandContext;

/**
 * LOLWUT: a small piece of generated art followed by the version line. VERSION n picks the
 * version shown (n.0.0), as Valkey does; the art is jvalkey's own: a field of nested squares.
 */
final class Lolwut {
    private Lolwut() {}

    static void run(CommandContext c) {
        String version = ServerCommands.version();
        int first = 1;
        if (c.argc() >= 3 && c.option(1).equals("version")) {
            long v = c.longArg(2);
            version = Integer.toUnsignedString((int) v) + ".0.0";
            first = 3;
        }
        int size = 8;
        if (c.argc() > first) {
            size = (int) Math.max(2, Math.min(32, c.longArg(first)));
        }
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size * 2; x++) {
                int d = Math.min(Math.min(x / 2, y), Math.min(size - 1 - x / 2, size - 1 - y));
                sb.append(d % 2 == 0 ? '#' : ' ');
            }
            sb.append('\n');
        }
        sb.append("\nValkey ver. ").append(version).append('\n');
        c.reply().verbatim(sb.toString());
    }
}
