package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.zset.ZSet;

/** Lookups, result storing and reply shapes shared by the sorted-set (and geo) commands. */
public final class ZSets {
    private ZSets() {}

    /** The sorted set at a key for reading, null when missing, WRONGTYPE for another type. */
    public static ZSet read(CommandContext c, byte[] key) {
        Entry e = c.db().lookupRead(key, c.client().noTouch());
        if (e == null) {
            return null;
        }
        if (e.value() instanceof ZSet z) {
            return z;
        }
        throw CommandError.WRONGTYPE;
    }

    /** The entry of a sorted set for writing, null when missing, WRONGTYPE for another type. */
    public static Entry write(CommandContext c, byte[] key) {
        Entry e = c.db().lookupWrite(key, c.client().noTouch());
        if (e != null && !(e.value() instanceof ZSet)) {
            throw CommandError.WRONGTYPE;
        }
        return e;
    }

    /** Tells the accounting how much a sorted set changed, given its footprint before the change. */
    public static void resized(CommandContext c, Entry e, long before) {
        long after = MemoryEstimate.value(e.value());
        if (after != before) {
            c.db().valueResized(e, after - before);
        }
    }

    /**
     * After removals: deletes the key when the set is now empty. Returns true if it did (the
     * caller raises "del" after its own event, as Valkey orders them).
     */
    public static boolean deleteIfEmpty(CommandContext c, Entry e, long before) {
        ZSet z = (ZSet) e.value();
        if (z.size() == 0) {
            c.db().delete(e.key());
            return true;
        }
        resized(c, e, before);
        return false;
    }

    /**
     * Stores a result set at {@code dst} (Valkey's setKey: replaces any value and TTL) and raises
     * {@code event}; an empty result deletes the destination instead.
     */
    public static void store(CommandContext c, byte[] dst, ZSet result, String event) {
        if (result.size() > 0) {
            c.db().set(dst, result, -1);
            c.signalModifiedKey(dst);
            c.notifyKeyspaceEvent(Notify.ZSET, event, dst);
        } else if (c.db().delete(dst)) {
            c.signalModifiedKey(dst);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", dst);
        }
    }

    /** The header of a member list: RESP2 flattens (member, score) pairs, RESP3 nests them. */
    public static void listHeader(Reply r, int n, boolean withScores) {
        r.array(withScores && !r.resp3() ? n * 2 : n);
    }

    /** {@link #listHeader} for a count given as a long (ZRANDMEMBER with repeats). */
    public static void listHeaderLong(Reply r, long n, boolean withScores) {
        long items = withScores && !r.resp3() ? n * 2 : n;
        if (items > Integer.MAX_VALUE) {
            throw new CommandError("ERR value is out of range");
        }
        r.array((int) items);
    }

    /** One member of a list started by {@link #listHeader}. */
    public static void listItem(Reply r, byte[] member, double score, boolean withScores) {
        if (withScores && r.resp3()) {
            r.array(2);
        }
        r.bulk(member);
        if (withScores) {
            r.doubleValue(score);
        }
    }
}
