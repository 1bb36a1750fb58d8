package io.jvalkey.server.commands.strings;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;

/** The string family: GET, SET and friends. */
public final class StringCommands {
    private StringCommands() {}

    public static void register(CommandTable t) {
        t.add(command("get", 2).flags(READONLY, FAST).keys(1, 1, 1).acl("read", "string", "fast")
                .doc("string", "1.0.0", "Returns the string value of a key.")
                .handler(StringCommands::get).build());
        t.add(command("set", -3).flags(WRITE, DENYOOM).keys(1, 1, 1).acl("write", "string", "slow")
                .doc("string", "1.0.0", "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
                .handler(SetCommand::set).build());
        t.add(command("mget", -2).flags(READONLY, FAST).keys(1, -1, 1).acl("read", "string", "fast")
                .doc("string", "1.0.0", "Atomically returns the string values of one or more keys.")
                .handler(StringCommands::mget).build());
        t.add(command("mset", -3).flags(WRITE, DENYOOM).keys(1, -1, 2).acl("write", "string", "slow")
                .doc("string", "1.0.1", "Atomically creates or modifies the string values of one or more keys.")
                .handler(StringCommands::mset).build());
        t.add(command("incr", 2).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).acl("write", "string", "fast")
                .doc("string", "1.0.0", "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.")
                .handler(c -> incrBy(c, 1)).build());
    }

    /** The string value of a live entry, or WRONGTYPE. */
    public static byte[] stringValue(Entry e) {
        if (e.value() instanceof byte[] b) {
            return b;
        }
        throw CommandError.WRONGTYPE;
    }

    static void get(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(stringValue(e));
        }
    }

    static void mget(CommandContext c) {
        Db db = c.db();
        c.reply().array(c.argc() - 1);
        for (int i = 1; i < c.argc(); i++) {
            Entry e = db.lookupRead(c.arg(i), c.client().noTouch());
            if (e != null && e.value() instanceof byte[] b) {
                c.reply().bulk(b);
            } else {
                c.reply().nullBulk();
            }
        }
    }

    static void mset(CommandContext c) {
        if (c.argc() % 2 == 0) {
            throw new CommandError(CommandContext.arityError("mset"));
        }
        Db db = c.db();
        for (int i = 1; i < c.argc(); i += 2) {
            db.set(c.arg(i), c.arg(i + 1), -1);
        }
        c.reply().ok();
    }

    static void incrBy(CommandContext c, long by) {
        Db db = c.db();
        Entry e = db.lookupWrite(c.arg(1));
        long current = 0;
        if (e != null) {
            current = Numbers.parseLong(stringValue(e));
        }
        long next;
        try {
            next = Math.addExact(current, by);
        } catch (ArithmeticException overflow) {
            throw new CommandError("ERR increment or decrement would overflow");
        }
        byte[] text = Long.toString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (e == null) {
            db.add(c.arg(1), text);
        } else {
            db.replaceValue(e, text);
        }
        c.reply().integer(next);
    }

    /** Milliseconds since the epoch now, for relative TTL options. */
    static long now() {
        return Clock.nowMillis();
    }
}
