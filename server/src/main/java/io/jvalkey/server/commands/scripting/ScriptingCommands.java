package io.jvalkey.server.commands.scripting;

import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import java.util.Locale;

/**
 * FUNCTION and SCRIPT. Scripting itself (EVAL, FCALL, FUNCTION LOAD) arrives with its own issue;
 * until then the script cache and the function library are always empty, and flushing them is
 * what clients and test harnesses do between runs, so FLUSH is implemented with Valkey's checks.
 */
public final class ScriptingCommands {
    private ScriptingCommands() {}

    public static void register(CommandTable t) {
        t.add(command("function", -2).acl("slow").doc("scripting", "7.0.0", "A container for function commands.")
                .sub(command("flush", -2).flags(NOSCRIPT, WRITE).acl("write", "slow", "scripting")
                        .tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .doc("scripting", "7.0.0", "Deletes all libraries and functions.")
                        .handler(c -> flush(c, "FUNCTION FLUSH only supports SYNC|ASYNC option")))
                .build());
        t.add(command("script", -2).acl("slow").doc("scripting", "2.6.0", "A container for Lua scripts management commands.")
                .sub(command("flush", -2).flags(NOSCRIPT).acl("slow", "scripting")
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc("scripting", "2.6.0", "Removes all server-side Lua scripts from the script cache.")
                        .handler(c -> flush(c, "SCRIPT FLUSH only support SYNC|ASYNC option")))
                .build());
    }

    /** [SYNC|ASYNC]: both empty an already empty library, so the reply is all that differs by mode. */
    private static void flush(CommandContext c, String modeError) {
        if (c.argc() > 3) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + c.argString(1)
                    + "'. Try " + c.argString(0).toUpperCase(Locale.ROOT) + " HELP.");
        }
        if (c.argc() == 3 && !c.option(2).equals("sync") && !c.option(2).equals("async")) {
            throw new CommandError("ERR " + modeError);
        }
        c.reply().ok();
    }
}
