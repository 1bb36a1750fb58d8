package io.jvalkey.server.commands.strings;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;

/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL]. */
final class SetCommand {
    private SetCommand() {}

    static void set(CommandContext c) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        String expireUnit = null;
        byte[] expireArg = null;
        for (int i = 3; i < c.argc(); i++) {
            String opt = c.option(i);
            boolean hasNext = i + 1 < c.argc();
            switch (opt) {
                case "nx" -> {
                    if (xx) {
                        throw CommandError.SYNTAX;
                    }
                    nx = true;
                }
                case "xx" -> {
                    if (nx) {
                        throw CommandError.SYNTAX;
                    }
                    xx = true;
                }
                case "get" -> get = true;
                case "keepttl" -> {
                    if (expireUnit != null) {
                        throw CommandError.SYNTAX;
                    }
                    keepTtl = true;
                }
                case "ex", "px", "exat", "pxat" -> {
                    if (keepTtl || expireUnit != null || !hasNext) {
                        throw CommandError.SYNTAX;
                    }
                    expireUnit = opt;
                    expireArg = c.arg(++i);
                }
                default -> throw CommandError.SYNTAX;
            }
        }
        long expireAt = -1;
        if (expireUnit != null) {
            expireAt = absoluteExpire(expireUnit, expireArg, "set");
        }
        Db db = c.db();
        byte[] key = c.arg(1);
        Entry existing = get ? db.lookupRead(key, c.client().noTouch()) : db.lookupWrite(key);
        byte[] old = null;
        if (get && existing != null) {
            old = StringCommands.stringValue(existing);
        }
        if ((nx && existing != null) || (xx && existing == null)) {
            if (get) {
                c.reply().bulk(old);
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        if (keepTtl) {
            db.setKeepTtl(key, c.arg(2));
        } else {
            db.set(key, c.arg(2), expireAt);
        }
        if (get) {
            c.reply().bulk(old);
        } else {
            c.reply().ok();
        }
    }

    /**
     * Turns an EX/PX/EXAT/PXAT argument into an absolute unix-ms time, with Valkey's errors for
     * non-numbers, non-positive values and overflow.
     */
    static long absoluteExpire(String unit, byte[] arg, String command) {
        long v = Numbers.parseLongOr(arg, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE) {
            throw CommandError.NOT_INTEGER;
        }
        if (v <= 0) {
            throw new CommandError("ERR invalid expire time in '" + command + "' command");
        }
        boolean seconds = unit.equals("ex") || unit.equals("exat");
        if (seconds && v > Long.MAX_VALUE / 1000) {
            throw new CommandError("ERR invalid expire time in '" + command + "' command");
        }
        long ms = seconds ? v * 1000 : v;
        if (unit.equals("ex") || unit.equals("px")) {
            long now = StringCommands.now();
            if (ms > Long.MAX_VALUE - now) {
                throw new CommandError("ERR invalid expire time in '" + command + "' command");
            }
            ms += now;
        }
        return ms;
    }
}
