package io.jvalkey.server.commands.keys;

import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.keyspace.Db;

/** Generic keyspace commands: DEL, EXISTS, TTL family, SCAN ... */
public final class KeyCommands {
    private KeyCommands() {}

    public static void register(CommandTable t) {
        t.add(command("del", -2).flags(WRITE).keys(1, -1, 1).acl("keyspace", "write", "slow")
                .doc("generic", "1.0.0", "Deletes one or more keys.")
                .handler(KeyCommands::del).build());
        t.add(command("exists", -2).flags(READONLY, FAST).keys(1, -1, 1).acl("keyspace", "read", "fast")
                .doc("generic", "3.0.3", "Determines whether one or more keys exist.")
                .handler(KeyCommands::exists).build());
        t.add(command("dbsize", 1).flags(READONLY, FAST).routing(Routing.ALL_SHARDS).acl("keyspace", "read", "fast")
                .doc("server", "1.0.0", "Returns the number of keys in the database.")
                .handler(c -> c.reply().integer(c.db().size())).build());
    }

    static void del(CommandContext c) {
        Db db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.delete(c.arg(i))) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    static void exists(CommandContext c) {
        Db db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.lookupRead(c.arg(i), true) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }
}
