package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.ValueType;
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

/**
 * XREAD and XREADGROUP (Valkey's xreadCommand). A blocked call is re-run from the start when a
 * key turns ready, so "$" is replaced by the stream's last ID before blocking.
 */
final class ReadCommands {
    private ReadCommands() {}

    static void xread(CommandContext c) {
        read(c, false);
    }

    static void xreadgroup(CommandContext c) {
        read(c, true);
    }

    private static void read(CommandContext c, boolean xreadgroup) {
        if (xreadgroup) {
            c.preventPropagation(); // its effects go as XCLAIM / XGROUP records (Valkey)
        }
        byte[][] argv = c.argv();
        int argc = argv.length;
        boolean block = false;
        long deadline = 0;
        long count = 0;
        int streamsArg = 0;
        int streams = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < argc; i++) {
            int more = argc - i - 1;
            byte[] o = argv[i];
            if (AddTrimCommands.is(o, "block") && more > 0) {
                i++;
                deadline = c.timeoutArg(i, false);
                block = true;
            } else if (AddTrimCommands.is(o, "count") && more > 0) {
                i++;
                count = Numbers.parseLong(argv[i]);
                if (count < 0) {
                    count = 0;
                }
            } else if (AddTrimCommands.is(o, "streams") && more > 0) {
                streamsArg = i + 1;
                streams = argc - streamsArg;
                if (streams % 2 != 0) {
                    throw new CommandError("ERR Unbalanced '" + (xreadgroup ? "xreadgroup" : "xread")
                            + "' list of streams: for each stream key an ID or '" + (xreadgroup ? '>' : '$')
                            + "' must be specified.");
                }
                streams /= 2;
                break;
            } else if (AddTrimCommands.is(o, "group") && more >= 2) {
                if (!xreadgroup) {
                    throw new CommandError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = argv[i + 1];
                consumerName = argv[i + 2];
                i += 2;
            } else if (AddTrimCommands.is(o, "noack")) {
                if (!xreadgroup) {
                    throw new CommandError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noack = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (streamsArg == 0) {
            throw CommandError.SYNTAX;
        }
        if (xreadgroup && groupName == null) {
            throw new CommandError("ERR Missing GROUP option for XREADGROUP");
        }

        // Resolve the IDs (and groups) before serving anything.
        StreamId[] ids = new StreamId[streams];
        ConsumerGroup[] groups = groupName != null ? new ConsumerGroup[streams] : null;
        boolean noTouch = c.client().noTouch();
        for (int k = 0; k < streams; k++) {
            byte[] key = argv[streamsArg + k];
            byte[] idArg = argv[streamsArg + streams + k];
            Stream s = Streams.of(c.db().lookupRead(key, noTouch));
            if (groups != null) {
                ConsumerGroup g = s == null ? null : s.group(groupName);
                if (g == null) {
                    throw new CommandError("NOGROUP No such key '" + Streams.text(key) + "' or consumer group '"
                            + Streams.text(groupName) + "' in XREADGROUP with GROUP option");
                }
                groups[k] = g;
            }
            if (idArg.length == 1 && idArg[0] == '$') {
                if (xreadgroup) {
                    throw new CommandError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to "
                            + "read the history of this consumer by specifying a proper ID, or use the > ID to get "
                            + "new messages. The $ ID would just return an empty result set.");
                }
                ids[k] = s != null ? s.lastId() : StreamId.MIN;
            } else if (idArg.length == 1 && idArg[0] == '+') {
                if (xreadgroup) {
                    throw new CommandError("ERR The + ID is meaningless in the context of XREADGROUP: you want to "
                            + "read the history of this consumer by specifying a proper ID, or use the > ID to get "
                            + "new messages. The + ID would just return an empty result set.");
                }
                if (s != null) {
                    ids[k] = s.lastId().previous();
                    if (ids[k] == null) {
                        throw new CommandError("ERR the stream last element ID is 0-0");
                    }
                } else {
                    ids[k] = StreamId.MIN;
                }
            } else if (idArg.length == 1 && idArg[0] == '>') {
                if (!xreadgroup) {
                    throw new CommandError("ERR The > ID can be specified only when calling XREADGROUP using the "
                            + "GROUP <group> <consumer> option.");
                }
                ids[k] = StreamId.MAX; // "new entries only": the group's last ID is used when serving
            } else {
                ids[k] = StreamIds.parseStrict(idArg, 0);
            }
        }

        // Serve what can be served now, each stream in turn (serving one may change the next).
        Reply r = c.reply();
        Streams.Deferred out = new Streams.Deferred(r);
        int served = 0;
        try {
            long now = Clock.nowMillis();
            Streams.Writer w = new Streams.Writer(r);
            for (int k = 0; k < streams; k++) {
                byte[] key = argv[streamsArg + k];
                Entry e = c.db().lookupRead(key, noTouch);
                if (e == null) {
                    continue;
                }
                if (groups != null) {
                    c.db().modifying(e); // XREADGROUP changes the group in place
                }
                Stream s = (Stream) e.value();
                long before = s.memoryUsage();
                StreamId gt = ids[k];
                boolean serve = false;
                boolean history = false;
                Consumer consumer = null;
                if (groups != null) {
                    ConsumerGroup g = groups[k];
                    if (!gt.isMax()) {
                        serve = true;
                        history = true;
                    } else if (s.length() > 0 && s.lastLiveId().compareTo(g.lastId()) > 0) {
                        serve = true;
                        gt = g.lastId();
                    }
                    consumer = g.consumer(consumerName);
                    if (consumer == null) {
                        consumer = GroupCommands.createConsumer(c, g, consumerName, key);
                        if (noack) {
                            StreamPropagation.createConsumer(c, key, groupName, consumerName);
                        }
                    }
                    consumer.seen(now);
                } else if (s.length() > 0 && s.lastLiveId().compareTo(gt) > 0) {
                    serve = true;
                }
                if (serve) {
                    served++;
                    if (r.resp3()) {
                        r.bulk(key);
                    } else {
                        r.array(2);
                        r.bulk(key);
                    }
                    StreamId start = gt.next();
                    if (start == null) {
                        start = StreamId.MIN; // Valkey's increment wraps around
                    }
                    if (history) {
                        servePending(w, r, s, consumer, start, count, now);
                        c.dirty(1);
                    } else if (groups != null) {
                        serveNew(c, key, groupName, w, r, s, groups[k], noack ? null : consumer, start, count, now);
                        c.dirty(1);
                    } else {
                        w.range(s, start, StreamId.MAX, count, false);
                    }
                }
                long after = s.memoryUsage();
                if (after != before) {
                    c.db().valueResized(e, after - before);
                }
            }
        } catch (RuntimeException ex) {
            out.abandon();
            throw ex;
        }
        if (served > 0) {
            if (r.resp3()) {
                out.finishMap(served);
            } else {
                out.finishArray(served);
            }
            return;
        }
        out.abandon();
        if (block) {
            if (c.blockingDenied()) {
                r.nullArray();
                return;
            }
            // The re-run after a wake-up must only see entries added from now on.
            for (int k = 0; k < streams; k++) {
                int at = streamsArg + streams + k;
                byte[] idArg = argv[at];
                if (idArg.length == 1 && idArg[0] == '$') {
                    c.replaceArg(at, ids[k].bytes());
                }
            }
            byte[][] keys = new byte[streams][];
            System.arraycopy(argv, streamsArg, keys, 0, streams);
            c.blockForKeys(ValueType.STREAM, keys, deadline, xreadgroup);
            return;
        }
        r.nullArray();
    }

    /**
     * New entries for a group: moves its last delivered ID and read counter along, and (unless
     * {@code consumer} is null, for NOACK) records each delivered entry as pending.
     */
    private static void serveNew(CommandContext c, byte[] key, byte[] groupName, Streams.Writer w, Reply r,
            Stream s, ConsumerGroup g, Consumer consumer, StreamId start, long count, long now) {
        int n = Streams.count(s, start, StreamId.MAX, count, false);
        r.array(n);
        Stream.Cursor cur = s.cursor(start, StreamId.MAX, false);
        for (int i = 0; i < n && cur.next(); i++) {
            g.advanceTo(cur.ms(), cur.seq());
            w.entry(cur);
            if (consumer != null) {
                StreamId id = cur.id();
                Nack nack = g.deliver(id, consumer, now);
                consumer.active(now);
                StreamPropagation.xclaim(c, key, groupName, g, id, nack);
            }
        }
        if (n > 0) {
            StreamPropagation.setId(c, key, groupName, g);
        }
    }

    /** A consumer's own history: its pending entries from {@code start}, deleted ones as [id, nil]. */
    private static void servePending(Streams.Writer w, Reply r, Stream s, Consumer consumer, StreamId start,
            long count, long now) {
        List<Map.Entry<StreamId, Nack>> pending = new ArrayList<>();
        for (Map.Entry<StreamId, Nack> p : consumer.pending().tailMap(start, true).entrySet()) {
            if (count != 0 && pending.size() >= count) {
                break;
            }
            pending.add(p);
        }
        r.array(pending.size());
        for (Map.Entry<StreamId, Nack> p : pending) {
            if (w.single(s, p.getKey())) {
                Nack nack = p.getValue();
                nack.deliveryTime(now);
                nack.deliveryCount(nack.deliveryCount() + 1);
            } else {
                r.array(2);
                w.id(p.getKey());
                r.nullArray();
            }
        }
    }
}
