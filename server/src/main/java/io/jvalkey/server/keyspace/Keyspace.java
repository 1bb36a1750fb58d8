package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.ShardMap;
import io.jvalkey.cluster.SlotHash;
import java.util.concurrent.Executor;

/**
 * All shards and databases. Commands reach data through a {@link Db}, which routes every key to
 * its shard by hash slot; the dispatcher guarantees the calling thread owns that shard (or holds
 * it parked through the {@link ShardBarrier}), so no data access here needs a lock.
 */
public final class Keyspace {
    private final Shard[] shards;
    private final ShardMap shardMap;
    private final Db[] dbs;
    private final ShardBarrier barrier = new ShardBarrier();
    private final MemoryLimits limits;
    private volatile KeyspaceListener listener = KeyspaceListener.NONE;

    public Keyspace(Executor[] owners, int databases, MemoryLimits limits) {
        this.shards = new Shard[owners.length];
        for (int i = 0; i < owners.length; i++) {
            shards[i] = new Shard(i, owners[i], databases);
        }
        this.shardMap = new ShardMap(owners.length);
        this.limits = limits;
        this.dbs = new Db[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Db(this, i);
        }
    }

    public int databases() {
        return dbs.length;
    }

    public Db db(int index) {
        return dbs[index];
    }

    public Shard[] shards() {
        return shards;
    }

    public Shard shard(int id) {
        return shards[id];
    }

    public ShardMap shardMap() {
        return shardMap;
    }

    public Shard shardOfSlot(int slot) {
        return shards[shardMap.shardOfSlot(slot)];
    }

    public Shard shardOf(byte[] key) {
        return shards[shardMap.shardOfSlot(SlotHash.slot(key))];
    }

    /** True if the current thread owns the shard or holds every shard through the barrier. */
    boolean mayAccess(Shard s) {
        return !(s.owner() instanceof io.netty.util.concurrent.EventExecutor loop) || loop.inEventLoop()
                || barrier.heldByCurrentThread();
    }

    /** Who hears of created, expired, evicted and missed keys (set once at startup). */
    public void listener(KeyspaceListener l) {
        this.listener = l;
    }

    public KeyspaceListener listener() {
        return listener;
    }

    public ShardBarrier barrier() {
        return barrier;
    }

    public MemoryLimits limits() {
        return limits;
    }

    /** Estimated bytes of all keys and values. */
    public long usedMemory() {
        long sum = 0;
        for (Shard s : shards) {
            sum += s.usedMemory();
        }
        return sum;
    }

    public long keys(int db) {
        long n = 0;
        for (Shard s : shards) {
            n += s.keys(db);
        }
        return n;
    }

    /** Number of keys with a TTL in a db (walks the slot tables: for INFO keyspace). */
    public long volatileKeys(int db) {
        long n = 0;
        for (Shard s : shards) {
            for (int slot = s.id(); slot < SlotHash.SLOTS; slot += shards.length) {
                SlotTable t = s.table(db, slot);
                if (t != null) {
                    n += t.volatileCount();
                }
            }
        }
        return n;
    }

    /** Exchanges two databases in every shard; call with all shards held. */
    public void swap(int a, int b) {
        for (Shard s : shards) {
            s.swap(a, b);
        }
    }

    /** Drops every key of every database; call with all shards held. */
    public void flushAll() {
        for (Shard s : shards) {
            for (int d = 0; d < s.databases(); d++) {
                s.flush(d);
            }
        }
    }
}
