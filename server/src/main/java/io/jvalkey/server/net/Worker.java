package io.jvalkey.server.net;

import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.keyspace.ActiveExpiry;
import io.jvalkey.server.keyspace.Shard;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Set;

/**
 * One event-loop thread and the shard it owns, plus the per-thread scratch objects that let it
 * run commands (its own or hopped from other connections) without allocating per command.
 */
public final class Worker {
    private final EventLoop loop;
    private final Shard shard;
    private final CommandContext context;
    private final ActiveExpiry activeExpiry;
    private final Set<Connection> connections = new HashSet<>();

    public Worker(Server server, EventLoop loop, Shard shard) {
        this.loop = loop;
        this.shard = shard;
        this.context = new CommandContext(server, this);
        this.activeExpiry = new ActiveExpiry(server.keyspace(), shard);
    }

    public EventLoop loop() {
        return loop;
    }

    public Shard shard() {
        return shard;
    }

    public CommandContext context() {
        return context;
    }


    public ActiveExpiry activeExpiry() {
        return activeExpiry;
    }

    Set<Connection> connections() {
        return connections;
    }

    /** Closes this worker's clients idle for longer than {@code timeoutMillis}. */
    public void closeIdle(long now, long timeoutMillis) {
        for (Connection c : java.util.List.copyOf(connections)) {
            c.closeIfIdle(now, timeoutMillis);
        }
    }

    public boolean inLoop() {
        return loop.inEventLoop();
    }
}
