package io.jvalkey.server.commands.strings;

import static io.jvalkey.server.commands.strings.StringCommands.allocate;
import static io.jvalkey.server.commands.strings.StringCommands.checkLength;
import static io.jvalkey.server.commands.strings.StringCommands.padded;
import static io.jvalkey.server.commands.strings.StringCommands.stringValue;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.pubsub.Notify;

/**
 * APPEND and SETRANGE. A stored value is never written to, so both build a new array of the
 * exact new length and replace the value: each call costs one copy of the whole string, where
 * Valkey writes in place (into spare capacity for APPEND). With byte[] as the one string
 * representation there is no spare capacity to use, so a loop of small appends to one key is
 * quadratic: harmless up to some hundreds of kilobytes, costly for multi-megabyte strings
 * (and for the allocator: each copy is a large short-lived array). Amortised growth needs a
 * string representation with a length apart from its array's, a keyspace-wide decision.
 */
final class EditCommands {
    private EditCommands() {}

    static void append(CommandContext c) {
        Db db = c.db();
        byte[] add = c.arg(2);
        Entry e = db.lookupWrite(c.arg(1));
        if (e == null) {
            db.add(c.arg(1), add);
            appended(c);
            c.reply().integer(add.length);
            return;
        }
        byte[] old = stringValue(e);
        checkLength(c, old.length, add.length);
        if (add.length > 0) {
            byte[] joined = allocate((long) old.length + add.length);
            System.arraycopy(old, 0, joined, 0, old.length);
            System.arraycopy(add, 0, joined, old.length, add.length);
            db.replaceValue(e, joined);
            appended(c);
            c.reply().integer(joined.length);
        } else {
            appended(c); // announced even when nothing was added, as Valkey does
            c.reply().integer(old.length);
        }
        e.stringEncoding(Entry.STRING_RAW); // Valkey unshares the value: raw even for an empty append
    }

    private static void appended(CommandContext c) {
        c.signalModifiedKey(c.arg(1));
        c.notifyKeyspaceEvent(Notify.STRING, "append", c.arg(1));
    }

    private static void rangeSet(CommandContext c) {
        c.signalModifiedKey(c.arg(1));
        c.notifyKeyspaceEvent(Notify.STRING, "setrange", c.arg(1));
    }

    /** SETRANGE key offset value: an empty value changes nothing and replies the current length. */
    static void setrange(CommandContext c) {
        long offset = Numbers.parseLong(c.arg(2));
        if (offset < 0) {
            throw new CommandError("ERR offset is out of range");
        }
        byte[] patch = c.arg(3);
        Db db = c.db();
        Entry e = db.lookupWrite(c.arg(1));
        if (e == null) {
            if (patch.length == 0) {
                c.reply().integer(0);
                return;
            }
            checkLength(c, offset, patch.length);
            byte[] v = allocate(offset + patch.length);
            System.arraycopy(patch, 0, v, (int) offset, patch.length);
            db.add(c.arg(1), v).stringEncoding(Entry.STRING_RAW);
            rangeSet(c);
            c.reply().integer(v.length);
            return;
        }
        byte[] old = stringValue(e);
        if (patch.length == 0) {
            c.reply().integer(old.length);
            return;
        }
        checkLength(c, offset, patch.length);
        byte[] v = padded(old, offset + patch.length);
        System.arraycopy(patch, 0, v, (int) offset, patch.length);
        db.replaceValue(e, v);
        e.stringEncoding(Entry.STRING_RAW);
        rangeSet(c);
        c.reply().integer(v.length);
    }
}
