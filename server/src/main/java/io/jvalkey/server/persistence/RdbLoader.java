package io.jvalkey.server.persistence;

import io.jvalkey.persistence.rdb.KeyMeta;
import io.jvalkey.persistence.rdb.RdbFormatException;
import io.jvalkey.persistence.rdb.RdbReader;
import io.jvalkey.persistence.rdb.RdbVisitor;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.types.EncodingLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Loads an RDB file into an empty keyspace. The reader runs on the calling thread (never an
 * event loop at startup) and builds each value; keys go to their owner shards in batches, which
 * each shard inserts on its own thread, so shards fill in parallel with the reading. In
 * {@code direct} mode (DEBUG RELOAD, the caller holds every shard) keys are inserted on the spot.
 * Keys already expired are skipped, as a Valkey primary does.
 */
final class RdbLoader {
    /** Outcome of a load. */
    record Result(long loaded, long expired, int rdbVersion) {}

    private static final int BATCH_KEYS = 512;
    private static final int MAX_IN_FLIGHT = 64;

    private final Keyspace keyspace;
    private final EncodingLimits limits;
    private final boolean direct;
    private final boolean merge;
    private final int keyLoadDelay;
    private final long now = System.currentTimeMillis();
    private final List<Loaded>[] batches;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private long loaded;
    private long expired;
    private int version;

    private record Loaded(KeyMeta meta, byte[] key, Object value) {}

    @SuppressWarnings("unchecked")
    RdbLoader(Keyspace keyspace, EncodingLimits limits, boolean direct, boolean merge, int keyLoadDelay) {
        this.keyspace = keyspace;
        this.limits = limits;
        this.direct = direct;
        this.merge = merge;
        this.keyLoadDelay = keyLoadDelay;
        this.batches = new List[keyspace.shards().length];
    }

    /** Reads {@code file} completely; any problem is an {@link RdbFormatException} or I/O error. */
    Result load(Path file, boolean verifyChecksum) throws IOException {
        long size = Files.size(file);
        RdbVisitor header = new RdbVisitor() {
            @Override
            public void version(int v) {
                version = v;
            }

            @Override
            public void selectDb(int db) throws IOException {
                checkDb(db);
            }

            @Override
            public void string(KeyMeta m, byte[] k, byte[] v) {}

            @Override
            public void listBegin(KeyMeta m, byte[] k, long s) {}

            @Override
            public void listItem(byte[] i) {}

            @Override
            public void listEnd() {}

            @Override
            public void setBegin(KeyMeta m, byte[] k, long s) {}

            @Override
            public void setMember(byte[] m) {}

            @Override
            public void setEnd() {}

            @Override
            public void hashBegin(KeyMeta m, byte[] k, long s) {}

            @Override
            public void hashField(byte[] f, byte[] v, long e) {}

            @Override
            public void hashEnd() {}

            @Override
            public void zsetBegin(KeyMeta m, byte[] k, long s) {}

            @Override
            public void zsetMember(byte[] m, double s) {}

            @Override
            public void zsetEnd() {}

            @Override
            public void streamBegin(KeyMeta m, byte[] k) {}

            @Override
            public void streamEntry(long ms, long seq, byte[][] f) {}

            @Override
            public void streamEnd(io.jvalkey.persistence.rdb.StreamMeta m) {}
        };
        Values.Builder builder = new Values.Builder(limits, this::key, header);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            new RdbReader(in, size).verifyChecksum(verifyChecksum).read(builder);
        }
        for (int s = 0; s < batches.length; s++) {
            flush(s);
        }
        while (inFlight.get() > 0) {
            LockSupport.parkNanos(100_000);
        }
        String f = failure.get();
        if (f != null) {
            throw new RdbFormatException(f);
        }
        return new Result(loaded, expired, version);
    }

    private void checkDb(int db) throws RdbFormatException {
        if (db >= keyspace.databases()) {
            throw new RdbFormatException("Data file was created with a server configured to handle more than "
                    + keyspace.databases() + " databases");
        }
    }

    private void key(KeyMeta meta, byte[] key, Object value) throws IOException {
        if (keyLoadDelay != 0) {
            delay();
        }
        checkDb(meta.db());
        String f = failure.get();
        if (f != null) {
            throw new RdbFormatException(f);
        }
        if (meta.expireAtMs() >= 0 && meta.expireAtMs() < now) {
            expired++;
            return;
        }
        loaded++;
        Loaded k = new Loaded(meta, key, value);
        if (direct) {
            insert(k);
            String err = failure.get();
            if (err != null) {
                throw new RdbFormatException(err);
            }
            return;
        }
        int s = keyspace.shardOf(key).id();
        List<Loaded> b = batches[s];
        if (b == null) {
            b = batches[s] = new ArrayList<>(BATCH_KEYS);
        }
        b.add(k);
        if (b.size() >= BATCH_KEYS) {
            flush(s);
        }
    }

    private void delay() {
        int usec = keyLoadDelay;
        if (usec < 0) {
            usec = ThreadLocalRandom.current().nextInt(-usec) == 0 ? 1 : 0;
        }
        if (usec > 0) {
            LockSupport.parkNanos(usec * 1000L);
        }
    }

    private void flush(int s) {
        List<Loaded> b = batches[s];
        if (b == null || b.isEmpty()) {
            return;
        }
        batches[s] = null;
        while (inFlight.get() >= MAX_IN_FLIGHT) {
            LockSupport.parkNanos(50_000);
        }
        inFlight.incrementAndGet();
        Shard shard = keyspace.shard(s);
        shard.owner().execute(() -> {
            try {
                for (Loaded k : b) {
                    insert(k);
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, "Error inserting a loaded key: " + e);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** On the key's shard (or with every shard held). */
    private void insert(Loaded k) {
        Db db = keyspace.db(k.meta().db());
        Entry e = db.addLoaded(k.key(), k.value(), k.meta().expireAtMs());
        if (e == null && merge) {
            db.delete(k.key()); // DEBUG RELOAD MERGE: the file's value wins
            e = db.addLoaded(k.key(), k.value(), k.meta().expireAtMs());
        }
        if (e == null) {
            failure.compareAndSet(null, "Duplicate key '" + new String(k.key(), StandardCharsets.UTF_8)
                    + "' found in RDB file");
            return;
        }
        if (k.meta().lruIdleSeconds() >= 0 || k.meta().lfuFreq() >= 0) {
            db.restoreAccess(e, k.meta().lruIdleSeconds(), k.meta().lfuFreq());
        }
    }
}
