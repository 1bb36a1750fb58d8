package io.jvalkey.server.commands.persistence;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_ASYNC_LOADING;
import static io.jvalkey.server.command.CommandFlag.NO_MULTI;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.persistence.Persistence;

/** SAVE, BGSAVE, LASTSAVE (the server group) and DUMP, RESTORE (the generic group). */
public final class PersistenceCommands {
    private static final CommandError IN_PROGRESS = new CommandError("ERR Background save already in progress");

    private PersistenceCommands() {}

    public static void register(CommandTable t) {
        t.add(command("save", 1).flags(NO_ASYNC_LOADING, ADMIN, NOSCRIPT, NO_MULTI).routing(Routing.ALL_SHARDS)
                .doc("server", "1.0.0", "Writes the whole dataset to the RDB file, answering once it is on disk.")
                .complexity("O(N) where N is the total number of keys in all databases")
                .handler(PersistenceCommands::save).build());
        t.add(command("bgsave", -1).flags(NO_ASYNC_LOADING, ADMIN, NOSCRIPT).routing(Routing.ALL_SHARDS)
                .doc("server", "1.0.0", "Starts writing the dataset to the RDB file while commands keep being served.")
                .complexity("O(1)")
                .handler(PersistenceCommands::bgsave).build());
        t.add(command("lastsave", 1).flags(LOADING, STALE, FAST).acl("admin", "dangerous")
                .tips("nondeterministic_output")
                .doc("server", "1.0.0", "Returns the Unix time of the last successful save to disk.")
                .complexity("O(1)")
                .handler(c -> c.reply().integer(c.server().stats().lastSaveSeconds)).build());
        t.add(command("dump", 2).flags(READONLY).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .acl("keyspace").tips("nondeterministic_output")
                .doc("generic", "2.6.0", "Returns the value at a key in the serialized form RESTORE accepts.")
                .complexity("O(1) to access the key and additional O(N*M) to serialize it, where N is the number of"
                        + " objects composing the value and M their average size. For small string values the time"
                        + " complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")
                .handler(DumpRestore::dump).build());
        t.add(command("restore", -4).flags(WRITE, DENYOOM).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "OW", "update"))
                .acl("keyspace", "dangerous")
                .doc("generic", "2.6.0", "Creates a key from a value serialized by DUMP.")
                .complexity("O(1) to create the new key and additional O(N*M) to reconstruct the serialized value,"
                        + " where N is the number of objects composing the value and M their average size. For small"
                        + " string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1)."
                        + " However for sorted set values the complexity is O(N*M*log(N)) because inserting values"
                        + " into sorted sets is O(log(N)).")
                .handler(DumpRestore::restore).build());
    }

    /** SAVE: the whole dataset at this instant, written before the reply (every shard is held meanwhile). */
    static void save(CommandContext c) {
        Persistence p = c.server().persistence();
        if (p.bgsaveInProgress()) {
            throw IN_PROGRESS;
        }
        p.countSave();
        if (p.saveWithAllShardsHeld()) {
            c.reply().ok();
        } else {
            c.reply().error("ERR");
        }
    }

    /** BGSAVE [SCHEDULE | CANCEL]. */
    static void bgsave(CommandContext c) {
        Persistence p = c.server().persistence();
        boolean schedule = false;
        if (c.argc() > 1) {
            if (c.argc() == 2 && c.option(1).equals("schedule")) {
                schedule = true;
            } else if (c.argc() == 2 && c.option(1).equals("cancel")) {
                if (p.bgsaveInProgress()) {
                    c.server().log().notice("Background saving will be aborted due to user request");
                    p.cancelBgsave();
                    c.reply().simple("Background saving cancelled");
                } else if (p.scheduled()) {
                    c.server().log().notice("Scheduled background saving will be cancelled due to user request");
                    p.unschedule();
                    c.reply().simple("Scheduled background saving cancelled");
                } else {
                    c.reply().error("ERR Background saving is currently not in progress or scheduled");
                }
                return;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (p.bgsaveInProgress()) {
            throw IN_PROGRESS;
        }
        if (p.startBgsave()) {
            c.reply().simple("Background saving started");
        } else if (schedule) {
            p.schedule();
            c.reply().simple("Background saving scheduled");
        } else {
            throw IN_PROGRESS;
        }
    }
}
