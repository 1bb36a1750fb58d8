package io.jvalkey.server.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.protocol.Reply;
import java.util.Locale;

/**
 * What a handler sees while it runs: the arguments, the client, the selected database and the
 * reply writer. One instance per thread is reused for every command it runs.
 */
public final class CommandContext {
    private final Server server;
    private byte[][] argv;
    private CommandSpec spec;
    private Client client;
    private Reply reply;

    public CommandContext(Server server) {
        this.server = server;
    }

    public CommandContext reset(byte[][] argv, CommandSpec spec, Client client, Reply reply) {
        this.argv = argv;
        this.spec = spec;
        this.client = client;
        this.reply = reply;
        return this;
    }

    public Server server() {
        return server;
    }

    public Client client() {
        return client;
    }

    public Reply reply() {
        return reply;
    }

    public CommandSpec spec() {
        return spec;
    }

    public byte[][] argv() {
        return argv;
    }

    public int argc() {
        return argv.length;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    public String argString(int i) {
        return new String(argv[i], UTF_8);
    }

    /** An argument lower-cased, for matching options. */
    public String option(int i) {
        return argString(i).toLowerCase(Locale.ROOT);
    }

    public Db db() {
        return server.keyspace().db(client.db());
    }

    /** A 64-bit integer argument, or "ERR value is not an integer or out of range". */
    public long longArg(int i) {
        return Numbers.parseLong(argv[i]);
    }

    /** An integer argument with its own error text. */
    public long longArg(int i, String error) {
        long v = Numbers.parseLongOr(argv[i], Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !argString(i).equals("-9223372036854775808")) {
            throw new CommandError(error);
        }
        return v;
    }

    public double doubleArg(int i) {
        return Numbers.parseDouble(argv[i]);
    }

    /** The error Valkey gives for a wrong argument count. */
    public static String arityError(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }
}
