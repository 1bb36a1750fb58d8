package io.jvalkey.server.commands.strings;

import static io.jvalkey.server.commands.strings.StringCommands.stringValue;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;

/** SET and its variants (SETNX, SETEX, PSETEX, GETSET), MSET and MSETNX. */
final class SetCommands {
    private SetCommands() {}

    /** What SET and its variants reply when they set the key, or skip it because of NX/XX. */
    private enum Replies { OK_NIL, ONE_ZERO }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL]. */
    static void set(CommandContext c) {
        if (c.argc() == 3) { // the common case, without parsing anything
            c.db().set(c.arg(1), c.arg(2), -1);
            written(c, c.arg(1), -1);
            c.reply().ok();
            return;
        }
        StringOptions o = StringOptions.parse(c, 3, true);
        long at = o.expire != null ? o.expireAt("set") : -1;
        setGeneric(c, o.flags, at, Replies.OK_NIL);
        if (at >= 0 && !o.has(StringOptions.PXAT)) {
            absoluteExpiry(c, at);
        }
    }

    /**
     * As Valkey 8: a SET with a relative or second-based expiry is propagated as
     * {@code SET key value PXAT <unix-ms>} (NX/XX/GET dropped: the effect is what counts).
     */
    private static void absoluteExpiry(CommandContext c, long at) {
        if (c.propagating() && c.propagation().rewritten() == null) {
            c.rewriteArgv(Verbs.SET, c.arg(1), c.arg(c.spec().name().equals("set") ? 2 : 3), Verbs.PXAT, Verbs.num(at));
        }
    }

    static void setnx(CommandContext c) {
        setGeneric(c, StringOptions.NX, -1, Replies.ONE_ZERO);
    }

    static void setex(CommandContext c) {
        long at = StringOptions.expireAt(c.arg(2), true, true, "setex");
        setWithExpiry(c, at);
    }

    static void psetex(CommandContext c) {
        long at = StringOptions.expireAt(c.arg(2), false, true, "psetex");
        setWithExpiry(c, at);
    }

    /** SETEX and PSETEX take the value as their third argument. */
    private static void setWithExpiry(CommandContext c, long at) {
        c.db().set(c.arg(1), c.arg(3), at);
        written(c, c.arg(1), at);
        absoluteExpiry(c, at);
        c.reply().ok();
    }

    /** What Valkey's SET announces: the change, "set", and "expire" when a TTL came with it. */
    static void written(CommandContext c, byte[] key, long at) {
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.STRING, "set", key);
        if (at >= 0) {
            c.notifyKeyspaceEvent(Notify.GENERIC, "expire", key);
        }
    }

    /**
     * The common part of SET and SETNX. With GET the old value (or nil) is the reply whatever
     * happens next, and a non-string old value fails the command before anything changes.
     *
     * @param at absolute expiry in unix ms, or -1 for none
     */
    private static void setGeneric(CommandContext c, int flags, long at, Replies replies) {
        Db db = c.db();
        byte[] key = c.arg(1);
        boolean get = (flags & StringOptions.GET) != 0;
        if (get) {
            Entry old = db.lookupRead(key, c.client().noTouch());
            c.reply().bulk(old == null ? null : stringValue(old));
        }
        if ((flags & (StringOptions.NX | StringOptions.XX)) != 0) {
            boolean found = db.lookupWrite(key) != null;
            if (((flags & StringOptions.NX) != 0 && found) || ((flags & StringOptions.XX) != 0 && !found)) {
                if (!get) {
                    if (replies == Replies.ONE_ZERO) {
                        c.reply().integer(0);
                    } else {
                        c.reply().nullBulk();
                    }
                }
                return;
            }
        }
        if (at >= 0 && StringOptions.alreadyExpired(at)) {
            // Born expired (EXAT/PXAT in the past): the key simply goes away.
            if (db.delete(key)) {
                c.signalModifiedKey(key);
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
                if (c.propagating()) {
                    c.rewriteArgv(c.server().propagation().expireDeleteCommand(), key);
                }
            }
        } else if ((flags & StringOptions.KEEPTTL) != 0) {
            db.setKeepTtl(key, c.arg(2));
            written(c, key, -1);
        } else {
            db.set(key, c.arg(2), at);
            written(c, key, at);
        }
        if (!get) {
            if (replies == Replies.ONE_ZERO) {
                c.reply().integer(1);
            } else {
                c.reply().ok();
            }
        }
    }

    /** GETSET key value: SET key value GET, dropping any time to live. */
    static void getset(CommandContext c) {
        Db db = c.db();
        Entry old = db.lookupRead(c.arg(1), c.client().noTouch());
        c.reply().bulk(old == null ? null : stringValue(old));
        db.set(c.arg(1), c.arg(2), -1);
        written(c, c.arg(1), -1);
        if (c.propagating()) {
            c.rewriteArg(0, Verbs.SET);
        }
    }

    static void mset(CommandContext c) {
        checkPairs(c);
        Db db = c.db();
        for (int i = 1; i < c.argc(); i += 2) {
            db.set(c.arg(i), c.arg(i + 1), -1);
            written(c, c.arg(i), -1);
        }
        c.reply().ok();
    }

    /** Sets every pair only if none of the keys exists (checked before the first write). */
    static void msetnx(CommandContext c) {
        checkPairs(c);
        Db db = c.db();
        for (int i = 1; i < c.argc(); i += 2) {
            if (db.lookupWrite(c.arg(i)) != null) {
                c.reply().integer(0);
                return;
            }
        }
        for (int i = 1; i < c.argc(); i += 2) {
            db.set(c.arg(i), c.arg(i + 1), -1);
            written(c, c.arg(i), -1);
        }
        c.reply().integer(1);
    }

    /** MSET and MSETNX need key-value pairs; an odd count is an arity error. */
    private static void checkPairs(CommandContext c) {
        if (c.argc() % 2 == 0) {
            throw new CommandError(CommandContext.arityError(c.spec().fullName()));
        }
    }
}
