package io.jvalkey.server.commands.strings;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Clock;

/**
 * The options shared by SET (NX XX GET KEEPTTL and an expiry) and GETEX (PERSIST and an
 * expiry), parsed with Valkey's rules: each option may repeat, conflicting ones are a syntax
 * error in whichever order they come, and an expiry option needs its argument.
 */
final class StringOptions {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int GET = 1 << 2;
    static final int KEEPTTL = 1 << 3;
    static final int PERSIST = 1 << 4;
    static final int EX = 1 << 5;
    static final int PX = 1 << 6;
    static final int EXAT = 1 << 7;
    static final int PXAT = 1 << 8;
    static final int EXPIRE = EX | PX | EXAT | PXAT;

    /** Option bits. */
    final int flags;
    /** The argument of EX/PX/EXAT/PXAT, or null. */
    final byte[] expire;

    private StringOptions(int flags, byte[] expire) {
        this.flags = flags;
        this.expire = expire;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Parses options from argument {@code from} on; {@code forSet} selects SET's options, else GETEX's. */
    static StringOptions parse(CommandContext c, int from, boolean forSet) {
        int flags = 0;
        byte[] expire = null;
        for (int i = from; i < c.argc(); i++) {
            byte[] opt = c.arg(i);
            boolean hasNext = i + 1 < c.argc();
            int expireFlag = 0;
            if (forSet && is(opt, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && is(opt, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && is(opt, "get")) {
                flags |= GET;
            } else if (forSet && is(opt, "keepttl") && (flags & (PERSIST | EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && is(opt, "persist") && (flags & (KEEPTTL | EXPIRE)) == 0) {
                flags |= PERSIST;
            } else if (is(opt, "ex")) {
                expireFlag = EX;
            } else if (is(opt, "px")) {
                expireFlag = PX;
            } else if (is(opt, "exat")) {
                expireFlag = EXAT;
            } else if (is(opt, "pxat")) {
                expireFlag = PXAT;
            } else {
                throw CommandError.SYNTAX;
            }
            if (expireFlag != 0) {
                // Repeating the same expiry option is allowed (the last wins); mixing them is not.
                if (!hasNext || (flags & (KEEPTTL | PERSIST | (EXPIRE & ~expireFlag))) != 0) {
                    throw CommandError.SYNTAX;
                }
                flags |= expireFlag;
                expire = c.arg(++i);
            }
        }
        return new StringOptions(flags, expire);
    }

    /** ASCII case-insensitive comparison with a lower-case word, without allocating. */
    static boolean is(byte[] arg, String lowerWord) {
        if (arg.length != lowerWord.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int b = arg[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The absolute unix time in ms of this expiry option, checked as Valkey does. */
    long expireAt(String command) {
        return expireAt(expire, has(EX) || has(EXAT), has(EX) || has(PX), command);
    }

    /**
     * Converts an expiry argument to an absolute unix time in milliseconds: not an integer ->
     * "value is not an integer", zero, negative or overflowing -> "invalid expire time".
     */
    static long expireAt(byte[] arg, boolean seconds, boolean relative, String command) {
        long v = Numbers.parseLong(arg);
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
            throw invalidExpire(command);
        }
        if (seconds) {
            v *= 1000;
        }
        if (relative) {
            v += Clock.nowMillis();
            if (v <= 0) { // wrapped around
                throw invalidExpire(command);
            }
        }
        return v;
    }

    static CommandError invalidExpire(String command) {
        return new CommandError("ERR invalid expire time in '" + command + "' command");
    }

    /** True when an absolute expiry time has already passed (the key would be born expired). */
    static boolean alreadyExpired(long at) {
        return at <= Clock.nowMillis();
    }
}
