package io.jvalkey.server.commands.persistence;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.persistence.DumpCodec;
import io.jvalkey.server.pubsub.Notify;

/** DUMP and RESTORE, with Valkey's replies, errors and events (cluster.c). */
final class DumpRestore {
    private static final CommandError BUSYKEY = new CommandError("BUSYKEY Target key name already exists.");

    private DumpRestore() {}

    static void dump(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(DumpCodec.dump(c.server().persistence().dumpOptions(), e.key(), e.value()));
    }

    private static final byte[] ABSTTL = {'A', 'B', 'S', 'T', 'T', 'L'};

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    static void restore(CommandContext c) {
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < c.argc(); j++) {
            int more = c.argc() - j - 1;
            String opt = c.option(j);
            if (opt.equals("replace")) {
                replace = true;
            } else if (opt.equals("absttl")) {
                absTtl = true;
            } else if (opt.equals("idletime") && more >= 1 && freq == -1) {
                idle = c.longArg(j + 1);
                if (idle < 0) {
                    throw new CommandError("ERR Invalid IDLETIME value, must be >= 0");
                }
                j++;
            } else if (opt.equals("freq") && more >= 1 && idle == -1) {
                freq = c.longArg(j + 1);
                if (freq < 0 || freq > 255) {
                    throw new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
                j++;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        byte[] key = c.arg(1);
        Db db = c.db();
        if (!replace && db.lookupWrite(key) != null) {
            throw BUSYKEY;
        }
        long ttl = c.longArg(2);
        if (ttl < 0) {
            throw new CommandError("ERR Invalid TTL value, must be >= 0");
        }
        Object value;
        try {
            value = DumpCodec.restore(c.arg(3), key, c.encodings());
        } catch (DumpCodec.BadPayload e) {
            throw new CommandError(e.badChecksum ? "ERR DUMP payload version or checksum are wrong" : "ERR Bad data format");
        }
        boolean deleted = replace && db.delete(key);
        if (ttl != 0 && !absTtl) {
            ttl += Clock.nowMillis();
        }
        if (ttl != 0 && ttl <= Clock.nowMillis()) {
            if (deleted) {
                c.signalModifiedKey(key);
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", key);
                if (c.propagating()) {
                    c.rewriteArgv(c.server().propagation().serverDeleteCommand(), key);
                }
            }
            c.reply().ok();
            return;
        }
        Entry e = db.set(key, value, ttl != 0 ? ttl : -1);
        if (idle >= 0 || freq >= 0) {
            db.restoreAccess(e, idle, (int) freq);
        }
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.GENERIC, "restore", key);
        if (ttl != 0 && !absTtl && c.propagating()) {
            // As Valkey: a relative TTL travels as the absolute time, with ABSTTL appended.
            c.rewriteArg(2, io.jvalkey.server.propagation.Verbs.num(ttl));
            c.rewriteArg(c.argc(), ABSTTL);
        }
        c.reply().ok();
    }
}
