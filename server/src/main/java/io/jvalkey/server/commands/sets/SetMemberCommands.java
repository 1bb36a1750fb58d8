package io.jvalkey.server.commands.sets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.set.SetValue;

/** SADD SREM SCARD SISMEMBER SMISMEMBER SMOVE. */
final class SetMemberCommands {
    private SetMemberCommands() {}

    static void sadd(CommandContext c) {
        Db db = c.db();
        byte[] key = c.arg(1);
        EncodingLimits limits = c.encodings();
        Entry e = db.lookupWrite(key);
        SetValue set;
        if (e == null) {
            set = SetValue.create(c.arg(2), c.argc() - 2, limits);
            e = db.add(key, set);
        } else {
            set = SetCommands.asSet(e);
            set.maybeConvert(c.argc() - 2, limits);
        }
        long before = set.memoryUsage();
        int added = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (set.add(c.arg(i), limits)) {
                added++;
            }
        }
        long delta = set.memoryUsage() - before;
        if (delta != 0) {
            db.valueResized(e, delta); // skipped when nothing changed: SADD of members already there is common
        }
        c.dirty(added);
        if (added > 0) {
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.SET, "sadd", key);
        }
        c.reply().integer(added);
    }

    static void srem(CommandContext c) {
        Db db = c.db();
        byte[] key = c.arg(1);
        Entry e = db.lookupWrite(key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue set = SetCommands.asSet(e);
        long before = set.memoryUsage();
        int deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < c.argc(); i++) {
            if (set.remove(c.arg(i))) {
                deleted++;
                if (set.size() == 0) {
                    keyRemoved = true;
                    break;
                }
            }
        }
        db.valueResized(e, set.memoryUsage() - before);
        if (keyRemoved) {
            db.delete(key);
        }
        c.dirty(deleted);
        if (deleted > 0) {
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.SET, "srem", key);
            if (keyRemoved) {
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            }
        }
        c.reply().integer(deleted);
    }

    static void scard(CommandContext c) {
        SetValue set = SetCommands.readSet(c, c.arg(1));
        c.reply().integer(set == null ? 0 : set.size());
    }

    static void sismember(CommandContext c) {
        SetValue set = SetCommands.readSet(c, c.arg(1));
        c.reply().integer(set != null && set.contains(c.arg(2)) ? 1 : 0);
    }

    static void smismember(CommandContext c) {
        SetValue set = SetCommands.readSet(c, c.arg(1));
        c.reply().array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            c.reply().integer(set != null && set.contains(c.arg(i)) ? 1 : 0);
        }
    }

    static void smove(CommandContext c) {
        Db db = c.db();
        byte[] srcKey = c.arg(1);
        byte[] dstKey = c.arg(2);
        byte[] member = c.arg(3);
        Entry src = db.lookupWrite(srcKey);
        Entry dst = db.lookupWrite(dstKey);
        if (src == null) {
            c.reply().integer(0);
            return;
        }
        SetValue srcSet = SetCommands.asSet(src);
        SetValue dstSet = dst == null ? null : SetCommands.asSet(dst);
        if (srcSet == dstSet) {
            c.reply().integer(srcSet.contains(member) ? 1 : 0);
            return;
        }
        long before = srcSet.memoryUsage();
        if (!srcSet.remove(member)) {
            c.reply().integer(0);
            return;
        }
        db.valueResized(src, srcSet.memoryUsage() - before);
        c.notifyKeyspaceEvent(Notify.SET, "srem", srcKey);
        if (srcSet.size() == 0) {
            db.delete(srcKey);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", srcKey);
        }
        EncodingLimits limits = c.encodings();
        if (dstSet == null) {
            dstSet = SetValue.create(member, 1, limits);
            dst = db.add(dstKey, dstSet);
        }
        c.signalModifiedKey(srcKey);
        before = dstSet.memoryUsage();
        if (dstSet.add(member, limits)) {
            db.valueResized(dst, dstSet.memoryUsage() - before);
            c.signalModifiedKey(dstKey);
            c.notifyKeyspaceEvent(Notify.SET, "sadd", dstKey);
        }
        c.reply().integer(1);
    }
}
