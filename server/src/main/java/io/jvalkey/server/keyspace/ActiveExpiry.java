package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;

/**
 * The active half of expiry, run periodically on each shard's own thread (hz times a second):
 * walks the shard's slot tables that hold keys with a TTL, a bounded number of buckets per run,
 * and deletes what has expired. Like Valkey's cycle it stops at a time budget (25% of a tick)
 * and resumes where it left off, so a shard full of expiring keys never stalls its clients.
 */
public final class ActiveExpiry {
    private static final int BUCKETS_PER_CHECK = 64;

    private final Keyspace keyspace;
    private final Shard shard;
    private int db;
    private int slot;
    private long cursor;
    public volatile boolean enabled = true;

    public ActiveExpiry(Keyspace keyspace, Shard shard) {
        this.keyspace = keyspace;
        this.shard = shard;
        this.slot = shard.id();
    }

    /** One cycle; {@code budgetNanos} bounds its running time. */
    public void run(long budgetNanos) {
        if (!enabled) {
            return;
        }
        long deadline = System.nanoTime() + budgetNanos;
        int step = keyspace.shards().length;
        int tablesVisited = 0;
        int totalTables = keyspace.databases() * (SlotHash.SLOTS / step + 1);
        List<Entry> batch = new ArrayList<>();
        while (tablesVisited < totalTables) {
            if (shard.keys(db) == 0) {
                // Nothing to expire in this db on this shard: skip all of its slots at once.
                tablesVisited += SlotHash.SLOTS / step + 1;
                slot = shard.id();
                cursor = 0;
                db = (db + 1) % keyspace.databases();
                continue;
            }
            SlotTable t = shard.table(db, slot);
            if (t != null && t.volatileCount() > 0) {
                int buckets = 0;
                do {
                    cursor = t.scan(cursor, e -> {
                        if (e.expireAt() >= 0) {
                            batch.add(e);
                        }
                    });
                    buckets++;
                } while (cursor != 0 && buckets < BUCKETS_PER_CHECK);
                expire(batch);
                batch.clear();
                if (cursor != 0) {
                    if (System.nanoTime() > deadline) {
                        return; // resume inside this table next time
                    }
                    continue;
                }
            }
            cursor = 0;
            advance(step);
            tablesVisited++;
            if ((tablesVisited & 255) == 0 && System.nanoTime() > deadline) {
                return;
            }
        }
    }

    private void expire(List<Entry> batch) {
        long now = Clock.nowMillis();
        Db d = keyspace.db(db);
        for (Entry e : batch) {
            if (now > e.expireAt()) {
                d.evict(shard, slot, e);
                shard.stats.expiredKeys++;
                keyspace.listener().expired(db, e.key);
            }
        }
    }

    private void advance(int step) {
        slot += step;
        if (slot >= SlotHash.SLOTS) {
            slot = shard.id();
            db = (db + 1) % keyspace.databases();
        }
    }
}
