package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.server.Help;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.stream.Consumer;
import io.jvalkey.server.types.stream.ConsumerGroup;
import io.jvalkey.server.types.stream.Nack;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;
import java.util.Map;

/** XINFO STREAM [FULL [COUNT n]], GROUPS, CONSUMERS and HELP. */
final class InfoCommands {
    private InfoCommands() {}

    private static Stream lookup(CommandContext c) {
        Stream s = Streams.of(c.db().lookupRead(c.arg(2), c.client().noTouch()));
        if (s == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        return s;
    }

    static void consumers(CommandContext c) {
        Stream s = lookup(c);
        ConsumerGroup g = s.group(c.arg(3));
        if (g == null) {
            throw new CommandError("NOGROUP No such consumer group '" + Streams.text(c.arg(3))
                    + "' for key name '" + Streams.text(c.arg(2)) + "'");
        }
        Reply r = c.reply();
        long now = Clock.nowMillis();
        r.array(g.consumerCount());
        for (Consumer consumer : g.consumers()) {
            long active = consumer.activeTime();
            r.map(4);
            r.bulk("name");
            r.bulk(consumer.name());
            r.bulk("pending");
            r.integer(consumer.pending().size());
            r.bulk("idle");
            r.integer(Math.max(0, now - consumer.seenTime()));
            r.bulk("inactive");
            r.integer(active != -1 ? now - active : -1);
        }
    }

    static void groups(CommandContext c) {
        Stream s = lookup(c);
        Reply r = c.reply();
        Streams.Writer w = new Streams.Writer(r);
        r.array(s.groupCount());
        for (ConsumerGroup g : s.groups()) {
            r.map(6);
            r.bulk("name");
            r.bulk(g.name());
            r.bulk("consumers");
            r.integer(g.consumerCount());
            r.bulk("pending");
            r.integer(g.pending().size());
            r.bulk("last-delivered-id");
            w.id(g.lastId());
            groupCounters(r, s, g);
        }
    }

    /** entries-read and lag, either of which may be unknown (null). */
    private static void groupCounters(Reply r, Stream s, ConsumerGroup g) {
        r.bulk("entries-read");
        if (g.entriesRead() != ConsumerGroup.UNKNOWN_READS) {
            r.integer(g.entriesRead());
        } else {
            r.nullBulk();
        }
        r.bulk("lag");
        long lag = s.lag(g);
        if (lag != Long.MIN_VALUE) {
            r.integer(lag);
        } else {
            r.nullBulk();
        }
    }

    static void stream(CommandContext c) {
        Stream s = lookup(c);
        int optc = c.argc() - 3;
        boolean full = optc > 0;
        long count = 10;
        if (full) {
            if (optc != 1 && optc != 3) {
                throw GroupCommands.syntax(c);
            }
            if (!AddTrimCommands.is(c.arg(3), "full")) {
                throw GroupCommands.syntax(c);
            }
            if (optc == 3) {
                if (!AddTrimCommands.is(c.arg(4), "count")) {
                    throw GroupCommands.syntax(c);
                }
                count = Numbers.parseLong(c.arg(5));
                if (count < 0) {
                    count = 10;
                }
            }
        }
        Reply r = c.reply();
        Streams.Writer w = new Streams.Writer(r);
        r.map(full ? 9 : 10);
        r.bulk("length");
        r.integer(s.length());
        r.bulk("radix-tree-keys");
        r.integer(s.nodeCount());
        r.bulk("radix-tree-nodes");
        r.integer(s.radixTreeNodes());
        r.bulk("last-generated-id");
        w.id(s.lastId());
        r.bulk("max-deleted-entry-id");
        w.id(s.maxDeletedId());
        r.bulk("entries-added");
        r.integer(s.entriesAdded());
        r.bulk("recorded-first-entry-id");
        w.id(s.firstId());
        if (!full) {
            r.bulk("groups");
            r.integer(s.groupCount());
            r.bulk("first-entry");
            edge(r, w, s, false);
            r.bulk("last-entry");
            edge(r, w, s, true);
            return;
        }
        r.bulk("entries");
        w.range(s, StreamId.MIN, StreamId.MAX, count, false);
        r.bulk("groups");
        r.array(s.groupCount());
        for (ConsumerGroup g : s.groups()) {
            r.map(7);
            r.bulk("name");
            r.bulk(g.name());
            r.bulk("last-delivered-id");
            w.id(g.lastId());
            groupCounters(r, s, g);
            r.bulk("pel-count");
            r.integer(g.pending().size());
            r.bulk("pending");
            int n = limited(g.pending().size(), count);
            r.array(n);
            int i = 0;
            for (Map.Entry<StreamId, Nack> p : g.pending().entrySet()) {
                if (i++ == n) {
                    break;
                }
                Nack nack = p.getValue();
                r.array(4);
                w.id(p.getKey());
                r.bulk(nack.consumer().name());
                r.integer(nack.deliveryTime());
                r.integer(nack.deliveryCount());
            }
            r.bulk("consumers");
            r.array(g.consumerCount());
            for (Consumer consumer : g.consumers()) {
                r.map(5);
                r.bulk("name");
                r.bulk(consumer.name());
                r.bulk("seen-time");
                r.integer(consumer.seenTime());
                r.bulk("active-time");
                r.integer(consumer.activeTime());
                r.bulk("pel-count");
                r.integer(consumer.pending().size());
                r.bulk("pending");
                int m = limited(consumer.pending().size(), count);
                r.array(m);
                int k = 0;
                for (Map.Entry<StreamId, Nack> p : consumer.pending().entrySet()) {
                    if (k++ == m) {
                        break;
                    }
                    r.array(3);
                    w.id(p.getKey());
                    r.integer(p.getValue().deliveryTime());
                    r.integer(p.getValue().deliveryCount());
                }
            }
        }
    }

    private static int limited(int size, long count) {
        return count == 0 ? size : (int) Math.min(size, count);
    }

    private static void edge(Reply r, Streams.Writer w, Stream s, boolean last) {
        Stream.Cursor cur = s.cursor(StreamId.MIN, StreamId.MAX, last);
        if (cur.next()) {
            w.entry(cur);
        } else {
            r.nullBulk();
        }
    }

    static void help(CommandContext c) {
        Help.reply(c,
                "CONSUMERS <key> <groupname>",
                "    Lists the consumers of the group with their pending counts and idle times.",
                "GROUPS <key>",
                "    Lists the consumer groups of the stream.",
                "STREAM <key> [FULL [COUNT <count>]]",
                "    Describes the stream; FULL adds its entries, groups and pending entries.");
    }
}
