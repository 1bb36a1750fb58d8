package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;

/** XRANGE, XREVRANGE, XLEN, XDEL and XSETID. */
final class RangeCommands {
    private RangeCommands() {}

    static void xrange(CommandContext c) {
        range(c, false);
    }

    static void xrevrange(CommandContext c) {
        range(c, true);
    }

    private static void range(CommandContext c, boolean reverse) {
        byte[] startArg = reverse ? c.arg(3) : c.arg(2);
        byte[] endArg = reverse ? c.arg(2) : c.arg(3);
        StreamId start = StreamIds.rangeStart(startArg);
        StreamId end = StreamIds.rangeEnd(endArg);
        long count = -1;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (AddTrimCommands.is(c.arg(j), "count") && additional >= 1) {
                count = Numbers.parseLong(c.arg(j + 1));
                if (count < 0) {
                    count = 0;
                }
                j++;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Stream s = Streams.of(c.db().lookupRead(c.arg(1), c.client().noTouch()));
        if (s == null) {
            c.reply().array(0);
            return;
        }
        if (count == 0) {
            c.reply().nullArray();
            return;
        }
        new Streams.Writer(c.reply()).range(s, start, end, count == -1 ? 0 : count, reverse);
    }

    static void xlen(CommandContext c) {
        Stream s = Streams.of(c.db().lookupRead(c.arg(1), c.client().noTouch()));
        c.reply().integer(s == null ? 0 : s.length());
    }

    static void xdel(CommandContext c) {
        byte[] key = c.arg(1);
        Entry e = c.db().lookupWrite(key);
        Stream s = Streams.of(e);
        if (s == null) {
            c.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) {
            ids[j - 2] = StreamIds.parseStrict(c.arg(j), 0);
        }
        long before = s.memoryUsage();
        int deleted = s.delete(ids);
        if (deleted > 0) {
            c.db().valueResized(e, s.memoryUsage() - before);
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.STREAM, "xdel", key);
        }
        c.reply().integer(deleted);
    }

    static void xsetid(CommandContext c) {
        StreamId id = StreamIds.parseStrict(c.arg(2), 0);
        StreamId maxDeleted = StreamId.MIN;
        long entriesAdded = -1;
        int i = 3;
        while (i < c.argc()) {
            int more = c.argc() - 1 - i;
            if (AddTrimCommands.is(c.arg(i), "entriesadded") && more > 0) {
                entriesAdded = Numbers.parseLong(c.arg(i + 1));
                if (entriesAdded < 0) {
                    throw new CommandError("ERR entries_added must be positive");
                }
                i += 2;
            } else if (AddTrimCommands.is(c.arg(i), "maxdeletedid") && more > 0) {
                maxDeleted = StreamIds.parseStrict(c.arg(i + 1), 0);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new CommandError(
                            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
                i += 2;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        byte[] key = c.arg(1);
        Entry e = c.db().lookupWrite(key);
        Stream s = Streams.of(e);
        if (s == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        if (id.compareTo(s.maxDeletedId()) < 0) {
            throw new CommandError("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastLiveId()) < 0) {
                throw new CommandError("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                throw new CommandError(
                        "ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.setIds(id, entriesAdded, maxDeleted);
        c.reply().ok();
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.STREAM, "xsetid", key);
    }
}
