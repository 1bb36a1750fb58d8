package io.jvalkey.server.commands.hashes;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Handler;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.types.hash.HashValue;
import java.util.Arrays;

/**
 * The hash family: declarations with Valkey's arity, flags, key specs and ACL categories, and the
 * lookups every hash command starts with. A lookup also reclaims the hash's expired fields, so a
 * handler only ever sees live fields (and a hash emptied that way is gone).
 */
public final class HashCommands {
    private HashCommands() {}

    public static void register(CommandTable t) {
        // Reads.
        add(t, "hget", 3, READONLY, key("RO", "access"), "2.0.0", "Returns the value of a hash field.", HashReads::hget, FAST);
        add(t, "hmget", -3, READONLY, key("RO", "access"), "2.0.0", "Returns the values of several hash fields (nil for missing ones).",
                HashReads::hmget, FAST);
        add(t, "hexists", 3, READONLY, key("RO"), "2.0.0", "Tells whether a hash has a field.", HashReads::hexists, FAST);
        add(t, "hlen", 2, READONLY, key("RO"), "2.0.0", "Returns how many fields a hash has.", HashReads::hlen, FAST);
        add(t, "hstrlen", 3, READONLY, key("RO"), "3.2.0", "Returns the length of a hash field's value.", HashReads::hstrlen, FAST);
        add(t, "hkeys", 2, READONLY, key("RO", "access"), "2.0.0", "Returns every field of a hash.", HashReads::hkeys);
        add(t, "hvals", 2, READONLY, key("RO", "access"), "2.0.0", "Returns every value of a hash.", HashReads::hvals);
        add(t, "hgetall", 2, READONLY, key("RO", "access"), "2.0.0", "Returns every field and value of a hash.", HashReads::hgetall);
        add(t, "hrandfield", -2, READONLY, key("RO", "access"), "6.2.0", "Returns random fields of a hash, optionally with values.",
                HashReads::hrandfield);
        add(t, "hscan", -3, READONLY, key("RO", "access"), "2.8.0", "Iterates over the fields and values of a hash.", HashReads::hscan);

        // Writes.
        add(t, "hset", -4, WRITE, key("RW", "update"), "2.0.0", "Sets hash fields, creating the hash if needed; replies how many were new.",
                HashWrites::hset, DENYOOM, FAST);
        add(t, "hmset", -4, WRITE, key("RW", "update"), "2.0.0", "Sets hash fields (an old form of HSET that replies OK).",
                HashWrites::hmset, DENYOOM, FAST);
        add(t, "hsetnx", 4, WRITE, key("RW", "insert"), "2.0.0", "Sets a hash field only if it does not exist yet.",
                HashWrites::hsetnx, DENYOOM, FAST);
        add(t, "hdel", -3, WRITE, key("RW", "delete"), "2.0.0", "Removes hash fields; the hash goes when its last field does.",
                HashWrites::hdel, FAST);
        add(t, "hincrby", 4, WRITE, key("RW", "access", "update"), "2.0.0", "Adds an integer to a hash field (a missing field counts as 0).",
                HashWrites::hincrby, DENYOOM, FAST);
        add(t, "hincrbyfloat", 4, WRITE, key("RW", "access", "update"), "2.6.0",
                "Adds a decimal number to a hash field (a missing field counts as 0).", HashWrites::hincrbyfloat, DENYOOM, FAST);

        // Field expiry (Valkey 9).
        add(t, "hexpire", -6, WRITE, key("RW", "update"), "9.0.0", "Gives hash fields a time to live in seconds.",
                FieldExpiryCommands::hexpire, FAST);
        add(t, "hpexpire", -6, WRITE, key("RW", "update"), "9.0.0", "Gives hash fields a time to live in milliseconds.",
                FieldExpiryCommands::hpexpire, FAST);
        add(t, "hexpireat", -6, WRITE, key("RW", "update"), "9.0.0", "Makes hash fields expire at a Unix time in seconds.",
                FieldExpiryCommands::hexpireat, FAST);
        add(t, "hpexpireat", -6, WRITE, key("RW", "update"), "9.0.0", "Makes hash fields expire at a Unix time in milliseconds.",
                FieldExpiryCommands::hpexpireat, FAST);
        add(t, "httl", -5, READONLY, key("RO", "access"), "9.0.0", "Returns the time to live of hash fields in seconds.",
                FieldExpiryCommands::httl, FAST);
        add(t, "hpttl", -5, READONLY, key("RO", "access"), "9.0.0", "Returns the time to live of hash fields in milliseconds.",
                FieldExpiryCommands::hpttl, FAST);
        add(t, "hexpiretime", -5, READONLY, key("RO", "access"), "9.0.0", "Returns when hash fields expire, as a Unix time in seconds.",
                FieldExpiryCommands::hexpiretime, FAST);
        add(t, "hpexpiretime", -5, READONLY, key("RO", "access"), "9.0.0",
                "Returns when hash fields expire, as a Unix time in milliseconds.", FieldExpiryCommands::hpexpiretime, FAST);
        add(t, "hpersist", -5, WRITE, key("RW", "update"), "9.0.0", "Removes the time to live of hash fields.",
                FieldExpiryCommands::hpersist, FAST);
        add(t, "hgetex", -5, WRITE, key("RW", "access", "update"), "9.0.0",
                "Returns hash field values and optionally changes or removes their time to live.", FieldExpiryCommands::hgetex, FAST);
        add(t, "hsetex", -6, WRITE, key("RW", "update"), "9.0.0",
                "Sets hash fields with optional conditions and time to live.", FieldExpiryCommands::hsetex, DENYOOM, FAST);
    }

    private static KeySpec key(String... flags) {
        return KeySpec.range(1, 0, 1, flags);
    }

    private static void add(CommandTable t, String name, int arity, CommandFlag access, KeySpec key, String since,
            String summary, Handler h, CommandFlag... extra) {
        boolean fast = Arrays.asList(extra).contains(FAST);
        CommandSpec.Builder b = command(name, arity).flags(access).flags(extra).keys(1, 1, 1).keySpec(key)
                .acl(access == WRITE ? "write" : "read", "hash", fast ? "fast" : "slow")
                .doc("hash", since, summary).handler(h);
        switch (name) {
            case "hkeys", "hvals", "hgetall" -> b.tips("nondeterministic_output_order");
            case "hrandfield", "hscan" -> b.tips("nondeterministic_output");
            default -> { }
        }
        t.add(b.build());
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** The hash at a key for a read command, or null; WRONGTYPE for another type. */
    static Entry read(CommandContext c, byte[] key) {
        Entry e = c.db().lookupRead(key, c.client().noTouch());
        return e == null ? null : live(c, e);
    }

    /** The hash at a key for a write command, or null; WRONGTYPE for another type. */
    static Entry write(CommandContext c, byte[] key) {
        Entry e = c.db().lookupWrite(key, c.client().noTouch());
        return e == null ? null : live(c, e);
    }

    static HashValue hash(Entry e) {
        return (HashValue) e.value();
    }

    private static Entry live(CommandContext c, Entry e) {
        if (!(e.value() instanceof HashValue h)) {
            throw CommandError.WRONGTYPE;
        }
        if (h.hasVolatileItems()
                && FieldExpiry.reclaim(c.server(), c.db(), e, Clock.nowMillis(), Integer.MAX_VALUE)) {
            return null; // its last field had expired
        }
        return e;
    }
}
