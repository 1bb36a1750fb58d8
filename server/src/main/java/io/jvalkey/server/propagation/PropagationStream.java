package io.jvalkey.server.propagation;

import io.jvalkey.persistence.aof.RespCommand;
import io.jvalkey.server.util.Log;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The deterministic effects of write commands, in the order they happened, for the AOF and
 * (later) replication. Each shard thread appends whole execution units (one command, or a
 * MULTI ... EXEC block) to one lock-free many-to-one ring buffer; a single drain thread hands
 * the records to the subscribers. With no subscriber, {@link #active()} is false and shards
 * skip all of this: nothing is built or copied per command.
 *
 * <p>Ring message layout: repeated {@code [int db][int length][RESP bytes]}. Units too large for
 * the ring travel through a side queue, with a marker in the ring keeping their place.
 */
public final class PropagationStream {
    private static final int MSG_UNIT = 1;
    private static final int MSG_LARGE = 2;
    private static final int MSG_CALL = 3;
    private static final byte[][] MULTI = {"MULTI".getBytes()};
    private static final byte[][] EXEC = {"EXEC".getBytes()};
    private static final int MULTI_LEN = RespCommand.encodedLength(MULTI);
    private static final int EXEC_LEN = RespCommand.encodedLength(EXEC);

    private final Log log;
    private final ManyToOneRingBuffer ring;
    private final ConcurrentLinkedQueue<byte[]> large = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final CopyOnWriteArrayList<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> afterSync = new CopyOnWriteArrayList<>();
    private volatile boolean active;
    private volatile boolean suspended;
    private volatile boolean parked;
    private volatile long durablePosition;
    private volatile Thread drainer;
    private volatile boolean running = true;

    public PropagationStream(Log log, int capacityBytes) {
        this.log = log;
        int cap = Integer.highestOneBit(Math.max(capacityBytes, 1 << 16));
        ByteBuffer bb = ByteBuffer.allocateDirect(cap + RingBufferDescriptor.TRAILER_LENGTH);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(bb));
    }

    /** True when someone consumes the stream: only then do commands build their records. */
    public boolean active() {
        return active && !suspended;
    }

    /**
     * While an AOF is being replayed into the dataset nothing is propagated (Valkey: no propagation
     * while loading). Set with every shard held.
     */
    public void suspend(boolean on) {
        suspended = on;
    }

    public void subscribe(StreamSubscriber s) {
        subscribers.add(s);
        startDrainer();
        active = true;
    }

    public void unsubscribe(StreamSubscriber s) {
        subscribers.remove(s);
        active = !subscribers.isEmpty();
    }

    /** Called on the drain thread after each batch has been handed to every subscriber. */
    public void onBatchDone(Runnable r) {
        afterSync.add(r);
    }

    /** Bytes appended so far (includes records still being written by other shards). */
    public long producerPosition() {
        return ring.producerPosition();
    }

    /** Every record before this position has been through every subscriber's {@code endOfBatch}. */
    public long durablePosition() {
        return durablePosition;
    }

    // ---- producers (shard threads) ------------------------------------------------------------

    /**
     * Appends one execution unit. {@code wrap} puts it inside MULTI ... EXEC. Waits (spinning)
     * while the ring is full: the drain thread is behind, as a full AOF buffer would block Valkey.
     */
    void append(int[] dbs, byte[][][] ops, int[] lens, int count, boolean wrap) {
        int len = 0;
        for (int i = 0; i < count; i++) {
            lens[i] = RespCommand.encodedLength(ops[i]);
            len += 8 + lens[i];
        }
        if (wrap) {
            len += 2 * 8 + MULTI_LEN + EXEC_LEN;
        }
        if (len > ring.maxMsgLength()) {
            byte[] b = new byte[len];
            encode(new UnsafeBuffer(b), 0, dbs, ops, lens, count, wrap);
            large.add(b);
            claimAndWrite(MSG_LARGE, 0, null, null, null, 0, false);
            return;
        }
        claimAndWrite(MSG_UNIT, len, dbs, ops, lens, count, wrap);
    }

    /** Runs {@code r} on the drain thread at this point of the stream (file switches for rewrites). */
    public void appendCall(Runnable r) {
        startDrainer();
        calls.add(r);
        claimAndWrite(MSG_CALL, 0, null, null, null, 0, false);
    }

    private void claimAndWrite(int type, int len, int[] dbs, byte[][][] ops, int[] lens, int count, boolean wrap) {
        int spins = 0;
        int index;
        while ((index = ring.tryClaim(type, Math.max(len, 1))) < 0) {
            wake();
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        if (len > 0) {
            encode(ring.buffer(), index, dbs, ops, lens, count, wrap);
        }
        ring.commit(index);
        if (parked) {
            wake();
        }
    }

    /** Writes a unit in place: per record {@code [db][length][RESP]}, big-endian ints. */
    private static void encode(MutableDirectBuffer b, int at, int[] dbs, byte[][][] ops, int[] lens, int count,
            boolean wrap) {
        if (wrap) {
            at = put(b, at, -1, MULTI, MULTI_LEN);
        }
        for (int i = 0; i < count; i++) {
            at = put(b, at, dbs[i], ops[i], lens[i]);
        }
        if (wrap) {
            put(b, at, -1, EXEC, EXEC_LEN);
        }
    }

    private static int put(MutableDirectBuffer b, int at, int db, byte[][] argv, int len) {
        b.putInt(at, db, ByteOrder.BIG_ENDIAN);
        b.putInt(at + 4, len, ByteOrder.BIG_ENDIAN);
        at += 8;
        b.putByte(at++, (byte) '*');
        at += b.putNaturalIntAscii(at, argv.length);
        b.putByte(at++, (byte) '\r');
        b.putByte(at++, (byte) '\n');
        for (byte[] a : argv) {
            b.putByte(at++, (byte) '$');
            at += b.putNaturalIntAscii(at, a.length);
            b.putByte(at++, (byte) '\r');
            b.putByte(at++, (byte) '\n');
            b.putBytes(at, a);
            at += a.length;
            b.putByte(at++, (byte) '\r');
            b.putByte(at++, (byte) '\n');
        }
        return at;
    }

    /** Wakes the drain thread (a connection waits for a sync). */
    public void nudge() {
        wake();
    }

    private void wake() {
        Thread t = drainer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- the drain thread -----------------------------------------------------------------------

    private synchronized void startDrainer() {
        if (drainer != null) {
            return;
        }
        Thread t = new Thread(this::drainLoop, "jvalkey-aof-writer");
        t.setDaemon(true);
        drainer = t;
        t.start();
    }

    private void drainLoop() {
        long lastTick = System.nanoTime();
        UnsafeBuffer largeView = new UnsafeBuffer(new byte[0]);
        while (running) {
            int n;
            try {
                n = ring.read((type, buffer, index, length) -> {
                    switch (type) {
                        case MSG_UNIT -> deliver(buffer, index, length);
                        case MSG_LARGE -> {
                            byte[] b = large.poll();
                            largeView.wrap(b);
                            deliver(largeView, 0, b.length);
                        }
                        case MSG_CALL -> {
                            endBatch(); // what came before is written out first
                            calls.poll().run();
                        }
                        default -> { }
                    }
                }, 4096);
            } catch (RuntimeException e) {
                log.warning("Propagation stream subscriber failed: " + e);
                n = 1;
            }
            if (n > 0) {
                endBatch();
            }
            long now = System.nanoTime();
            if (now - lastTick > TimeUnit.MILLISECONDS.toNanos(100)) {
                lastTick = now;
                for (StreamSubscriber s : subscribers) {
                    try {
                        s.tick();
                    } catch (RuntimeException e) {
                        log.warning("Propagation stream tick failed: " + e);
                    }
                }
            }
            if (n == 0) {
                for (Runnable r : afterSync) {
                    r.run(); // waiters that registered just after the last batch
                }
                parked = true;
                if (ring.producerPosition() == ring.consumerPosition()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                parked = false;
            }
        }
    }

    private void deliver(MutableDirectBuffer buffer, int index, int length) {
        int end = index + length;
        int p = index;
        while (p < end) {
            int db = buffer.getInt(p, ByteOrder.BIG_ENDIAN);
            int len = buffer.getInt(p + 4, ByteOrder.BIG_ENDIAN);
            for (StreamSubscriber s : subscribers) {
                s.record(db, buffer, p + 8, len);
            }
            p += 8 + len;
        }
    }

    private void endBatch() {
        long pos = ring.consumerPosition();
        for (StreamSubscriber s : subscribers) {
            s.endOfBatch();
        }
        // Records read in this batch are counted once read() returns; MSG_CALL ends a batch early.
        durablePosition = Math.max(durablePosition, pos);
        for (Runnable r : afterSync) {
            r.run();
        }
    }

    /** Blocks until everything appended before this call went through the subscribers. */
    public void awaitDrained(long timeoutMillis) {
        long target = ring.producerPosition();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (durablePosition < target && System.currentTimeMillis() < deadline && drainer != null) {
            wake();
            LockSupport.parkNanos(200_000);
        }
    }

    public void stop() {
        running = false;
        wake();
    }
}
