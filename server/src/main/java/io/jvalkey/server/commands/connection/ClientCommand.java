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
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.net.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CLIENT and its subcommands. */
public final class ClientCommand {
    private ClientCommand() {}

    static void register(CommandTable t) {
        t.add(command("client", -2).acl("slow").doc("connection", "2.4.0", "A container for client connection commands.")
                .sub(sub("id", 2, "Returns the unique client ID of the connection.").handler(c -> c.reply().integer(c.client().id())))
                .sub(sub("setname", 3, "Sets the connection name.").handler(ClientCommand::setName))
                .sub(sub("getname", 2, "Returns the name of the connection.").handler(c -> {
                    String n = c.client().name();
                    if (n.isEmpty()) {
                        c.reply().nullBulk();
                    } else {
                        c.reply().bulk(n);
                    }
                }))
                .sub(sub("list", -2, "Lists open connections.").flags(ADMIN).handler(ClientCommand::list))
                .sub(sub("info", 2, "Returns information about the connection.").handler(c -> c.reply().verbatim(info(c, c.client()) + "\n")))
                .sub(sub("kill", -3, "Terminates open connections.").flags(ADMIN).handler(ClientCommand::kill))
                .sub(sub("pause", -3, "Suspends commands processing.").flags(ADMIN).handler(ClientCommand::pause))
                .sub(sub("unpause", 2, "Resumes processing commands from paused clients.").flags(ADMIN).handler(c -> {
                    c.server().clients().unpause();
                    c.reply().ok();
                }))
                .sub(sub("reply", 3, "Instructs the server whether to reply to commands.").handler(ClientCommand::replyMode))
                .sub(sub("setinfo", 4, "Sets information specific to the client or connection.").handler(ClientCommand::setInfo))
                .sub(sub("no-evict", 3, "Sets the client eviction mode of the connection.").flags(ADMIN).handler(c -> {
                    c.client().noEvict(onOff(c));
                    c.reply().ok();
                }))
                .sub(sub("no-touch", 3, "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.")
                        .handler(c -> {
                            c.client().noTouch(onOff(c));
                            c.reply().ok();
                        }))
                .sub(sub("help", 2, "Returns helpful text about the different subcommands.").flags(LOADING, STALE).handler(ClientCommand::help))
                .build());
    }

    private static CommandSpec.Builder sub(String name, int arity, String summary) {
        return command(name, arity).flags(NOSCRIPT, LOADING, STALE).acl("slow", "connection")
                .doc("connection", "2.4.0", summary);
    }

    private static boolean onOff(CommandContext c) {
        return switch (c.option(2)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw CommandError.SYNTAX;
        };
    }

    /** Valkey allows names of printable ASCII without spaces. */
    static void checkName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private static void setName(CommandContext c) {
        String name = c.argString(2);
        checkName(name);
        c.client().name(name);
        c.reply().ok();
    }

    private static void setInfo(CommandContext c) {
        String attr = c.option(2);
        String value = c.argString(3);
        if (!attr.equals("lib-name") && !attr.equals("lib-ver")) {
            throw new CommandError("ERR Unrecognized option '" + c.argString(2) + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < '!' || ch > '~') {
                throw new CommandError("ERR " + attr + " cannot contain spaces, newlines or special characters.");
            }
        }
        if (attr.equals("lib-name")) {
            c.client().libName(value);
        } else {
            c.client().libVer(value);
        }
        c.reply().ok();
    }

    private static void replyMode(CommandContext c) {
        Client client = c.client();
        switch (c.option(2)) {
            case "on" -> {
                client.replyMode(Client.ReplyMode.ON);
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
        long timeout = c.longArg(2, "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        boolean all = true;
        if (c.argc() == 4) {
            switch (c.option(3)) {
                case "write" -> all = false;
                case "all" -> all = true;
                default -> throw new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        } else if (c.argc() > 4) {
            throw CommandError.SYNTAX;
        }
        c.server().clients().pause(System.currentTimeMillis() + timeout, all);
        c.reply().ok();
    }

    private static void list(CommandContext c) {
        List<Client> selected = new ArrayList<>();
        if (c.argc() == 2) {
            selected.addAll(c.server().clients().all());
        } else if (c.argc() >= 4 && c.option(2).equals("type")) {
            if (c.argc() != 4) {
                throw CommandError.SYNTAX;
            }
            String type = c.option(3);
            switch (type) {
                case "normal" -> selected.addAll(c.server().clients().all());
                case "master", "primary", "replica", "slave", "pubsub" -> { }
                default -> throw new CommandError("ERR Unknown client type '" + c.argString(3) + "'");
            }
        } else if (c.argc() >= 4 && c.option(2).equals("id")) {
            for (int i = 3; i < c.argc(); i++) {
                long id = Numbers.parseLongOr(c.arg(i), -1);
                if (id <= 0) {
                    throw new CommandError("ERR Invalid client ID");
                }
                Client cl = c.server().clients().byId(id);
                if (cl != null) {
                    selected.add(cl);
                }
            }
        } else {
            throw CommandError.SYNTAX;
        }
        selected.sort((a, b) -> Long.compare(a.id(), b.id()));
        StringBuilder sb = new StringBuilder();
        for (Client cl : selected) {
            sb.append(info(c, cl)).append('\n');
        }
        c.reply().verbatim(sb.toString());
    }

    /** One CLIENT LIST line, with Valkey's fields in Valkey's order. */
    static String info(CommandContext c, Client cl) {
        long now = System.currentTimeMillis();
        return "id=" + cl.id()
                + " addr=" + cl.addr()
                + " laddr=" + cl.laddr()
                + " name=" + cl.name()
                + " age=" + (now - cl.createdMillis()) / 1000
                + " idle=" + (now - cl.lastInteractionMillis()) / 1000
                + " flags=" + cl.flags()
                + " db=" + cl.db()
                + " sub=0 psub=0 ssub=0 multi=-1 watch=0"
                + " qbuf=" + cl.queryBufferBytes()
                + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0"
                + " tot-mem=" + (1024 + cl.queryBufferBytes())
                + " events=r"
                + " cmd=" + cl.lastCommand()
                + " user=" + cl.user()
                + " redir=-1"
                + " resp=" + cl.resp()
                + " lib-name=" + cl.libName()
                + " lib-ver=" + cl.libVer();
    }

    private static void kill(CommandContext c) {
        if (c.argc() == 3) {
            // Old form: CLIENT KILL addr:port
            String addr = c.argString(2);
            for (Client cl : c.server().clients().all()) {
                if (cl.addr().equals(addr)) {
                    cl.kill();
                    c.reply().ok();
                    return;
                }
            }
            throw new CommandError("ERR No such client");
        }
        if ((c.argc() - 2) % 2 != 0) {
            throw CommandError.SYNTAX;
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        String user = null;
        String type = null;
        long maxAge = 0;
        boolean skipMe = true;
        for (int i = 2; i < c.argc(); i += 2) {
            String opt = c.option(i);
            String val = c.argString(i + 1);
            switch (opt) {
                case "id" -> {
                    long v = Numbers.parseLongOr(c.arg(i + 1), -1);
                    if (v <= 0) {
                        throw new CommandError("ERR client-id should be greater than 0");
                    }
                    id = v;
                }
                case "addr" -> addr = val;
                case "laddr" -> laddr = val;
                case "user" -> user = val;
                case "type" -> {
                    type = val.toLowerCase(Locale.ROOT);
                    if (!List.of("normal", "master", "primary", "replica", "slave", "pubsub").contains(type)) {
                        throw new CommandError("ERR Unknown client type '" + val + "'");
                    }
                }
                case "skipme" -> {
                    if (val.equalsIgnoreCase("yes")) {
                        skipMe = true;
                    } else if (val.equalsIgnoreCase("no")) {
                        skipMe = false;
                    } else {
                        throw CommandError.SYNTAX;
                    }
                }
                case "maxage" -> {
                    maxAge = Numbers.parseLongOr(c.arg(i + 1), Long.MIN_VALUE);
                    if (maxAge == Long.MIN_VALUE || maxAge < 0) {
                        throw CommandError.SYNTAX;
                    }
                }
                default -> throw CommandError.SYNTAX;
            }
        }
        long now = System.currentTimeMillis();
        int killed = 0;
        for (Client cl : c.server().clients().all()) {
            if (id != null && cl.id() != id) {
                continue;
            }
            if (addr != null && !cl.addr().equals(addr)) {
                continue;
            }
            if (laddr != null && !cl.laddr().equals(laddr)) {
                continue;
            }
            if (user != null && !cl.user().equals(user)) {
                continue;
            }
            if (type != null && !type.equals("normal")) {
                continue;
            }
            if (maxAge > 0 && (now - cl.createdMillis()) / 1000 < maxAge) {
                continue;
            }
            if (skipMe && cl == c.client()) {
                continue;
            }
            if (cl == c.client()) {
                cl.closeAfterReply();
            } else {
                cl.kill();
            }
            killed++;
        }
        c.reply().integer(killed);
    }

    private static void help(CommandContext c) {
        String[] lines = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ID", "    Return the ID of the current connection.",
            "GETNAME", "    Return the name of the current connection.",
            "SETNAME <name>", "    Assign the name <name> to the current connection.",
            "SETINFO <LIB-NAME|LIB-VER> <value>", "    Record the client library name or version.",
            "INFO", "    Return information about the current connection.",
            "LIST [TYPE <normal|master|replica|pubsub>] [ID <id> [<id> ...]]", "    Return information about client connections.",
            "KILL <ip:port>", "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections matching ID, ADDR, LADDR, USER, TYPE, MAXAGE or SKIPME <yes|no>.",
            "PAUSE <timeout> [WRITE|ALL]", "    Suspend clients (or only writes) for <timeout> milliseconds.",
            "UNPAUSE", "    Stop the current client pause, resuming traffic.",
            "REPLY <ON|OFF|SKIP>", "    Control the replies sent to the current connection.",
            "NO-EVICT <ON|OFF>", "    Protect the current client connection from eviction.",
            "NO-TOUCH <ON|OFF>", "    Do not touch the LRU/LFU of keys read by this connection.",
            "HELP", "    Print this help."
        };
        c.reply().array(lines.length);
        for (String l : lines) {
            c.reply().simple(l);
        }
    }
}
