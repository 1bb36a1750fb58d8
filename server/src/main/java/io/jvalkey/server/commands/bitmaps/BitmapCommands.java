package io.jvalkey.server.commands.bitmaps;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.commands.strings.StringCommands;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.pubsub.Notify;
import java.util.List;

/**
 * The bitmap family: SETBIT GETBIT BITCOUNT BITPOS BITOP here, BITFIELD in {@link BitfieldCommand}.
 * Bitmaps are plain string values; a write builds a new array (stored strings are never changed).
 */
public final class BitmapCommands {
    private BitmapCommands() {}

    public static void register(CommandTable t) {
        t.add(command("setbit", 4).flags(WRITE, DENYOOM).keys(1, 1, 1).keySpec(key("RW", "access", "update"))
                .acl("write", "bitmap", "slow").complexity("O(1)")
                .doc("bitmap", "2.2.0", "Sets one bit of a string value to 0 or 1 (growing or creating the string) and replies its previous value.")
                .handler(BitmapCommands::setbit).build());
        t.add(command("getbit", 3).flags(READONLY, FAST).keys(1, 1, 1).keySpec(key("RO", "access"))
                .acl("read", "bitmap", "fast").complexity("O(1)")
                .doc("bitmap", "2.2.0", "Returns one bit of a string value (0 past its end or for a missing key).")
                .handler(BitmapCommands::getbit).build());
        t.add(command("bitcount", -2).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .acl("read", "bitmap", "slow").complexity("O(N)")
                .doc("bitmap", "2.6.0", "Counts the bits set to 1 in a string value, or in a range of its bytes or bits.")
                .handler(BitmapCommands::bitcount).build());
        t.add(command("bitpos", -3).flags(READONLY).keys(1, 1, 1).keySpec(key("RO", "access"))
                .acl("read", "bitmap", "slow").complexity("O(N)")
                .doc("bitmap", "2.8.7", "Returns the position of the first bit set to 1, or to 0, in a string value or a range of it.")
                .handler(BitmapCommands::bitpos).build());
        t.add(command("bitop", -4).flags(WRITE, DENYOOM).keys(2, -1, 1)
                .keySpec(KeySpec.range(2, 0, 1, "OW", "update")).keySpec(KeySpec.range(3, -1, 1, "RO", "access"))
                .acl("write", "bitmap", "slow").complexity("O(N)")
                .doc("bitmap", "2.6.0", "Stores the bitwise AND, OR, XOR of string values, or the NOT of one, and replies its length.")
                .handler(BitmapCommands::bitop).build());
        t.add(command("bitfield", -2).flags(WRITE, DENYOOM).keys(1, 1, 1)
                .keySpec(key("RW", "update", "access", "variable_flags")
                        .withNotes("This command allows both access and modification of the key"))
                .variableKeyFlags(BitfieldCommand::keyFlags)
                .acl("write", "bitmap", "slow").complexity("O(1) for each subcommand specified")
                .doc("bitmap", "3.2.0", "Reads, writes and increments integers of 1 to 64 bits at any bit offset of a string value.")
                .handler(BitfieldCommand::bitfield).build());
        t.add(command("bitfield_ro", -2).flags(READONLY, FAST).keys(1, 1, 1).keySpec(key("RO", "access"))
                .acl("read", "bitmap", "fast").complexity("O(1) for each subcommand specified")
                .doc("bitmap", "6.0.0", "Reads integers of 1 to 64 bits at any bit offset of a string value (GET only).")
                .handler(BitfieldCommand::bitfieldRo).build());
    }

    private static KeySpec key(String... flags) {
        return KeySpec.range(1, 0, 1, flags);
    }

    static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

    /**
     * A bit offset argument: a non-negative integer whose byte fits in proto-max-bulk-len. With
     * {@code width} > 0 (BITFIELD) "#n" means n * width.
     */
    static long bitOffset(CommandContext c, int i, int width) {
        byte[] a = c.arg(i);
        boolean hash = width > 0 && a.length > 0 && a[0] == '#';
        byte[] digits = hash ? java.util.Arrays.copyOfRange(a, 1, a.length) : a;
        long v = io.jvalkey.server.command.Numbers.parseLongOr(digits, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE) {
            throw new CommandError(BAD_OFFSET); // also Long.MIN_VALUE itself, which is negative anyway
        }
        if (hash) {
            v *= width; // wraps as Valkey's does; a wrapped product is rejected below or stays in range
        }
        if (v < 0 || (v >>> 3) >= c.server().limits().protoMaxBulkLen) {
            throw new CommandError(BAD_OFFSET);
        }
        return v;
    }

    /** SETBIT key offset 0|1: replies the bit's previous value. */
    static void setbit(CommandContext c) {
        byte[] key = c.arg(1);
        long offset = bitOffset(c, 2, 0);
        String err = "ERR bit is not an integer or out of range";
        long on = c.longArg(3, err);
        if ((on & ~1L) != 0) {
            throw new CommandError(err);
        }
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        byte[] old = e == null ? null : StringCommands.stringValue(e);
        boolean was = old != null && Bits.get(old, offset);
        long need = (offset >>> 3) + 1;
        if (old == null || old.length < need || was != (on == 1)) {
            byte[] v = old == null ? StringCommands.allocate(need) : StringCommands.padded(old, need);
            Bits.set(v, offset, on == 1);
            if (e == null) {
                e = db.add(key, v);
            } else {
                db.replaceValue(e, v);
            }
            c.signalModifiedKey(key);
            c.notifyKeyspaceEvent(Notify.STRING, "setbit", key);
        }
        e.stringEncoding(Entry.STRING_RAW);
        c.reply().integer(was ? 1 : 0);
    }

    /** GETBIT key offset: bits past the end (and of a missing key) are 0. */
    static void getbit(CommandContext c) {
        long offset = bitOffset(c, 2, 0);
        byte[] v = readString(c, 1);
        c.reply().integer(v != null && Bits.get(v, offset) ? 1 : 0);
    }

    /** The string at argument i for reading, null when missing, WRONGTYPE for another type. */
    static byte[] readString(CommandContext c, int i) {
        Entry e = c.db().lookupRead(c.arg(i), c.client().noTouch());
        return e == null ? null : StringCommands.stringValue(e);
    }

    /** A BYTE|BIT argument: true for BIT. */
    private static boolean bitUnit(CommandContext c, int i) {
        String unit = c.option(i);
        return switch (unit) {
            case "bit" -> true;
            case "byte" -> false;
            default -> throw CommandError.SYNTAX;
        };
    }

    /**
     * A range of a string resolved as Valkey does: byte offsets {@code start..end} (inclusive,
     * empty when start > end) and, for a BIT range, masks of the bits outside it in the first
     * and last byte.
     */
    private record Range(long start, long end, int firstOut, int lastOut) {
        static Range of(long start, long end, long length, boolean bits) {
            long total = bits ? length << 3 : length;
            if (start < 0) {
                start = total + start;
            }
            if (end < 0) {
                end = total + end;
            }
            start = Math.max(start, 0);
            end = Math.max(end, 0);
            end = Math.min(end, total - 1);
            if (bits && start <= end) {
                int firstOut = ~((1 << (8 - (start & 7))) - 1) & 0xFF;
                int lastOut = (1 << (7 - (end & 7))) - 1;
                return new Range(start >> 3, end >> 3, firstOut, lastOut);
            }
            return new Range(start, end, 0, 0);
        }
    }

    /** BITCOUNT key [start [end [BYTE|BIT]]]. */
    static void bitcount(CommandContext c) {
        int argc = c.argc();
        byte[] p;
        Range r;
        if (argc >= 3 && argc <= 5) {
            long start = c.longArg(2);
            boolean bits = argc == 5 && bitUnit(c, 4);
            long end = argc >= 4 ? c.longArg(3) : 0;
            p = readString(c, 1);
            long length = p == null ? 0 : p.length;
            if (argc < 4) {
                end = length - 1;
            }
            if (start < 0 && end < 0 && start > end) {
                c.reply().integer(0);
                return;
            }
            r = Range.of(start, end, length, bits);
        } else if (argc == 2) {
            p = readString(c, 1);
            r = new Range(0, p == null ? -1 : p.length - 1, 0, 0);
        } else {
            throw CommandError.SYNTAX;
        }
        if (p == null || r.start > r.end) {
            c.reply().integer(0);
            return;
        }
        int from = (int) r.start;
        int to = (int) r.end;
        long count = Bits.popcount(p, from, to - from + 1);
        count -= Integer.bitCount(p[from] & r.firstOut) + Integer.bitCount(p[to] & r.lastOut);
        c.reply().integer(count);
    }

    /** BITPOS key 0|1 [start [end [BYTE|BIT]]]. */
    static void bitpos(CommandContext c) {
        int argc = c.argc();
        long bitArg = c.longArg(2);
        if (bitArg != 0 && bitArg != 1) {
            throw new CommandError("ERR The bit argument must be 1 or 0.");
        }
        int bit = (int) bitArg;
        byte[] p;
        Range r;
        boolean endGiven = false;
        if (argc >= 4 && argc <= 6) {
            long start = c.longArg(3);
            boolean bits = argc == 6 && bitUnit(c, 5);
            long end = 0;
            if (argc >= 5) {
                end = c.longArg(4);
                endGiven = true;
            }
            p = readString(c, 1);
            long length = p == null ? 0 : p.length;
            if (argc < 5) {
                end = length - 1;
            }
            r = Range.of(start, end, length, bits);
        } else if (argc == 3) {
            p = readString(c, 1);
            r = new Range(0, p == null ? -1 : p.length - 1, 0, 0);
        } else {
            throw CommandError.SYNTAX;
        }
        if (p == null) {
            // A missing key is an endless run of zeros.
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        if (r.start > r.end) {
            c.reply().integer(-1);
            return;
        }
        c.reply().integer(findBit(p, r, bit, endGiven));
    }

    /** BITPOS over a non-empty range; masked edge bytes of a BIT range are searched on their own. */
    private static long findBit(byte[] p, Range r, int bit, boolean endGiven) {
        long start = r.start;
        long bytes = r.end - r.start + 1;
        long pos;
        found: {
            if (r.firstOut != 0) {
                int b = bit == 1 ? p[(int) start] & ~r.firstOut : p[(int) start] | r.firstOut;
                if (r.lastOut != 0 && bytes == 1) {
                    b = bit == 1 ? b & ~r.lastOut : b | r.lastOut;
                }
                pos = Bits.position(b, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) {
                    break found;
                }
                start++;
                bytes--;
            }
            long middle = bytes - (r.lastOut != 0 ? 1 : 0);
            if (middle > 0) {
                pos = Bits.position(p, (int) start, (int) middle, bit);
                if (bytes == middle || (pos != -1 && pos != middle << 3)) {
                    break found;
                }
                start += middle;
                bytes -= middle;
            }
            int last = p[(int) r.end];
            pos = Bits.position(bit == 1 ? last & ~r.lastOut : last | r.lastOut, bit);
        }
        // With an explicit end the string is not taken as zero-padded: no 0 in the range is -1.
        if (endGiven && bit == 0 && pos == bytes << 3) {
            return -1;
        }
        return pos == -1 ? -1 : pos + (start << 3);
    }

    /** BITOP AND|OR|XOR|NOT destkey key [key ...]: stores the result and replies its length. */
    static void bitop(CommandContext c) {
        String op = c.option(1);
        if (!List.of("and", "or", "xor", "not").contains(op)) {
            throw CommandError.SYNTAX;
        }
        if (op.equals("not") && c.argc() != 4) {
            throw new CommandError("ERR BITOP NOT must be called with a single source key.");
        }
        int n = c.argc() - 3;
        byte[][] src = new byte[n][];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            src[j] = readString(c, j + 3);
            if (src[j] != null) {
                maxLen = Math.max(maxLen, src[j].length);
            }
        }
        byte[] dest = c.arg(2);
        Db db = c.db();
        if (maxLen == 0) {
            if (db.delete(dest)) {
                c.signalModifiedKey(dest);
                c.notifyKeyspaceEvent(Notify.GENERIC, "del", dest);
            }
            c.reply().integer(0);
            return;
        }
        byte[] res = StringCommands.allocate(maxLen);
        if (src[0] != null) {
            System.arraycopy(src[0], 0, res, 0, src[0].length);
        }
        switch (op) {
            case "not" -> invert(res);
            case "and" -> {
                for (int j = 1; j < n; j++) {
                    and(res, src[j]);
                }
            }
            default -> {
                boolean xor = op.equals("xor");
                for (int j = 1; j < n; j++) {
                    if (src[j] != null) {
                        orXor(res, src[j], xor);
                    }
                }
            }
        }
        db.set(dest, res, -1).stringEncoding(Entry.STRING_RAW);
        c.signalModifiedKey(dest);
        c.notifyKeyspaceEvent(Notify.STRING, "set", dest);
        c.reply().integer(maxLen);
    }

    private static void invert(byte[] res) {
        int i = 0;
        for (; i + 8 <= res.length; i += 8) {
            Bits.word(res, i, ~Bits.word(res, i));
        }
        for (; i < res.length; i++) {
            res[i] = (byte) ~res[i];
        }
    }

    /** res &= s, where s is zero past its end (and all zero when missing). */
    private static void and(byte[] res, byte[] s) {
        int len = s == null ? 0 : Math.min(s.length, res.length);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            Bits.word(res, i, Bits.word(res, i) & Bits.word(s, i));
        }
        for (; i < len; i++) {
            res[i] &= s[i];
        }
        java.util.Arrays.fill(res, len, res.length, (byte) 0);
    }

    private static void orXor(byte[] res, byte[] s, boolean xor) {
        int len = s.length; // never longer than res
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long a = Bits.word(res, i);
            long b = Bits.word(s, i);
            Bits.word(res, i, xor ? a ^ b : a | b);
        }
        for (; i < len; i++) {
            res[i] = (byte) (xor ? res[i] ^ s[i] : res[i] | s[i]);
        }
    }
}
