package io.jvalkey.server.commands.hashes;

import static io.jvalkey.server.commands.hashes.HashCommands.hash;
import static io.jvalkey.server.commands.hashes.HashCommands.write;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.strings.LongDouble;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.hash.HashValue;
import java.nio.charset.StandardCharsets;

/** HSET HMSET HSETNX HDEL HINCRBY HINCRBYFLOAT. */
final class HashWrites {
    private HashWrites() {}

    static void hset(CommandContext c) {
        c.reply().integer(setFields(c, "hset"));
    }

    static void hmset(CommandContext c) {
        setFields(c, "hmset");
        c.reply().ok();
    }

    /** The hot path: HSET of fields into an existing big hash allocates nothing but table growth. */
    private static int setFields(CommandContext c, String name) {
        if (c.argc() % 2 == 1) {
            throw new CommandError(CommandContext.arityError(name));
        }
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = write(c, key);
        if (e == null) {
            e = db.add(key, new HashValue());
        }
        HashValue h = hash(e);
        long before = h.memoryUsage();
        h.prepareWrite(c.argv(), 2, c.argc() - 1, c.encodings());
        int created = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            if (h.put(c.arg(i), c.arg(i + 1), false, c.encodings())) {
                created++;
            }
        }
        db.valueResized(e, h.memoryUsage() - before);
        c.signalModifiedKey(key);
        c.dirty((c.argc() - 2) / 2); // Valkey counts each field set
        c.notifyKeyspaceEvent(Notify.HASH, "hset", key);
        return created;
    }

    static void hsetnx(CommandContext c) {
        byte[] key = c.arg(1);
        Db db = c.db();
        Entry e = write(c, key);
        if (e != null && hash(e).find(c.arg(2)) >= 0) {
            c.reply().integer(0);
            return;
        }
        if (e == null) {
            e = db.add(key, new HashValue());
        }
        HashValue h = hash(e);
        long before = h.memoryUsage();
        h.prepareWrite(c.argv(), 2, 3, c.encodings());
        h.put(c.arg(2), c.arg(3), false, c.encodings());
        db.valueResized(e, h.memoryUsage() - before);
        c.reply().integer(1);
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.HASH, "hset", key);
    }

    static void hdel(CommandContext c) {
        byte[] key = c.arg(1);
        Entry e = write(c, key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HashValue h = hash(e);
        long before = h.memoryUsage();
        int deleted = 0;
        boolean removed = false;
        for (int i = 2; i < c.argc(); i++) {
            if (h.delete(c.arg(i))) {
                deleted++;
                if (h.size() == 0) {
                    removed = true;
                    break;
                }
            }
        }
        c.dirty(deleted);
        if (deleted > 0) {
            if (removed) {
                c.db().delete(key);
            } else {
                c.db().valueResized(e, h.memoryUsage() - before);
            }
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.HASH, "hdel", key);
            if (removed) {
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            }
        }
        c.reply().integer(deleted);
    }

    static void hincrby(CommandContext c) {
        long incr = Numbers.parseLong(c.arg(3));
        byte[] key = c.arg(1);
        Entry e = write(c, key);
        byte[] field = c.arg(2);
        long value = 0;
        if (e != null) {
            byte[] old = hash(e).get(field);
            if (old != null) {
                if (!Numbers.isCanonicalLong(old)) {
                    throw new CommandError("ERR hash value is not an integer");
                }
                value = Numbers.parseLong(old);
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new CommandError("ERR increment or decrement would overflow");
        }
        value += incr;
        store(c, e, key, field, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        c.reply().integer(value);
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.HASH, "hincrby", key);
    }

    private static final byte[] HSETEX = "HSETEX".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FIELDS = "FIELDS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ONE = {'1'};

    static void hincrbyfloat(CommandContext c) {
        LongDouble incr = LongDouble.parse(c.arg(3));
        if (incr == null) {
            throw CommandError.NOT_FLOAT;
        }
        if (!incr.isFinite()) {
            throw new CommandError("ERR value is NaN or Infinity");
        }
        byte[] key = c.arg(1);
        Entry e = write(c, key);
        byte[] field = c.arg(2);
        LongDouble value = LongDouble.ZERO;
        if (e != null) {
            byte[] old = hash(e).get(field);
            if (old != null) {
                value = LongDouble.parse(old);
                if (value == null) {
                    throw new CommandError("ERR hash value is not a float");
                }
            }
        }
        LongDouble sum = value.plus(incr);
        if (!sum.isFinite()) {
            throw new CommandError("ERR increment would produce NaN or Infinity");
        }
        byte[] text = sum.toHumanText();
        store(c, e, key, field, text);
        c.reply().bulk(text);
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.HASH, "hincrbyfloat", key);
        if (c.propagating()) {
            // The sum, not the float addition (Valkey: HSET); a field with a TTL keeps it.
            Entry now = c.db().peek(key);
            boolean volatileField = now != null && hash(now).expireAt(field) >= 0;
            c.rewriteArgv(volatileField ? new byte[][] {HSETEX, key, Verbs.KEEPTTL, FIELDS, ONE, field, text}
                    : new byte[][] {Verbs.HSET, key, field, text});
        }
    }

    /** Writes a computed value, keeping the field's TTL as Valkey's HINCRBY* do. */
    private static void store(CommandContext c, Entry e, byte[] key, byte[] field, byte[] value) {
        Db db = c.db();
        if (e == null) {
            e = db.add(key, new HashValue());
        }
        HashValue h = hash(e);
        long before = h.memoryUsage();
        h.put(field, value, true, c.encodings());
        db.valueResized(e, h.memoryUsage() - before);
    }
}
