package io.jvalkey.server.commands.sets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.set.SetValue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SPOP and SRANDMEMBER. Random picks are uniform over the members in every encoding. With a
 * count, SPOP removes the picks when they are few; when they are most of the set it keeps a
 * random rest instead and rebuilds the set from it, in the encoding Valkey would give it.
 */
final class SetRandomCommands {
    private SetRandomCommands() {}

    /** SPOP with a count returns the picks and removes them one by one while the rest is over this times the count. */
    private static final int SPOP_MOVE_STRATEGY_MUL = 5;

    static void spop(CommandContext c) {
        if (c.argc() == 3) {
            spopWithCount(c);
            return;
        }
        if (c.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        Db db = c.db();
        byte[] key = c.arg(1);
        Entry e = db.lookupWrite(key);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue set = SetCommands.asSet(e);
        long before = set.memoryUsage();
        byte[] member = set.memberAt(ThreadLocalRandom.current().nextInt(set.size()));
        set.remove(member);
        db.valueResized(e, set.memoryUsage() - before);
        c.notifyKeyspaceEvent(Notify.SET, "spop", key);
        c.reply().bulk(member);
        if (c.propagating()) {
            c.rewriteArgv(Verbs.SREM, key, member); // the random pick, made deterministic
        }
        if (set.size() == 0) {
            db.delete(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
        }
        c.signalModifiedKey(key);
    }

    private static void spopWithCount(CommandContext c) {
        long count = SetCommands.rangeArg(c, 2, 0, Long.MAX_VALUE, "ERR value is out of range, must be positive");
        Db db = c.db();
        byte[] key = c.arg(1);
        Entry e = db.lookupWrite(key);
        Reply r = c.reply();
        if (e == null) {
            r.set(0);
            return;
        }
        SetValue set = SetCommands.asSet(e);
        if (count == 0) {
            r.set(0);
            return;
        }
        int size = set.size();
        c.notifyKeyspaceEvent(Notify.SET, "spop", key);
        if (count >= size) {
            // The whole set goes, in the order a union of the one set would list it.
            SetAlgebra.replyMembers(r, SetAlgebra.union(new SetValue[] {set}, false, c.encodings()));
            db.delete(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            c.signalModifiedKey(key);
            c.dirty(size);
            if (c.propagating()) {
                c.rewriteArgv(c.server().propagation().serverDeleteCommand(), key);
            }
            return;
        }
        int n = (int) count;
        int remaining = size - n;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long before = set.memoryUsage();
        r.set(n);
        if ((long) remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            byte[][] picked = new byte[n][];
            int[] at = Sampling.distinct(size, n, rnd);
            for (int i = 0; i < n; i++) {
                picked[i] = set.memberAt(at[i]);
            }
            for (byte[] m : picked) {
                set.remove(m);
                r.bulk(m);
            }
            db.valueResized(e, set.memoryUsage() - before);
            propagateSrem(c, key, picked, n);
        } else {
            // Most members go: draw the few that stay into a new set and reply the others.
            EncodingLimits limits = c.encodings();
            SetValue kept = SetValue.empty(set.encodingKind() == SetValue.Encoding.INTSET
                    ? SetValue.Encoding.INTSET : SetValue.Encoding.LISTPACK);
            for (int i : Sampling.distinct(size, remaining, rnd)) {
                kept.add(set.memberAt(i), limits);
            }
            byte[][] popped = c.propagating() ? new byte[n][] : null;
            int p = 0;
            for (int i = 0; i < size; i++) {
                byte[] m = set.memberAt(i);
                if (!kept.contains(m)) {
                    r.bulk(m);
                    if (popped != null) {
                        popped[p++] = m;
                    }
                }
            }
            db.replaceValue(e, kept);
            propagateSrem(c, key, popped, p);
        }
        c.signalModifiedKey(key);
        c.dirty(n);
    }

    /** As Valkey: SPOP with a count is propagated as SREMs of at most 1024 members each, never as itself. */
    private static void propagateSrem(CommandContext c, byte[] key, byte[][] members, int n) {
        if (!c.propagating() || members == null) {
            return;
        }
        for (int from = 0; from < n; from += 1024) {
            int len = Math.min(1024, n - from);
            byte[][] argv = new byte[2 + len][];
            argv[0] = Verbs.SREM;
            argv[1] = key;
            System.arraycopy(members, from, argv, 2, len);
            c.propagate(argv);
        }
        c.preventPropagation();
    }

    static void srandmember(CommandContext c) {
        if (c.argc() == 3) {
            srandmemberWithCount(c);
            return;
        }
        if (c.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        SetValue set = SetCommands.readSet(c, c.arg(1));
        if (set == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(set.memberAt(ThreadLocalRandom.current().nextInt(set.size())));
    }

    private static void srandmemberWithCount(CommandContext c) {
        long l = SetCommands.rangeArg(c, 2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
        Reply r = c.reply();
        SetValue set = SetCommands.readSet(c, c.arg(1));
        if (set == null || l == 0) {
            r.array(0);
            return;
        }
        boolean distinct = l > 0;
        long count = Math.abs(l);
        int size = set.size();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (!distinct || count == 1) {
            // Picks with repetition, in random order.
            if (count > Integer.MAX_VALUE) {
                throw new CommandError("ERR value is out of range");
            }
            r.array((int) count);
            for (long i = 0; i < count; i++) {
                r.bulk(set.memberAt(rnd.nextInt(size)));
            }
            return;
        }
        if (count >= size) {
            r.array(size);
            set.forEach(r::bulk);
            return;
        }
        int n = (int) count;
        r.array(n);
        for (int i : Sampling.distinct(size, n, rnd)) {
            r.bulk(set.memberAt(i));
        }
    }
}
