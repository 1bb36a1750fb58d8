package io.jvalkey.server.commands.hll;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.MAY_REPLICATE;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.hll.Hll;

/**
 * PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST. A HyperLogLog is a string value in Valkey's format
 * ({@link Hll}); every command that touches one leaves it a raw string, as Valkey unshares it.
 */
public final class HllCommands {
    private HllCommands() {}

    static final CommandError NOT_HLL = new CommandError("WRONGTYPE Key is not a valid HyperLogLog string value.");
    static final CommandError CORRUPT = new CommandError("INVALIDOBJ Corrupted HLL object detected");

    public static void register(CommandTable t) {
        t.add(command("pfadd", -2).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RW", "insert"))
                .acl("write", "hyperloglog", "fast").complexity("O(1) to add every element.")
                .doc("hyperloglog", "2.8.9", "Adds elements to a HyperLogLog (creating it) and replies 1 if its estimate may have changed.")
                .handler(HllCommands::pfadd).build());
        t.add(command("pfcount", -2).flags(READONLY, MAY_REPLICATE).keys(1, -1, 1)
                .keySpec(KeySpec.range(1, -1, 1, "RW", "access")
                        .withNotes("RW because it may change the internal representation of the key, and propagate to replicas"))
                .acl("read", "hyperloglog", "slow")
                .complexity("O(1) with a very small average constant time when called with a single key. O(N) with N being "
                        + "the number of keys, and much bigger constant times, when called with multiple keys.")
                .doc("hyperloglog", "2.8.9", "Estimates the number of distinct elements added to one HyperLogLog, or to the union of several.")
                .handler(HllCommands::pfcount).build());
        t.add(command("pfmerge", -2).flags(WRITE, DENYOOM).keys(1, -1, 1)
                .keySpec(KeySpec.range(1, 0, 1, "RW", "access", "insert")).keySpec(KeySpec.range(2, -1, 1, "RO", "access"))
                .acl("write", "hyperloglog", "slow").complexity("O(N) to merge N HyperLogLogs, but with high constant times.")
                .doc("hyperloglog", "2.8.9", "Stores the union of HyperLogLogs (the destination's own included) in the destination key.")
                .handler(HllCommands::pfmerge).build());
        t.add(command("pfdebug", 3).flags(WRITE, DENYOOM, ADMIN).keys(2, 2, 1).keySpec(KeySpec.range(2, 0, 1, "RW", "access"))
                .acl("write", "hyperloglog", "admin", "slow", "dangerous").complexity("N/A").docFlags("syscmd")
                .doc("hyperloglog", "2.8.9", "Shows or changes the internal representation of a HyperLogLog (registers, opcodes, encoding).")
                .handler(HllCommands::pfdebug).build());
        t.add(command("pfselftest", 1).flags(ADMIN)
                .acl("hyperloglog", "admin", "slow", "dangerous").complexity("N/A").docFlags("syscmd")
                .doc("hyperloglog", "2.8.9", "Runs the HyperLogLog implementation's own consistency and accuracy checks.")
                .handler(HllSelfTest::run).build());
    }

    /** The value of a key that must hold a HyperLogLog. */
    static byte[] hllValue(Entry e) {
        if (!(e.value() instanceof byte[] v)) {
            throw CommandError.WRONGTYPE;
        }
        if (!Hll.isValid(v)) {
            throw NOT_HLL;
        }
        return v;
    }

    /** Stores an edited value back (if it changed); the key's string is raw from now on. */
    private static void store(Db db, Entry e, Hll h) {
        if (h.modified()) {
            db.replaceValue(e, h.bytes());
        }
        e.stringEncoding(Entry.STRING_RAW);
    }

    /** PFADD key [element ...]: 1 if the key was created or a register changed. */
    static void pfadd(CommandContext c) {
        byte[] key = c.arg(1);
        Db db = c.db();
        long maxBytes = c.encodings().hllSparseMaxBytes;
        Entry e = db.lookupWrite(key);
        Hll h = e == null ? Hll.create(maxBytes) : Hll.of(hllValue(e), maxBytes);
        boolean updated = e == null;
        for (int j = 2; j < c.argc(); j++) {
            int r = h.add(c.arg(j));
            if (r == 1) {
                updated = true;
            } else if (r < 0) {
                store(db, e, h); // what changed before the corrupt part stays changed (never a new key)
                throw CORRUPT;
            }
        }
        if (updated) {
            h.invalidateCache();
        }
        if (e == null) {
            db.add(key, h.bytes()).stringEncoding(Entry.STRING_RAW);
        } else {
            store(db, e, h);
        }
        if (updated) {
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.STRING, "pfadd", key);
        }
        c.reply().integer(updated ? 1 : 0);
    }

    /**
     * PFCOUNT key [key ...]. One key: the cached cardinality, or a new one computed and written
     * back into the value. Several keys: the cardinality of their union, nothing written.
     */
    static void pfcount(CommandContext c) {
        Db db = c.db();
        boolean noTouch = c.client().noTouch();
        if (c.argc() > 2) {
            byte[] max = new byte[Hll.REGISTERS];
            for (int j = 1; j < c.argc(); j++) {
                Entry e = db.lookupRead(c.arg(j), noTouch);
                if (e != null && !Hll.mergeInto(max, hllValue(e))) {
                    throw CORRUPT;
                }
            }
            c.reply().integer(Hll.countRaw(max));
            return;
        }
        byte[] key = c.arg(1);
        Entry e = db.lookupRead(key, noTouch);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        byte[] v = hllValue(e);
        e.stringEncoding(Entry.STRING_RAW);
        if (Hll.cacheValid(v)) {
            c.reply().integer(Hll.cachedCount(v));
            return;
        }
        long card = Hll.count(v);
        if (card < 0) {
            throw CORRUPT;
        }
        db.replaceValue(e, Hll.withCachedCount(v, card));
        e.stringEncoding(Entry.STRING_RAW);
        c.signalModifiedKey(key);
        c.reply().integer(card);
    }

    /** PFMERGE destkey [sourcekey ...]: the union of all (the destination included) into destkey. */
    static void pfmerge(CommandContext c) {
        Db db = c.db();
        boolean noTouch = c.client().noTouch();
        byte[] max = new byte[Hll.REGISTERS];
        boolean dense = false;
        for (int j = 1; j < c.argc(); j++) {
            Entry e = db.lookupRead(c.arg(j), noTouch);
            if (e == null) {
                continue;
            }
            byte[] v = hllValue(e);
            dense |= (v[4] & 0xFF) == Hll.DENSE;
            if (!Hll.mergeInto(max, v)) {
                throw CORRUPT;
            }
        }
        byte[] key = c.arg(1);
        long maxBytes = c.encodings().hllSparseMaxBytes;
        Entry e = db.lookupWrite(key);
        // An existing destination was checked as a source above; a new one is never corrupt.
        Hll h = e == null ? Hll.create(maxBytes) : Hll.of((byte[]) e.value(), maxBytes);
        if (dense && !h.toDense()) {
            throw CORRUPT;
        }
        for (int j = 0; j < Hll.REGISTERS; j++) {
            if (max[j] != 0) {
                h.set(j, max[j]);
            }
        }
        h.invalidateCache();
        if (e == null) {
            db.add(key, h.bytes()).stringEncoding(Entry.STRING_RAW);
        } else {
            store(db, e, h);
        }
        c.signalModifiedKey(key);
        c.notifyKeyspaceEvent(Notify.STRING, "pfadd", key);
        c.reply().ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    static void pfdebug(CommandContext c) {
        String sub = c.argString(1);
        byte[] key = c.arg(2);
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        if (e == null) {
            throw new CommandError("ERR The specified key does not exist");
        }
        byte[] v = hllValue(e);
        e.stringEncoding(Entry.STRING_RAW);
        Hll h = Hll.of(v, c.encodings().hllSparseMaxBytes);
        Reply out = c.reply();
        switch (sub.toLowerCase(java.util.Locale.ROOT)) {
            case "getreg" -> {
                if (!h.toDense()) {
                    throw CORRUPT;
                }
                store(db, e, h);
                byte[] dense = h.bytes();
                out.array(Hll.REGISTERS);
                for (int j = 0; j < Hll.REGISTERS; j++) {
                    out.integer(Hll.register(dense, j));
                }
            }
            case "decode" -> {
                if (h.encoding() != Hll.SPARSE) {
                    throw new CommandError("ERR HLL encoding is not sparse");
                }
                out.bulk(Hll.decode(v));
            }
            case "encoding" -> out.simple(h.encoding() == Hll.DENSE ? "dense" : "sparse");
            case "todense" -> {
                boolean sparse = h.encoding() == Hll.SPARSE;
                if (!h.toDense()) {
                    throw CORRUPT;
                }
                store(db, e, h);
                out.integer(sparse ? 1 : 0);
            }
            default -> throw new CommandError("ERR Unknown PFDEBUG subcommand '" + sub + "'");
        }
    }
}
