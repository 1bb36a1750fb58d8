package io.jvalkey.server.aof;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_ASYNC_LOADING;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;

/** BGREWRITEAOF. */
public final class AofCommands {
    private AofCommands() {}

    public static void register(CommandTable t) {
        t.add(command("bgrewriteaof", 1).flags(NO_ASYNC_LOADING, ADMIN, NOSCRIPT)
                .doc("server", "1.0.0", "Starts rewriting the append-only file in the background.").complexity("O(1)")
                .handler(c -> {
                    String error = c.server().aof().bgrewrite();
                    if (error != null && error.startsWith("+")) {
                        c.reply().simple(error.substring(1));
                        return;
                    }
                    if (error != null) {
                        throw new CommandError(error);
                    }
                    c.reply().simple("Background append only file rewriting started");
                }).build());
    }
}
