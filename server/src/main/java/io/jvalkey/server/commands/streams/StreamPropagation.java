package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.types.stream.ConsumerGroup;
import io.jvalkey.server.types.stream.Nack;
import io.jvalkey.server.types.stream.StreamId;

/**
 * How consumer-group changes are propagated, as Valkey does it: every pending entry created or
 * moved becomes an idempotent XCLAIM, a moved last-delivered ID an XGROUP SETID, a consumer made
 * by XREADGROUP NOACK an XGROUP CREATECONSUMER. The commands themselves (XREADGROUP, XCLAIM,
 * XAUTOCLAIM) are not propagated.
 */
final class StreamPropagation {
    private StreamPropagation() {}

    /** XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID last-id. */
    static void xclaim(CommandContext c, byte[] key, byte[] group, ConsumerGroup g, StreamId id, Nack nack) {
        if (!c.propagating()) {
            return;
        }
        byte[] consumer = nack.consumer() != null ? nack.consumer().name() : new byte[0];
        c.propagate(Verbs.XCLAIM, key, group, consumer, Verbs.ZERO, id.bytes(), Verbs.TIME,
                Verbs.num(nack.deliveryTime()), Verbs.RETRYCOUNT, Verbs.num(nack.deliveryCount()), Verbs.FORCE,
                Verbs.JUSTID, Verbs.LASTID, g.lastId().bytes());
    }

    /** XGROUP SETID key group last-id ENTRIESREAD n. */
    static void setId(CommandContext c, byte[] key, byte[] group, ConsumerGroup g) {
        if (c.propagating()) {
            c.propagate(Verbs.XGROUP, Verbs.SETID, key, group, g.lastId().bytes(), Verbs.ENTRIESREAD,
                    Verbs.num(g.entriesRead()));
        }
    }

    /** XGROUP CREATECONSUMER key group consumer. */
    static void createConsumer(CommandContext c, byte[] key, byte[] group, byte[] consumer) {
        if (c.propagating()) {
            c.propagate(Verbs.XGROUP, Verbs.CREATECONSUMER, key, group, consumer);
        }
    }
}
