package io.jvalkey.server.commands.lists;

import static io.jvalkey.server.commands.lists.ListCommands.fill;
import static io.jvalkey.server.commands.lists.ListCommands.list;
import static io.jvalkey.server.commands.lists.PushPopCommands.positiveLong;
import static io.jvalkey.server.commands.lists.PushPopCommands.rangeLong;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.list.ListValue;
import java.util.Arrays;

/** List commands that read or change elements by index or by value. */
final class ListEditCommands {
    private ListEditCommands() {}

    // ---- reads --------------------------------------------------------------------------------

    static void llen(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        c.reply().integer(e == null ? 0 : list(e).size());
    }

    static void lindex(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        ListValue l = list(e);
        long index = normalize(c.longArg(2), l.size());
        if (index < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(l.get(index));
        }
    }

    static void lrange(CommandContext c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().array(0);
            return;
        }
        ListValue l = list(e);
        long size = l.size();
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            c.reply().array(0);
            return;
        }
        if (end >= size) {
            end = size - 1;
        }
        int n = (int) (end - start + 1);
        Reply r = c.reply();
        r.array(n);
        ListValue.Cursor cur = l.cursor(start);
        for (int i = 0; i < n; i++) {
            r.bulk(cur.next());
        }
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    static void lpos(CommandContext c) {
        long rank = 1;
        long count = -1; // -1: no COUNT option, reply a single index
        long maxlen = 0;
        for (int i = 3; i < c.argc(); i++) {
            String opt = c.option(i);
            boolean more = i < c.argc() - 1;
            if (opt.equals("rank") && more) {
                rank = rangeLong(c, ++i, -Long.MAX_VALUE, Long.MAX_VALUE, null);
                if (rank == 0) {
                    throw new CommandError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                            + "second ... or use negative to start from the end of the list");
                }
            } else if (opt.equals("count") && more) {
                count = positiveLong(c, ++i, "ERR COUNT can't be negative");
            } else if (opt.equals("maxlen") && more) {
                maxlen = positiveLong(c, ++i, "ERR MAXLEN can't be negative");
            } else {
                throw CommandError.SYNTAX;
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            if (count != -1) {
                c.reply().array(0);
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        ListValue l = list(e);
        byte[] element = c.arg(2);
        long size = l.size();
        ListValue.Cursor cur = l.cursor(fromTail ? size - 1 : 0);
        long[] found = new long[count > 0 ? (int) Math.min(count, 16) : 16];
        int nfound = 0;
        long matches = 0;
        long scanned = 0;
        while (scanned < size && (maxlen == 0 || scanned < maxlen)) {
            byte[] v = fromTail ? cur.prev() : cur.next();
            if (Arrays.equals(v, element)) {
                matches++;
                if (matches >= rank) {
                    if (nfound == found.length) {
                        found = Arrays.copyOf(found, found.length * 2);
                    }
                    found[nfound++] = fromTail ? size - scanned - 1 : scanned;
                    if (count == -1 || (count != 0 && matches - rank + 1 >= count)) {
                        break;
                    }
                }
            }
            scanned++;
        }
        Reply r = c.reply();
        if (count != -1) {
            r.array(nfound);
            for (int i = 0; i < nfound; i++) {
                r.integer(found[i]);
            }
        } else if (nfound > 0) {
            r.integer(found[0]);
        } else {
            r.nullBulk();
        }
    }

    // ---- edits --------------------------------------------------------------------------------

    static void lset(CommandContext c) {
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = db.lookupWrite(key, c.client().noTouch());
        if (e == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        ListValue l = list(e);
        long index = c.longArg(2);
        byte[] value = c.arg(3);
        long before = l.memoryUsage();
        // As Valkey: the encoding is checked for the new element before the index is.
        l.growing(value.length, 1, fill(c));
        index = normalize(index, l.size());
        if (index < 0) {
            db.valueResized(e, l.memoryUsage() - before);
            throw new CommandError("ERR index out of range");
        }
        l.set(index, value);
        l.shrunk(fill(c));
        db.valueResized(e, l.memoryUsage() - before);
        c.reply().ok();
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.LIST, "lset", key);
    }

    static void linsert(CommandContext c) {
        String where = c.option(2);
        boolean after;
        if (where.equals("after")) {
            after = true;
        } else if (where.equals("before")) {
            after = false;
        } else {
            throw CommandError.SYNTAX;
        }
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = db.lookupWrite(key, c.client().noTouch());
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ListValue l = list(e);
        byte[] value = c.arg(4);
        long before = l.memoryUsage();
        l.growing(value.length, 1, fill(c));
        boolean inserted = l.insert(c.arg(3), value, after);
        db.valueResized(e, l.memoryUsage() - before);
        if (!inserted) {
            c.reply().integer(-1);
            return;
        }
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.LIST, "linsert", key);
        c.reply().integer(l.size());
    }

    static void ltrim(CommandContext c) {
        long start = c.longArg(2);
        long end = c.longArg(3);
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = db.lookupWrite(key, c.client().noTouch());
        if (e == null) {
            c.reply().ok();
            return;
        }
        ListValue l = list(e);
        long size = l.size();
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        long ltrim;
        long rtrim;
        if (start > end || start >= size) {
            ltrim = size;
            rtrim = 0;
        } else {
            if (end >= size) {
                end = size - 1;
            }
            ltrim = start;
            rtrim = size - end - 1;
        }
        long before = l.memoryUsage();
        l.removeRange(0, ltrim);
        l.removeRange(l.size() - rtrim, rtrim);
        db.valueResized(e, l.memoryUsage() - before);
        c.notifyKeyspaceEvent(Notify.LIST, "ltrim", key);
        removedMaybeEmpty(c, key, l);
        c.reply().ok();
    }

    static void lrem(CommandContext c) {
        long toRemove = rangeLong(c, 2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = db.lookupWrite(key, c.client().noTouch());
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        ListValue l = list(e);
        long before = l.memoryUsage();
        long removed = l.removeMatches(c.arg(3), Math.abs(toRemove), toRemove < 0);
        db.valueResized(e, l.memoryUsage() - before);
        if (removed > 0) {
            c.notifyKeyspaceEvent(Notify.LIST, "lrem", key);
            removedMaybeEmpty(c, key, l);
        }
        c.reply().integer(removed);
    }

    /** After LTRIM/LREM removed elements: delete an emptied list, else maybe back to listpack; then signal. */
    private static void removedMaybeEmpty(CommandContext c, byte[] key, ListValue l) {
        if (l.size() == 0) {
            c.db().delete(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
        } else {
            l.shrunk(fill(c));
        }
        c.signalModifiedKey(key);
    }

    /** A possibly negative index turned into 0..size-1, or -1 when out of range. */
    private static long normalize(long index, long size) {
        if (index < 0) {
            index += size;
        }
        return index < 0 || index >= size ? -1 : index;
    }
}
