package io.jvalkey.server.commands.keys;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.util.Glob;

/**
 * The cursor and options shared by SCAN, HSCAN, SSCAN and ZSCAN, parsed with Valkey's rules and
 * error texts: COUNT must be a positive integer, MATCH "*" is no filter at all, TYPE is for
 * SCAN only, NOVALUES for HSCAN only and NOSCORES for ZSCAN only.
 *
 * @param count    how many entries to look at per call (a hint, as in Valkey)
 * @param pattern  the MATCH pattern, or null when every name matches
 * @param type     the TYPE filter of SCAN, or null
 * @param onlyKeys NOVALUES / NOSCORES was given
 */
public record ScanOptions(long count, byte[] pattern, ValueType type, boolean onlyKeys) {
    /** Which command the options belong to, since each accepts a different subset. */
    public enum Target { KEYSPACE, HASH, SET, ZSET }

    private static final CommandError INVALID_CURSOR = new CommandError("ERR invalid cursor");

    /** Parses the options starting at argument {@code from} (right after the cursor). */
    public static ScanOptions parse(CommandContext c, int from, Target target) {
        long count = 10;
        byte[] pattern = null;
        ValueType type = null;
        boolean onlyKeys = false;
        for (int i = from; i < c.argc(); i++) {
            boolean hasValue = i + 1 < c.argc();
            String opt = c.option(i);
            if (opt.equals("count") && hasValue) {
                count = Numbers.parseLong(c.arg(++i));
                if (count < 1) {
                    throw CommandError.SYNTAX;
                }
            } else if (opt.equals("match") && hasValue) {
                byte[] p = c.arg(++i);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (opt.equals("type") && target == Target.KEYSPACE && hasValue) {
                String name = c.argString(++i);
                type = ValueType.byName(name);
                if (type == null) {
                    throw new CommandError("ERR unknown type name '" + name + "'");
                }
            } else if (opt.equals("novalues")) {
                if (target != Target.HASH) {
                    throw new CommandError("ERR NOVALUES option can only be used in HSCAN");
                }
                onlyKeys = true;
            } else if (opt.equals("noscores")) {
                if (target != Target.ZSET) {
                    throw new CommandError("ERR NOSCORES option can only be used in ZSCAN");
                }
                onlyKeys = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        return new ScanOptions(count, pattern, type, onlyKeys);
    }

    /** Whether a name passes the MATCH filter. */
    public boolean matches(byte[] name) {
        return pattern == null || Glob.matches(pattern, name, false);
    }

    /** Parses a cursor as Valkey's string2ull does (see {@link Numbers#parseUnsigned}). */
    public static long parseCursor(byte[] arg) {
        return Numbers.parseUnsigned(arg, INVALID_CURSOR);
    }
}
