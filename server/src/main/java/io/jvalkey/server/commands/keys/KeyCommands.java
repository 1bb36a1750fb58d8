package io.jvalkey.server.commands.keys;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.util.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic keyspace family. Declarations (arity, flags, key positions, ACL categories as in
 * Valkey's command table) are all here; the larger handlers live in {@link ExpireCommands},
 * {@link MoveCommands}, {@link ScanCommand} and {@link ObjectCommand}.
 */
public final class KeyCommands {
    private KeyCommands() {}

    public static void register(CommandTable t) {
        t.add(command("del", -2).flags(WRITE).keys(1, -1, 1).keySpec(KeySpec.range(1, -1, 1, "RM", "delete")).acl("keyspace", "write", "slow")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .doc("generic", "1.0.0", "Removes keys, answering how many existed.")
                .handler(KeyCommands::del).build());
        t.add(command("unlink", -2).flags(WRITE, FAST).keys(1, -1, 1).keySpec(KeySpec.range(1, -1, 1, "RM", "delete")).acl("keyspace", "write", "fast")
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .doc("generic", "4.0.0", "Removes keys like DEL, without ever blocking to free their memory.")
                .handler(KeyCommands::del).build());
        t.add(command("exists", -2).flags(READONLY, FAST).keys(1, -1, 1).keySpec(KeySpec.range(1, -1, 1, "RO"))
                .tips("request_policy:multi_shard", "response_policy:agg_sum").acl("keyspace", "read", "fast")
                .doc("generic", "1.0.0", "Counts how many of the given keys exist (repeats count again).")
                .handler(KeyCommands::exists).build());
        t.add(command("touch", -2).flags(READONLY, FAST).keys(1, -1, 1).keySpec(KeySpec.range(1, -1, 1, "RO"))
                .tips("request_policy:multi_shard", "response_policy:agg_sum").acl("keyspace", "read", "fast")
                .doc("generic", "3.2.1", "Marks keys as just used and counts the ones that exist.")
                .handler(KeyCommands::touch).build());
        t.add(command("type", 2).flags(READONLY, FAST).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RO")).acl("keyspace", "read", "fast")
                .doc("generic", "1.0.0", "Names the data type held at a key, or none.")
                .handler(KeyCommands::type).build());

        t.add(command("expire", -3).flags(WRITE, FAST).keys(1, 1, 1).acl("keyspace", "write", "fast")
                .doc("generic", "1.0.0", "Gives a key a time to live in seconds.")
                .handler(c -> ExpireCommands.expire(c, true, false)).build());
        t.add(command("pexpire", -3).flags(WRITE, FAST).keys(1, 1, 1).acl("keyspace", "write", "fast")
                .doc("generic", "2.6.0", "Gives a key a time to live in milliseconds.")
                .handler(c -> ExpireCommands.expire(c, false, false)).build());
        t.add(command("expireat", -3).flags(WRITE, FAST).keys(1, 1, 1).acl("keyspace", "write", "fast")
                .doc("generic", "1.2.0", "Makes a key expire at a unix time in seconds.")
                .handler(c -> ExpireCommands.expire(c, true, true)).build());
        t.add(command("pexpireat", -3).flags(WRITE, FAST).keys(1, 1, 1).acl("keyspace", "write", "fast")
                .doc("generic", "2.6.0", "Makes a key expire at a unix time in milliseconds.")
                .handler(c -> ExpireCommands.expire(c, false, true)).build());
        t.add(command("ttl", 2).flags(READONLY, FAST).keys(1, 1, 1).tips("nondeterministic_output").acl("keyspace", "read", "fast")
                .doc("generic", "1.0.0", "Seconds a key has left to live (-1 none, -2 no key).")
                .handler(c -> ExpireCommands.ttl(c, false, false)).build());
        t.add(command("pttl", 2).flags(READONLY, FAST).keys(1, 1, 1).tips("nondeterministic_output").acl("keyspace", "read", "fast")
                .doc("generic", "2.6.0", "Milliseconds a key has left to live (-1 none, -2 no key).")
                .handler(c -> ExpireCommands.ttl(c, true, false)).build());
        t.add(command("expiretime", 2).flags(READONLY, FAST).keys(1, 1, 1).acl("keyspace", "read", "fast")
                .doc("generic", "7.0.0", "The unix time in seconds when a key expires (-1 none, -2 no key).")
                .handler(c -> ExpireCommands.ttl(c, false, true)).build());
        t.add(command("pexpiretime", 2).flags(READONLY, FAST).keys(1, 1, 1).acl("keyspace", "read", "fast")
                .doc("generic", "7.0.0", "The unix time in milliseconds when a key expires (-1 none, -2 no key).")
                .handler(c -> ExpireCommands.ttl(c, true, true)).build());
        t.add(command("persist", 2).flags(WRITE, FAST).keys(1, 1, 1).acl("keyspace", "write", "fast")
                .doc("generic", "2.2.0", "Drops a key's time to live so it never expires.")
                .handler(ExpireCommands::persist).build());

        t.add(command("rename", 3).flags(WRITE).keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 0, 1, "RW", "access", "delete")).keySpec(KeySpec.range(2, 0, 1, "OW", "update"))
               .acl("keyspace", "write", "slow")
                .doc("generic", "1.0.0", "Gives a key a new name, replacing any key already called that.")
                .handler(c -> MoveCommands.rename(c, false)).build());
        t.add(command("renamenx", 3).flags(WRITE, FAST).keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 0, 1, "RW", "access", "delete")).keySpec(KeySpec.range(2, 0, 1, "OW", "insert"))
               .acl("keyspace", "write", "fast")
                .doc("generic", "1.0.0", "Gives a key a new name only if no key has that name yet.")
                .handler(c -> MoveCommands.rename(c, true)).build());
        t.add(command("copy", -3).flags(WRITE, DENYOOM).keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 0, 1, "RO", "access")).keySpec(KeySpec.range(2, 0, 1, "OW", "update"))
               .acl("keyspace", "write", "slow")
                .doc("generic", "6.2.0", "Duplicates a key's value (and TTL) under another name, optionally in another database.")
                .handler(MoveCommands::copy).build());
        t.add(command("move", 3).flags(WRITE, FAST).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RW", "access", "update"))
               .acl("keyspace", "write", "fast")
                .doc("generic", "1.0.0", "Transfers a key to another database if it is free there.")
                .handler(MoveCommands::move).build());
        t.add(command("swapdb", 3).flags(WRITE, FAST).routing(Routing.ALL_SHARDS)
                .acl("keyspace", "write", "fast", "dangerous")
                .doc("server", "4.0.0", "Exchanges the contents of two databases.")
                .handler(MoveCommands::swapdb).build());

        t.add(command("dbsize", 1).flags(READONLY, FAST).routing(Routing.ALL_SHARDS)
                .tips("request_policy:all_shards", "response_policy:agg_sum").acl("keyspace", "read", "fast")
                .doc("server", "1.0.0", "Counts the keys of the selected database.")
                .handler(c -> c.reply().integer(c.db().size())).build());
        t.add(command("keys", 2).flags(READONLY).routing(Routing.ALL_SHARDS)
                .tips("request_policy:all_shards", "nondeterministic_output_order").acl("keyspace", "read", "slow", "dangerous")
                .doc("generic", "1.0.0", "Lists every key matching a glob pattern (blocks the server on big databases).")
                .handler(KeyCommands::keys).build());
        t.add(command("scan", -2).flags(READONLY).routing(Routing.ALL_SHARDS)
                .tips("nondeterministic_output", "request_policy:special", "response_policy:special").acl("keyspace", "read", "slow")
                .doc("generic", "2.8.0", "Walks the key names in steps with a cursor, optionally filtered by pattern and type.")
                .handler(ScanCommand::scan).build());
        t.add(command("randomkey", 1).flags(READONLY).routing(Routing.ALL_SHARDS)
                .tips("request_policy:all_shards", "response_policy:special", "nondeterministic_output").acl("keyspace", "read", "slow")
                .doc("generic", "1.0.0", "Picks a key name at random.")
                .handler(KeyCommands::randomKey).build());

        t.add(command("object", -2).acl("slow").doc("generic", "2.2.3", "Container for commands that inspect how values are stored.")
                .sub(objectSub("encoding", "2.2.3", "Names the internal representation of a key's value.")
                        .handler(ObjectCommand::encoding))
                .sub(objectSub("freq", "4.0.0", "The logarithmic access counter of a key (LFU policies only).")
                        .handler(ObjectCommand::freq))
                .sub(objectSub("idletime", "2.2.3", "Seconds since a key was last used (not under LFU policies).")
                        .handler(ObjectCommand::idletime))
                .sub(objectSub("refcount", "2.2.3", "How many references the server holds to a key's value.")
                        .handler(ObjectCommand::refcount))
                .sub(command("help", 2).flags(LOADING, STALE).acl("keyspace", "slow")
                        .doc("generic", "6.2.0", "Describes the OBJECT subcommands.")
                        .handler(ObjectCommand::help))
                .build());
    }

    private static CommandSpec.Builder objectSub(String name, String since, String summary) {
        return command(name, 3).flags(READONLY).keys(2, 2, 1).keySpec(KeySpec.range(2, 0, 1, "RO"))
                .tips("nondeterministic_output").acl("keyspace", "read", "slow")
                .doc("generic", since, summary);
    }

    /** DEL and UNLINK (values are reclaimed by the GC either way). */
    static void del(CommandContext c) {
        Db db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.delete(c.arg(i))) {
                c.signalModifiedKey(c.arg(i));
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", c.arg(i));
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

    /** TOUCH updates the access time even for a CLIENT NO-TOUCH connection: that is its purpose. */
    static void touch(CommandContext c) {
        Db db = c.db();
        int n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.lookupRead(c.arg(i), false) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    static void type(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), true);
        c.reply().simple(e == null ? "none" : ValueType.of(e.value()).wireName());
    }

    static void keys(CommandContext c) {
        byte[] pattern = c.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        c.db().forEach(e -> {
            if (all || Glob.matches(pattern, e.key(), false)) {
                found.add(e.key());
            }
        });
        c.reply().bulks(found);
    }

    static void randomKey(CommandContext c) {
        Entry e = c.db().randomEntry();
        if (e == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(e.key());
        }
    }

    /**
     * A database index argument as MOVE and COPY take it: a 32-bit integer (with Valkey's errors for
     * non-numbers and for numbers outside int) naming an existing database.
     */
    static Db dbArg(CommandContext c, int i) {
        long v = Numbers.parseLong(c.arg(i));
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError("ERR value is out of range, value must between " + Integer.MIN_VALUE
                    + " and " + Integer.MAX_VALUE);
        }
        if (v < 0 || v >= c.server().keyspace().databases()) {
            throw new CommandError("ERR DB index is out of range");
        }
        return c.server().keyspace().db((int) v);
    }
}
