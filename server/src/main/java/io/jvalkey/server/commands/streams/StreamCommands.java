package io.jvalkey.server.commands.streams;

import static io.jvalkey.server.command.CommandFlag.BLOCKING;
import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.MOVABLEKEYS;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Routing;
import java.util.List;

/**
 * The stream family, declared with Valkey's arity, flags, key specs and ACL categories. The
 * value itself is {@link io.jvalkey.server.types.stream.Stream}.
 */
public final class StreamCommands {
    private StreamCommands() {}

    private static final String NONDET = "nondeterministic_output";

    public static void register(CommandTable t) {
        t.add(command("xadd", -5).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).tips(NONDET)
                .keySpec(key(1, "RW", "update").withNotes("UPDATE instead of INSERT because of the optional trimming feature"))
                .acl("write", "stream", "fast")
                .doc("stream", "5.0.0", "Appends an entry to a stream, creating the stream if needed, and may trim it.")
                .complexity("O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.")
                .handler(AddTrimCommands::xadd).build());
        t.add(command("xtrim", -4).flags(WRITE).keys(1, 1, 1).tips(NONDET).keySpec(key(1, "RW", "delete"))
                .acl("write", "stream", "slow")
                .doc("stream", "6.2.0", "Removes the oldest entries of a stream, by count or by ID.")
                .complexity("O(N), with N being the number of evicted entries.")
                .handler(AddTrimCommands::xtrim).build());
        t.add(command("xrange", -4).flags(READONLY).keys(1, 1, 1).keySpec(key(1, "RO", "access"))
                .acl("read", "stream", "slow")
                .doc("stream", "5.0.0", "Returns the entries of a stream between two IDs.")
                .complexity("O(N) with N being the number of elements being returned.")
                .handler(RangeCommands::xrange).build());
        t.add(command("xrevrange", -4).flags(READONLY).keys(1, 1, 1).keySpec(key(1, "RO", "access"))
                .acl("read", "stream", "slow")
                .doc("stream", "5.0.0", "Returns the entries of a stream between two IDs, newest first.")
                .complexity("O(N) with N being the number of elements returned.")
                .handler(RangeCommands::xrevrange).build());
        t.add(command("xlen", 2).flags(READONLY, FAST).keys(1, 1, 1).keySpec(key(1, "RO"))
                .acl("read", "stream", "fast")
                .doc("stream", "5.0.0", "Returns the number of entries in a stream.").complexity("O(1)")
                .handler(RangeCommands::xlen).build());
        t.add(command("xdel", -3).flags(WRITE, FAST).keys(1, 1, 1).keySpec(key(1, "RW", "delete"))
                .acl("write", "stream", "fast")
                .doc("stream", "5.0.0", "Deletes entries from a stream by ID and returns how many existed.")
                .complexity("O(1) for each single item to delete in the stream, regardless of the stream size.")
                .handler(RangeCommands::xdel).build());
        t.add(command("xsetid", -3).flags(WRITE, DENYOOM, FAST).keys(1, 1, 1).keySpec(key(1, "RW", "update"))
                .acl("write", "stream", "fast")
                .doc("stream", "5.0.0", "Sets a stream's last ID and counters (used for replication).")
                .complexity("O(1)")
                .handler(RangeCommands::xsetid).build());
        t.add(command("xread", -4).flags(READONLY, BLOCKING, MOVABLEKEYS).routing(Routing.KEYS)
                .keySpec(streamsKeys(1)).acl("read", "stream", "slow", "blocking")
                .doc("stream", "5.0.0", "Reads entries after given IDs from one or more streams, optionally waiting for them.")
                .handler(ReadCommands::xread).build());
        t.add(command("xreadgroup", -7).flags(WRITE, BLOCKING, MOVABLEKEYS).routing(Routing.KEYS)
                .keySpec(streamsKeys(4)).acl("write", "stream", "slow", "blocking")
                .doc("stream", "5.0.0", "Reads entries for a consumer of a group: new ones (>) or its own pending ones.")
                .complexity("For each stream mentioned: O(M) with M being the number of elements returned.")
                .handler(ReadCommands::xreadgroup).build());
        t.add(command("xack", -4).flags(WRITE, FAST).keys(1, 1, 1).keySpec(key(1, "RW", "update"))
                .acl("write", "stream", "fast")
                .doc("stream", "5.0.0", "Acknowledges entries of a group's pending list and returns how many were pending.")
                .complexity("O(1) for each message ID processed.")
                .handler(PendingCommands::xack).build());
        t.add(command("xpending", -3).flags(READONLY).keys(1, 1, 1).tips(NONDET).keySpec(key(1, "RO", "access"))
                .acl("read", "stream", "slow")
                .doc("stream", "5.0.0", "Summarizes or lists the pending entries of a consumer group.")
                .complexity("O(N) with N being the number of elements returned.")
                .handler(PendingCommands::xpending).build());
        t.add(command("xclaim", -6).flags(WRITE, FAST).keys(1, 1, 1).tips(NONDET).keySpec(key(1, "RW", "update"))
                .acl("write", "stream", "fast")
                .doc("stream", "5.0.0", "Gives pending entries of a group to another consumer.")
                .complexity("O(log N) with N being the number of messages in the PEL of the consumer group.")
                .handler(PendingCommands::xclaim).build());
        t.add(command("xautoclaim", -6).flags(WRITE, FAST).keys(1, 1, 1).tips(NONDET)
                .keySpec(key(1, "RW", "delete")).acl("write", "stream", "fast")
                .doc("stream", "6.2.0", "Gives a consumer the group's pending entries idle for long enough, scanning from an ID.")
                .complexity("O(1) if COUNT is small.")
                .handler(PendingCommands::xautoclaim).build());
        t.add(command("xgroup", -2).doc("stream", "5.0.0", "A container for consumer group commands.")
                .complexity("Depends on subcommand.")
                .sub(groupSub("create", -5, "5.0.0", "Creates a consumer group.", "insert", WRITE, DENYOOM))
                .sub(groupSub("createconsumer", 5, "6.2.0", "Creates a consumer in a group.", "insert", WRITE, DENYOOM))
                .sub(groupSub("delconsumer", 5, "5.0.0", "Deletes a consumer from a group.", "delete", WRITE))
                .sub(groupSub("destroy", 4, "5.0.0", "Deletes a consumer group.", "delete", WRITE)
                        .complexity("O(N) where N is the number of entries in the group's pending entries list (PEL)."))
                .sub(groupSub("setid", -5, "5.0.0", "Sets the last delivered ID of a group.", "update", WRITE))
                .sub(command("help", 2).flags(LOADING, STALE).acl("stream", "slow")
                        .doc("stream", "5.0.0", "Returns help on the XGROUP subcommands.").complexity("O(1)")
                        .handler(GroupCommands::help))
                .build());
        t.add(command("xinfo", -2).doc("stream", "5.0.0", "A container for stream introspection commands.")
                .complexity("Depends on subcommand.")
                .sub(infoSub("consumers", 4, "Lists the consumers of a group.").tips(NONDET)
                        .handler(InfoCommands::consumers))
                .sub(infoSub("groups", 3, "Lists the consumer groups of a stream.").handler(InfoCommands::groups))
                .sub(infoSub("stream", -3, "Describes a stream.").handler(InfoCommands::stream))
                .sub(command("help", 2).flags(LOADING, STALE).acl("stream", "slow")
                        .doc("stream", "5.0.0", "Returns help on the XINFO subcommands.").complexity("O(1)")
                        .handler(InfoCommands::help))
                .build());
    }

    private static KeySpec key(int index, String... flags) {
        return KeySpec.range(index, 0, 1, flags);
    }

    /** The keys after STREAMS: the first half of the remaining arguments. */
    private static KeySpec streamsKeys(int startFrom) {
        return new KeySpec(List.of("RO", "access"), null, new KeySpec.BeginSearch("keyword", 0, "STREAMS", startFrom),
                new KeySpec.FindKeys("range", -1, 1, 2, 0, 0));
    }

    private static CommandSpec.Builder groupSub(String name, int arity, String since, String summary, String keyFlag,
            io.jvalkey.server.command.CommandFlag... flags) {
        return command(name, arity).flags(flags).keys(2, 2, 1).keySpec(key(2, "RW", keyFlag))
                .acl("write", "stream", "slow").doc("stream", since, summary).complexity("O(1)")
                .handler(GroupCommands::xgroup);
    }

    private static CommandSpec.Builder infoSub(String name, int arity, String summary) {
        return command(name, arity).flags(READONLY).keys(2, 2, 1).keySpec(key(2, "RO", "access"))
                .acl("read", "stream", "slow").doc("stream", "5.0.0", summary).complexity("O(1)");
    }
}
