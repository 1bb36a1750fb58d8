package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.SlotHash;
import java.util.concurrent.ThreadLocalRandom;

/**
 * maxmemory enforcement: while the estimated memory is over the limit, sample
 * {@code maxmemory-samples} keys per round (from all keys or only those with a TTL, as the policy
 * says), delete the best candidate (least recently used, least frequently used, nearest TTL, or any
 * for random), and repeat.
 *
 * <p>A shard's keys are touched only by its owner, so a command evicts from its own shard. When
 * that shard has nothing left to evict while others hold keys, the command asks to be run with
 * every shard held ({@link Room#NEEDS_ALL_SHARDS}); there, as with one shard, eviction picks the
 * best candidate of the whole keyspace before the command runs, as Valkey's does.
 */
public final class Eviction {
    private Eviction() {}

    /** The outcome of making room before a command. */
    public enum Room {
        /** Under the limit (or no limit). */
        OK,
        /** Still over the limit: commands that may grow memory fail with OOM. */
        OOM,
        /** Nothing left to evict on this shard, but other shards have keys: rerun with all shards held. */
        NEEDS_ALL_SHARDS
    }

    /** Memory Valkey would report as used_memory. */
    public static long usedMemory(Keyspace ks) {
        return ks.limits().baseline + ks.usedMemory();
    }

    /**
     * Makes room before a command, evicting from this shard only (or from every shard when the
     * caller holds them all).
     *
     * @return false if memory is still over the limit (a command that may grow memory must fail with OOM)
     */
    public static boolean makeRoom(Keyspace ks, Shard shard) {
        return makeRoom(ks, shard, false) == Room.OK;
    }

    /**
     * Makes room before a command running on {@code shard}'s thread (or with every shard held).
     *
     * @param mayAskForAllShards whether the caller can rerun the command with every shard held
     */
    public static Room makeRoom(Keyspace ks, Shard shard, boolean mayAskForAllShards) {
        MemoryLimits limits = ks.limits();
        long max = limits.maxmemory;
        if (max <= 0 || usedMemory(ks) <= max) {
            return Room.OK;
        }
        if (limits.policy == MemoryLimits.Policy.NOEVICTION) {
            return Room.OOM;
        }
        Shard[] all = ks.shards();
        boolean everyShard = all.length == 1 || ks.barrier().heldByCurrentThread();
        int guard = 0;
        while (usedMemory(ks) > max) {
            Candidate c = null;
            if (everyShard) {
                for (Shard s : all) {
                    c = better(c, candidate(ks, s, limits));
                }
            } else {
                c = candidate(ks, shard, limits);
            }
            if (c == null) {
                return !everyShard && mayAskForAllShards && othersHaveKeys(ks, shard) ? Room.NEEDS_ALL_SHARDS : Room.OOM;
            }
            c.evict(ks);
            if (++guard > 100_000) {
                return Room.OOM;
            }
        }
        return Room.OK;
    }

    private static boolean othersHaveKeys(Keyspace ks, Shard shard) {
        for (Shard s : ks.shards()) {
            if (s != shard) {
                for (int db = 0; db < ks.databases(); db++) {
                    if (s.keys(db) > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A key chosen for eviction, with its eviction score (higher goes first). */
    private record Candidate(Shard shard, int db, int slot, Entry entry, long score) {
        void evict(Keyspace ks) {
            ks.db(db).evict(shard, slot, entry);
            shard.stats.evictedKeys++;
            ks.listener().evicted(db, entry.key);
        }
    }

    private static Candidate better(Candidate a, Candidate b) {
        return a == null || (b != null && b.score > a.score) ? b : a;
    }

    /** The best of a sample of {@code shard}'s keys that the policy allows, or null if there is none. */
    private static Candidate candidate(Keyspace ks, Shard shard, MemoryLimits limits) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int step = ks.shards().length;
        int slotsOwned = (SlotHash.SLOTS - shard.id() + step - 1) / step;
        Candidate best = null;
        int samples = Math.max(limits.samples, 1);
        for (int db = 0; db < ks.databases(); db++) {
            if (shard.keys(db) == 0) {
                continue;
            }
            int taken = 0;
            for (int tries = 0; taken < samples && tries < samples * 64; tries++) {
                int slot = shard.id() + rnd.nextInt(slotsOwned) * step;
                Entry e = sample(shard, db, slot, limits, rnd);
                if (e != null) {
                    taken++;
                    best = better(best, new Candidate(shard, db, slot, e, score(e, limits, rnd)));
                }
            }
            if (best == null) {
                // Few keys spread over many slots: random slots missed them all, so sweep the
                // owned slots once from a random start to find a candidate.
                int start = rnd.nextInt(slotsOwned);
                for (int i = 0; i < slotsOwned && best == null; i++) {
                    int slot = shard.id() + ((start + i) % slotsOwned) * step;
                    Entry e = sample(shard, db, slot, limits, rnd);
                    if (e != null) {
                        best = new Candidate(shard, db, slot, e, score(e, limits, rnd));
                    }
                }
            }
        }
        return best;
    }

    /** A random key of one slot table that the policy may evict, or null. */
    private static Entry sample(Shard shard, int db, int slot, MemoryLimits limits, ThreadLocalRandom rnd) {
        SlotTable t = shard.table(db, slot);
        if (t == null || t.size() == 0 || (limits.policy.volatileOnly && t.volatileCount() == 0)) {
            return null;
        }
        Entry e = t.random(rnd);
        return limits.policy.volatileOnly && e.expireAt() < 0 ? null : e;
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
