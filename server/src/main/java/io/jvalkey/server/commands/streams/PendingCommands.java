package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.stream.Consumer;
import io.jvalkey.server.types.stream.ConsumerGroup;
import io.jvalkey.server.types.stream.Nack;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** XACK, XPENDING, XCLAIM and XAUTOCLAIM: the pending entries lists of consumer groups. */
final class PendingCommands {
    private PendingCommands() {}

    /** These commands change a stream they looked up for reading: a running snapshot writes it first. */
    private static void modifying(CommandContext c, Entry e) {
        if (e != null) {
            c.db().modifying(e);
        }
    }

    static void xack(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        modifying(c, e);
        Stream s = Streams.of(e);
        ConsumerGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            c.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc() - 3];
        for (int j = 3; j < c.argc(); j++) {
            ids[j - 3] = StreamIds.parseStrict(c.arg(j), 0);
        }
        long before = s.memoryUsage();
        int acknowledged = 0;
        for (StreamId id : ids) {
            if (g.acknowledge(id)) {
                acknowledged++;
            }
        }
        GroupCommands.resized(c, e, s, before);
        c.dirty(acknowledged);
        c.reply().integer(acknowledged);
    }

    private static CommandError noGroup(byte[] key, byte[] group) {
        return new CommandError("NOGROUP No such key '" + Streams.text(key) + "' or consumer group '"
                + Streams.text(group) + "'");
    }

    static void xpending(CommandContext c) {
        int argc = c.argc();
        boolean summary = argc == 3;
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw CommandError.SYNTAX;
        }
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (argc >= 6) {
            int at = 3;
            if (AddTrimCommands.is(c.arg(3), "idle")) {
                minIdle = Numbers.parseLong(c.arg(4));
                if (argc < 8) {
                    throw CommandError.SYNTAX;
                }
                at += 2;
            }
            count = Numbers.parseLong(c.arg(at + 2));
            if (count < 0) {
                count = 0;
            }
            start = StreamIds.rangeStart(c.arg(at));
            end = StreamIds.rangeEnd(c.arg(at + 1));
            if (at + 3 < argc) {
                consumerName = c.arg(at + 3);
            }
        }
        Stream s = Streams.of(c.db().lookupRead(c.arg(1), c.client().noTouch()));
        ConsumerGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            throw noGroup(c.arg(1), c.arg(2));
        }
        Reply r = c.reply();
        Streams.Writer w = new Streams.Writer(r);
        NavigableMap<StreamId, Nack> pel = g.pending();
        if (summary) {
            r.array(4);
            r.integer(pel.size());
            if (pel.isEmpty()) {
                r.nullBulk();
                r.nullBulk();
                r.nullArray();
                return;
            }
            w.id(pel.firstKey());
            w.id(pel.lastKey());
            int withPending = 0;
            for (Consumer consumer : g.consumers()) {
                if (!consumer.pending().isEmpty()) {
                    withPending++;
                }
            }
            r.array(withPending);
            for (Consumer consumer : g.consumers()) {
                if (!consumer.pending().isEmpty()) {
                    r.array(2);
                    r.bulk(consumer.name());
                    r.bulkLong(consumer.pending().size());
                }
            }
            return;
        }
        if (consumerName != null) {
            Consumer consumer = g.consumer(consumerName);
            if (consumer == null) {
                r.array(0);
                return;
            }
            pel = consumer.pending();
        }
        long now = Clock.nowMillis();
        List<Map.Entry<StreamId, Nack>> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Nack> p : pel.subMap(start, true, end, true).entrySet()) {
                if (out.size() >= count) {
                    break;
                }
                if (minIdle != 0 && now - p.getValue().deliveryTime() < minIdle) {
                    continue;
                }
                out.add(p);
            }
        }
        r.array(out.size());
        for (Map.Entry<StreamId, Nack> p : out) {
            Nack nack = p.getValue();
            r.array(4);
            w.id(p.getKey());
            r.bulk(nack.consumer().name());
            r.integer(Math.max(0, now - nack.deliveryTime()));
            r.integer(nack.deliveryCount());
        }
    }

    static void xclaim(CommandContext c) {
        byte[][] argv = c.argv();
        int argc = argv.length;
        byte[] key = argv[1];
        Entry e = c.db().lookupRead(key, c.client().noTouch());
        modifying(c, e);
        Stream s = Streams.of(e);
        ConsumerGroup g = s == null ? null : s.group(argv[2]);
        if (g == null) {
            throw noGroup(key, argv[2]);
        }
        long minIdle = c.longArg(4, "ERR Invalid min-idle-time argument for XCLAIM");
        if (minIdle < 0) {
            minIdle = 0;
        }
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argc; j++) {
            try {
                ids.add(StreamIds.parseStrict(argv[j], 0));
            } catch (CommandError notAnId) {
                break; // the options start here
            }
        }
        long now = Clock.nowMillis();
        boolean force = false;
        boolean justId = false;
        long retryCount = -1;
        long deliveryTime = -1;
        StreamId lastId = StreamId.MIN;
        for (; j < argc; j++) {
            int more = argc - 1 - j;
            byte[] opt = argv[j];
            if (AddTrimCommands.is(opt, "force")) {
                force = true;
            } else if (AddTrimCommands.is(opt, "justid")) {
                justId = true;
            } else if (AddTrimCommands.is(opt, "idle") && more > 0) {
                j++;
                deliveryTime = now - c.longArg(j, "ERR Invalid IDLE option argument for XCLAIM");
            } else if (AddTrimCommands.is(opt, "time") && more > 0) {
                j++;
                deliveryTime = c.longArg(j, "ERR Invalid TIME option argument for XCLAIM");
            } else if (AddTrimCommands.is(opt, "retrycount") && more > 0) {
                j++;
                retryCount = c.longArg(j, "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (AddTrimCommands.is(opt, "lastid") && more > 0) {
                j++;
                lastId = StreamIds.parseStrict(argv[j], 0);
            } else {
                throw new CommandError("ERR Unrecognized XCLAIM option '" + Streams.text(opt) + "'");
            }
        }
        long before = s.memoryUsage();
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastId()) > 0) {
            g.lastId(lastId);
            propagateLastId = true;
        }
        if (deliveryTime != -1) {
            // A bogus time (negative or in the future) is taken as now rather than refused.
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        Consumer consumer = g.consumer(argv[3]);
        if (consumer == null) {
            consumer = GroupCommands.createConsumer(c, g, argv[3], key);
        }
        consumer.seen(now);
        Reply r = c.reply();
        Streams.Writer w = new Streams.Writer(r);
        Streams.Deferred out = new Streams.Deferred(r);
        int claimed = 0;
        try {
            for (StreamId id : ids) {
                Nack nack = g.pending().get(id);
                if (!s.contains(id)) {
                    if (nack != null) {
                        StreamPropagation.xclaim(c, key, argv[2], g, id, nack); // replays the removal
                        propagateLastId = false;
                        c.dirty(1);
                        g.acknowledge(id); // the entry is gone: so is its pending record
                    }
                    continue;
                }
                if (force && nack == null) {
                    nack = g.createUnowned(id, now);
                }
                if (nack == null) {
                    continue;
                }
                if (nack.consumer() != null && minIdle != 0 && now - nack.deliveryTime() < minIdle) {
                    continue;
                }
                g.claim(id, nack, consumer);
                nack.deliveryTime(deliveryTime);
                if (retryCount >= 0) {
                    nack.deliveryCount(retryCount);
                } else if (!justId) {
                    nack.deliveryCount(nack.deliveryCount() + 1);
                }
                if (justId) {
                    w.id(id);
                } else {
                    w.single(s, id);
                }
                claimed++;
                consumer.active(now);
                StreamPropagation.xclaim(c, key, argv[2], g, id, nack);
                propagateLastId = false;
                c.dirty(1);
            }
        } catch (RuntimeException ex) {
            out.abandon();
            throw ex;
        }
        if (propagateLastId) {
            StreamPropagation.setId(c, key, argv[2], g);
            c.dirty(1);
        }
        c.preventPropagation();
        out.finishArray(claimed);
        GroupCommands.resized(c, e, s, before);
    }

    static void xautoclaim(CommandContext c) {
        byte[][] argv = c.argv();
        int argc = argv.length;
        byte[] key = argv[1];
        long minIdle = c.longArg(4, "ERR Invalid min-idle-time argument for XAUTOCLAIM");
        if (minIdle < 0) {
            minIdle = 0;
        }
        StreamId start = StreamIds.rangeStart(argv[5]);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < argc; j++) {
            int more = argc - 1 - j;
            if (AddTrimCommands.is(argv[j], "count") && more > 0) {
                long maxCount = Long.MAX_VALUE / 16;
                count = Numbers.parseLongOr(argv[j + 1], 0);
                if (count < 1 || count > maxCount) {
                    throw new CommandError("ERR COUNT must be > 0");
                }
                j++;
            } else if (AddTrimCommands.is(argv[j], "justid")) {
                justId = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Entry e = c.db().lookupRead(key, c.client().noTouch());
        modifying(c, e);
        Stream s = Streams.of(e);
        ConsumerGroup g = s == null ? null : s.group(argv[2]);
        if (g == null) {
            throw noGroup(key, argv[2]);
        }
        long before = s.memoryUsage();
        long now = Clock.nowMillis();
        Consumer consumer = g.consumer(argv[3]);
        if (consumer == null) {
            consumer = GroupCommands.createConsumer(c, g, argv[3], key);
        }
        consumer.seen(now);
        Reply r = c.reply();
        Streams.Writer w = new Streams.Writer(r);
        long attempts = count * 10;
        List<StreamId> deletedIds = new ArrayList<>();
        NavigableMap<StreamId, Nack> pel = g.pending();
        StreamId next = pel.ceilingKey(start);
        StreamId cursor;
        r.array(3);
        Streams.Deferred out = new Streams.Deferred(r);
        int claimed = 0;
        try {
            while (attempts-- != 0 && count != 0 && next != null) {
                StreamId id = next;
                next = pel.higherKey(id);
                Nack nack = pel.get(id);
                if (!s.contains(id)) {
                    StreamPropagation.xclaim(c, key, argv[2], g, id, nack);
                    c.dirty(1);
                    g.acknowledge(id);
                    deletedIds.add(id);
                    count--;
                    continue;
                }
                if (minIdle != 0 && now - nack.deliveryTime() < minIdle) {
                    continue;
                }
                g.claim(id, nack, consumer);
                nack.deliveryTime(now);
                if (!justId) {
                    nack.deliveryCount(nack.deliveryCount() + 1);
                }
                if (justId) {
                    w.id(id);
                } else {
                    w.single(s, id);
                }
                claimed++;
                count--;
                consumer.active(now);
                StreamPropagation.xclaim(c, key, argv[2], g, id, nack);
                c.dirty(1);
            }
            cursor = next == null ? StreamId.MIN : next;
        } catch (RuntimeException ex) {
            out.abandon();
            throw ex;
        }
        c.preventPropagation();
        // The cursor comes first in the reply but is known last: write the claimed items after it.
        out.finishArrayAfter(claimed, () -> w.id(cursor));
        r.array(deletedIds.size());
        for (StreamId id : deletedIds) {
            w.id(id);
        }
        GroupCommands.resized(c, e, s, before);
    }
}
