package io.jvalkey.server.commands.lists;

import static io.jvalkey.server.commands.lists.ListCommands.fill;
import static io.jvalkey.server.commands.lists.ListCommands.list;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.list.ListValue;
import java.util.Arrays;

/**
 * Commands working at the ends of lists: pushes, pops (single, with COUNT, from several keys),
 * moves between lists and their blocking forms. Blocking handlers serve at once when they can,
 * else block; a blocked command is run again from the start when a key turns ready, so every
 * handler here works the same on that re-run.
 */
final class PushPopCommands {
    private PushPopCommands() {}

    // ---- push ---------------------------------------------------------------------------------

    static void lpush(CommandContext c) {
        push(c, true, false);
    }

    static void rpush(CommandContext c) {
        push(c, false, false);
    }

    static void lpushx(CommandContext c) {
        push(c, true, true);
    }

    static void rpushx(CommandContext c) {
        push(c, false, true);
    }

    /** LPUSH/RPUSH and the X forms (only when the list exists). */
    private static void push(CommandContext c, boolean atHead, boolean onlyExisting) {
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = db.lookupWrite(key, c.client().noTouch());
        ListValue l;
        if (e == null) {
            if (onlyExisting) {
                c.reply().integer(0);
                return;
            }
            l = new ListValue();
        } else {
            l = list(e);
        }
        long before = l.memoryUsage();
        long bytes = 0;
        for (int i = 2; i < c.argc(); i++) {
            bytes += c.arg(i).length;
        }
        l.growing(bytes, c.argc() - 2L, fill(c));
        for (int i = 2; i < c.argc(); i++) {
            l.push(c.arg(i), atHead);
        }
        if (e == null) {
            db.add(key, l);
        } else {
            db.valueResized(e, l.memoryUsage() - before);
        }
        c.reply().integer(l.size());
        c.signalModifiedKey(key);
        c.dirty(c.argc() - 2); // Valkey counts each element pushed
        c.notifyKeyspaceEvent(Notify.LIST, atHead ? "lpush" : "rpush", key);
    }

    // ---- pop ----------------------------------------------------------------------------------

    static void lpop(CommandContext c) {
        pop(c, true);
    }

    static void rpop(CommandContext c) {
        pop(c, false);
    }

    /** LPOP/RPOP: one element as a bulk string, or with a count an array of up to count elements. */
    private static void pop(CommandContext c, boolean atHead) {
        if (c.argc() > 3) {
            throw new CommandError(CommandContext.arityError(c.spec().fullName()));
        }
        boolean hasCount = c.argc() == 3;
        long count = hasCount ? positiveLong(c, 2, "ERR value is out of range, must be positive") : 0;
        byte[] key = c.arg(1);
        Entry e = c.db().lookupWrite(key, c.client().noTouch());
        if (e == null) {
            if (hasCount) {
                c.reply().nullArray();
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        ListValue l = list(e);
        if (hasCount && count == 0) {
            c.reply().array(0);
            return;
        }
        if (!hasCount) {
            long before = l.memoryUsage();
            byte[] v = l.pop(atHead);
            c.db().valueResized(e, l.memoryUsage() - before);
            c.reply().bulk(v);
            elementsRemoved(c, key, l, atHead, 1);
        } else {
            long n = Math.min(count, l.size());
            popRange(c, e, l, atHead, count);
            elementsRemoved(c, key, l, atHead, n);
        }
    }

    /** Pops up to {@code count} elements from one end and replies them as an array, in pop order. */
    private static void popRange(CommandContext c, Entry e, ListValue l, boolean atHead, long count) {
        long n = Math.min(count, l.size());
        Reply r = c.reply();
        r.array((int) n);
        ListValue.Cursor cur = l.cursor(atHead ? 0 : l.size() - 1);
        for (long i = 0; i < n; i++) {
            r.bulk(atHead ? cur.next() : cur.prev());
        }
        long before = l.memoryUsage();
        l.removeRange(atHead ? 0 : l.size() - n, n);
        c.db().valueResized(e, l.memoryUsage() - before);
    }

    /**
     * What follows removing elements from a list (Valkey's listElementsRemoved): the pop event,
     * the key's deletion when the list is empty, else a chance to return to the listpack encoding.
     */
    static void elementsRemoved(CommandContext c, byte[] key, ListValue l, boolean atHead, long count) {
        c.dirty(count); // Valkey counts each element removed
        c.notifyKeyspaceEvent(Notify.LIST, atHead ? "lpop" : "rpop", key);
        if (l.size() == 0) {
            c.db().delete(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
        } else {
            l.shrunk(fill(c));
        }
        c.signalModifiedKey(key);
    }

    // ---- pop from the first non-empty of several lists -----------------------------------------

    static void lmpop(CommandContext c) {
        mpop(c, 1, false);
    }

    static void blmpop(CommandContext c) {
        mpop(c, 2, true);
    }

    /** LMPOP/BLMPOP: numkeys at {@code numkeysAt}, the keys, LEFT|RIGHT, then COUNT n. */
    private static void mpop(CommandContext c, int numkeysAt, boolean blocking) {
        long numkeys = rangeLong(c, numkeysAt, 1, Long.MAX_VALUE, "ERR numkeys should be greater than 0");
        long whereAt = numkeysAt + numkeys + 1;
        if (whereAt < 0 || whereAt >= c.argc()) {
            throw CommandError.SYNTAX;
        }
        boolean atHead = position(c, (int) whereAt);
        long count = -1;
        for (int i = (int) whereAt + 1; i < c.argc(); i++) {
            if (count == -1 && c.option(i).equals("count") && i < c.argc() - 1) {
                i++;
                count = rangeLong(c, i, 1, Long.MAX_VALUE, "ERR count should be greater than 0");
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (count == -1) {
            count = 1;
        }
        byte[][] keys = Arrays.copyOfRange(c.argv(), numkeysAt + 1, (int) whereAt);
        if (blocking) {
            blockingPop(c, keys, atHead, 1, count);
            return;
        }
        if (!popFirstNonEmpty(c, keys, atHead, count)) {
            c.reply().nullArray();
        }
    }

    /**
     * Pops from the first of {@code keys} holding a list: with {@code count} -1 one element
     * replied as [key, element] (BLPOP), else up to count as [key, [elements]] (LMPOP).
     *
     * @return false when every key is missing
     */
    private static boolean popFirstNonEmpty(CommandContext c, byte[][] keys, boolean atHead, long count) {
        Db db = c.db();
        for (byte[] key : keys) {
            Entry e = db.lookupWrite(key, c.client().noTouch());
            if (e == null) {
                continue;
            }
            ListValue l = list(e);
            if (l.size() == 0) {
                continue;
            }
            c.reply().array(2);
            c.reply().bulk(key);
            long size = l.size();
            if (count == -1) {
                long before = l.memoryUsage();
                byte[] v = l.pop(atHead);
                db.valueResized(e, l.memoryUsage() - before);
                c.reply().bulk(v);
            } else {
                popRange(c, e, l, atHead, count);
            }
            elementsRemoved(c, key, l, atHead, size - l.size());
            if (c.propagating()) {
                // As Valkey: [B]LMPOP and BLPOP/BRPOP are propagated as the plain pop that happened.
                byte[] verb = atHead ? Verbs.LPOP : Verbs.RPOP;
                if (count == -1) {
                    c.rewriteArgv(verb, key);
                } else {
                    c.rewriteArgv(verb, key, Verbs.num(Math.min(count, size)));
                }
            }
            return true;
        }
        return false;
    }

    // ---- blocking pops ------------------------------------------------------------------------

    static void blpop(CommandContext c) {
        blockingPop(c, Arrays.copyOfRange(c.argv(), 1, c.argc() - 1), true, c.argc() - 1, -1);
    }

    static void brpop(CommandContext c) {
        blockingPop(c, Arrays.copyOfRange(c.argv(), 1, c.argc() - 1), false, c.argc() - 1, -1);
    }

    /** BLPOP/BRPOP ({@code count} -1) and BLMPOP: serve from the first non-empty list, else block. */
    private static void blockingPop(CommandContext c, byte[][] keys, boolean atHead, int timeoutAt, long count) {
        long deadline = c.timeoutArg(timeoutAt, true);
        if (popFirstNonEmpty(c, keys, atHead, count)) {
            return;
        }
        if (c.blockingDenied()) {
            c.reply().nullArray();
            return;
        }
        c.blockForKeys(ValueType.LIST, keys, deadline, false);
    }

    // ---- moves --------------------------------------------------------------------------------

    static void lmove(CommandContext c) {
        boolean from = position(c, 3);
        boolean to = position(c, 4);
        move(c, from, to);
    }

    static void rpoplpush(CommandContext c) {
        move(c, false, true);
    }

    static void blmove(CommandContext c) {
        boolean from = position(c, 3);
        boolean to = position(c, 4);
        blockingMove(c, from, to, c.timeoutArg(5, true));
    }

    static void brpoplpush(CommandContext c) {
        blockingMove(c, false, true, c.timeoutArg(3, true));
    }

    private static void blockingMove(CommandContext c, boolean fromHead, boolean toHead, long deadline) {
        Entry src = c.db().lookupWrite(c.arg(1), c.client().noTouch());
        if (src != null) {
            list(src);
            move(c, fromHead, toHead);
            if (c.propagating()) {
                byte[][] a = c.argv();
                c.rewriteArgv(c.argc() == 6 ? new byte[][] {Verbs.LMOVE, a[1], a[2], a[3], a[4]}
                        : new byte[][] {Verbs.RPOPLPUSH, a[1], a[2]});
            }
        } else if (c.blockingDenied()) {
            c.reply().nullBulk();
        } else {
            c.blockForKeys(ValueType.LIST, new byte[][] {c.arg(1)}, deadline, false);
        }
    }

    /**
     * LMOVE: pops from argument 1 and pushes to argument 2 (which may be the same list),
     * replying the element. The destination announces its push before the source its pop, as
     * in Valkey.
     */
    private static void move(CommandContext c, boolean fromHead, boolean toHead) {
        Db db = c.db();
        byte[] srcKey = c.arg(1);
        byte[] dstKey = c.arg(2);
        boolean noTouch = c.client().noTouch();
        Entry src = db.lookupWrite(srcKey, noTouch);
        if (src == null) {
            c.reply().nullBulk();
            return;
        }
        ListValue from = list(src);
        if (from.size() == 0) {
            c.reply().nullBulk();
            return;
        }
        Entry dst = db.lookupWrite(dstKey, noTouch);
        ListValue to = dst == null ? new ListValue() : list(dst);
        long before = from.memoryUsage();
        byte[] v = from.pop(fromHead);
        db.valueResized(src, from.memoryUsage() - before);

        before = to.memoryUsage();
        to.growing(from.poppedInteger() ? 0 : v.length, 1, fill(c));
        to.push(v, toHead);
        if (dst == null) {
            db.add(dstKey, to);
        } else {
            db.valueResized(dst, to.memoryUsage() - before);
        }
        c.signalModifiedKey(dstKey);
        c.notifyKeyspaceEvent(Notify.LIST, toHead ? "lpush" : "rpush", dstKey);
        c.reply().bulk(v);
        elementsRemoved(c, srcKey, from, fromHead, 1); // the push counts nothing more (Valkey)
    }

    // ---- arguments ----------------------------------------------------------------------------

    /** LEFT (true) or RIGHT (false), else a syntax error. */
    static boolean position(CommandContext c, int i) {
        String s = c.option(i);
        if (s.equals("left")) {
            return true;
        }
        if (s.equals("right")) {
            return false;
        }
        throw CommandError.SYNTAX;
    }

    /** A non-negative long; {@code error} covers both a malformed and a negative value, as Valkey's. */
    static long positiveLong(CommandContext c, int i, String error) {
        return rangeLong(c, i, 0, Long.MAX_VALUE, error);
    }

    /**
     * A long within [min, max] (Valkey's getRangeLongFromObjectOrReply): {@code error} for a
     * malformed or out-of-range value, or when null the generic texts.
     */
    static long rangeLong(CommandContext c, int i, long min, long max, String error) {
        long v = Numbers.parseLongOr(c.arg(i), Long.MIN_VALUE);
        boolean parsed = v != Long.MIN_VALUE || c.argString(i).equals("-9223372036854775808");
        if (!parsed) {
            throw error != null ? new CommandError(error) : CommandError.NOT_INTEGER;
        }
        if (v < min || v > max) {
            throw new CommandError(error != null ? error
                    : "ERR value is out of range, value must between " + min + " and " + max);
        }
        return v;
    }
}
