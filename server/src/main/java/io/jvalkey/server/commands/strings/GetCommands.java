package io.jvalkey.server.commands.strings;

import static io.jvalkey.server.commands.strings.StringCommands.stringValue;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;

/** GET and the commands that read a string value: MGET, STRLEN, GETRANGE, GETEX, GETDEL. */
final class GetCommands {
    private GetCommands() {}

    private static final byte[] EMPTY = new byte[0];

    static void get(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(stringValue(e));
        }
    }

    /** Non-string keys read as nil rather than failing the whole command. */
    static void mget(CommandContext c) {
        Db db = c.db();
        boolean noTouch = c.client().noTouch();
        c.reply().array(c.argc() - 1);
        for (int i = 1; i < c.argc(); i++) {
            Entry e = db.lookupRead(c.arg(i), noTouch);
            if (e != null && e.value() instanceof byte[] b) {
                c.reply().bulk(b);
            } else {
                c.reply().nullBulk();
            }
        }
    }

    static void strlen(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        c.reply().integer(e == null ? 0 : stringValue(e).length);
    }

    /** GETRANGE and SUBSTR: offsets are checked before the key; a missing key is an empty string. */
    static void getrange(CommandContext c) {
        long start = Numbers.parseLong(c.arg(2));
        long end = Numbers.parseLong(c.arg(3));
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().bulk(EMPTY);
            return;
        }
        byte[] v = stringValue(e);
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            c.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = Math.max(len + start, 0);
        }
        if (end < 0) {
            end = Math.max(len + end, 0);
        }
        if (end >= len) {
            end = len - 1;
        }
        if (len == 0 || start > end) {
            c.reply().bulk(EMPTY);
        } else {
            c.reply().bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    /**
     * GETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST]. The expiry is validated only
     * once the key is known to hold a string; an absolute time already past deletes the key
     * after replying its value.
     */
    static void getex(CommandContext c) {
        StringOptions o = StringOptions.parse(c, 2, false);
        Db db = c.db();
        Entry e = db.lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        byte[] v = stringValue(e);
        long at = o.expire != null ? o.expireAt("getex") : -1;
        c.reply().bulk(v);
        byte[] key = c.arg(1);
        // Never propagated as GETEX: as PEXPIREAT, PERSIST, or the deletion (Valkey).
        if (o.has(StringOptions.EXAT | StringOptions.PXAT) && StringOptions.alreadyExpired(at)) {
            db.delete(key);
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
            if (c.propagating()) {
                c.rewriteArgv(c.server().propagation().expireDeleteCommand(), key);
            }
        } else if (o.expire != null) {
            db.setExpire(e, at);
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "expire", key);
            if (c.propagating()) {
                c.rewriteArgv(Verbs.PEXPIREAT, key, Verbs.num(at));
            }
        } else if (o.has(StringOptions.PERSIST) && e.expireAt() >= 0) {
            db.setExpire(e, -1);
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.GENERIC, "persist", key);
            if (c.propagating()) {
                c.rewriteArgv(Verbs.PERSIST, key);
            }
        }
    }

    static void getdel(CommandContext c) {
        Db db = c.db();
        Entry e = db.lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(stringValue(e));
        if (db.delete(c.arg(1))) {
            c.signalModifiedKey(c.arg(1));
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", c.arg(1));
            if (c.propagating()) {
                c.rewriteArgv(Verbs.DEL, c.arg(1));
            }
        }
    }
}
