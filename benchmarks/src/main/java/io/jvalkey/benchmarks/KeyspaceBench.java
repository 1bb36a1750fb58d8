package io.jvalkey.benchmarks;

import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.MemoryLimits;
import java.util.Random;
import java.util.concurrent.Executor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Keyspace operations through a {@link Db} on a single-shard keyspace whose owner is the calling
 * thread (no event loop, no network). Keys are visited in a shuffled order, as random clients would.
 * Score: ns per operation.
 */
public class KeyspaceBench extends ShortRun {
    @Param({"100000"})
    public int keys;

    private Db db;
    private byte[][] present;
    private byte[][] absent;
    private final byte[] value = Frames.value(3);
    private int next;
    private int passShift;
    private long ttlBase;

    @Setup
    public void setup() {
        Executor direct = Runnable::run;
        db = new Keyspace(new Executor[] {direct}, 16, new MemoryLimits()).db(0);
        int n = Integer.highestOneBit(keys); // a power of two, so the index wraps with a mask
        passShift = Integer.numberOfTrailingZeros(n);
        present = new byte[n][];
        absent = new byte[n][];
        for (int i = 0; i < n; i++) {
            present[i] = Frames.key(i);
            absent[i] = Frames.key(100_000_000L + i);
            db.set(present[i], value, -1);
        }
        Random rnd = new Random(42);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            byte[] t = present[i];
            present[i] = present[j];
            present[j] = t;
        }
        ttlBase = Clock.nowMillis() + 3_600_000;
    }

    private byte[] nextPresent() {
        return present[next++ & (present.length - 1)];
    }

    @Benchmark
    public Entry getHit() {
        return db.lookupRead(nextPresent(), false);
    }

    @Benchmark
    public Entry getMiss() {
        return db.lookupRead(absent[next++ & (absent.length - 1)], false);
    }

    /** SET of an existing key as the SET command does it: write lookup, then set. */
    @Benchmark
    public Entry setExisting() {
        byte[] k = nextPresent();
        db.lookupWrite(k);
        return db.set(k, value, -1);
    }

    /** EXPIRE as the command does it: write lookup, then a TTL that differs from the key's last one. */
    @Benchmark
    public Entry expire() {
        int i = next++;
        Entry e = db.lookupWrite(present[i & (present.length - 1)]);
        return db.setExpire(e, ttlBase + (i >>> passShift)); // one more ms on each pass over the keys
    }

    /** A new key then its deletion, so the keyspace keeps its size. */
    @Benchmark
    public boolean insertDelete() {
        byte[] k = absent[next++ & (absent.length - 1)];
        db.set(k, value, -1);
        return db.delete(k);
    }
}
