package io.jvalkey.server.commands.bitmaps;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.strings.StringCommands;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset incr]
 * [OVERFLOW WRAP|SAT|FAIL] ... and BITFIELD_RO (GET only). Every operation is parsed before
 * any runs; the string grows once to the farthest bit any SET or INCRBY reaches.
 */
final class BitfieldCommand {
    private BitfieldCommand() {}

    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;

    private static final int WRAP = 0;
    private static final int SAT = 1;
    private static final int FAIL = 2;

    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    /** One parsed operation. */
    private record Op(int code, long offset, int bits, boolean signed, long value, int overflow) {}

    static void bitfield(CommandContext c) {
        run(c, false);
    }

    static void bitfieldRo(CommandContext c) {
        run(c, true);
    }

    private static void run(CommandContext c, boolean readOnlyCommand) {
        List<Op> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readOnly = true;
        long highest = 0; // the farthest bit written
        int argc = c.argc();
        for (int j = 2; j < argc; j++) {
            int rem = argc - j - 1;
            String sub = c.option(j);
            int code;
            if (sub.equals("get") && rem >= 2) {
                code = GET;
            } else if (sub.equals("set") && rem >= 3) {
                code = SET;
            } else if (sub.equals("incrby") && rem >= 3) {
                code = INCRBY;
            } else if (sub.equals("overflow") && rem >= 1) {
                j++;
                overflow = switch (c.option(j)) {
                    case "wrap" -> WRAP;
                    case "sat" -> SAT;
                    case "fail" -> FAIL;
                    default -> throw new CommandError("ERR Invalid OVERFLOW type specified");
                };
                continue;
            } else {
                throw CommandError.SYNTAX;
            }
            byte[] type = c.arg(j + 1);
            boolean signed;
            if (type.length > 0 && type[0] == 'i') {
                signed = true;
            } else if (type.length > 0 && type[0] == 'u') {
                signed = false;
            } else {
                throw new CommandError(BAD_TYPE);
            }
            long bits = Numbers.parseLongOr(java.util.Arrays.copyOfRange(type, 1, type.length), -1);
            if (bits < 1 || bits > (signed ? 64 : 63)) {
                throw new CommandError(BAD_TYPE);
            }
            long offset = BitmapCommands.bitOffset(c, j + 2, (int) bits);
            long value = 0;
            if (code != GET) {
                readOnly = false;
                highest = Math.max(highest, offset + bits - 1);
                value = c.longArg(j + 3);
            }
            ops.add(new Op(code, offset, (int) bits, signed, value, overflow));
            j += code == GET ? 2 : 3;
        }

        byte[] key = c.arg(1);
        Db db = c.db();
        Reply out = c.reply();
        if (readOnly) {
            byte[] v = BitmapCommands.readString(c, 1);
            out.array(ops.size());
            for (Op op : ops) {
                long r = v == null ? 0 : op.signed ? Bits.getSigned(v, op.offset, op.bits)
                        : Bits.getUnsigned(v, op.offset, op.bits);
                out.integer(r);
            }
            return;
        }
        if (readOnlyCommand) {
            throw new CommandError("ERR BITFIELD_RO only supports the GET subcommand");
        }

        Entry e = db.lookupWrite(key);
        byte[] old = e == null ? null : StringCommands.stringValue(e);
        long need = (highest >>> 3) + 1;
        boolean grown = old == null || old.length < need;
        byte[] v = old == null ? StringCommands.allocate(need) : StringCommands.padded(old, need);
        int changes = 0;
        out.array(ops.size());
        for (Op op : ops) {
            if (op.code == GET) {
                out.integer(op.signed ? Bits.getSigned(v, op.offset, op.bits) : Bits.getUnsigned(v, op.offset, op.bits));
                continue;
            }
            long oldVal = op.signed ? Bits.getSigned(v, op.offset, op.bits) : Bits.getUnsigned(v, op.offset, op.bits);
            long base = op.code == INCRBY ? oldVal : op.value;
            long incr = op.code == INCRBY ? op.value : 0;
            int ovf = op.signed ? signedOverflow(base, incr, op.bits) : unsignedOverflow(base, incr, op.bits);
            if (ovf != 0 && op.overflow == FAIL) {
                out.nullBulk();
                continue;
            }
            long newVal = ovf == 0 ? base + incr : limit(base, incr, op.bits, op.signed, op.overflow, ovf);
            out.integer(op.code == INCRBY ? newVal : oldVal);
            Bits.setField(v, op.offset, op.bits, newVal);
            if (grown || oldVal != newVal) {
                changes++;
            }
        }
        if (e == null) {
            e = db.add(key, v);
        } else if (grown || changes > 0) {
            db.replaceValue(e, v);
        }
        e.stringEncoding(Entry.STRING_RAW);
        if (changes > 0) {
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.STRING, "setbit", key);
        }
    }

    /**
     * Whether value + incr leaves the range of a {@code bits}-wide unsigned integer: 1 above, -1
     * below, 0 inside. The value itself may be out of range (SET of a negative number).
     */
    static int unsignedOverflow(long value, long incr, int bits) {
        long max = (1L << bits) - 1; // bits <= 63
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            return 1;
        }
        if (incr < 0 && incr < minIncr) {
            return -1;
        }
        return 0;
    }

    /** The same for a two's complement integer; arithmetic wraps exactly as Valkey's does. */
    static int signedOverflow(long value, long incr, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            return 1;
        }
        if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            return -1;
        }
        return 0;
    }

    /** The stored result of an overflowing operation: wrapped around, or saturated at the limit crossed. */
    static long limit(long value, long incr, int bits, boolean signed, int overflow, int direction) {
        if (overflow == SAT) {
            if (signed) {
                long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
                return direction > 0 ? max : -max - 1;
            }
            return direction > 0 ? (1L << bits) - 1 : 0;
        }
        long sum = value + incr;
        if (!signed) {
            return sum & ~(-1L << bits);
        }
        if (bits < 64) {
            long mask = -1L << bits;
            sum = (sum & (1L << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
        }
        return sum;
    }

    /** COMMAND GETKEYSANDFLAGS: the key is only read unless a SET or INCRBY (or bad syntax) comes first. */
    static List<String> keyFlags(byte[][] argv) {
        for (int i = 2; i < argv.length; i++) {
            int rem = argv.length - i - 1;
            String a = new String(argv[i], java.nio.charset.StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            if (a.equals("get") && rem >= 2) {
                i += 2;
            } else if ((a.equals("set") || a.equals("incrby")) && rem >= 3) {
                return WRITE_FLAGS;
            } else if (a.equals("overflow") && rem >= 1) {
                i += 1;
            } else {
                return WRITE_FLAGS;
            }
        }
        return READ_FLAGS;
    }

    private static final List<String> READ_FLAGS = List.of("RO", "access");
    private static final List<String> WRITE_FLAGS = List.of("RW", "access", "update");
}
