package io.jvalkey.server.commands.strings;

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
import io.jvalkey.server.keyspace.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The string family. Each command is declared here with Valkey's arity, flags, key positions
 * and ACL categories; the handlers live in the classes named by their group of commands.
 * Stored string values are byte[] and are never changed once stored: every write stores a new
 * array, so another thread may be encoding a reply from the old one.
 */
public final class StringCommands {
    private StringCommands() {}

    public static void register(CommandTable t) {
        // Reads.
        read(t, "get", 2, key("RO", "access"), "1.0.0", "Returns the string value of a key.", GetCommands::get, FAST);
        t.add(command("mget", -2).flags(READONLY, FAST).keys(1, -1, 1).tips("request_policy:multi_shard").acl("read", "string", "fast")
                .doc("string", "1.0.0", "Returns the string values of several keys, with nil for missing or non-string keys.")
                .handler(GetCommands::mget).build());
        read(t, "strlen", 2, key("RO"), "2.2.0", "Returns the length in bytes of a string value (0 for a missing key).",
                GetCommands::strlen, FAST);
        read(t, "getrange", 4, key("RO", "access"), "2.4.0", "Returns the part of a string between two offsets, both inclusive and negative from the end.",
                GetCommands::getrange);
        read(t, "substr", 4, key("RO", "access"), "1.0.0", "Returns the part of a string between two offsets (an old name of GETRANGE).",
                GetCommands::getrange);
        t.add(command("lcs", -3).flags(READONLY).keys(1, 2, 1).acl("read", "string", "slow")
                .doc("string", "7.0.0", "Finds the longest common subsequence of two strings, its length or its matching ranges.")
                .handler(LcsCommand::lcs).build());

        // Reads that write.
        write(t, "getex", -2, key("RW", "access", "update").withNotes("RW and UPDATE because it changes the TTL"), "6.2.0", "Returns a string value and changes or removes its time to live.",
                GetCommands::getex, FAST);
        write(t, "getdel", 2, key("RW", "access", "delete"), "6.2.0", "Returns a string value and deletes its key.", GetCommands::getdel, FAST);
        write(t, "getset", 3, key("RW", "access", "update"), "1.0.0", "Sets a string value and returns the previous one (the key loses its time to live).",
                SetCommands::getset, DENYOOM, FAST);

        // Writes.
        write(t, "set", -3, key("RW", "access", "update", "variable_flags").withNotes("RW and ACCESS due to the optional `GET` argument"), "1.0.0", "Sets a key to a string value, whatever it held, with optional conditions and expiry.",
                SetCommands::set, DENYOOM);
        write(t, "setnx", 3, key("OW", "insert"), "1.0.0", "Sets a string value only if the key does not exist yet; replies 1 if it was set.",
                SetCommands::setnx, DENYOOM, FAST);
        write(t, "setex", 4, key("OW", "update"), "2.0.0", "Sets a string value with a time to live in seconds.", SetCommands::setex, DENYOOM);
        write(t, "psetex", 4, key("OW", "update"), "2.6.0", "Sets a string value with a time to live in milliseconds.", SetCommands::psetex, DENYOOM);
        t.add(command("mset", -3).flags(WRITE, DENYOOM).keys(1, -1, 2).keySpec(KeySpec.range(1, -1, 2, "OW", "update"))
                .tips("request_policy:multi_shard", "response_policy:all_succeeded")
                .acl("write", "string", "slow")
                .doc("string", "1.0.1", "Sets several keys to string values in one atomic step.")
                .handler(SetCommands::mset).build());
        t.add(command("msetnx", -3).flags(WRITE, DENYOOM).keys(1, -1, 2).keySpec(KeySpec.range(1, -1, 2, "OW", "insert"))
                .acl("write", "string", "slow")
                .doc("string", "1.0.1", "Sets several keys to string values only if none of them exists; replies 1 if set.")
                .handler(SetCommands::msetnx).build());
        write(t, "append", 3, key("RW", "insert"), "2.0.0", "Appends bytes to a string value (creating it if missing) and replies the new length.",
                EditCommands::append, DENYOOM, FAST);
        write(t, "setrange", 4, key("RW", "update"), "2.2.0", "Overwrites part of a string value at an offset, padding with zero bytes, and replies the new length.",
                EditCommands::setrange, DENYOOM);

        // Counters.
        write(t, "incr", 2, key("RW", "access", "update"), "1.0.0", "Adds one to the integer in a string value (a missing key counts as 0).",
                CounterCommands::incr, DENYOOM, FAST);
        write(t, "decr", 2, key("RW", "access", "update"), "1.0.0", "Subtracts one from the integer in a string value (a missing key counts as 0).",
                CounterCommands::decr, DENYOOM, FAST);
        write(t, "incrby", 3, key("RW", "access", "update"), "1.0.0", "Adds an integer to the integer in a string value (a missing key counts as 0).",
                CounterCommands::incrby, DENYOOM, FAST);
        write(t, "decrby", 3, key("RW", "access", "update"), "1.0.0", "Subtracts an integer from the integer in a string value (a missing key counts as 0).",
                CounterCommands::decrby, DENYOOM, FAST);
        write(t, "incrbyfloat", 3, key("RW", "access", "update"), "2.6.0", "Adds a decimal number to the number in a string value (a missing key counts as 0).",
                CounterCommands::incrbyfloat, DENYOOM, FAST);
    }

    /** The key spec of a command on the key in argument 1, with Valkey's flags for how it uses the key. */
    private static KeySpec key(String... flags) {
        return KeySpec.range(1, 0, 1, flags);
    }

    /** A read-only command on the key in argument 1: @read @string and @fast or @slow. */
    private static void read(CommandTable t, String name, int arity, KeySpec key, String since, String summary,
            Handler h, CommandFlag... extra) {
        add(t, name, arity, key, READONLY, since, summary, h, extra);
    }

    /** A writing command on the key in argument 1: @write @string and @fast or @slow. */
    private static void write(CommandTable t, String name, int arity, KeySpec key, String since, String summary,
            Handler h, CommandFlag... extra) {
        add(t, name, arity, key, WRITE, since, summary, h, extra);
    }

    private static void add(CommandTable t, String name, int arity, KeySpec key, CommandFlag access, String since,
            String summary, Handler h, CommandFlag... extra) {
        boolean fast = Arrays.asList(extra).contains(FAST);
        CommandSpec.Builder b = command(name, arity).flags(access).flags(extra).keys(1, 1, 1).keySpec(key)
                .acl(access == WRITE ? "write" : "read", "string", fast ? "fast" : "slow")
                .doc("string", since, summary).handler(h);
        if (key.flags().contains("variable_flags")) {
            b.variableKeyFlags(StringCommands::setKeyFlags);
        }
        t.add(b.build());
    }

    /** SET only reads its key with GET; otherwise it overwrites it (Valkey's setGetKeys). */
    private static List<String> setKeyFlags(byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (argv[i].length == 3 && (argv[i][0] | 0x20) == 'g' && (argv[i][1] | 0x20) == 'e'
                    && (argv[i][2] | 0x20) == 't') {
                return SET_GET_KEY_FLAGS;
            }
        }
        return SET_KEY_FLAGS;
    }

    private static final List<String> SET_GET_KEY_FLAGS = List.of("RW", "access", "update");
    private static final List<String> SET_KEY_FLAGS = List.of("OW", "update");

    /** The string value of a live entry, or WRONGTYPE. */
    public static byte[] stringValue(Entry e) {
        if (e.value() instanceof byte[] b) {
            return b;
        }
        throw CommandError.WRONGTYPE;
    }

    /**
     * Valkey's limit on string size: {@code size + append} bytes may not exceed proto-max-bulk-len
     * (nor overflow). Java arrays add their own ceiling, reported with the same error.
     */
    static void checkLength(CommandContext c, long size, long append) {
        long total = size + append;
        long max = Math.min(c.server().limits().protoMaxBulkLen, MAX_ARRAY);
        if (total < size || total < append || total > max) {
            throw new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    /** The largest byte[] the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** A new zero-filled array of n bytes; a failed allocation is an error reply, not a dead thread. */
    public static byte[] allocate(long n) {
        if (n > MAX_ARRAY) {
            throw new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        try {
            return new byte[(int) n];
        } catch (OutOfMemoryError e) {
            throw new CommandError("OOM not enough memory for a string of " + n + " bytes");
        }
    }

    /**
     * A new array holding {@code old} followed by zero bytes up to {@code minLength} (or just a
     * copy when it is long enough already): the one way to write into a stored string.
     */
    public static byte[] padded(byte[] old, long minLength) {
        byte[] v = allocate(Math.max(old.length, minLength));
        System.arraycopy(old, 0, v, 0, old.length);
        return v;
    }

    /** The decimal text of a long, as stored by INCR and friends. */
    static byte[] longText(long v) {
        if (v == Long.MIN_VALUE) {
            return "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        }
        long abs = Math.abs(v);
        int digits = 1;
        for (long p = 10; digits < 19 && p <= abs; p *= 10) {
            digits++;
        }
        int n = digits + (v < 0 ? 1 : 0);
        byte[] out = new byte[n];
        for (int i = n - 1; i >= n - digits; i--) {
            out[i] = (byte) ('0' + abs % 10);
            abs /= 10;
        }
        if (v < 0) {
            out[0] = '-';
        }
        return out;
    }
}
