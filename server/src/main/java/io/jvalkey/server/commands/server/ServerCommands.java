package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_AUTH;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Routing;

/** Server commands: FLUSHALL, SHUTDOWN, TIME ... (INFO, CONFIG, COMMAND, DEBUG have their own classes). */
public final class ServerCommands {
    private ServerCommands() {}

    public static void register(CommandTable t) {
        t.add(command("flushall", -1).flags(WRITE).routing(Routing.ALL_SHARDS).acl("keyspace", "write", "slow", "dangerous")
                .doc("server", "1.0.0", "Removes all keys from all databases.")
                .handler(c -> {
                    c.server().keyspace().flushAll();
                    c.reply().ok();
                }).build());
        t.add(command("shutdown", -1).flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_AUTH).acl("admin", "slow", "dangerous")
                .doc("server", "1.0.0", "Synchronously saves the database(s) to disk and shuts down the server.")
                .handler(ServerCommands::shutdown).build());
        t.add(command("time", 1).flags(LOADING, STALE, io.jvalkey.server.command.CommandFlag.FAST).acl("fast")
                .doc("server", "2.6.0", "Returns the server time.")
                .handler(c -> {
                    long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
                    c.reply().array(2);
                    c.reply().bulk(Long.toString(micros / 1_000_000));
                    c.reply().bulk(Long.toString(micros % 1_000_000));
                }).build());
    }

    static void shutdown(CommandContext c) {
        c.server().log().warning("User requested shutdown...");
        Thread t = new Thread(() -> c.server().shutdown(), "jvalkey-shutdown");
        t.start();
    }
}
