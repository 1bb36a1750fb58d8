package io.jvalkey.server.persistence;

import io.jvalkey.cluster.SlotHash;
import io.jvalkey.persistence.rdb.RdbWriter;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.MemoryLimits;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.SlotTable;
import io.jvalkey.server.keyspace.SnapshotHook;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One shard's share of a {@link Snapshot}. It keeps the shard's slot-table arrays as they were
 * at the snapshot's instant, one bit per (database, slot) saying whether that slot is already in
 * the file, and where the walk is. Touched only by whoever may touch the shard (its thread or
 * the barrier holder); the chunk queues and counters are what the writer thread shares.
 */
final class ShardPart implements SnapshotHook, Db.WriteCheck {
    /**
     * Serialized whole keys of one database (the pieces the codec's buffer drained, in order), and
     * how many keys they hold (rdb-key-save-delay). Chunks of different shards may interleave in
     * the file, so a chunk always ends at a key boundary.
     */
    record Chunk(byte[][] pieces, long size, int keys) {}

    /** A walk step yields its thread after this many bytes. */
    private static final long STEP_BYTES = 256 * 1024;
    /** Bytes queued for one database after which the walk waits for the writer. */
    private static final long QUEUE_LIMIT = 8L * 1024 * 1024;

    private final Snapshot snapshot;
    private final Shard shard;
    private final MemoryLimits limits;
    private final int[] ownSlots;
    /** Tables of each snapshot database as captured; null where the db had none here. */
    private final SlotTable[][] captured;
    /** Slots already in the file, per snapshot database. */
    private final long[][] written;
    /** The snapshot database each current database index holds (-1: flushed since, not in it). */
    private final int[] current;
    private final ConcurrentLinkedQueue<Chunk>[] queues;
    private final AtomicLong[] queued;
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile int doneDbs;
    private int walkDb;
    private int walkIndex;
    private boolean finished;
    private final ChunkSink sink = new ChunkSink();
    private final RdbWriter writer;
    private final Runnable step = this::backgroundStep;

    @SuppressWarnings("unchecked")
    ShardPart(Snapshot snapshot, Shard shard) {
        this.snapshot = snapshot;
        this.shard = shard;
        this.limits = snapshot.keyspace.limits();
        int n = snapshot.keyspace.shards().length;
        int count = 0;
        for (int s = 0; s < SlotHash.SLOTS; s++) {
            if (snapshot.keyspace.shardMap().shardOfSlot(s) == shard.id()) {
                count++;
            }
        }
        ownSlots = new int[count];
        for (int s = 0, i = 0; s < SlotHash.SLOTS; s++) {
            if (snapshot.keyspace.shardMap().shardOfSlot(s) == shard.id()) {
                ownSlots[i++] = s;
            }
        }
        int dbs = snapshot.databases;
        captured = new SlotTable[dbs][];
        written = new long[dbs][];
        current = new int[dbs];
        queues = new ConcurrentLinkedQueue[dbs];
        queued = new AtomicLong[dbs];
        for (int d = 0; d < dbs; d++) {
            SlotTable[] t = shard.keys(d) > 0 ? shard.tables(d) : null;
            captured[d] = t;
            current[d] = t == null ? -1 : d;
            if (t != null) {
                written[d] = new long[SlotHash.SLOTS / 64];
            }
            queues[d] = new ConcurrentLinkedQueue<>();
            queued[d] = new AtomicLong();
        }
        try {
            writer = RdbWriter.file(sink, snapshot.options);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink does not fail
        }
        if (n == 0) {
            throw new IllegalStateException("no shards");
        }
    }

    void attach() {
        shard.snapshotHook(this);
    }

    /** Removes the hook if it is still ours; call with the shard held. */
    void detach() {
        finished = true;
        if (shard.snapshotHook() == this) {
            shard.snapshotHook(null);
        }
        for (int d = 0; d < captured.length; d++) {
            captured[d] = null;
        }
    }

    int doneDbs() {
        return doneDbs;
    }

    Chunk poll(int db) {
        Chunk c = queues[db].poll();
        if (c != null) {
            queued[db].addAndGet(-c.size());
            if (paused.get() && queued[db].get() < QUEUE_LIMIT / 2 && paused.compareAndSet(true, false)) {
                shard.owner().execute(step);
            }
        }
        return c;
    }

    // ---- the hook --------------------------------------------------------------------------------

    @Override
    public void beforeWrite(int db, int slot) {
        int sd = current[db];
        if (sd >= 0 && !finished && !isWritten(sd, slot)) {
            writeSlot(sd, slot);
            publish();
        }
    }

    @Override
    public void beforeFlush(int db) {
        current[db] = -1; // the captured tables stay ours; new keys of this db are not in the snapshot
    }

    @Override
    public void beforeSwap(int a, int b) {
        int t = current[a];
        current[a] = current[b];
        current[b] = t;
    }

    @Override
    public boolean written(int db, int slot) {
        int sd = current[db];
        return sd < 0 || finished || isWritten(sd, slot);
    }

    private boolean isWritten(int sd, int slot) {
        long[] w = written[sd];
        return w == null || (w[slot >>> 6] & (1L << slot)) != 0;
    }

    // ---- serialization ---------------------------------------------------------------------------

    /** Serializes one captured slot table (if not done yet) and marks it done. */
    private void writeSlot(int sd, int slot) {
        long[] w = written[sd];
        if (w == null) {
            return;
        }
        w[slot >>> 6] |= 1L << slot;
        SlotTable t = captured[sd] == null ? null : captured[sd][slot];
        if (t == null || t.size() == 0 || snapshot.aborted) {
            return;
        }
        if (sink.db != sd) {
            publish();
            sink.db = sd;
        }
        long now = Clock.nowMillis();
        try {
            t.forEach(e -> writeKey(sd, e, now));
        } catch (UncheckedIOException e) {
            snapshot.abort();
        } catch (RuntimeException e) {
            snapshot.abort();
            throw e;
        }
    }

    private void writeKey(int sd, Entry e, long now) {
        try {
            Values.write(writer, Values.meta(sd, e, limits), e.key(), e.value(), now);
            sink.keys++;
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Hands everything serialized so far (whole keys) to the writer thread's queue. */
    private void publish() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink does not fail
        }
        sink.enqueue();
    }

    /**
     * Walks on from where the walk stands, within database {@code untilDb}, until about
     * {@code budget} bytes were produced.
     *
     * @return true once database {@code untilDb} is complete
     */
    private boolean walk(int untilDb, long budget) {
        long start = sink.produced;
        while (walkDb <= untilDb && walkDb < captured.length) {
            if (snapshot.aborted) {
                return true;
            }
            if (written[walkDb] != null) {
                while (walkIndex < ownSlots.length) {
                    int slot = ownSlots[walkIndex++];
                    if (!isWritten(walkDb, slot)) {
                        writeSlot(walkDb, slot);
                        if (sink.produced - start + sink.buffered() >= budget) {
                            publish();
                            return false;
                        }
                    }
                }
            }
            publish();
            walkDb++;
            walkIndex = 0;
            doneDbs = walkDb;
            snapshot.wakeWriter();
        }
        return walkDb > untilDb || walkDb >= captured.length;
    }

    /** Background: one step on the shard's own thread, then yield to the shard's other work. */
    private void backgroundStep() {
        if (finished) {
            return;
        }
        if (snapshot.aborted) {
            detach();
            return;
        }
        if (walk(captured.length - 1, STEP_BYTES)) {
            detach();
            return;
        }
        snapshot.wakeWriter();
        if (walkDb < captured.length && queued[walkDb].get() > QUEUE_LIMIT) {
            paused.set(true);
            if (queued[walkDb].get() > QUEUE_LIMIT || !paused.compareAndSet(true, false)) {
                return; // the writer resumes us (poll) once it has drained enough
            }
        }
        shard.owner().execute(step);
    }

    void schedule() {
        shard.owner().execute(step);
    }

    /** Foreground: walks database {@code db} to its end on the calling thread (which holds the shard). */
    void walkThrough(int db) {
        while (!walk(db, STEP_BYTES)) {
            snapshot.wakeWriter();
            while (queued[walkDb].get() > QUEUE_LIMIT && !snapshot.aborted) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /** Receives the writer's output; the first 9 bytes (the file header) are the writer thread's job. */
    private final class ChunkSink extends OutputStream {
        private int skip = 9;
        int db;
        int keys;
        long produced;
        private final java.util.List<byte[]> pending = new java.util.ArrayList<>();
        private long pendingBytes;

        long buffered() {
            return writer.bytesWritten() - produced - 9;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (skip > 0) {
                int s = Math.min(skip, len);
                skip -= s;
                off += s;
                len -= s;
            }
            if (len == 0) {
                return;
            }
            produced += len;
            pending.add(Arrays.copyOfRange(b, off, off + len));
            pendingBytes += len;
        }

        void enqueue() {
            if (pending.isEmpty()) {
                return;
            }
            queues[db].add(new Chunk(pending.toArray(new byte[0][]), pendingBytes, keys));
            queued[db].addAndGet(pendingBytes);
            pending.clear();
            pendingBytes = 0;
            keys = 0;
        }
    }
}
