package io.jvalkey.server.keyspace;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a command over several shards atomic. One multi-shard command runs at a time: its
 * coordinator (the connection's own shard thread) asks every other involved shard to park at a
 * barrier task, runs the command over all of their tables once they are parked, then releases
 * them. Because only one coordinator exists at any moment, no two shards ever wait on each other,
 * so there is no deadlock; a coordinator that finds the barrier taken re-queues itself on its own
 * event loop rather than waiting, so it keeps serving tasks (including another coordinator's
 * barrier) meanwhile. Single-shard commands never touch this class.
 *
 * <p>Memory visibility: parked shards publish their writes through {@code arrived} before the
 * coordinator reads their tables, and the coordinator's writes reach them through {@code released}.
 */
public final class ShardBarrier {
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile boolean released;
    private volatile Thread holder;

    /**
     * Runs {@code op} with every shard in {@code others} parked. Must be called on the owner thread
     * of the coordinator's own shard, which is not in {@code others}.
     *
     * @return false if another multi-shard command holds the barrier: re-queue and try again
     */
    public boolean tryRun(Shard[] others, Runnable op) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (others.length == 0) {
                holder = Thread.currentThread();
                try {
                    op.run();
                } finally {
                    holder = null;
                }
                return true;
            }
            arrived.set(0);
            released = false;
            for (Shard s : others) {
                s.owner().execute(this::park);
            }
            awaitArrivals(others.length);
            holder = Thread.currentThread();
            try {
                op.run();
            } finally {
                holder = null;
                released = true;
            }
            // Wait until every parked shard has left park() before the barrier can be reused.
            awaitArrivals(0);
        } finally {
            busy.set(false);
        }
        return true;
    }

    /** True while the calling thread runs a multi-shard command. */
    boolean heldByCurrentThread() {
        return holder == Thread.currentThread();
    }

    private void park() {
        arrived.incrementAndGet();
        int spins = 0;
        while (!released) {
            pause(spins++);
        }
        arrived.decrementAndGet();
    }

    private void awaitArrivals(int n) {
        int spins = 0;
        while (arrived.get() != n) {
            pause(spins++);
        }
    }

    /**
     * Waiting strategy: a short spin (the common case: the other loops were idle or between tasks),
     * then yielding, then sleeping in short naps, so that with more shard threads than cores the
     * waiting threads do not steal the CPU from the ones they wait for.
     */
    private static void pause(int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else if (spins < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(50_000);
        }
    }
}
