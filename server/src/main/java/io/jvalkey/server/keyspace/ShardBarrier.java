package io.jvalkey.server.keyspace;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a command over several shards atomic. One multi-shard command runs at a time: its
 * coordinator (the connection's own shard thread) asks every other involved shard to park at a
 * barrier task, runs the command over all of their tables once they are parked, then releases
 * them. Because only one coordinator exists at any moment, no two shards ever wait on each other,
 * so there is no deadlock. A coordinator that finds the barrier taken does not wait: it queues a
 * retry, which the current holder starts when it is done, and its thread goes on serving tasks
 * (including the holder's park request) meanwhile. Single-shard commands never touch this class.
 *
 * <p>Memory visibility: parked shards publish their writes through the gate's {@code arrived}
 * counter before the coordinator reads their tables, and the coordinator's writes reach them
 * through the gate's {@code released} flag.
 */
public final class ShardBarrier {
    /** One multi-shard command's meeting point; a fresh one per run, so nobody waits for stragglers. */
    private static final class Gate {
        final AtomicInteger arrived = new AtomicInteger();
        volatile boolean released;

        void park() {
            arrived.incrementAndGet();
            int spins = 0;
            while (!released) {
                pause(spins++);
            }
        }
    }

    private final AtomicBoolean busy = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private volatile Thread holder;

    /**
     * Runs {@code op} with every shard in {@code others} parked. Must be called on the owner thread
     * of the coordinator's own shard, which is not in {@code others}.
     *
     * @return false if another multi-shard command holds the barrier; then call {@link #awaitTurn}
     */
    public boolean tryRun(Shard[] others, Runnable op) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Gate gate = new Gate();
            for (Shard s : others) {
                s.owner().execute(gate::park);
            }
            int spins = 0;
            while (gate.arrived.get() != others.length) {
                pause(spins++);
            }
            holder = Thread.currentThread();
            try {
                op.run();
            } finally {
                holder = null;
                gate.released = true;
            }
        } finally {
            busy.set(false);
            wakeNext();
        }
        return true;
    }

    /**
     * Queues {@code retry} (which should re-post the command onto its own loop) to be started when
     * the barrier is free.
     */
    public void awaitTurn(Runnable retry) {
        waiting.add(retry);
        if (!busy.get()) {
            wakeNext(); // the holder may have finished before we queued
        }
    }

    private void wakeNext() {
        Runnable next = waiting.poll();
        if (next != null) {
            next.run();
        }
    }

    /** True while the calling thread runs a multi-shard command. */
    public boolean heldByCurrentThread() {
        return holder == Thread.currentThread();
    }

    /**
     * Waiting strategy: a short spin (the common case: the other loops were idle or between tasks),
     * then yielding, then short naps, so that with more shard threads than cores the waiting
     * threads do not steal the CPU from the ones they wait for.
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
