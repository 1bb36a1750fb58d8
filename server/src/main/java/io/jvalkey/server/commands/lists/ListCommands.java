package io.jvalkey.server.commands.lists;

import static io.jvalkey.server.command.CommandFlag.BLOCKING;
import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.MOVABLEKEYS;
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
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.types.list.ListValue;
import java.util.Arrays;
import java.util.List;

/**
 * The list family, declared with Valkey's arity, flags, key specs and ACL categories. Handlers
 * live in {@link PushPopCommands} (both ends, moves, blocking pops) and {@link ListEditCommands}
 * (reads and edits by index or value); the value itself is {@link ListValue}.
 */
public final class ListCommands {
    private ListCommands() {}

    private static final String[] POP = {"RW", "access", "delete"};
    private static final String[] PUSH = {"RW", "insert"};

    public static void register(CommandTable t) {
        // Push.
        add(t, "lpush", -3, "1.0.0", "Prepends one or more elements to a list. Creates the key if it doesn't exist.",
                PushPopCommands::lpush, key(1, PUSH), WRITE, DENYOOM, FAST);
        add(t, "rpush", -3, "1.0.0", "Appends one or more elements to a list. Creates the key if it doesn't exist.",
                PushPopCommands::rpush, key(1, PUSH), WRITE, DENYOOM, FAST);
        add(t, "lpushx", -3, "2.2.0", "Prepends one or more elements to a list only when the list exists.",
                PushPopCommands::lpushx, key(1, PUSH), WRITE, DENYOOM, FAST);
        add(t, "rpushx", -3, "2.2.0", "Appends an element to a list only when the list exists.",
                PushPopCommands::rpushx, key(1, PUSH), WRITE, DENYOOM, FAST);

        // Pop and move.
        add(t, "lpop", -2, "1.0.0", "Returns the first elements in a list after removing it. Deletes the list if the last element was popped.",
                PushPopCommands::lpop, key(1, POP), WRITE, FAST);
        add(t, "rpop", -2, "1.0.0", "Returns and removes the last elements of a list. Deletes the list if the last element was popped.",
                PushPopCommands::rpop, key(1, POP), WRITE, FAST);
        addTwoKeys(t, "lmove", 5, "6.2.0", "Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved.",
                PushPopCommands::lmove, false);
        addTwoKeys(t, "rpoplpush", 3, "1.2.0", "Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped.",
                PushPopCommands::rpoplpush, false);
        t.add(command("lmpop", -4).flags(WRITE, MOVABLEKEYS).keys(0, 0, 0).routing(Routing.KEYS)
                .keySpec(KeySpec.keynum(1, 0, 1, 1, POP)).acl("write", "list", "slow")
                .doc("list", "7.0.0", "Returns multiple elements from a list after removing them. Deletes the list if the last element was popped.")
                .handler(PushPopCommands::lmpop).build());

        // Blocking.
        t.add(command("blpop", -3).flags(WRITE, BLOCKING).keys(1, -2, 1).keySpec(KeySpec.range(1, -2, 1, POP))
                .acl("write", "list", "slow", "blocking")
                .doc("list", "2.0.0", "Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.")
                .handler(PushPopCommands::blpop).build());
        t.add(command("brpop", -3).flags(WRITE, BLOCKING).keys(1, -2, 1).keySpec(KeySpec.range(1, -2, 1, POP))
                .acl("write", "list", "slow", "blocking")
                .doc("list", "2.0.0", "Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.")
                .handler(PushPopCommands::brpop).build());
        addTwoKeys(t, "blmove", 6, "6.2.0", "Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved.",
                PushPopCommands::blmove, true);
        addTwoKeys(t, "brpoplpush", 4, "2.2.0", "Pops an element from a list, pushes it to another list and returns it. Block until an element is available otherwise. Deletes the list if the last element was popped.",
                PushPopCommands::brpoplpush, true);
        t.add(command("blmpop", -5).flags(WRITE, BLOCKING, MOVABLEKEYS).keys(0, 0, 0).routing(Routing.KEYS)
                .keySpec(KeySpec.keynum(2, 0, 1, 1, POP)).acl("write", "list", "slow", "blocking")
                .doc("list", "7.0.0", "Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped.")
                .handler(PushPopCommands::blmpop).build());

        // Reads.
        add(t, "llen", 2, "1.0.0", "Returns the length of a list.", ListEditCommands::llen, key(1, "RO"), READONLY, FAST);
        add(t, "lindex", 3, "1.0.0", "Returns an element from a list by its index.", ListEditCommands::lindex,
                key(1, "RO", "access"), READONLY);
        add(t, "lrange", 4, "1.0.0", "Returns a range of elements from a list.", ListEditCommands::lrange,
                key(1, "RO", "access"), READONLY);
        add(t, "lpos", -3, "6.0.6", "Returns the index of matching elements in a list.", ListEditCommands::lpos,
                key(1, "RO", "access"), READONLY);

        // Edits.
        add(t, "lset", 4, "1.0.0", "Sets the value of an element in a list by its index.", ListEditCommands::lset,
                key(1, "RW", "update"), WRITE, DENYOOM);
        add(t, "linsert", 5, "2.2.0", "Inserts an element before or after another element in a list.", ListEditCommands::linsert,
                key(1, PUSH), WRITE, DENYOOM);
        add(t, "ltrim", 4, "1.0.0", "Removes elements from both ends a list. Deletes the list if all elements were trimmed.",
                ListEditCommands::ltrim, key(1, "RW", "delete"), WRITE);
        add(t, "lrem", 4, "1.0.0", "Removes elements from a list. Deletes the list if the last element was removed.",
                ListEditCommands::lrem, key(1, "RW", "delete"), WRITE);
    }

    private static KeySpec key(int index, String... flags) {
        return KeySpec.range(index, 0, 1, flags);
    }

    /** A command on the key in argument 1: @read or @write, @list, and @fast or @slow. */
    private static void add(CommandTable t, String name, int arity, String since, String summary, Handler h,
            KeySpec key, CommandFlag... flags) {
        List<CommandFlag> f = Arrays.asList(flags);
        t.add(command(name, arity).flags(flags).keys(1, 1, 1).keySpec(key)
                .acl(f.contains(WRITE) ? "write" : "read", "list", f.contains(FAST) ? "fast" : "slow")
                .doc("list", since, summary).handler(h).build());
    }

    /** LMOVE and its relatives: a source list (argument 1) and a destination (argument 2). */
    private static void addTwoKeys(CommandTable t, String name, int arity, String since, String summary, Handler h,
            boolean blocking) {
        CommandSpec.Builder b = command(name, arity).flags(WRITE, DENYOOM).keys(1, 2, 1)
                .keySpec(key(1, POP)).keySpec(key(2, PUSH)).doc("list", since, summary).handler(h);
        if (blocking) {
            b.flags(BLOCKING).acl("write", "list", "slow", "blocking");
        } else {
            b.acl("write", "list", "slow");
        }
        if (name.equals("rpoplpush") || name.equals("brpoplpush")) {
            b.docFlags("deprecated");
        }
        t.add(b.build());
    }

    // ---- shared by the handlers ---------------------------------------------------------------

    /** The list stored in a live entry, or WRONGTYPE. */
    static ListValue list(Entry e) {
        if (e.value() instanceof ListValue l) {
            return l;
        }
        throw CommandError.WRONGTYPE;
    }

    /** The current list-max-listpack-size. */
    static int fill(CommandContext c) {
        return c.encodings().listMaxListpackSize;
    }
}
