package io.jvalkey.server.commands.keys;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Lfu;
import io.jvalkey.server.keyspace.MemoryLimits;
import io.jvalkey.server.keyspace.TypedValue;

/** OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP: how a key's value is stored and used. */
final class ObjectCommand {
    /** Valkey keeps strings up to this length in one allocation with their object ("embstr"). */
    static final int EMBSTR_LIMIT = 44;
    /** Valkey shares one object for each integer value in [0, 10000). */
    static final long SHARED_INTEGERS = 10_000;
    /** What Valkey reports as the reference count of a shared object. */
    static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private ObjectCommand() {}

    static void encoding(CommandContext c) {
        Entry e = lookup(c);
        if (e != null) {
            c.reply().bulk(encodingOf(e));
        }
    }

    /** Valkey's name for how the value of {@code e} would be stored there. */
    static String encodingOf(Entry e) {
        Object v = e.value();
        if (v instanceof TypedValue t) {
            return t.encoding();
        }
        byte[] s = (byte[]) v;
        return switch (e.stringEncoding()) {
            case Entry.STRING_RAW -> "raw";
            case Entry.STRING_PRIVATE_INT -> "int";
            case Entry.STRING_NO_INT -> s.length <= EMBSTR_LIMIT ? "embstr" : "raw";
            default -> Numbers.isCanonicalLong(s) ? "int" : s.length <= EMBSTR_LIMIT ? "embstr" : "raw";
        };
    }

    static void refcount(CommandContext c) {
        Entry e = lookup(c);
        if (e != null) {
            c.reply().integer(isSharedInteger(e, c.server().keyspace().limits()) ? SHARED_REFCOUNT : 1);
        }
    }

    /**
     * Whether Valkey would hold this value as one of its shared integer objects: a small
     * non-negative integer stored by a plain write, unless maxmemory with an LRU or LFU policy
     * needs a private access time per key.
     */
    private static boolean isSharedInteger(Entry e, MemoryLimits limits) {
        if (!(e.value() instanceof byte[] s) || e.stringEncoding() != Entry.STRING_AUTO || !Numbers.isCanonicalLong(s)) {
            return false;
        }
        long v = Numbers.parseLong(s);
        if (v < 0 || v >= SHARED_INTEGERS) {
            return false;
        }
        MemoryLimits.Policy p = limits.policy;
        boolean needsOwnAccessTime = p.lfu() || p == MemoryLimits.Policy.ALLKEYS_LRU || p == MemoryLimits.Policy.VOLATILE_LRU;
        return limits.maxmemory == 0 || !needsOwnAccessTime;
    }

    static void idletime(CommandContext c) {
        Entry e = lookup(c);
        if (e == null) {
            return;
        }
        if (c.server().keyspace().limits().policy.lfu()) {
            throw new CommandError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
                    + "when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        c.reply().integer(Clock.idleSeconds(e.access()));
    }

    static void freq(CommandContext c) {
        Entry e = lookup(c);
        if (e == null) {
            return;
        }
        MemoryLimits limits = c.server().keyspace().limits();
        if (!limits.policy.lfu()) {
            throw new CommandError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
                    + "note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        c.reply().integer(Lfu.decayed(e.access(), limits.lfuDecayTime));
    }

    /** The key's entry without touching its access time; answers null and returns null if missing. */
    private static Entry lookup(CommandContext c) {
        Entry e = c.db().lookupRead(c.arg(2), true);
        if (e == null) {
            c.reply().nullBulk();
        }
        return e;
    }

    static void help(CommandContext c) {
        String[] lines = {
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Name the representation the server uses for the value at <key>.",
            "FREQ <key>",
            "    Give the logarithmic access counter of <key> (needs an LFU maxmemory-policy).",
            "IDLETIME <key>",
            "    Give the seconds since <key> was last read or written (not under LFU policies).",
            "REFCOUNT <key>",
            "    Give how many references point at the value of <key>.",
            "HELP",
            "    Print this help."
        };
        c.reply().array(lines.length);
        for (String l : lines) {
            c.reply().simple(l);
        }
    }
}
