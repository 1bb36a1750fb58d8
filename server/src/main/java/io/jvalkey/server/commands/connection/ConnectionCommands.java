package io.jvalkey.server.commands.connection;

import static io.jvalkey.server.command.CommandFlag.ALLOW_BUSY;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_AUTH;
import static io.jvalkey.server.command.CommandFlag.SKIP_MONITOR;
import static io.jvalkey.server.command.CommandFlag.SKIP_SLOWLOG;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.Version;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.protocol.Reply;

/** PING ECHO HELLO AUTH SELECT QUIT RESET (CLIENT lives in {@link ClientCommand}). */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static void register(CommandTable t) {
        t.add(command("ping", -1).flags(FAST).acl("fast", "connection")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("connection", "1.0.0", "Returns the server's liveliness response.")
                .handler(ConnectionCommands::ping).build());
        t.add(command("echo", 2).flags(FAST, LOADING, STALE).acl("fast", "connection")
                .doc("connection", "1.0.0", "Returns the given string.")
                .handler(c -> c.reply().bulk(c.arg(1))).build());
        // SKIP_MONITOR and SKIP_SLOWLOG keep passwords out of MONITOR and SLOWLOG (Valkey redacts them instead).
        t.add(command("hello", -1).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY, SKIP_MONITOR, SKIP_SLOWLOG)
                .acl("fast", "connection")
                .doc("connection", "6.0.0", "Handshakes with the server.")
                .handler(ConnectionCommands::hello).build());
        t.add(command("auth", -2).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY, SKIP_MONITOR, SKIP_SLOWLOG)
                .acl("fast", "connection")
                .doc("connection", "1.0.0", "Authenticates the connection.")
                .handler(ConnectionCommands::auth).build());
        t.add(command("select", 2).flags(LOADING, STALE, FAST).acl("fast", "connection")
                .doc("connection", "1.0.0", "Changes the selected database.")
                .handler(ConnectionCommands::select).build());
        t.add(command("quit", -1).flags(ALLOW_BUSY, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH).acl("fast", "connection")
                .doc("connection", "1.0.0", "Closes the connection.")
                .handler(c -> {
                    c.reply().ok();
                    c.client().closeAfterReply();
                }).build());
        t.add(command("reset", 1).flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY).acl("fast", "connection")
                .doc("connection", "6.2.0", "Resets the connection.")
                .handler(ConnectionCommands::reset).build());
        ClientCommand.register(t);
    }

    static void ping(CommandContext c) {
        if (c.argc() > 2) {
            throw new CommandError(CommandContext.arityError("ping"));
        }
        if (c.client().subscribed() && c.client().resp() == 2) {
            // RESP2 subscribed mode: replies must look like messages, as Valkey's ["pong", arg].
            c.reply().array(2);
            c.reply().bulk("pong");
            c.reply().bulk(c.argc() == 2 ? c.arg(1) : new byte[0]);
        } else if (c.argc() == 2) {
            c.reply().bulk(c.arg(1));
        } else {
            c.reply().simple("PONG");
        }
    }

    static void select(CommandContext c) {
        long db = c.longArg(1);
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
            throw new CommandError("ERR value is out of range, value must between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE);
        }
        if (db < 0 || db >= c.server().keyspace().databases()) {
            throw new CommandError("ERR DB index is out of range");
        }
        c.client().db((int) db);
        c.reply().ok();
    }

    static void auth(CommandContext c) {
        if (c.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        String user = c.argc() == 3 ? c.argString(1) : "default";
        byte[] pass = c.arg(c.argc() - 1);
        if (c.argc() == 2 && !c.server().auth().required()) {
            throw new CommandError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        if (!c.server().auth().check(user, pass)) {
            throw new CommandError("WRONGPASS invalid username-password pair or user is disabled.");
        }
        c.client().authenticated(true);
        c.client().user(user);
        c.reply().ok();
    }

    static void hello(CommandContext c) {
        Client client = c.client();
        int protover = client.resp();
        int i = 1;
        if (c.argc() >= 2) {
            long v = c.longArg(1, "ERR Protocol version is not an integer or out of range");
            if (v < 2 || v > 3) {
                throw new CommandError("NOPROTO unsupported protocol version");
            }
            protover = (int) v;
            i = 2;
        }
        String user = null;
        byte[] pass = null;
        String name = null;
        for (; i < c.argc(); i++) {
            int left = c.argc() - i - 1;
            String opt = c.option(i);
            if (opt.equals("auth") && left >= 2) {
                user = c.argString(i + 1);
                pass = c.arg(i + 2);
                i += 2;
            } else if (opt.equals("setname") && left >= 1) {
                name = c.argString(i + 1);
                ClientCommand.checkName(name);
                i += 1;
            } else {
                throw new CommandError("ERR Syntax error in HELLO option '" + c.argString(i) + "'");
            }
        }
        if (user != null) {
            if (!c.server().auth().check(user, pass)) {
                throw new CommandError("WRONGPASS invalid username-password pair or user is disabled.");
            }
            client.authenticated(true);
            client.user(user);
        }
        if (!client.authenticated()) {
            throw new CommandError("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate "
                    + "the client and select the RESP protocol version at the same time");
        }
        if (name != null) {
            client.name(name);
        }
        client.resp(protover);
        Reply r = c.reply();
        r.resp(protover);
        r.map(7);
        // extended-redis-compatibility (Valkey 8): clients that check for Redis see Redis and its version.
        boolean asRedis = c.server().config().getBool("extended-redis-compatibility");
        r.bulk("server");
        r.bulk(asRedis ? "redis" : "valkey");
        r.bulk("version");
        r.bulk(asRedis ? Version.REDIS_COMPAT : Version.VALKEY_COMPAT);
        r.bulk("proto");
        r.integer(protover);
        r.bulk("id");
        r.integer(client.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }

    static void reset(CommandContext c) {
        Client client = c.client();
        client.db(0);
        client.resp(2);
        c.reply().resp(2);
        client.name("");
        client.replyMode(Client.ReplyMode.ON);
        client.skipNext(false);
        client.noEvict(false);
        client.noTouch(false);
        client.authenticated(!c.server().auth().required());
        client.user("default");
        client.transaction().discard();
        client.transaction().unwatchAll(c.server());
        if (client.monitor()) {
            c.server().clients().removeMonitor(client);
        }
        c.server().tracking().disable(client);
        c.server().pubSub().unsubscribeAll(client);
        c.reply().simple("RESET");
    }
}
