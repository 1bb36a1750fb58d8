package io.jvalkey.server.net;

import io.jvalkey.cluster.SlotHash;
import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.ValueType;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client blocked on keys (BLPOP, BZPOPMIN, XREAD BLOCK ...). It sits in the BlockedKeys queue of
 * every shard owning one of its keys; whoever moves it out of WAITING first (a shard serving a
 * ready key, the timeout, CLIENT UNBLOCK, the connection closing) owns what happens next, so the
 * client is answered exactly once without locks.
 */
public final class Waiter {
    static final int WAITING = 0;
    static final int RUNNING = 1;   // a shard is re-running the command; it may block again
    static final int DONE = 2;

    final Connection connection;
    final CommandSpec spec;
    final byte[][] argv;
    final int db;
    final byte[][] keys;
    final long deadlineMillis;
    final boolean unblockOnDeletedKey;
    final ValueType type;
    /** The shard holding every key of the command, where it can be re-run in place; null if several. */
    final Shard servingShard;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    Waiter(Server server, Connection connection, CommandSpec spec, byte[][] argv, int db,
            ValueType type, byte[][] keys, long deadlineMillis, boolean unblockOnDeletedKey) {
        this.connection = connection;
        this.spec = spec;
        this.argv = argv;
        this.db = db;
        this.keys = keys;
        this.deadlineMillis = deadlineMillis;
        this.unblockOnDeletedKey = unblockOnDeletedKey;
        this.type = type;
        this.servingShard = io.jvalkey.server.command.CommandRunner.singleShard(server, spec, argv);
    }

    boolean claim(int from, int to) {
        return state.compareAndSet(from, to);
    }

    int state() {
        return state.get();
    }

    void state(int s) {
        state.set(s);
    }

    boolean waiting() {
        return state.get() == WAITING;
    }

    /**
     * Counts the command once, when it is answered by a timeout or CLIENT UNBLOCK (it was not
     * counted when it blocked), before that answer is written: INFO right after CLIENT UNBLOCK
     * already shows it, as in Valkey.
     */
    void countAnswered(Server server, boolean failed) {
        spec.calls.increment();
        if (failed) {
            spec.failedCalls.increment();
        }
        server.stats().commandsProcessed.increment();
        connection.client().commandProcessed();
    }

    /** The shard owning a key, for (un)registration. */
    static Shard shardOf(Server server, byte[] key) {
        return server.keyspace().shardOfSlot(SlotHash.slot(key));
    }

    /**
     * CLIENT UNBLOCK: answers the client as on timeout, or with an UNBLOCKED error. False if the
     * client was not waiting (already being served, or not blocked at all).
     */
    public boolean unblock(boolean withError) {
        if (!claim(WAITING, DONE)) {
            return false;
        }
        countAnswered(connection.server(), withError);
        connection.finishUnblocked(this, withError ? "UNBLOCKED client unblocked via CLIENT UNBLOCK" : null);
        return true;
    }
}
