package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.config.Config;
import io.jvalkey.server.config.ConfigException;
import io.jvalkey.server.config.ConfigRewrite;
import io.jvalkey.server.keyspace.Shard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CONFIG GET / SET / RESETSTAT / REWRITE / HELP. */
final class ConfigCommand {
    private ConfigCommand() {}

    static void register(CommandTable t) {
        t.add(command("config", -2).doc("server", "2.0.0", "A container for server configuration commands.")
                .complexity("Depends on subcommand.")
                .sub(command("get", -3).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .doc("server", "2.0.0", "Returns the effective values of configuration parameters.")
                        .complexity("O(N) when N is the number of configuration parameters provided")
                        .handler(ConfigCommand::get))
                .sub(command("set", -4).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc("server", "2.0.0", "Sets configuration parameters in-flight.")
                        .complexity("O(N) when N is the number of configuration parameters provided")
                        .handler(ConfigCommand::set))
                .sub(command("resetstat", 2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc("server", "2.0.0", "Resets the server's statistics.").complexity("O(1)")
                        .handler(ConfigCommand::resetStat))
                .sub(command("rewrite", 2).flags(ADMIN, NOSCRIPT, LOADING, STALE)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc("server", "2.8.0", "Persists the effective configuration to file.").complexity("O(1)")
                        .handler(ConfigCommand::rewrite))
                .sub(command("help", 2).flags(LOADING, STALE)
                        .doc("server", "5.0.0", "Returns helpful text about the different subcommands.").complexity("O(1)")
                        .handler(c -> Help.reply(c,
                                "GET <pattern>",
                                "    Return parameters matching the glob-like <pattern> and their values.",
                                "SET <directive> <value>",
                                "    Set the configuration <directive> to <value>.",
                                "RESETSTAT",
                                "    Reset statistics reported by the INFO command.",
                                "REWRITE",
                                "    Rewrite the configuration file.")))
                .build());
    }

    static void get(CommandContext c) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            patterns.add(c.argString(i));
        }
        Map<String, Config.Param> found = c.server().config().lookup(patterns);
        c.reply().map(found.size());
        for (Map.Entry<String, Config.Param> e : found.entrySet()) {
            c.reply().bulk(e.getKey());
            c.reply().bulk(e.getValue().value());
        }
    }

    static void set(CommandContext c) {
        if ((c.argc() & 1) != 0) {
            throw CommandError.SYNTAX;
        }
        Config config = c.server().config();
        String invalidName = null;
        String errName = null;
        String err = null;
        List<Config.Param> params = new ArrayList<>();
        for (int i = 2; i < c.argc(); i += 2) {
            String name = c.argString(i);
            Config.Param p = config.param(name);
            if (p == null) {
                if (invalidName == null && err == null) {
                    invalidName = name;
                }
                continue;
            }
            if (invalidName != null || err != null) {
                continue;
            }
            if (p.immutable() || (p.isProtected() && !ServerCommands.allowed(c, "enable-protected-configs"))) {
                err = p.immutable() ? "can't set immutable config" : "can't set protected config";
                errName = name;
                continue;
            }
            if (params.contains(p)) {
                err = "duplicate parameter";
                errName = name;
                continue;
            }
            params.add(p);
        }
        if (invalidName != null) {
            throw new CommandError("ERR Unknown option or number of arguments for CONFIG SET - '" + invalidName + "'");
        }
        if (err != null) {
            throw failed(errName, err);
        }
        Map<Config.Param, String> values = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Config.Param p = params.get(i);
            try {
                values.put(p, config.validate(p, c.argString(3 + 2 * i)));
            } catch (ConfigException e) {
                throw failed(p.name(), e.getMessage());
            }
        }
        try {
            config.apply(values);
        } catch (ConfigException e) {
            c.server().log().warning("Failed applying new configuration. Possibly related to new "
                    + e.param() + " setting. Restoring previous settings.");
            throw failed(e.param(), e.getMessage());
        }
        c.reply().ok();
    }

    private static CommandError failed(String name, String why) {
        return new CommandError("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    }

    static void resetStat(CommandContext c) {
        resetStats(c.server());
        c.reply().ok();
    }

    /** Everything CONFIG RESETSTAT clears: server counters, per-shard counters, command statistics. */
    static void resetStats(Server s) {
        s.stats().reset();
        for (Shard shard : s.keyspace().shards()) {
            shard.stats().reset();
        }
        for (CommandSpec spec : s.commands().all()) {
            resetCommand(spec);
        }
    }

    private static void resetCommand(CommandSpec spec) {
        spec.calls.reset();
        spec.micros.reset();
        spec.failedCalls.reset();
        spec.rejectedCalls.reset();
        for (CommandSpec sub : spec.subcommands().values()) {
            resetCommand(sub);
        }
    }

    static void rewrite(CommandContext c) {
        String file = c.server().config().configFile();
        if (file == null) {
            throw new CommandError("ERR The server is running without a config file");
        }
        try {
            ConfigRewrite.rewrite(c.server().config(), Path.of(file));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof java.nio.file.AccessDeniedException) {
                why = "Permission denied";
            }
            c.server().log().warning("CONFIG REWRITE failed: " + why);
            throw new CommandError("ERR Rewriting config file: " + why);
        }
        c.server().log().notice("CONFIG REWRITE executed with success.");
        c.reply().ok();
    }
}
