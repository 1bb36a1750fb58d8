package io.jvalkey.server.commands.keys;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;

/** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST. */
final class ExpireCommands {
    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    private ExpireCommands() {}

    /**
     * The four EXPIRE variants: {@code seconds} picks the unit of the argument, {@code absolute}
     * whether it is a unix time or relative to now. Options are checked before the number, as
     * Valkey does; a time already past deletes the key and still answers 1.
     */
    static void expire(CommandContext c, boolean seconds, boolean absolute) {
        int conditions = conditions(c);
        long when = c.longArg(2);
        long now = Clock.nowMillis();
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidTime(c);
            }
            when *= 1000;
        }
        long base = absolute ? 0 : now;
        if (when > Long.MAX_VALUE - base) {
            throw invalidTime(c);
        }
        when += base;

        Db db = c.db();
        Entry e = db.lookupWrite(c.arg(1), c.client().noTouch());
        if (e == null || !conditionsHold(conditions, e.expireAt(), when)) {
            c.reply().integer(0);
            return;
        }
        if (when <= now) {
            db.delete(c.arg(1));
            c.signalModifiedKey(c.arg(1));
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", c.arg(1));
            if (c.propagating()) {
                c.rewriteArgv(c.server().propagation().expireDeleteCommand(), c.arg(1));
            }
        } else {
            db.setExpire(e, when);
            c.signalModifiedKey(c.arg(1));
            c.notifyKeyspaceEvent(Notify.GENERIC, "expire", c.arg(1));
            if (c.propagating() && !(absolute && !seconds)) {
                // As Valkey: PEXPIREAT with the absolute time in ms; NX/XX/GT/LT stay.
                c.rewriteArg(0, Verbs.PEXPIREAT);
                c.rewriteArg(2, Verbs.num(when));
            }
        }
        c.reply().integer(1);
    }

    /** Parses NX, XX, GT and LT (any case, any order, repeats allowed) with Valkey's errors. */
    private static int conditions(CommandContext c) {
        int flags = 0;
        for (int i = 3; i < c.argc(); i++) {
            flags |= switch (c.option(i)) {
                case "nx" -> NX;
                case "xx" -> XX;
                case "gt" -> GT;
                case "lt" -> LT;
                default -> throw new CommandError("ERR Unsupported option " + c.argString(i));
            };
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & (GT | LT)) == (GT | LT)) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /**
     * Whether the options allow replacing {@code current} (-1: no TTL) by {@code when}. A key
     * without a TTL counts as living forever: GT never beats it, LT always does.
     */
    private static boolean conditionsHold(int flags, long current, long when) {
        boolean volatileKey = current >= 0;
        if ((flags & NX) != 0 && volatileKey) {
            return false;
        }
        if ((flags & XX) != 0 && !volatileKey) {
            return false;
        }
        if ((flags & GT) != 0 && (!volatileKey || when <= current)) {
            return false;
        }
        return (flags & LT) == 0 || !volatileKey || when < current;
    }

    private static CommandError invalidTime(CommandContext c) {
        return new CommandError("ERR invalid expire time in '" + c.spec().fullName() + "' command");
    }

    /**
     * TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 for one without a TTL. TTL rounds
     * to the nearest second; a TTL that ran out this very millisecond reads 0.
     */
    static void ttl(CommandContext c, boolean millis, boolean absolute) {
        Entry e = c.db().lookupRead(c.arg(1), true);
        if (e == null) {
            c.reply().integer(-2);
            return;
        }
        long expireAt = e.expireAt();
        if (expireAt < 0) {
            c.reply().integer(-1);
            return;
        }
        long v = Math.max(absolute ? expireAt : expireAt - Clock.nowMillis(), 0);
        c.reply().integer(millis ? v : (v + 500) / 1000);
    }

    static void persist(CommandContext c) {
        Db db = c.db();
        Entry e = db.lookupWrite(c.arg(1), c.client().noTouch());
        if (e == null || e.expireAt() < 0) {
            c.reply().integer(0);
            return;
        }
        db.setExpire(e, -1);
        c.signalModifiedKey(c.arg(1));
        c.notifyKeyspaceEvent(Notify.GENERIC, "persist", c.arg(1));
        c.reply().integer(1);
    }
}
