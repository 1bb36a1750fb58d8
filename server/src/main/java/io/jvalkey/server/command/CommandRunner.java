package io.jvalkey.server.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.cluster.SlotHash;
import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Eviction;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.propagation.PropagationUnit;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.PubSub;
import java.util.Locale;

/**
 * The checks before a command runs (lookup, subcommand, arity, authentication) and the run
 * itself with its bookkeeping (statistics, slow log, MONITOR feed, maxmemory). Routing is the
 * connection's job; this class runs on whichever thread the connection chose.
 */
public final class CommandRunner {
    private CommandRunner() {}

    /**
     * Finds the spec for a request and applies the checks that reject it before it runs.
     *
     * @return the spec, or null when rejected (the error reply has been written)
     */
    public static CommandSpec resolve(Server server, Client client, byte[][] argv, Reply reply) {
        CommandSpec spec = server.commands().lookup(argv[0]);
        if (spec == null) {
            reply.error(unknownCommand(argv));
            return null;
        }
        if (!spec.subcommands().isEmpty() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(new String(argv[1], UTF_8).toLowerCase(Locale.ROOT));
            if (sub == null) {
                spec.rejectedCalls.increment();
                reply.error("ERR unknown subcommand '" + truncate(new String(argv[1], UTF_8), 128) + "'. Try "
                        + spec.name().toUpperCase(Locale.ROOT) + " HELP.");
                return null;
            }
            spec = sub;
        }
        if (!spec.arityOk(argv.length)) {
            spec.rejectedCalls.increment();
            reply.error(CommandContext.arityError(spec.fullName()));
            return null;
        }
        if (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            spec.rejectedCalls.increment();
            reply.error("NOAUTH Authentication required.");
            return null;
        }
        String persistenceRefusal = server.persistence().refusal(spec);
        if (persistenceRefusal != null) {
            spec.rejectedCalls.increment();
            reply.error(persistenceRefusal);
            return null;
        }
        if (client.subscribed() ? client.resp() == 2 : spec.has(CommandFlag.PUBSUB)) {
            String refusal = PubSub.refusal(client, spec);
            if (refusal != null) {
                spec.rejectedCalls.increment();
                reply.error(refusal);
                return null;
            }
        }
        return spec;
    }

    /** Like {@link #resolve} without side effects: null if the request would be rejected. */
    public static CommandSpec peek(Server server, Client client, byte[][] argv) {
        CommandSpec spec = server.commands().lookup(argv[0]);
        if (spec == null || !spec.subcommands().isEmpty()) {
            return null;
        }
        if (!spec.arityOk(argv.length) || (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH))
                || client.subscribed() || server.persistence().refusal(spec) != null) {
            return null;
        }
        return spec;
    }

    /** The one shard holding all of a request's keys, or null if they span several shards. */
    public static Shard singleShard(Server server, CommandSpec spec, byte[][] argv) {
        if (spec.movableKeys()) {
            return singleShardOfMovableKeys(server, spec, argv);
        }
        int last = spec.lastKeyPosition(argv);
        if (last < 0) {
            return null;
        }
        int shards = server.keyspace().shards().length;
        if (shards == 1) {
            return server.keyspace().shard(0);
        }
        int shard = SlotHash.slot(argv[spec.firstKey()]) % shards;
        for (int i = spec.firstKey() + spec.keyStep(); i <= last; i += spec.keyStep()) {
            if (SlotHash.slot(argv[i]) % shards != shard) {
                return null;
            }
        }
        return server.keyspace().shard(shard);
    }

    private static Shard singleShardOfMovableKeys(Server server, CommandSpec spec, byte[][] argv) {
        int[] keys = spec.keyPositions(argv);
        if (keys == null || keys.length == 0) {
            return null; // malformed or keyless: run with every shard held, the handler answers
        }
        Shard found = null;
        for (int k : keys) {
            Shard s = server.keyspace().shardOf(argv[k]);
            if (found != null && s != found) {
                return null;
            }
            found = s;
        }
        return found;
    }

    /**
     * Evicts what maxmemory requires before a command, as Valkey does before every command.
     *
     * @param mayAskForAllShards whether the caller can rerun the command with every shard held
     *     when this shard has nothing left to evict
     */
    public static Eviction.Room makeRoom(Server server, Worker worker, boolean mayAskForAllShards) {
        return server.keyspace().limits().maxmemory > 0
                ? Eviction.makeRoom(server.keyspace(), worker.shard(), mayAskForAllShards) : Eviction.Room.OK;
    }

    /** Runs a resolved command on the current thread, which owns (or holds) the shards of its keys. */
    public static void run(Server server, Worker worker, CommandSpec spec, byte[][] argv, Client client, Reply reply) {
        run(server, worker, spec, argv, client, reply, makeRoom(server, worker, false));
    }

    /** The same, after {@link #makeRoom} made room (or found none: {@code room}). */
    public static void run(Server server, Worker worker, CommandSpec spec, byte[][] argv, Client client, Reply reply,
            Eviction.Room room) {
        CommandContext c = worker.context().reset(argv, spec, client, reply);
        int errorsBefore = reply.errorCount();
        PropagationUnit unit = c.propagation();
        if (room != Eviction.Room.OK && spec.has(CommandFlag.DENYOOM)) {
            spec.rejectedCalls.increment();
            reply.error(CommandError.OOM.getMessage());
            return;
        }
        long start = System.nanoTime();
        long outerTime = Clock.startCommand();
        unit.begin();
        try {
            spec.handler().execute(c);
        } catch (CommandError e) {
            reply.error(e.getMessage());
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            server.log().warning("Command " + spec.fullName() + " failed: " + e);
            reply.error("ERR internal error running '" + spec.fullName() + "': " + e.getClass().getSimpleName());
        } finally {
            Clock.endCommand(outerTime);
        }
        // A nested run (EXEC's commands) reset the shared context: read what this command was from spec/argv.
        long changes = unit.end(argv, client.db(), spec.propagatesItself(), spec.touchesArbitraryKeys());
        if (unit.depth() == 0 && changes > 0) {
            server.stats().dirty.add(changes);
        }
        if (c.blockRequested()) {
            feedMonitors(server, spec, argv, client); // shown once, when it first runs
            return; // counted when it is finally answered, as Valkey does
        }
        long micros = (System.nanoTime() - start) / 1000;
        spec.calls.increment();
        spec.micros.add(micros);
        if (reply.errorCount() > errorsBefore) {
            spec.failedCalls.increment();
        }
        server.stats().commandsProcessed.increment();
        client.commandProcessed();
        feedMonitors(server, spec, argv, client);
        if (!spec.has(CommandFlag.SKIP_SLOWLOG)) {
            server.slowLog().maybeAdd(micros, argv, client);
        }
        if (server.tracking().active()) {
            // Client-side caching: remember what a tracking client read, send BCAST invalidations.
            server.tracking().afterCommand(client, spec, argv);
        }
    }

    /**
     * As Valkey: fed after the command ran (so SELECT shows its new db); admin commands are
     * hidden, and so is the re-run of a blocked command (it was shown when it blocked).
     */
    private static void feedMonitors(Server server, CommandSpec spec, byte[][] argv, Client client) {
        if (!server.clients().monitors().isEmpty() && !client.reprocessing()
                && !spec.has(CommandFlag.SKIP_MONITOR) && !spec.has(CommandFlag.ADMIN)) {
            server.monitorFeed().publish(client, argv);
        }
    }

    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            args.append('\'').append(truncate(new String(argv[i], UTF_8), 128 - args.length())).append("' ");
        }
        return "ERR unknown command '" + truncate(new String(argv[0], UTF_8), 128) + "', with args beginning with: " + args;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(max, 0));
    }
}
