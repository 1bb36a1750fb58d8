package io.jvalkey.server.commands.connection;

import static io.jvalkey.server.command.CommandFlag.ADMIN;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.net.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CLIENT and its subcommands. */
public final class ClientCommand {
    private ClientCommand() {}

    static void register(CommandTable t) {
        t.add(command("client", -2).acl("slow").doc("connection", "2.4.0", "A container for client connection commands.")
                .sub(sub("id", 2, "5.0.0", "Returns the unique client ID of the connection.")
                        .handler(c -> c.reply().integer(c.client().id())))
                .sub(sub("setname", 3, "2.6.9", "Sets the connection name.")
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded").handler(ClientCommand::setName))
                .sub(sub("getname", 2, "2.6.9", "Returns the name of the connection.").handler(ClientCommand::getName))
                .sub(sub("list", -2, "2.4.0", "Lists open connections.").flags(ADMIN).tips("nondeterministic_output")
                        .handler(ClientCommand::list))
                .sub(sub("info", 2, "6.2.0", "Returns information about the connection.").tips("nondeterministic_output")
                        .handler(c -> c.reply().verbatim(ClientInfo.line(c.client()) + "\n")))
                .sub(sub("kill", -3, "2.4.0", "Terminates open connections.").flags(ADMIN).handler(ClientKill::run))
                .sub(sub("pause", -3, "3.0.0", "Suspends commands processing.").flags(ADMIN).handler(ClientCommand::pause))
                .sub(sub("unpause", 2, "6.2.0", "Resumes processing commands from paused clients.").flags(ADMIN)
                        .handler(c -> {
                            c.server().clients().unpause();
                            c.reply().ok();
                        }))
                .sub(sub("reply", 3, "3.2.0", "Instructs the server whether to reply to commands.")
                        .handler(ClientCommand::replyMode))
                .sub(sub("setinfo", 4, "7.2.0", "Sets information specific to the client or connection.")
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .handler(ClientCommand::setInfo))
                .sub(sub("no-evict", 3, "7.0.0", "Sets the client eviction mode of the connection.").flags(ADMIN)
                        .handler(c -> {
                            c.client().noEvict(onOff(c));
                            c.reply().ok();
                        }))
                .sub(sub("no-touch", 3, "7.2.0",
                        "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.")
                        .handler(c -> {
                            c.client().noTouch(onOff(c));
                            c.reply().ok();
                        }))
                .sub(sub("unblock", -3, "5.0.0", "Unblocks a client blocked by a blocking command from a different "
                        + "connection.").flags(ADMIN).handler(ClientCommand::unblock))
                .sub(sub("capa", -3, "8.0.0", "Declares what the client is able to handle.").handler(c -> c.reply().ok()))
                .sub(sub("getredir", 2, "6.0.0", "Tells where tracking notifications of the connection are sent.")
                        .handler(TrackingCommands::getRedir))
                .sub(sub("caching", 3, "6.0.0", "Instructs the server whether to track the keys in the next request.")
                        .handler(TrackingCommands::caching))
                .sub(sub("tracking", -3, "6.0.0", "Controls server-assisted client-side caching for the connection.")
                        .handler(TrackingCommands::tracking))
                .sub(sub("trackinginfo", 2, "6.2.0", "Describes the client-side caching (tracking) state of the "
                        + "connection.").handler(TrackingCommands::trackingInfo))
                .sub(command("help", 2).flags(LOADING, STALE).acl("slow", "connection")
                        .doc("connection", "5.0.0", "Returns helpful text about the different subcommands.")
                        .handler(ClientCommand::help))
                .build());
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if that client was blocked and now is not. */
    private static void unblock(CommandContext c) {
        if (c.argc() > 4) {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + c.argString(1)
                    + "'. Try CLIENT HELP.");
        }
        boolean error = false;
        if (c.argc() == 4) {
            String reason = c.option(3);
            if (reason.equals("error")) {
                error = true;
            } else if (!reason.equals("timeout")) {
                throw new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        Client target = c.server().clients().byId(c.longArg(2));
        var waiter = target == null ? null : target.waiter();
        c.reply().integer(waiter != null && waiter.unblock(error) ? 1 : 0);
    }

    private static CommandSpec.Builder sub(String name, int arity, String since, String summary) {
        return command(name, arity).flags(NOSCRIPT, LOADING, STALE).acl("slow", "connection")
                .doc("connection", since, summary);
    }

    private static boolean onOff(CommandContext c) {
        return switch (c.option(2)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw CommandError.SYNTAX;
        };
    }

    /** Valkey's reply when a subcommand's own argument count check fails. */
    static CommandError subcommandSyntax(CommandContext c) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                + truncate(c.argString(1), 128) + "'. Try " + c.argString(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * Names, library names and versions show up in CLIENT LIST, which must stay splittable on
     * spaces: only printable ASCII without spaces is allowed (an empty value clears the field).
     */
    static boolean validAttribute(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < '!' || ch > '~') {
                return false;
            }
        }
        return true;
    }

    /** Checks a name for CLIENT SETNAME and HELLO SETNAME. */
    static void checkName(String name) {
        if (!validAttribute(name)) {
            throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
        }
    }

    private static void setName(CommandContext c) {
        String name = c.argString(2);
        checkName(name);
        c.client().name(name);
        c.reply().ok();
    }

    private static void getName(CommandContext c) {
        String n = c.client().name();
        if (n.isEmpty()) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(n);
        }
    }

    private static void setInfo(CommandContext c) {
        String attr = c.argString(2);
        String value = c.argString(3);
        boolean libName = attr.equalsIgnoreCase("lib-name");
        if (!libName && !attr.equalsIgnoreCase("lib-ver")) {
            throw new CommandError("ERR Unrecognized option '" + attr + "'");
        }
        if (!validAttribute(value)) {
            throw new CommandError("ERR " + attr + " cannot contain spaces, newlines or special characters.");
        }
        if (libName) {
            c.client().libName(value);
        } else {
            c.client().libVer(value);
        }
        c.reply().ok();
    }

    /** ON answers OK; OFF and SKIP answer nothing (their own reply is already suppressed). */
    private static void replyMode(CommandContext c) {
        Client client = c.client();
        switch (c.option(2)) {
            case "on" -> {
                client.replyMode(Client.ReplyMode.ON);
                client.skipNext(false);
                c.reply().ok();
            }
            case "off" -> client.replyMode(Client.ReplyMode.OFF);
            case "skip" -> {
                if (client.replyMode() == Client.ReplyMode.ON) {
                    client.skipNext(true);
                }
            }
            default -> throw CommandError.SYNTAX;
        }
    }

    private static void pause(CommandContext c) {
        if (c.argc() > 4) {
            throw subcommandSyntax(c);
        }
        boolean all = true;
        if (c.argc() == 4) {
            switch (c.option(3)) {
                case "write" -> all = false;
                case "all" -> all = true;
                default -> throw new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long timeout = c.longArg(2, "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        long now = System.currentTimeMillis();
        if (timeout > Long.MAX_VALUE - now) {
            throw new CommandError("ERR timeout is out of range");
        }
        c.server().clients().pause(timeout == 0 ? 0 : now + timeout, all);
        c.reply().ok();
    }

    private static void list(CommandContext c) {
        List<Client> selected = new ArrayList<>();
        if (c.argc() == 4 && c.option(2).equals("type")) {
            String type = ClientKill.typeByName(c.argString(3));
            if (type == null) {
                throw new CommandError("ERR Unknown client type '" + c.argString(3) + "'");
            }
            for (Client cl : sortedClients(c)) {
                if (ClientKill.typeOf(cl).equals(type)) {
                    selected.add(cl);
                }
            }
        } else if (c.argc() > 3 && c.option(2).equals("id")) {
            // The given order, duplicates included, as Valkey.
            for (int i = 3; i < c.argc(); i++) {
                long id = c.longArg(i, "ERR Invalid client ID");
                Client cl = c.server().clients().byId(id);
                if (cl != null) {
                    selected.add(cl);
                }
            }
        } else if (c.argc() == 2) {
            selected = sortedClients(c);
        } else {
            throw CommandError.SYNTAX;
        }
        StringBuilder sb = new StringBuilder(selected.size() * 320);
        for (Client cl : selected) {
            sb.append(ClientInfo.line(cl)).append('\n');
        }
        c.reply().verbatim(sb.toString());
    }

    /** Every client in connection order (ids grow with each connection), except those being killed. */
    static List<Client> sortedClients(CommandContext c) {
        List<Client> all = new ArrayList<>(c.server().clients().all());
        all.removeIf(Client::killed);
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    private static void help(CommandContext c) {
        String[] lines = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAPA <option> [<option> ...]",
            "    Declare capabilities of this client (REDIRECT is known; others are ignored).",
            "CACHING (YES|NO)",
            "    In OPTIN/OPTOUT tracking mode, whether the next command's keys are tracked.",
            "GETNAME", "    Return the name of this connection.",
            "GETREDIR", "    Return the id tracking notifications are redirected to (-1: none).",
            "ID", "    Return the id of this connection.",
            "INFO", "    Return information about this connection.",
            "KILL <ip:port>", "    Close the connection coming from <ip:port>.",
            "KILL <filter> <value> [<filter> <value> ...]",
            "    Close every connection matching all filters. Filters are:",
            "    * ID <client-id>", "      The connection with this id.",
            "    * ADDR <ip:port>", "      Connections from this address.",
            "    * LADDR <ip:port>", "      Connections to this local address.",
            "    * TYPE (NORMAL|PRIMARY|REPLICA|PUBSUB)", "      Connections of this type.",
            "    * USER <username>", "      Connections authenticated as this user.",
            "    * MAXAGE <seconds>", "      Connections open for at least this long.",
            "    * SKIPME (YES|NO)", "      Whether this connection is spared (default YES).",
            "LIST [TYPE (NORMAL|PRIMARY|REPLICA|PUBSUB)] [ID <client-id> [<client-id> ...]]",
            "    Describe the open connections, one per line.",
            "NO-EVICT (ON|OFF)", "    Exempt this connection from client eviction, or not.",
            "NO-TOUCH (ON|OFF)", "    When ON, commands of this connection leave keys' LRU/LFU alone.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Hold back commands of all clients (or only writes) for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)", "    Switch replies to this connection on or off, or skip the next one.",
            "SETINFO (LIB-NAME|LIB-VER) <value>", "    Record the client library name or version.",
            "SETNAME <name>", "    Name this connection.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]] [OPTIN] [OPTOUT] [NOLOOP]",
            "    Switch client-side caching (key tracking) on or off for this connection.",
            "TRACKINGINFO", "    Describe the client-side caching state of this connection.",
            "UNPAUSE", "    End a CLIENT PAUSE now.",
            "HELP", "    Print this help."
        };
        c.reply().array(lines.length);
        for (String l : lines) {
            c.reply().simple(l);
        }
    }
}
