package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.SlotHash;
import java.util.concurrent.Executor;

/**
 * One owner thread's part of the keyspace: for each database, the tables of the hash slots this
 * shard owns (slot mod shards == id). Only the owner thread touches it, except while a
 * {@link ShardBarrier} holds the shard parked for a multi-shard command.
 */
public final class Shard {
    private final int id;
    private final Executor owner;
    private final SlotTable[][] tables;   // [db][slot], created on first write
    private final long[] keys;             // keys per db
    private final long[] memory;           // estimated bytes of keys and values per db
    private final VolatileKeys[] volatileKeys; // keys whose values have expiring items, per db
    final ShardStats stats = new ShardStats();
    private final BlockedKeys blocked = new BlockedKeys();
    private final WatchedKeys watched = new WatchedKeys(this);
    /** The running snapshot's hook, or null (the usual case: one field check per write). */
    private SnapshotHook snapshot;

    Shard(int id, Executor owner, int databases) {
        this.id = id;
        this.owner = owner;
        this.tables = new SlotTable[databases][];
        this.keys = new long[databases];
        this.memory = new long[databases];
        this.volatileKeys = new VolatileKeys[databases];
    }

    public int id() {
        return id;
    }

    public Executor owner() {
        return owner;
    }

    /** Clients blocked on this shard's keys. */
    public BlockedKeys blocked() {
        return blocked;
    }

    /** WATCHed keys of this shard. */
    public WatchedKeys watched() {
        return watched;
    }

    public ShardStats stats() {
        return stats;
    }

    /** Estimated bytes held by this shard's keys and values (read racily by INFO). */
    public long usedMemory() {
        long sum = 0;
        for (long m : memory) {
            sum += m;
        }
        return sum;
    }

    void addMemory(int db, long delta) {
        memory[db] += delta;
    }

    public long keys(int db) {
        return keys[db];
    }

    void addKeys(int db, long delta) {
        keys[db] += delta;
    }

    /** The table of a slot in a db, or null if that slot never held a key there. */
    public SlotTable table(int db, int slot) {
        SlotTable[] t = tables[db];
        return t == null ? null : t[slot];
    }

    SlotTable tableForWrite(int db, int slot) {
        SlotTable[] t = tables[db];
        if (t == null) {
            t = tables[db] = new SlotTable[SlotHash.SLOTS];
        }
        SlotTable table = t[slot];
        if (table == null) {
            table = t[slot] = new SlotTable();
        }
        return table;
    }

    /**
     * The slot tables of a db, indexed by slot (null if the db never held a key here). A snapshot
     * keeps this array: FLUSHDB replaces it rather than clearing it, SWAPDB moves it.
     */
    public SlotTable[] tables(int db) {
        return tables[db];
    }

    /** Installs (or removes, with null) a snapshot's hook; call with the shard held. */
    public void snapshotHook(SnapshotHook hook) {
        this.snapshot = hook;
    }

    public SnapshotHook snapshotHook() {
        return snapshot;
    }

    /** Every write of a key passes here first. */
    void beforeWrite(int db, int slot) {
        SnapshotHook h = snapshot;
        if (h != null) {
            h.beforeWrite(db, slot);
        }
    }

    /** The registry of keys with expiring items in a db, or null if none was ever tracked. */
    public VolatileKeys volatileKeys(int db) {
        return volatileKeys[db];
    }

    void trackVolatile(int db, byte[] key) {
        VolatileKeys v = volatileKeys[db];
        if (v == null) {
            v = volatileKeys[db] = new VolatileKeys();
        }
        v.track(key);
    }

    /** Drops every key of a db. */
    void flush(int db) {
        if (snapshot != null) {
            snapshot.beforeFlush(db);
        }
        watched.touchDb(db, -1);
        blocked.signalDb(db);
        tables[db] = null;
        volatileKeys[db] = null;
        keys[db] = 0;
        memory[db] = 0;
    }

    /** Exchanges the contents of two databases (SWAPDB). */
    void swap(int a, int b) {
        if (snapshot != null) {
            snapshot.beforeSwap(a, b);
        }
        watched.touchDb(a, b);
        watched.touchDb(b, a);
        blocked.signalDb(a);
        blocked.signalDb(b);
        SlotTable[] t = tables[a];
        tables[a] = tables[b];
        tables[b] = t;
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        long m = memory[a];
        memory[a] = memory[b];
        memory[b] = m;
        VolatileKeys v = volatileKeys[a];
        volatileKeys[a] = volatileKeys[b];
        volatileKeys[b] = v;
    }

    int databases() {
        return tables.length;
    }
}
