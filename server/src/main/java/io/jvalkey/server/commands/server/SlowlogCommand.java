package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.info.SlowLog;
import java.util.List;

/** SLOWLOG GET / LEN / RESET / HELP. */
final class SlowlogCommand {
    private SlowlogCommand() {}

    static void register(CommandTable t) {
        t.add(command("slowlog", -2).doc("server", "2.2.12", "A container for slow log commands.")
                .complexity("Depends on subcommand.")
                .sub(command("get", -2).flags(ADMIN, LOADING, STALE)
                        .tips("request_policy:all_nodes", "nondeterministic_output")
                        .doc("server", "2.2.12", "Returns the slow log's entries.")
                        .complexity("O(N) where N is the number of entries returned")
                        .handler(SlowlogCommand::get))
                .sub(command("len", 2).flags(ADMIN, LOADING, STALE)
                        .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output")
                        .doc("server", "2.2.12", "Returns the number of entries in the slow log.").complexity("O(1)")
                        .handler(c -> c.reply().integer(c.server().slowLog().length())))
                .sub(command("reset", 2).flags(ADMIN, LOADING, STALE)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc("server", "2.2.12", "Clears all entries from the slow log.")
                        .complexity("O(N) where N is the number of entries in the slowlog")
                        .handler(c -> {
                            c.server().slowLog().reset();
                            c.reply().ok();
                        }))
                .sub(command("help", 2).flags(LOADING, STALE)
                        .doc("server", "6.2.0", "Show helpful text about the different subcommands").complexity("O(1)")
                        .handler(c -> Help.reply(c,
                                "GET [<count>]",
                                "    Newest <count> entries of the slow log (10 when omitted, every entry for -1).",
                                "    Each entry: id, unix time, duration in microseconds, the arguments,",
                                "    the client's address and the client's name.",
                                "LEN",
                                "    Number of entries in the slow log.",
                                "RESET",
                                "    Empties the slow log.")))
                .build());
    }

    static void get(CommandContext c) {
        if (c.argc() > 3) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                    + c.argString(1) + "'. Try SLOWLOG HELP.");
        }
        long count = 10;
        if (c.argc() == 3) {
            count = c.longArg(2, "ERR count should be greater than or equal to -1");
            if (count < -1) {
                throw new CommandError("ERR count should be greater than or equal to -1");
            }
            if (count == -1) {
                count = Integer.MAX_VALUE;
            }
        }
        List<SlowLog.Entry> entries = c.server().slowLog().newest((int) Math.min(count, Integer.MAX_VALUE));
        c.reply().array(entries.size());
        for (SlowLog.Entry e : entries) {
            c.reply().array(6);
            c.reply().integer(e.id());
            c.reply().integer(e.timeSeconds());
            c.reply().integer(e.micros());
            c.reply().array(e.argv().length);
            for (byte[] a : e.argv()) {
                c.reply().bulk(a);
            }
            c.reply().bulk(e.addr());
            c.reply().bulk(e.name());
        }
    }
}
