package io.jvalkey.server.commands.hashes;

import static io.jvalkey.server.commands.hashes.HashCommands.hash;
import static io.jvalkey.server.commands.hashes.HashCommands.read;
import static io.jvalkey.server.commands.hashes.HashCommands.write;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.hash.HashValue;

/**
 * Valkey 9's per-field expiry: HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT, HTTL HPTTL HEXPIRETIME
 * HPEXPIRETIME, HPERSIST, HGETEX and HSETEX. A deadline at or before now deletes the field at
 * once (reply 2, event "hexpired"); a later one is kept until the field expires.
 */
final class FieldExpiryCommands {
    private FieldExpiryCommands() {}

    private static final CommandError NUMFIELDS =
            new CommandError("ERR numfields should be greater than 0 and match the provided number of fields");

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    /** Per-field results of the expire commands and HPERSIST. */
    private static final int NO_FIELD = -2;
    private static final int NO_TTL = -1;
    private static final int CONDITION_FAILED = 0;
    private static final int DONE = 1;
    private static final int DELETED = 2;

    static void hexpire(CommandContext c) {
        expire(c, true, false);
    }

    static void hpexpire(CommandContext c) {
        expire(c, false, false);
    }

    static void hexpireat(CommandContext c) {
        expire(c, true, true);
    }

    static void hpexpireat(CommandContext c) {
        expire(c, false, true);
    }

    /** The index of the FIELDS token searched from {@code from}, or -1. */
    private static int fieldsToken(CommandContext c, int from) {
        for (int i = from; i < c.argc() - 1; i++) {
            if (c.option(i).equals("fields")) {
                return i;
            }
        }
        return -1;
    }

    /** Checks numfields (at {@code at}) against the fields that follow it. */
    private static int numFields(CommandContext c, int at, CommandError mismatch) {
        long n = Numbers.parseLong(c.arg(at));
        if (n == 0 || n != c.argc() - at - 1) {
            throw mismatch;
        }
        return (int) n;
    }

    private static void expire(CommandContext c, boolean seconds, boolean absolute) {
        int token = fieldsToken(c, 3);
        int flags = 0;
        int count;
        if (token < 0) {
            throw NUMFIELDS;
        }
        flags = expireFlags(c, 3, token);
        count = numFields(c, token + 1, NUMFIELDS);
        long now = Clock.nowMillis();
        long when = deadline(c, c.arg(2), seconds, absolute ? 0 : now);
        byte[] key = c.arg(1);
        Entry e = write(c, key);
        HashValue h = e == null ? null : hash(e);
        boolean hadVolatile = h != null && h.hasVolatileItems();
        long before = h == null ? 0 : h.memoryUsage();
        boolean past = when <= now;
        int expired = 0;
        int updated = 0;
        Reply r = c.reply();
        r.array(count);
        for (int k = 0; k < count; k++) {
            int result = h == null ? NO_FIELD : expireField(h, c.arg(token + 2 + k), when, flags, past);
            if (result == DONE) {
                updated++;
            } else if (result == DELETED) {
                expired++;
            }
            r.integer(result);
        }
        if (expired == 0 && updated == 0) {
            return;
        }
        if (expired > 0) {
            c.server().stats().expiredFields.add(expired);
            c.notifyKeyspaceEvent(Notify.HASH, "hexpired", key);
        } else {
            c.notifyKeyspaceEvent(Notify.HASH, "hexpire", key);
        }
        c.signalModifiedKey(key);
        if (c.propagating()) {
            absoluteFieldExpiry(c, past, token, count, absolute && !seconds ? null : Verbs.num(when));
        }
        finish(c, e, h, key, before, hadVolatile);
    }

    /**
     * HEXPIRE and friends are propagated as HPEXPIREAT with the absolute time (conditions and
     * fields kept), or, when the time has passed, as the HDEL of the fields.
     */
    private static void absoluteFieldExpiry(CommandContext c, boolean past, int token, int count, byte[] when) {
        if (past) {
            byte[][] argv = new byte[2 + count][];
            argv[0] = Verbs.HDEL;
            argv[1] = c.arg(1);
            for (int k = 0; k < count; k++) {
                argv[2 + k] = c.arg(token + 2 + k);
            }
            c.rewriteArgv(argv);
        } else if (when != null) {
            c.rewriteArg(0, Verbs.HPEXPIREAT);
            c.rewriteArg(2, when);
        }
    }

    /** Accounts for a changed hash: deletes it if empty ("del"), else tracks new field deadlines. */
    private static void finish(CommandContext c, Entry e, HashValue h, byte[] key, long before, boolean hadVolatile) {
        Db db = c.db();
        if (h.size() == 0) {
            db.delete(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            return;
        }
        db.valueResized(e, h.memoryUsage() - before);
        if (!hadVolatile && h.hasVolatileItems()) {
            db.trackVolatileItems(key);
        }
    }

    private static int expireField(HashValue h, byte[] field, long when, int flags, boolean past) {
        int i = h.find(field);
        if (i < 0) {
            return NO_FIELD;
        }
        long current = h.expireAtIndex(i);
        if ((flags & NX) != 0 && current != HashValue.NO_EXPIRY
                || (flags & XX) != 0 && current == HashValue.NO_EXPIRY
                || (flags & GT) != 0 && (current == HashValue.NO_EXPIRY || when <= current)
                || (flags & LT) != 0 && current != HashValue.NO_EXPIRY && when >= current) {
            return CONDITION_FAILED;
        }
        if (past) {
            h.deleteAt(i);
            return DELETED;
        }
        h.setExpireAt(i, when);
        return DONE;
    }

    /** NX XX GT LT between {@code from} and {@code to} (exclusive), with Valkey's errors. */
    private static int expireFlags(CommandContext c, int from, int to) {
        int flags = 0;
        for (int i = from; i < to; i++) {
            switch (c.option(i)) {
                case "nx" -> flags |= NX;
                case "xx" -> flags |= XX;
                case "gt" -> flags |= GT;
                case "lt" -> flags |= LT;
                default -> throw new CommandError("ERR Unsupported option " + c.argString(i));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /** Valkey's convertExpireArgumentToUnixTime: a non-negative time, in ms from {@code base}. */
    private static long deadline(CommandContext c, byte[] arg, boolean seconds, long base) {
        long when = Numbers.parseLong(arg);
        CommandError invalid = new CommandError("ERR invalid expire time in '" + c.spec().name() + "' command");
        if (when < 0) {
            throw invalid;
        }
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000) {
                throw invalid;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            throw invalid;
        }
        return when + base;
    }

    // ---- HTTL HPTTL HEXPIRETIME HPEXPIRETIME ---------------------------------------------------

    static void httl(CommandContext c) {
        ttl(c, true, false);
    }

    static void hpttl(CommandContext c) {
        ttl(c, false, false);
    }

    static void hexpiretime(CommandContext c) {
        ttl(c, true, true);
    }

    static void hpexpiretime(CommandContext c) {
        ttl(c, false, true);
    }

    private static void ttl(CommandContext c, boolean seconds, boolean absolute) {
        int count = numFields(c, 3, CommandError.SYNTAX);
        Entry e = read(c, c.arg(1));
        HashValue h = e == null ? null : hash(e);
        long base = absolute ? 0 : Clock.nowMillis();
        Reply r = c.reply();
        r.array(count);
        for (int k = 0; k < count; k++) {
            long when = h == null ? HashValue.NO_FIELD : h.expireAt(c.arg(4 + k));
            if (when < 0) {
                r.integer(when);
                continue;
            }
            long left = Math.max(0, when - base);
            r.integer(seconds ? (left + 500) / 1000 : left);
        }
    }

    // ---- HPERSIST ------------------------------------------------------------------------------

    static void hpersist(CommandContext c) {
        int count = numFields(c, 3, NUMFIELDS);
        byte[] key = c.arg(1);
        Entry e = write(c, key);
        HashValue h = e == null ? null : hash(e);
        long before = h == null ? 0 : h.memoryUsage();
        int changes = 0;
        Reply r = c.reply();
        r.array(count);
        for (int k = 0; k < count; k++) {
            int i = h == null ? -1 : h.find(c.arg(4 + k));
            if (i < 0) {
                r.integer(NO_FIELD);
            } else if (h.persistAt(i)) {
                changes++;
                r.integer(DONE);
            } else {
                r.integer(NO_TTL);
            }
        }
        if (changes > 0) {
            c.db().valueResized(e, h.memoryUsage() - before);
            c.notifyKeyspaceEvent(Notify.HASH, "hpersist", key);
            c.signalModifiedKey(key);
        }
    }

    // ---- HGETEX and HSETEX ---------------------------------------------------------------------

    /** The options of HGETEX and HSETEX before FIELDS, as Valkey's extended SET-style parser. */
    private static final class ExOptions {
        static final int KEY_NX = 1, KEY_XX = 2, FNX = 4, FXX = 8, KEEPTTL = 16, PERSIST = 32,
                EX = 64, PX = 128, EXAT = 256, PXAT = 512;
        static final int EXPIRES = EX | PX | EXAT | PXAT;
        int flags;
        byte[] expire;
        int expireIndex;  // where the time argument is

        static ExOptions parse(CommandContext c, int from, int to, boolean setCommand) {
            ExOptions o = new ExOptions();
            for (int j = from; j < to; j++) {
                String opt = c.option(j);
                boolean hasNext = j + 1 < to;
                int f = o.flags;
                int bit;
                if (setCommand && opt.equals("nx") && (f & KEY_XX) == 0) {
                    bit = KEY_NX;
                } else if (setCommand && opt.equals("xx") && (f & KEY_NX) == 0) {
                    bit = KEY_XX;
                } else if (setCommand && opt.equals("fnx") && (f & FXX) == 0) {
                    bit = FNX;
                } else if (setCommand && opt.equals("fxx") && (f & FNX) == 0) {
                    bit = FXX;
                } else if (setCommand && opt.equals("keepttl") && (f & (EXPIRES | PERSIST)) == 0) {
                    bit = KEEPTTL;
                } else if (!setCommand && opt.equals("persist") && (f & (EXPIRES | KEEPTTL)) == 0) {
                    bit = PERSIST;
                } else if (hasNext && (bit = expireBit(opt)) != 0 && (f & (KEEPTTL | PERSIST | (EXPIRES & ~bit))) == 0) {
                    o.expire = c.arg(++j);
                    o.expireIndex = j;
                } else {
                    throw CommandError.SYNTAX;
                }
                o.flags |= bit;
            }
            return o;
        }

        private static int expireBit(String opt) {
            return switch (opt) {
                case "ex" -> EX;
                case "px" -> PX;
                case "exat" -> EXAT;
                case "pxat" -> PXAT;
                default -> 0;
            };
        }

        boolean has(int bit) {
            return (flags & bit) != 0;
        }

        long deadline(CommandContext c) {
            boolean seconds = has(EX) || has(EXAT);
            return FieldExpiryCommands.deadline(c, expire, seconds, has(EXAT) || has(PXAT) ? 0 : Clock.nowMillis());
        }
    }

    static void hgetex(CommandContext c) {
        int token = fieldsToken(c, 1);
        if (token < 0) {
            throw NUMFIELDS;
        }
        ExOptions o = ExOptions.parse(c, 2, token, false);
        int count = numFields(c, token + 1, NUMFIELDS);
        byte[] key = c.arg(1);
        Entry e = read(c, key);
        HashValue h = e == null ? null : hash(e);
        long now = Clock.nowMillis();
        long when = o.expire == null ? 0 : o.deadline(c);
        boolean past = o.expire != null && when <= now;
        boolean setExpiry = o.expire != null && !past;
        boolean persist = o.has(ExOptions.PERSIST);
        boolean hadVolatile = h != null && h.hasVolatileItems();
        long before = h == null ? 0 : h.memoryUsage();
        int changes = 0;
        Reply r = c.reply();
        r.array(count);
        for (int k = 0; k < count; k++) {
            byte[] field = c.arg(token + 2 + k);
            int i = h == null ? -1 : h.find(field);
            r.bulk(i < 0 ? null : h.valueAt(i));
            if (i < 0) {
                continue;
            }
            if (past) {
                h.deleteAt(i);
                changes++;
            } else if (setExpiry) {
                h.setExpireAt(i, when);
                changes++;
            } else if (persist && h.persistAt(i)) {
                changes++;
            }
        }
        if (changes == 0) {
            return;
        }
        if (past) {
            c.server().stats().expiredFields.add(changes);
            c.notifyKeyspaceEvent(Notify.HASH, "hexpired", key);
        } else {
            c.notifyKeyspaceEvent(Notify.HASH, setExpiry ? "hexpire" : "hpersist", key);
        }
        c.signalModifiedKey(key);
        if (c.propagating()) {
            // Never as HGETEX: as the deletion, HPEXPIREAT with the absolute time, or HPERSIST.
            byte[][] fields = java.util.Arrays.copyOfRange(c.argv(), token, c.argc()); // FIELDS n f...
            byte[][] head = past ? new byte[][] {Verbs.HDEL, key}
                    : setExpiry ? new byte[][] {Verbs.HPEXPIREAT, key, Verbs.num(when)}
                    : new byte[][] {Verbs.HPERSIST, key};
            int skip = past ? 2 : 0; // HDEL takes the fields without FIELDS n
            byte[][] argv = new byte[head.length + fields.length - skip][];
            System.arraycopy(head, 0, argv, 0, head.length);
            System.arraycopy(fields, skip, argv, head.length, fields.length - skip);
            c.rewriteArgv(argv);
        }
        finish(c, e, h, key, before, hadVolatile);
    }

    static void hsetex(CommandContext c) {
        int token = fieldsToken(c, 1);
        if (token < 0) {
            throw NUMFIELDS;
        }
        ExOptions o = ExOptions.parse(c, 2, token, true);
        long n = Numbers.parseLong(c.arg(token + 1));
        if (n == 0 || n > Long.MAX_VALUE / 2 || n * 2 != c.argc() - token - 2) {
            throw NUMFIELDS;
        }
        int first = token + 2;
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = write(c, key);
        if (o.has(ExOptions.KEY_NX) && e != null || o.has(ExOptions.KEY_XX) && e == null) {
            c.reply().integer(0);
            return;
        }
        long now = Clock.nowMillis();
        long when = o.expire == null ? 0 : o.deadline(c);
        boolean past = o.expire != null && when <= now;
        if (o.has(ExOptions.FNX) || o.has(ExOptions.FXX)) {
            for (int i = first; i < c.argc(); i += 2) {
                boolean exists = e != null && hash(e).find(c.arg(i)) >= 0;
                if (o.has(ExOptions.FNX) == exists) {
                    c.reply().integer(0);
                    return;
                }
            }
        }
        if (e == null) {
            e = db.add(key, new HashValue());
        }
        HashValue h = hash(e);
        boolean hadVolatile = h.hasVolatileItems();
        long before = h.memoryUsage();
        int deleted = 0;
        if (past) {
            for (int i = first; i < c.argc(); i += 2) {
                if (h.delete(c.arg(i))) {
                    deleted++;
                }
            }
            c.server().stats().expiredFields.add(deleted);
        } else {
            h.prepareWrite(c.argv(), first, c.argc() - 1, c.encodings());
            for (int i = first; i < c.argc(); i += 2) {
                if (o.expire != null) {
                    h.putWithExpiry(c.arg(i), c.arg(i + 1), when);
                } else {
                    h.put(c.arg(i), c.arg(i + 1), o.has(ExOptions.KEEPTTL), c.encodings());
                }
            }
        }
        c.signalModifiedKey(key);
        if (c.propagating()) {
            if (past) {
                byte[][] argv = new byte[2 + (c.argc() - first) / 2][];
                argv[0] = Verbs.HDEL;
                argv[1] = key;
                for (int i = first, k = 2; i < c.argc(); i += 2, k++) {
                    argv[k] = c.arg(i);
                }
                c.rewriteArgv(argv);
            } else if (o.expire != null && !o.has(ExOptions.PXAT)) {
                c.rewriteArg(o.expireIndex - 1, Verbs.PXAT);
                c.rewriteArg(o.expireIndex, Verbs.num(when));
            }
        }
        c.notifyKeyspaceEvent(Notify.HASH, "hset", key);
        if (o.expire != null) {
            c.notifyKeyspaceEvent(Notify.HASH, "hexpire", key);
        }
        if (past) {
            c.notifyKeyspaceEvent(Notify.HASH, "hexpired", key);
        }
        finish(c, e, h, key, before, hadVolatile);
        c.reply().integer(1);
    }
}
