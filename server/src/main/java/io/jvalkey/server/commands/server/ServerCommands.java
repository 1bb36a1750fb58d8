package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.ALLOW_BUSY;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_MULTI;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.SENTINEL;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.Version;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.info.InfoBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Server commands: INFO, FLUSHDB, FLUSHALL, TIME, LOLWUT, MONITOR, SHUTDOWN here; CONFIG,
 * COMMAND, MEMORY, SLOWLOG and DEBUG in their own classes.
 */
public final class ServerCommands {
    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

    private ServerCommands() {}

    public static void register(CommandTable t) {
        t.add(command("info", -1).flags(LOADING, STALE, SENTINEL).acl("dangerous")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc("server", "1.0.0", "Returns information and statistics about the server.").complexity("O(1)")
                .handler(ServerCommands::info).build());
        t.add(command("flushdb", -1).flags(WRITE).routing(Routing.ALL_SHARDS).acl("keyspace", "dangerous")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("server", "1.0.0", "Remove all keys from the current database.")
                .complexity("O(N) where N is the number of keys in the selected database")
                .handler(c -> {
                    flushOption(c);
                    long keys = c.db().size();
                    c.db().flush();
                    c.server().keyHooks().flushed(c.client().db());
                    c.dirty(keys);
                    c.forcePropagation(); // also when already empty, as Valkey

                    c.reply().ok();
                }).build());
        t.add(command("flushall", -1).flags(WRITE).routing(Routing.ALL_SHARDS).acl("keyspace", "dangerous")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("server", "1.0.0", "Removes all keys from all databases.")
                .complexity("O(N) where N is the total number of keys in all databases")
                .handler(c -> {
                    flushOption(c);
                    c.server().persistence().cancelBgsave(); // as Valkey kills a saving child
                    long keys = 0;
                    for (int d = 0; d < c.server().keyspace().databases(); d++) {
                        keys += c.server().keyspace().keys(d);
                    }
                    c.server().keyspace().flushAll();
                    c.server().keyHooks().flushed(-1);
                    c.dirty(keys);
                    c.forcePropagation(); // also when already empty, as Valkey
                    c.server().persistence().afterFlushAll();
                    if (c.server().persistence().hasSavePoints()) {
                        c.propagation().resetChanges(); // the save it just made leaves nothing unsaved (Valkey)
                    }
                    c.reply().ok();
                }).build());
        t.add(command("time", 1).flags(LOADING, STALE, FAST).tips("nondeterministic_output")
                .doc("server", "2.6.0", "Returns the server time.").complexity("O(1)")
                .handler(c -> {
                    java.time.Instant now = java.time.Instant.now();
                    c.reply().array(2);
                    c.reply().bulk(Long.toString(now.getEpochSecond()));
                    c.reply().bulk(Long.toString(now.getNano() / 1000));
                }).build());
        t.add(command("lolwut", -1).flags(READONLY, FAST)
                .doc("server", "5.0.0", "Displays computer art and the server version")
                .handler(Lolwut::run).build());
        t.add(command("monitor", 1).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .doc("server", "1.0.0", "Listens for all requests received by the server in real-time.")
                .handler(c -> {
                    if (c.client().monitor()) {
                        return; // already monitoring: no reply, as Valkey
                    }
                    c.server().clients().addMonitor(c.client());
                    c.reply().ok();
                }).build());
        t.add(command("shutdown", -1).flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, SENTINEL, ALLOW_BUSY)
                .doc("server", "1.0.0", "Synchronously saves the database(s) to disk and shuts down the server.")
                .complexity("O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
                .routing(Routing.ALL_SHARDS).handler(ServerCommands::shutdown).build());
        ConfigCommand.register(t);
        CommandCommand.register(t);
        MemoryCommand.register(t);
        SlowlogCommand.register(t);
        DebugCommand.register(t);
    }

    static void info(CommandContext c) {
        List<String> args = new ArrayList<>();
        for (int i = 1; i < c.argc(); i++) {
            args.add(c.argString(i));
        }
        c.reply().verbatim(InfoBuilder.build(c.server(), args));
    }

    /** FLUSHDB / FLUSHALL take an optional ASYNC or SYNC; both flush at once here. */
    private static void flushOption(CommandContext c) {
        if (c.argc() > 2) {
            throw CommandError.SYNTAX;
        }
        if (c.argc() == 2 && !c.option(1).equals("sync") && !c.option(1).equals("async")) {
            throw CommandError.SYNTAX;
        }
    }

    static void shutdown(CommandContext c) {
        boolean save = false;
        boolean nosave = false;
        boolean other = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < c.argc(); i++) {
            switch (c.option(i)) {
                case "nosave" -> nosave = true;
                case "save" -> save = true;
                case "now" -> other = true;
                case "force" -> {
                    other = true;
                    force = true;
                }
                case "abort" -> abort = true;
                default -> throw CommandError.SYNTAX;
            }
        }
        if ((abort && (save || nosave || other)) || (save && nosave)) {
            throw CommandError.SYNTAX;
        }
        if (abort) {
            // Shutting down never waits here (no replicas, no persistence), so nothing can be aborted.
            throw new CommandError("ERR No shutdown in progress.");
        }
        if (SHUTTING_DOWN.get()) {
            return;
        }
        var server = c.server();
        // Every shard is held here: the final save (if any) is the dataset as of now.
        if (!server.persistence().finalSave(save, nosave, force)) {
            throw new CommandError("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        SHUTTING_DOWN.set(true);
        Thread t = new Thread(server::shutdown, "jvalkey-shutdown");
        t.start();
    }

    /**
     * Valkey's rule for protected actions (enable-debug-command, enable-protected-configs ...):
     * "yes" allows them, "local" allows them from loopback connections only.
     */
    static boolean allowed(CommandContext c, String configName) {
        String v = c.server().config().get(configName);
        if (v.equals("yes")) {
            return true;
        }
        if (!v.equals("local")) {
            return false;
        }
        SocketAddress a = c.client().channel().remoteAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress();
    }

    static String version() {
        return Version.VALKEY_COMPAT;
    }
}
