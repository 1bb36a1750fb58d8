package io.jvalkey.server.commands.connection;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.net.Client;
import java.util.Locale;

/**
 * CLIENT KILL in both forms: {@code CLIENT KILL addr} (kills every connection from addr, this one
 * included, and answers OK or an error) and {@code CLIENT KILL filter value ...} (kills the
 * connections matching every filter, by default not this one, and answers how many).
 */
final class ClientKill {
    private ClientKill() {}

    /** The client types of CLIENT LIST TYPE and CLIENT KILL TYPE, by their canonical names. */
    static String typeByName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> "normal";
            case "slave", "replica" -> "replica";
            case "pubsub" -> "pubsub";
            case "master", "primary" -> "primary";
            default -> null;
        };
    }

    /** The type of a connection: pubsub while subscribed to anything, else normal (no replication yet). */
    static String typeOf(Client cl) {
        return cl.subscribed() ? "pubsub" : "normal";
    }

    static void run(CommandContext c) {
        String addr = null;
        String laddr = null;
        String user = null;
        String type = null;
        long id = 0;
        long maxAge = 0;
        boolean skipMe = true;
        boolean oldForm = c.argc() == 3;
        if (oldForm) {
            addr = c.argString(2);
            skipMe = false; // the old form may kill the caller itself
        } else {
            for (int i = 2; i < c.argc(); i += 2) {
                if (i + 1 >= c.argc()) {
                    throw CommandError.SYNTAX;
                }
                String value = c.argString(i + 1);
                switch (c.option(i)) {
                    case "id" -> {
                        id = c.longArg(i + 1, "ERR client-id should be greater than 0");
                        if (id < 1) {
                            throw new CommandError("ERR client-id should be greater than 0");
                        }
                    }
                    case "maxage" -> {
                        maxAge = c.longArg(i + 1, "ERR maxage is not an integer or out of range");
                        if (maxAge <= 0) {
                            throw new CommandError("ERR maxage should be greater than 0");
                        }
                    }
                    case "type" -> {
                        type = typeByName(value);
                        if (type == null) {
                            throw new CommandError("ERR Unknown client type '" + value + "'");
                        }
                    }
                    case "addr" -> addr = value;
                    case "laddr" -> laddr = value;
                    case "user" -> {
                        if (!c.server().auth().userExists(value)) {
                            throw new CommandError("ERR No such user '" + value + "'");
                        }
                        user = value;
                    }
                    case "skipme" -> {
                        if (value.equalsIgnoreCase("yes")) {
                            skipMe = true;
                        } else if (value.equalsIgnoreCase("no")) {
                            skipMe = false;
                        } else {
                            throw CommandError.SYNTAX;
                        }
                    }
                    default -> throw CommandError.SYNTAX;
                }
            }
        }
        long nowSeconds = System.currentTimeMillis() / 1000;
        Client self = c.client();
        boolean killSelf = false;
        int killed = 0;
        for (Client cl : ClientCommand.sortedClients(c)) {
            if ((addr != null && !cl.addr().equals(addr))
                    || (laddr != null && !cl.laddr().equals(laddr))
                    || (type != null && !typeOf(cl).equals(type))
                    || (id != 0 && cl.id() != id)
                    || (user != null && !cl.user().equals(user))
                    || (cl == self && skipMe)
                    || (maxAge != 0 && nowSeconds - cl.createdMillis() / 1000 < maxAge)) {
                continue;
            }
            if (cl == self) {
                killSelf = true; // closed once the reply is out
            } else {
                cl.kill();
            }
            killed++;
        }
        if (oldForm) {
            if (killed == 0) {
                throw new CommandError("ERR No such client");
            }
            c.reply().ok();
        } else {
            c.reply().integer(killed);
        }
        if (killSelf) {
            self.closeAfterReply();
        }
    }
}
