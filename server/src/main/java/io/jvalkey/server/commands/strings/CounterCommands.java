package io.jvalkey.server.commands.strings;

import static io.jvalkey.server.commands.strings.StringCommands.stringValue;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;

/**
 * INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT. The new value replaces the old one and keeps
 * the key's time to live; a missing key counts as 0.
 */
final class CounterCommands {
    private CounterCommands() {}

    static void incr(CommandContext c) {
        add(c, 1);
    }

    static void decr(CommandContext c) {
        add(c, -1);
    }

    static void incrby(CommandContext c) {
        add(c, Numbers.parseLong(c.arg(2)));
    }

    static void decrby(CommandContext c) {
        long by = Numbers.parseLong(c.arg(2));
        if (by == Long.MIN_VALUE) { // cannot be negated
            throw new CommandError("ERR decrement would overflow");
        }
        add(c, -by);
    }

    private static void add(CommandContext c, long by) {
        Db db = c.db();
        Entry e = db.lookupWrite(c.arg(1));
        long current = e == null ? 0 : Numbers.parseLong(stringValue(e));
        long next = current + by;
        // Overflow exactly when both operands have the same sign and the result has the other.
        if (((current ^ next) & (by ^ next)) < 0) {
            throw new CommandError("ERR increment or decrement would overflow");
        }
        byte[] text = StringCommands.longText(next);
        if (e == null) {
            db.add(c.arg(1), text);
        } else {
            db.replaceValue(e, text);
        }
        c.signalModifiedKey(c.arg(1));
        c.notifyKeyspaceEvent(Notify.STRING, "incrby", c.arg(1));
        c.reply().integer(next);
    }

    /** The sum is computed in 80-bit long double and printed without exponent, as Valkey does. */
    static void incrbyfloat(CommandContext c) {
        Db db = c.db();
        Entry e = db.lookupWrite(c.arg(1));
        LongDouble current = LongDouble.ZERO;
        if (e != null) {
            current = LongDouble.parse(stringValue(e));
        }
        LongDouble by = current == null ? null : LongDouble.parse(c.arg(2));
        if (by == null) {
            throw CommandError.NOT_FLOAT;
        }
        LongDouble sum = current.plus(by);
        if (!sum.isFinite()) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = sum.toHumanText();
        if (e == null) {
            e = db.add(c.arg(1), text);
        } else {
            db.replaceValue(e, text);
        }
        e.stringEncoding(Entry.STRING_NO_INT); // made from a long double: embstr or raw, never int
        c.signalModifiedKey(c.arg(1));
        c.notifyKeyspaceEvent(Notify.STRING, "incrbyfloat", c.arg(1));
        if (c.propagating()) {
            // The float sum may differ elsewhere: propagate the result (Valkey: SET key value KEEPTTL).
            c.rewriteArgv(Verbs.SET, c.arg(1), text, Verbs.KEEPTTL);
        }
        c.reply().bulk(text);
    }
}
