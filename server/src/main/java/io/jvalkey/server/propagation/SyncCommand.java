package io.jvalkey.server.propagation;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_ASYNC_LOADING;
import static io.jvalkey.server.command.CommandFlag.NO_MULTI;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandTable;

/**
 * SYNC, the old replication handshake, reduced to what this build can honour: an empty snapshot
 * followed by the live propagation stream ({@link StreamTap}). Replication proper replaces it.
 */
public final class SyncCommand {
    private SyncCommand() {}

    public static void register(CommandTable t) {
        t.add(command("sync", 1).flags(NO_ASYNC_LOADING, ADMIN, NOSCRIPT, NO_MULTI)
                .doc("server", "1.0.0", "Internal command used in replication.")
                .handler(c -> StreamTap.attach(c.server().propagation().stream(), c.client().channel())).build());
    }
}
