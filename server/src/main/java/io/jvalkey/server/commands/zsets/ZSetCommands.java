package io.jvalkey.server.commands.zsets;

import static io.jvalkey.server.command.CommandFlag.BLOCKING;
import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.MOVABLEKEYS;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Handler;
import io.jvalkey.server.command.KeySpec;
import java.util.Arrays;

/**
 * The sorted-set family, declared with Valkey's arity, flags, key specs and ACL categories.
 * Commands whose keys follow a count argument (ZUNION, ZMPOP ...) run with every shard held,
 * since their keys are not where the legacy key range says.
 */
public final class ZSetCommands {
    private ZSetCommands() {}

    public static void register(CommandTable t) {
        // Writes.
        one(t, "zadd", -4, "1.2.0", "Adds members to a sorted set, or updates their scores; creates the key if missing.",
                ZAddCommands::zadd, key("RW", "update"), WRITE, DENYOOM, FAST);
        one(t, "zincrby", 4, "1.2.0", "Increments the score of a member of a sorted set.",
                ZAddCommands::zincrby, key("RW", "access", "update"), WRITE, DENYOOM, FAST);
        one(t, "zrem", -3, "1.2.0", "Removes members from a sorted set; deletes the key when it empties.",
                ZAddCommands::zrem, key("RW", "delete"), WRITE, FAST);
        one(t, "zremrangebyrank", 4, "2.0.0", "Removes the members of a sorted set within a range of ranks.",
                ZRangeCommands::zremrangebyrank, key("RW", "delete"), WRITE);
        one(t, "zremrangebyscore", 4, "1.2.0", "Removes the members of a sorted set within a range of scores.",
                ZRangeCommands::zremrangebyscore, key("RW", "delete"), WRITE);
        one(t, "zremrangebylex", 4, "2.8.9", "Removes the members of a sorted set within a lexicographical range.",
                ZRangeCommands::zremrangebylex, key("RW", "delete"), WRITE);
        one(t, "zpopmin", -2, "5.0.0", "Removes and returns the members with the lowest scores.",
                ZPopCommands::zpopmin, key("RW", "access", "delete"), WRITE, FAST);
        one(t, "zpopmax", -2, "5.0.0", "Removes and returns the members with the highest scores.",
                ZPopCommands::zpopmax, key("RW", "access", "delete"), WRITE, FAST);
        t.add(command("bzpopmin", -3).flags(WRITE, FAST, BLOCKING).keys(1, -2, 1)
                .keySpec(KeySpec.range(1, -2, 1, "RW", "access", "delete"))
                .acl("write", "sortedset", "fast", "blocking")
                .doc("sorted-set", "5.0.0", "Removes and returns the member with the lowest score from the first non-empty sorted set; blocks until one is available.")
                .handler(ZPopCommands::bzpopmin).build());
        t.add(command("bzpopmax", -3).flags(WRITE, FAST, BLOCKING).keys(1, -2, 1)
                .keySpec(KeySpec.range(1, -2, 1, "RW", "access", "delete"))
                .acl("write", "sortedset", "fast", "blocking")
                .doc("sorted-set", "5.0.0", "Removes and returns the member with the highest score from the first non-empty sorted set; blocks until one is available.")
                .handler(ZPopCommands::bzpopmax).build());
        t.add(command("zmpop", -4).flags(WRITE, MOVABLEKEYS).keys(0, 0, 0)
                .keySpec(KeySpec.keynum(1, 0, 1, 1, "RW", "access", "delete"))
                .acl("write", "sortedset", "slow")
                .doc("sorted-set", "7.0.0", "Removes and returns members by score from the first non-empty sorted set of several.")
                .handler(ZPopCommands::zmpop).build());
        t.add(command("bzmpop", -5).flags(WRITE, BLOCKING, MOVABLEKEYS).keys(0, 0, 0)
                .keySpec(KeySpec.keynum(2, 0, 1, 1, "RW", "access", "delete"))
                .acl("write", "sortedset", "slow", "blocking")
                .doc("sorted-set", "7.0.0", "Removes and returns members by score from the first non-empty sorted set of several; blocks until one is available.")
                .handler(ZPopCommands::bzmpop).build());
        store(t, "zrangestore", -5, "6.2.0", "Stores a range of members of a sorted set in another key.",
                ZRangeCommands::zrangestore, KeySpec.range(2, 0, 1, "RO", "access"), false);
        store(t, "zunionstore", -4, "2.0.0", "Stores the union of sorted sets in a key.",
                ZSetOpCommands::zunionstore, KeySpec.keynum(2, 0, 1, 1, "RO", "access"), true);
        store(t, "zinterstore", -4, "2.0.0", "Stores the intersection of sorted sets in a key.",
                ZSetOpCommands::zinterstore, KeySpec.keynum(2, 0, 1, 1, "RO", "access"), true);
        store(t, "zdiffstore", -4, "6.2.0", "Stores the difference of sorted sets in a key.",
                ZSetOpCommands::zdiffstore, KeySpec.keynum(2, 0, 1, 1, "RO", "access"), true);

        // Reads.
        one(t, "zcard", 2, "1.2.0", "Returns the number of members of a sorted set.",
                ZReadCommands::zcard, key("RO"), READONLY, FAST);
        one(t, "zscore", 3, "1.2.0", "Returns the score of a member of a sorted set.",
                ZReadCommands::zscore, key("RO", "access"), READONLY, FAST);
        one(t, "zmscore", -3, "6.2.0", "Returns the scores of several members of a sorted set.",
                ZReadCommands::zmscore, key("RO", "access"), READONLY, FAST);
        one(t, "zrank", -3, "2.0.0", "Returns the rank of a member in a sorted set ordered by increasing score.",
                ZReadCommands::zrank, key("RO", "access"), READONLY, FAST);
        one(t, "zrevrank", -3, "2.0.0", "Returns the rank of a member in a sorted set ordered by decreasing score.",
                ZReadCommands::zrevrank, key("RO", "access"), READONLY, FAST);
        one(t, "zcount", 4, "2.0.0", "Counts the members of a sorted set within a range of scores.",
                ZRangeCommands::zcount, key("RO", "access"), READONLY, FAST);
        one(t, "zlexcount", 4, "2.8.9", "Counts the members of a sorted set within a lexicographical range.",
                ZRangeCommands::zlexcount, key("RO", "access"), READONLY, FAST);
        one(t, "zrange", -4, "1.2.0", "Returns members of a sorted set within a range of ranks, scores or lexicographical values.",
                ZRangeCommands::zrange, key("RO", "access"), READONLY);
        deprecated(t, "zrangebyscore", "1.0.5", "Returns members of a sorted set within a range of scores.",
                ZRangeCommands::zrangebyscore);
        deprecated(t, "zrevrangebyscore", "2.2.0", "Returns members of a sorted set within a range of scores, highest first.",
                ZRangeCommands::zrevrangebyscore);
        deprecated(t, "zrangebylex", "2.8.9", "Returns members of a sorted set within a lexicographical range.",
                ZRangeCommands::zrangebylex);
        deprecated(t, "zrevrangebylex", "2.8.9", "Returns members of a sorted set within a lexicographical range, highest first.",
                ZRangeCommands::zrevrangebylex);
        deprecated(t, "zrevrange", "1.2.0", "Returns members of a sorted set within a range of ranks, highest first.",
                ZRangeCommands::zrevrange);
        t.add(command("zrandmember", -2).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .tips("nondeterministic_output").acl("read", "sortedset", "slow")
                .doc("sorted-set", "6.2.0", "Returns random members of a sorted set.")
                .handler(ZReadCommands::zrandmember).build());
        t.add(command("zscan", -3).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .tips("nondeterministic_output").acl("read", "sortedset", "slow")
                .doc("sorted-set", "2.8.0", "Iterates over the members and scores of a sorted set.")
                .handler(ZReadCommands::zscan).build());
        multi(t, "zunion", "6.2.0", "Returns the union of sorted sets.", ZSetOpCommands::zunion);
        multi(t, "zinter", "6.2.0", "Returns the intersection of sorted sets.", ZSetOpCommands::zinter);
        multi(t, "zdiff", "6.2.0", "Returns the difference between the first sorted set and the others.", ZSetOpCommands::zdiff);
        multi(t, "zintercard", "7.0.0", "Returns the number of members in the intersection of sorted sets.",
                ZSetOpCommands::zintercard);
    }

    private static KeySpec key(String... flags) {
        return KeySpec.range(1, 0, 1, flags);
    }

    /** A command on the key in argument 1. */
    private static void one(CommandTable t, String name, int arity, String since, String summary, Handler h,
            KeySpec key, CommandFlag... flags) {
        boolean write = Arrays.asList(flags).contains(WRITE);
        boolean fast = Arrays.asList(flags).contains(FAST);
        t.add(command(name, arity).flags(flags).keys(1, 1, 1).keySpec(key)
                .acl(write ? "write" : "read", "sortedset", fast ? "fast" : "slow")
                .doc("sorted-set", since, summary).handler(h).build());
    }

    private static void deprecated(CommandTable t, String name, String since, String summary, Handler h) {
        t.add(command(name, -4).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access")).docFlags("deprecated")
                .acl("read", "sortedset", "slow").doc("sorted-set", since, summary).handler(h).build());
    }

    /** A STORE command: destination in argument 1, sources after it (a count first when {@code numkeys}). */
    private static void store(CommandTable t, String name, int arity, String since, String summary, Handler h,
            KeySpec sources, boolean numkeys) {
        CommandSpec.Builder b = command(name, arity).flags(WRITE, DENYOOM)
                .keySpec(KeySpec.range(1, 0, 1, "OW", "update")).keySpec(sources)
                .acl("write", "sortedset", "slow").doc("sorted-set", since, summary).handler(h);
        if (numkeys) {
            b.flags(MOVABLEKEYS).keys(1, 1, 1);
        } else {
            b.keys(1, 2, 1);
        }
        t.add(b.build());
    }

    /** A read of several sorted sets named after a count (ZUNION numkeys key ...). */
    private static void multi(CommandTable t, String name, String since, String summary, Handler h) {
        t.add(command(name, -3).flags(READONLY, MOVABLEKEYS).keys(0, 0, 0)
                .keySpec(KeySpec.keynum(1, 0, 1, 1, "RO", "access"))
                .acl("read", "sortedset", "slow").doc("sorted-set", since, summary).handler(h).build());
    }
}
