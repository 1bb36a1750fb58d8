package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.SlotHash;
import java.util.concurrent.ThreadLocalRandom;

/**
 * maxmemory enforcement on the calling shard: while the estimated memory is over the limit,
 * sample {@code maxmemory-samples} keys per round (from all keys or only those with a TTL, as the
 * policy says), delete the best candidate (least recently used, least frequently used, nearest
 * TTL, or any for random), and repeat. Each shard evicts its own keys, so no cross-thread access.
 */
public final class Eviction {
    private Eviction() {}

    /** Memory Valkey would report as used_memory. */
    public static long usedMemory(Keyspace ks) {
        return ks.limits().baseline + ks.usedMemory();
    }

    /**
     * Makes room before a command that may grow memory.
     *
     * @return false if memory is still over the limit (the command must fail with OOM)
     */
    public static boolean makeRoom(Keyspace ks, Shard shard) {
        MemoryLimits limits = ks.limits();
        long max = limits.maxmemory;
        if (max <= 0 || usedMemory(ks) <= max) {
            return true;
        }
        if (limits.policy == MemoryLimits.Policy.NOEVICTION) {
            return false;
        }
        int guard = 0;
        while (usedMemory(ks) > max) {
            if (!evictOne(ks, shard, limits) || ++guard > 100_000) {
                return false;
            }
        }
        return true;
    }


    private static boolean evictOne(Keyspace ks, Shard shard, MemoryLimits limits) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int step = ks.shards().length;
        int slotsOwned = (SlotHash.SLOTS - shard.id() + step - 1) / step;
        Entry best = null;
        int bestDb = -1;
        int bestSlot = -1;
        long bestScore = Long.MIN_VALUE;
        int samples = Math.max(limits.samples, 1);
        for (int db = 0; db < ks.databases(); db++) {
            if (shard.keys(db) == 0) {
                continue;
            }
            int taken = 0;
            for (int tries = 0; taken < samples && tries < samples * 64; tries++) {
                int slot = shard.id() + rnd.nextInt(slotsOwned) * step;
                SlotTable t = shard.table(db, slot);
                if (t == null || t.size() == 0 || (limits.policy.volatileOnly && t.volatileCount() == 0)) {
                    continue;
                }
                Entry e = t.random(rnd);
                if (limits.policy.volatileOnly && e.expireAt() < 0) {
                    continue;
                }
                taken++;
                long score = score(e, limits, rnd);
                if (best == null || score > bestScore) {
                    best = e;
                    bestScore = score;
                    bestDb = db;
                    bestSlot = slot;
                }
            }
            if (best == null) {
                // Few keys spread over many slots: random slots missed them all, so sweep the
                // owned slots once from a random start to find a candidate.
                int start = rnd.nextInt(slotsOwned);
                for (int i = 0; i < slotsOwned && best == null; i++) {
                    int slot = shard.id() + ((start + i) % slotsOwned) * step;
                    SlotTable t = shard.table(db, slot);
                    if (t == null || t.size() == 0 || (limits.policy.volatileOnly && t.volatileCount() == 0)) {
                        continue;
                    }
                    Entry e = t.random(rnd);
                    if (limits.policy.volatileOnly && e.expireAt() < 0) {
                        continue;
                    }
                    best = e;
                    bestDb = db;
                    bestSlot = slot;
                }
            }
        }
        if (best == null) {
            return false;
        }
        ks.db(bestDb).evict(shard, bestSlot, best);
        shard.stats.evictedKeys++;
        ks.listener().evicted(bestDb, best.key);
        return true;
    }

    /** Higher is a better eviction candidate. */
    private static long score(Entry e, MemoryLimits limits, ThreadLocalRandom rnd) {
        return switch (limits.policy) {
            case ALLKEYS_LRU, VOLATILE_LRU -> Clock.idleSeconds(e.access());
            case ALLKEYS_LFU, VOLATILE_LFU -> 255 - Lfu.decayed(e.access(), limits.lfuDecayTime);
            case VOLATILE_TTL -> Long.MAX_VALUE - e.expireAt();
            default -> rnd.nextLong();
        };
    }
}
