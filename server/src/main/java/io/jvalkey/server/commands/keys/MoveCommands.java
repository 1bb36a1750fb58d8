package io.jvalkey.server.commands.keys;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.pubsub.Notify;
import java.util.Arrays;

/**
 * Commands that give a value another name or database: RENAME, RENAMENX, COPY, MOVE, SWAPDB.
 * The moved key is added afresh, so, as in Valkey, its idle time and LFU counter restart while
 * its TTL and its value's representation are kept. Both names of RENAME or COPY may live on
 * different shards; the dispatcher then holds both, so each command is atomic.
 */
final class MoveCommands {
    private static final CommandError SAME_OBJECT = new CommandError("ERR source and destination objects are the same");

    private MoveCommands() {}

    static void rename(CommandContext c, boolean nx) {
        byte[] from = c.arg(1);
        byte[] to = c.arg(2);
        Db db = c.db();
        Entry src = db.lookupWrite(from, c.client().noTouch());
        if (src == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        if (Arrays.equals(from, to)) {
            replyRenamed(c, nx, false);
            return;
        }
        if (db.lookupWrite(to, c.client().noTouch()) != null) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.delete(to);
        }
        Object value = src.value();
        long expireAt = src.expireAt();
        byte encoding = src.stringEncoding();
        db.delete(from);
        db.set(to, value, expireAt).stringEncoding(encoding);
        c.signalModifiedKey(from);
        c.signalModifiedKey(to);
        c.notifyKeyspaceEvent(Notify.GENERIC, "rename_from", from);
        c.notifyKeyspaceEvent(Notify.GENERIC, "rename_to", to);
        replyRenamed(c, nx, true);
    }

    /** RENAME answers OK either way; RENAMENX 1 if it renamed, 0 if not (same name). */
    private static void replyRenamed(CommandContext c, boolean nx, boolean renamed) {
        if (!nx) {
            c.reply().ok();
        } else {
            c.reply().integer(renamed ? 1 : 0);
        }
    }

    /** COPY source destination [DB index] [REPLACE]. */
    static void copy(CommandContext c) {
        Db src = c.db();
        Db dst = src;
        boolean replace = false;
        for (int i = 3; i < c.argc(); i++) {
            String opt = c.option(i);
            if (opt.equals("replace")) {
                replace = true;
            } else if (opt.equals("db") && i + 1 < c.argc()) {
                dst = KeyCommands.dbArg(c, ++i);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        byte[] key = c.arg(1);
        byte[] newKey = c.arg(2);
        if (src == dst && Arrays.equals(key, newKey)) {
            throw SAME_OBJECT;
        }
        Entry e = src.lookupRead(key, c.client().noTouch());
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        long expireAt = e.expireAt();
        if (dst.lookupWrite(newKey, c.client().noTouch()) != null) {
            if (!replace) {
                c.reply().integer(0);
                return;
            }
            dst.delete(newKey);
        }
        Object value = e.value();
        byte encoding = e.stringEncoding();
        if (value instanceof TypedValue t) {
            value = t.copy();
        } else if (encoding == Entry.STRING_AUTO && value instanceof byte[] b && Numbers.isCanonicalLong(b)) {
            encoding = Entry.STRING_PRIVATE_INT; // Valkey duplicates a shared integer into a private one
        }
        dst.set(newKey, value, expireAt).stringEncoding(encoding);
        c.server().keyHooks().modified(c.client(), dst.index(), newKey);
        c.dirty(1);
        c.server().keyspaceEvents().notify(Notify.GENERIC, "copy_to", newKey, dst.index());
        c.reply().integer(1);
    }

    /** MOVE key db: the key stays on the same shard (shards split by slot, not by database). */
    static void move(CommandContext c) {
        Db src = c.db();
        Db dst = KeyCommands.dbArg(c, 2);
        if (src == dst) {
            throw SAME_OBJECT;
        }
        byte[] key = c.arg(1);
        Entry e = src.lookupWrite(key, c.client().noTouch());
        if (e == null || dst.lookupWrite(key, c.client().noTouch()) != null) {
            c.reply().integer(0);
            return;
        }
        Object value = e.value();
        long expireAt = e.expireAt();
        byte encoding = e.stringEncoding();
        src.delete(key);
        dst.set(key, value, expireAt).stringEncoding(encoding);
        c.server().keyHooks().modified(c.client(), src.index(), key);
        c.server().keyHooks().modified(c.client(), dst.index(), key);
        c.dirty(1);
        c.server().keyspaceEvents().notify(Notify.GENERIC, "move_from", key, src.index());
        c.server().keyspaceEvents().notify(Notify.GENERIC, "move_to", key, dst.index());
        c.reply().integer(1);
    }

    /** SWAPDB a b: runs with every shard held, so all clients see the swap at once. */
    static void swapdb(CommandContext c) {
        int a = intArg(c, 1, "ERR invalid first DB index");
        int b = intArg(c, 2, "ERR invalid second DB index");
        Keyspace ks = c.server().keyspace();
        if (a < 0 || a >= ks.databases() || b < 0 || b >= ks.databases()) {
            throw new CommandError("ERR DB index is out of range");
        }
        if (a != b) {
            ks.swap(a, b);
        }
        c.dirty(1);
        c.reply().ok();
    }

    /** A 32-bit integer argument, or {@code error} when it is not one. */
    private static int intArg(CommandContext c, int i, String error) {
        long v = Numbers.parseLongOr(c.arg(i), Long.MIN_VALUE);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError(error);
        }
        return (int) v;
    }
}
