package io.jvalkey.server.commands.sets;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.MOVABLEKEYS;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Handler;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.types.set.SetValue;
import java.util.Arrays;

/**
 * The set family, declared with Valkey's arity, flags, key specs and ACL categories. Handlers
 * live in {@link SetMemberCommands} (single-key reads and writes), {@link SetRandomCommands}
 * (SPOP, SRANDMEMBER), {@link SetAlgebra} (intersection, union, difference) and
 * {@link SscanCommand}.
 */
public final class SetCommands {
    private SetCommands() {}

    public static void register(CommandTable t) {
        one(t, "sadd", -3, key("RW", "insert"), "1.0.0", "Adds members to a set, creating it if needed, and replies how many were new.",
                SetMemberCommands::sadd, WRITE, DENYOOM, FAST);
        one(t, "srem", -3, key("RW", "delete"), "1.0.0", "Removes members from a set (deleting it once empty) and replies how many were there.",
                SetMemberCommands::srem, WRITE, FAST);
        one(t, "scard", 2, key("RO"), "1.0.0", "Replies the number of members of a set.", SetMemberCommands::scard, READONLY, FAST);
        one(t, "sismember", 3, key("RO"), "1.0.0", "Replies 1 if a value is a member of a set, else 0.",
                SetMemberCommands::sismember, READONLY, FAST);
        one(t, "smismember", -3, key("RO", "access"), "6.2.0", "Replies 1 or 0 for each value: whether it is a member of a set.",
                SetMemberCommands::smismember, READONLY, FAST);
        t.add(command("smembers", 2).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .tips("nondeterministic_output_order").acl("set")
                .doc("set", "1.0.0", "Replies every member of a set.").handler(SetAlgebra::sinter).build());
        t.add(command("spop", -2).flags(WRITE, FAST).keys(1, 1, 1).keySpec(key("RW", "access", "delete"))
                .tips("nondeterministic_output").acl("set")
                .doc("set", "1.0.0", "Removes and replies one or more random members of a set (deleting it once empty).")
                .handler(SetRandomCommands::spop).build());
        t.add(command("srandmember", -2).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .tips("nondeterministic_output").acl("set")
                .doc("set", "1.0.0", "Replies random members of a set: distinct ones for a positive count, possibly repeated for a negative one.")
                .handler(SetRandomCommands::srandmember).build());
        t.add(command("smove", 4).flags(WRITE, FAST).keys(1, 2, 1)
                .keySpec(key("RW", "access", "delete")).keySpec(KeySpec.range(2, 0, 1, "RW", "insert")).acl("set")
                .doc("set", "1.0.0", "Moves a member from one set to another; replies 1 if it was in the source.")
                .handler(SetMemberCommands::smove).build());
        t.add(command("sscan", -3).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .tips("nondeterministic_output").acl("set")
                .doc("set", "2.8.0", "Iterates over the members of a set with a cursor.").handler(SscanCommand::sscan).build());

        many(t, "sinter", "1.0.0", "Replies the intersection of sets.", SetAlgebra::sinter);
        many(t, "sunion", "1.0.0", "Replies the union of sets.", SetAlgebra::sunion);
        many(t, "sdiff", "1.0.0", "Replies the members of the first set that are in none of the others.", SetAlgebra::sdiff);
        store(t, "sinterstore", "Stores the intersection of sets in a key and replies its size.", SetAlgebra::sinterstore);
        store(t, "sunionstore", "Stores the union of sets in a key and replies its size.", SetAlgebra::sunionstore);
        store(t, "sdiffstore", "Stores the difference of sets in a key and replies its size.", SetAlgebra::sdiffstore);
        // Keys follow a count argument: routing finds them through the key spec.
        t.add(command("sintercard", -3).flags(READONLY, MOVABLEKEYS).keys(0, 0, 0)
                .keySpec(KeySpec.keynum(1, 0, 1, 1, "RO", "access")).acl("set")
                .doc("set", "7.0.0", "Replies the size of the intersection of sets, counting up to an optional limit.")
                .handler(SetAlgebra::sintercard).build());
    }

    private static KeySpec key(String... flags) {
        return KeySpec.range(1, 0, 1, flags);
    }

    /** A command on the one key in argument 1. */
    private static void one(CommandTable t, String name, int arity, KeySpec key, String since, String summary,
            Handler h, CommandFlag... flags) {
        t.add(command(name, arity).flags(flags).keys(1, 1, 1).keySpec(key).acl("set")
                .doc("set", since, summary).handler(h).build());
    }

    /** A read over the keys from argument 1 on. */
    private static void many(CommandTable t, String name, String since, String summary, Handler h) {
        t.add(command(name, -2).flags(READONLY).keys(1, -1, 1).keySpec(KeySpec.range(1, -1, 1, "RO", "access"))
                .tips("nondeterministic_output_order").acl("set")
                .doc("set", since, summary).handler(h).build());
    }

    /** A STORE variant: destination in argument 1, sources after it. */
    private static void store(CommandTable t, String name, String summary, Handler h) {
        t.add(command(name, -3).flags(WRITE, DENYOOM).keys(1, -1, 1)
                .keySpec(KeySpec.range(1, 0, 1, "OW", "update")).keySpec(KeySpec.range(2, -1, 1, "RO", "access"))
                .acl("set").doc("set", "1.0.0", summary).handler(h).build());
    }

    // ---- lookups shared by the handlers ---------------------------------------------------------

    /** The set at a key for reading, null if missing, WRONGTYPE if another type. */
    static SetValue readSet(CommandContext c, byte[] key) {
        Entry e = c.db().lookupRead(key, c.client().noTouch());
        return e == null ? null : asSet(e);
    }

    /** The set held by a live entry, or WRONGTYPE. */
    static SetValue asSet(Entry e) {
        if (e.value() instanceof SetValue s) {
            return s;
        }
        throw CommandError.WRONGTYPE;
    }

    static boolean sameKey(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    /**
     * A count argument in [min, max] read as Valkey's getRangeLongFromObjectOrReply: with a
     * message, that message for any problem; without, the generic integer and range errors.
     */
    static long rangeArg(CommandContext c, int i, long min, long max, String message) {
        long v = Numbers.parseLongOr(c.arg(i), Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !Numbers.isCanonicalLong(c.arg(i))) {
            throw message != null ? new CommandError(message) : CommandError.NOT_INTEGER;
        }
        if (v < min || v > max) {
            throw new CommandError(message != null ? message
                    : "ERR value is out of range, value must between " + min + " and " + max);
        }
        return v;
    }
}
