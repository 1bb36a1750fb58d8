package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.PROTECTED;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.config.Units;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Lfu;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.types.list.ListValue;
import io.jvalkey.server.types.list.PackRules;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * DEBUG: the subcommands Valkey's test suite relies on. It runs with every shard held, so
 * DEBUG SLEEP stalls the whole server as it does in Valkey. Refused unless enable-debug-command
 * allows it ("yes", or "local" for loopback clients).
 */
final class DebugCommand {
    private DebugCommand() {}

    static void register(CommandTable t) {
        t.add(command("debug", -2).flags(ADMIN, NOSCRIPT, LOADING, STALE, PROTECTED).routing(Routing.ALL_SHARDS)
                .docFlags("syscmd")
                .doc("server", "1.0.0", "A container for debugging commands.").complexity("Depends on subcommand.")
                .handler(DebugCommand::run).build());
    }

    static void run(CommandContext c) {
        if (!ServerCommands.allowed(c, "enable-debug-command")) {
            throw new CommandError("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the "
                    + "configuration file, and then restart the server.");
        }
        String sub = c.option(1);
        int argc = c.argc();
        switch (sub) {
            case "help" -> help(c);
            case "log" -> {
                requireArgs(c, argc == 3);
                c.server().log().warning("DEBUG LOG: " + c.argString(2));
                c.reply().ok();
            }
            case "sleep" -> {
                requireArgs(c, argc == 3);
                double secs;
                try {
                    secs = Double.parseDouble(c.argString(2));
                } catch (NumberFormatException e) {
                    secs = 0;
                }
                long nanos = (long) (secs * 1e9);
                if (nanos > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(nanos);
                }
                c.reply().ok();
            }
            case "set-active-expire" -> {
                requireArgs(c, argc == 3);
                boolean on = Numbers.parseLongOr(c.arg(2), 0) != 0;
                for (Worker w : c.server().workers()) {
                    w.activeExpiry().enabled = on;
                }
                c.reply().ok();
            }
            case "populate" -> {
                requireArgs(c, argc >= 3 && argc <= 5);
                populate(c);
            }
            case "object" -> {
                requireArgs(c, argc == 3 || argc == 4);
                object(c);
            }
            case "change-repl-id" -> {
                requireArgs(c, argc == 2);
                c.server().log().notice("Changing replication IDs after receiving DEBUG change-repl-id");
                c.server().changeReplId();
                c.reply().ok();
            }
            case "quicklist-packed-threshold" -> {
                requireArgs(c, argc == 3);
                long sz;
                try {
                    sz = Units.parseBytes(c.argString(2));
                } catch (NumberFormatException | ArithmeticException e) {
                    sz = -1;
                }
                if (sz < 0 || sz > (1L << 32) - (1L << 20)) {
                    throw new CommandError("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
                }
                PackRules.packedThreshold(sz);
                c.reply().ok();
            }
            case "listpack", "quicklist" -> {
                requireArgs(c, argc == 3 || (sub.equals("quicklist") && argc == 4));
                Entry e = c.db().peek(c.arg(2));
                if (e == null) {
                    throw CommandError.NO_SUCH_KEY;
                }
                boolean listpack = e.value() instanceof ListValue l && l.isListpack();
                boolean quicklist = e.value() instanceof ListValue l && !l.isListpack();
                if (sub.equals("listpack") ? !listpack : !quicklist) {
                    throw new CommandError(sub.equals("listpack") ? "ERR Not a listpack encoded object."
                            : "ERR Not a quicklist encoded object.");
                }
                c.reply().simple(sub.equals("listpack") ? "Listpack structure printed on stdout"
                        : "Quicklist structure printed on stdout");
            }
            case "stringmatch-len", "stringmatch-test" -> c.reply().simple("Apparently the server did not crash: test passed");
            case "digest" -> {
                requireArgs(c, argc == 2);
                c.reply().simple(HexFormat.of().formatHex(datasetDigest(c)));
            }
            case "digest-value" -> {
                c.reply().array(argc - 2);
                for (int i = 2; i < argc; i++) {
                    Entry e = c.db().peek(c.arg(i));
                    byte[] d = new byte[20];
                    if (e != null) {
                        d = valueDigest(e);
                    }
                    c.reply().simple(HexFormat.of().formatHex(d));
                }
            }
            case "protocol" -> {
                requireArgs(c, argc == 3);
                protocol(c);
            }
            case "reload" -> reload(c);
            case "loadaof" -> c.server().aof().debugLoadAof(c);
            case "jmap" -> c.reply().ok();
            default -> requireArgs(c, false);
        }
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the dataset, load the file back. */
    private static void reload(CommandContext c) {
        boolean save = true;
        boolean flush = true;
        boolean merge = false;
        for (int j = 2; j < c.argc(); j++) {
            switch (c.option(j)) {
                case "merge" -> merge = true;
                case "noflush" -> flush = false;
                case "nosave" -> save = false;
                default -> throw new CommandError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        String error = c.server().persistence().reload(save, flush, merge);
        if (error != null) {
            throw new CommandError(error);
        }
        c.server().log().notice("DB reloaded by DEBUG RELOAD");
        c.reply().ok();
    }

    private static void requireArgs(CommandContext c, boolean ok) {
        if (!ok) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                    + truncate(c.argString(1)) + "'. Try DEBUG HELP.");
        }
    }

    private static String truncate(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128);
    }

    private static void help(CommandContext c) {
        Help.reply(c,
                "CHANGE-REPL-ID",
                "    Draws a new replication id.",
                "DIGEST",
                "    Hex digest of the whole dataset (all zeros when it is empty).",
                "DIGEST-VALUE <key> [<key> ...]",
                "    Hex digest of each key's value.",
                "LOG <message>",
                "    Writes <message> to the server log.",
                "OBJECT <key> [fast]",
                "    Internal details of the value at <key>.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Creates <count> string keys <prefix>:<n> (default prefix 'key') holding 'value:<n>',",
                "    padded or cut to <size> bytes when given. Existing keys are left alone.",
                "PROTOCOL <type>",
                "    Replies with a sample of a protocol type: string, integer, double, bignum, null,",
                "    array, set, map, attrib, push, verbatim, true or false.",
                "QUICKLIST-PACKED-THRESHOLD <size>",
                "    Accepted for compatibility.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    Turns the active expiry cycle off or on.",
                "SLEEP <seconds>",
                "    Stalls the whole server for <seconds> (may be fractional).");
    }

    private static void populate(CommandContext c) {
        long count = positive(c, 2);
        String prefix = c.argc() >= 4 ? c.argString(3) : "key";
        long size = c.argc() == 5 ? positive(c, 4) : 0;
        Db db = c.db();
        for (long j = 0; j < count; j++) {
            byte[] key = (prefix + ":" + j).getBytes(UTF_8);
            if (db.lookupWrite(key) != null) {
                continue;
            }
            byte[] val = ("value:" + j).getBytes(UTF_8);
            if (size > 0) {
                byte[] sized = new byte[(int) Math.min(size, Integer.MAX_VALUE - 16)];
                System.arraycopy(val, 0, sized, 0, Math.min(val.length, sized.length));
                val = sized;
            }
            db.add(key, val);
        }
        c.server().stats().dirty.add(count);
        c.reply().ok();
    }

    private static long positive(CommandContext c, int i) {
        long v = c.longArg(i);
        if (v < 0) {
            throw new CommandError("ERR value is out of range, must be positive");
        }
        return v;
    }

    private static void object(CommandContext c) {
        Entry e = c.db().peek(c.arg(2));
        if (e == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        boolean fast = c.argc() == 4 && c.option(3).equals("fast");
        Object v = e.value();
        String encoding;
        long serialized;
        if (v instanceof byte[] b) {
            boolean isInt = b.length <= 20 && Numbers.parseLongOr(b, Long.MIN_VALUE) != Long.MIN_VALUE
                    && Long.toString(Numbers.parseLongOr(b, 0)).equals(new String(b, UTF_8));
            encoding = isInt ? "int" : b.length <= 44 ? "embstr" : "raw";
            serialized = isInt ? intSerializedLength(Long.parseLong(new String(b, UTF_8))) : b.length + 1;
        } else {
            encoding = v instanceof io.jvalkey.server.keyspace.TypedValue t ? t.encoding()
                    : v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            serialized = io.jvalkey.server.keyspace.MemoryEstimate.value(v);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Value at:0x").append(Integer.toHexString(System.identityHashCode(v)))
                .append(" refcount:1 encoding:").append(encoding);
        if (!fast) {
            sb.append(" serializedlength:").append(serialized);
        }
        boolean lfu = c.server().memoryLimits().policy.lfu();
        int access = e.access();
        sb.append(" lru:").append(access)
                .append(" lru_seconds_idle:").append(lfu ? 0 : Clock.idleSeconds(access))
                .append(" lfu_freq:").append(lfu ? Lfu.counter(access) : 0)
                .append(" lfu_access_time_minutes:").append((access >>> 8) & 0xFFFF);
        if (v instanceof ListValue l && !l.isListpack()) {
            sb.append(" ql_nodes:").append(l.nodeCount())
                    .append(" ql_avg_node:").append(new java.math.BigDecimal((double) l.size() / l.nodeCount())
                            .setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString())
                    .append(" ql_listpack_max:").append(l.quicklistFill())
                    .append(" ql_compressed:").append(c.encodings().listCompressDepth != 0 ? 1 : 0);
            if (!fast) {
                sb.append(" ql_uncompressed_size:").append(java.util.Arrays.stream(l.nodeBytes()).sum());
            }
        }
        c.reply().simple(sb.toString());
    }

    private static long intSerializedLength(long v) {
        if (v >= -128 && v <= 127) {
            return 2;
        }
        if (v >= -32768 && v <= 32767) {
            return 3;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return Long.toString(v).length() + 1;
    }

    private static void protocol(CommandContext c) {
        var r = c.reply();
        switch (c.option(2)) {
            case "string" -> r.bulk("Hello World");
            case "integer" -> r.integer(12345);
            case "double" -> r.doubleValue(3.141);
            case "bignum" -> {
                String n = "1234567999999999999999999999999999999";
                if (r.resp3()) {
                    r.raw(("(" + n + "\r\n").getBytes(UTF_8));
                } else {
                    r.bulk(n);
                }
            }
            case "null" -> r.nullBulk();
            case "array" -> {
                r.array(3);
                for (int j = 0; j < 3; j++) {
                    r.integer(j);
                }
            }
            case "set" -> {
                r.set(3);
                for (int j = 0; j < 3; j++) {
                    r.integer(j);
                }
            }
            case "map" -> {
                r.map(3);
                for (int j = 0; j < 3; j++) {
                    r.integer(j);
                    r.bool(j == 1);
                }
            }
            case "attrib" -> {
                if (r.resp3()) {
                    r.raw("|1\r\n".getBytes(UTF_8));
                    r.bulk("key-popularity");
                    r.array(2);
                    r.bulk("key:123");
                    r.integer(90);
                }
                r.bulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (!r.resp3()) {
                    throw new CommandError("ERR RESP2 is not supported by this command");
                }
                r.push(2);
                r.bulk("server-cpu-usage");
                r.integer(42);
                r.bulk("Some real reply following the push reply");
            }
            case "true" -> r.bool(true);
            case "false" -> r.bool(false);
            case "verbatim" -> r.verbatim("This is a verbatim\nstring");
            default -> throw new CommandError("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    /** XOR of every key's digest, over all databases: equal datasets give equal digests. */
    private static byte[] datasetDigest(CommandContext c) {
        byte[] acc = new byte[20];
        var ks = c.server().keyspace();
        for (int d = 0; d < ks.databases(); d++) {
            if (ks.keys(d) == 0) {
                continue;
            }
            int dbIndex = d;
            ks.db(d).forEach(e -> {
                byte[] h = sha1(("db" + dbIndex).getBytes(UTF_8), e.key(), valueDigest(e),
                        Long.toString(e.expireAt()).getBytes(UTF_8));
                for (int i = 0; i < 20; i++) {
                    acc[i] ^= h[i];
                }
            });
        }
        return acc;
    }

    /** A digest of a value that depends only on its content (collections in a stable order). */
    static byte[] valueDigest(Entry e) {
        List<byte[]> parts = new ArrayList<>();
        flatten(e.value(), parts);
        return sha1(parts.toArray(new byte[0][]));
    }

    private static void flatten(Object v, List<byte[]> out) {
        if (v instanceof byte[] b) {
            out.add(b);
        } else if (v instanceof Map<?, ?> m) {
            byte[] acc = new byte[20];
            for (Map.Entry<?, ?> x : m.entrySet()) {
                List<byte[]> kv = new ArrayList<>();
                flatten(x.getKey(), kv);
                flatten(x.getValue(), kv);
                byte[] h = sha1(kv.toArray(new byte[0][]));
                for (int i = 0; i < 20; i++) {
                    acc[i] ^= h[i];
                }
            }
            out.add(acc);
        } else if (v instanceof io.jvalkey.server.types.set.SetValue set) {
            byte[] acc = new byte[20];
            set.forEach(m -> xorInto(acc, sha1(m)));
            out.add(acc); // members in any order
        } else if (v instanceof io.jvalkey.server.types.hash.HashValue h) {
            byte[] acc = new byte[20];
            for (int i = 0; i < h.size(); i++) {
                xorInto(acc, sha1(h.fieldAt(i), h.valueAt(i)));
            }
            out.add(acc); // fields in any order
        } else if (v instanceof io.jvalkey.server.keyspace.TypedValue) {
            // Lists, sorted sets, streams: their content in order, as DUMP serializes it.
            out.add(io.jvalkey.server.persistence.DumpCodec.dump(
                    io.jvalkey.persistence.rdb.RdbWriter.Options.DEFAULT, new byte[0], v));
        } else if (v instanceof Collection<?> col) {
            for (Object x : col) {
                flatten(x, out);
            }
        } else if (v != null) {
            out.add(String.valueOf(v).getBytes(UTF_8));
        }
    }

    private static void xorInto(byte[] acc, byte[] h) {
        for (int i = 0; i < 20; i++) {
            acc[i] ^= h[i];
        }
    }

    private static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (byte[] p : parts) {
                md.update(Integer.toString(p.length).getBytes(UTF_8));
                md.update((byte) ':');
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
