package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One logical database (SELECT n) seen across all shards. Each call routes its key to the owning
 * shard's slot table; the caller must be running on that shard's thread or hold it through the
 * barrier. Expiry is lazy here (an expired key found by any lookup is deleted first); the
 * active side lives in {@link ActiveExpiry}.
 */
public final class Db {
    private final Keyspace keyspace;
    private final int index;

    Db(Keyspace keyspace, int index) {
        this.keyspace = keyspace;
        this.index = index;
    }

    public int index() {
        return index;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /**
     * The shard holding a slot. With assertions on (as in the tests) it also checks the calling
     * thread may touch that shard: its owner, or the holder of the barrier.
     */
    private Shard shardFor(int slot) {
        Shard s = keyspace.shardOfSlot(slot);
        assert keyspace.mayAccess(s) : "shard " + s.id() + " touched from " + Thread.currentThread().getName();
        return s;
    }

    // ---- lookups -----------------------------------------------------------------------------

    /** Lookup for reading: lazy expiry, hit/miss statistics and (unless {@code noTouch}) access time. */
    public Entry lookupRead(byte[] key, boolean noTouch) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        Entry e = live(shard, slot, key);
        if (e == null) {
            shard.stats.keyspaceMisses++;
            keyspace.listener().missed(index, key);
        } else {
            shard.stats.keyspaceHits++;
            if (!noTouch) {
                touch(e);
            }
        }
        return e;
    }

    /** Lookup for writing: lazy expiry and access time, no hit/miss statistics. */
    public Entry lookupWrite(byte[] key) {
        return lookupWrite(key, false);
    }

    /** Lookup for writing that leaves the access time alone when {@code noTouch} (CLIENT NO-TOUCH). */
    public Entry lookupWrite(byte[] key, boolean noTouch) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot); // the caller may change the value in place
        Entry e = live(shard, slot, key);
        if (e != null && !noTouch) {
            touch(e);
        }
        return e;
    }

    /** Lookup with lazy expiry only: no statistics, no access-time update (TTL, OBJECT, TYPE ...). */
    public Entry peek(byte[] key) {
        int slot = SlotHash.slot(key);
        return live(shardFor(slot), slot, key);
    }

    private Entry live(Shard shard, int slot, byte[] key) {
        SlotTable t = shard.table(index, slot);
        if (t == null) {
            return null;
        }
        int h = SlotTable.hash(key);
        Entry e = t.find(key, h);
        if (e != null && isExpired(e)) {
            removeEntry(shard, t, slot, key, h);
            shard.stats.expiredKeys++;
            keyspace.listener().expired(index, e.key);
            return null;
        }
        return e;
    }

    static boolean isExpired(Entry e) {
        long when = e.expireAt();
        return when >= 0 && Clock.nowMillis() > when;
    }

    private void touch(Entry e) {
        MemoryLimits limits = keyspace.limits();
        if (limits.policy.lfu()) {
            e.access(Lfu.incremented(e.access(), limits.lfuLogFactor, limits.lfuDecayTime));
        } else {
            e.access(Clock.lruClock());
        }
    }

    /** Marks WATCHers of a key dirty (a command changed it; deletions do this by themselves). */
    public void touchWatched(byte[] key) {
        shardFor(SlotHash.slot(key)).watched().touch(index, key);
    }

    // ---- writes ------------------------------------------------------------------------------

    /** Sets a key to a value, dropping any old value and TTL ({@code expireAt} -1 for none). */
    public Entry set(byte[] key, Object value, long expireAt) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot);
        SlotTable t = shard.tableForWrite(index, slot);
        int h = SlotTable.hash(key);
        Entry e = t.find(key, h);
        if (e != null) {
            boolean expired = isExpired(e);
            if (expired) {
                // As Valkey's write lookup: the expired key counts as expired, and the new one is fresh.
                shard.stats.expiredKeys++;
                e.access(keyspace.limits().policy.lfu() ? Lfu.initial() : Clock.lruClock());
            }
            shard.addMemory(index, -MemoryEstimate.entry(e));
            if (ValueType.of(e.value) != ValueType.of(value)) {
                shard.blocked().signal(index, key);
            }
            e.value = value;
            e.stringEncoding(Entry.STRING_AUTO);
            e = t.setExpire(e, expireAt);
            shard.addMemory(index, MemoryEstimate.entry(e));
            trackVolatile(shard, key, value);
            if (expired) {
                keyspace.listener().expired(index, e.key);
                keyspace.listener().created(index, e.key);
            }
            return e;
        }
        return insert(shard, t, key, value, expireAt);
    }

    /** Sets a key's value, keeping its TTL if it has one. */
    public Entry setKeepTtl(byte[] key, Object value) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot);
        SlotTable t = shard.tableForWrite(index, slot);
        Entry e = t.find(key, SlotTable.hash(key));
        if (e != null && !isExpired(e)) {
            replaceValue(e, value);
            return e;
        }
        return set(key, value, -1);
    }

    /** Adds a key known to be absent (after a lookup). */
    public Entry add(byte[] key, Object value) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot);
        return insert(shard, shard.tableForWrite(index, slot), key, value, -1);
    }

    private Entry insert(Shard shard, SlotTable t, byte[] key, Object value, long expireAt) {
        Entry e = t.insert(key, value, expireAt);
        shard.blocked().signal(index, key);
        MemoryLimits limits = keyspace.limits();
        e.access(limits.policy.lfu() ? Lfu.initial() : Clock.lruClock());
        shard.addKeys(index, 1);
        shard.addMemory(index, MemoryEstimate.entry(e));
        trackVolatile(shard, key, value);
        keyspace.listener().created(index, e.key);
        return e;
    }

    /** Values stored with expiring items (COPY, RENAME, MOVE of such a hash) join the shard's registry. */
    private void trackVolatile(Shard shard, byte[] key, Object value) {
        if (value instanceof VolatileItems v && v.hasVolatileItems()) {
            shard.trackVolatile(index, key);
        }
    }

    /** A key's value just got its first expiring item: active expiry must now visit it. */
    public void trackVolatileItems(byte[] key) {
        shardFor(SlotHash.slot(key)).trackVolatile(index, key);
    }

    /** Replaces the value of an existing entry in place (TTL and access data stay). */
    public void replaceValue(Entry e, Object value) {
        int slot = SlotHash.slot(e.key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot);
        if (ValueType.of(e.value) != ValueType.of(value)) {
            shard.blocked().signal(index, e.key);
        }
        shard.addMemory(index, MemoryEstimate.value(value) - MemoryEstimate.value(e.value));
        e.value = value;
        e.stringEncoding(Entry.STRING_AUTO);
    }

    /** Tells the accounting that a mutable value (a collection) changed size by {@code delta} bytes. */
    public void valueResized(Entry e, long delta) {
        Shard shard = shardFor(SlotHash.slot(e.key));
        assert shard.snapshotHook() == null || delta == 0 || snapshotSawWrite(shard, e)
                : "value of a key changed in place without lookupWrite/modifying while a snapshot runs";
        shard.addMemory(index, delta);
    }

    /** With assertions on: a hook that can tell checks the key's slot was written before this change. */
    private boolean snapshotSawWrite(Shard shard, Entry e) {
        return !(shard.snapshotHook() instanceof WriteCheck w) || w.written(index, SlotHash.slot(e.key));
    }

    /** A snapshot hook that can say whether a slot is already in the snapshot (assertion support). */
    public interface WriteCheck {
        boolean written(int db, int slot);
    }

    /**
     * Announces that a command is about to change the value of {@code e} in place after finding
     * it with {@link #lookupRead} or {@link #peek} (XREADGROUP, XCLAIM, field expiry ...);
     * {@link #lookupWrite} does this by itself.
     */
    public void modifying(Entry e) {
        int slot = SlotHash.slot(e.key);
        shardFor(slot).beforeWrite(index, slot);
    }

    /** Sets or clears ({@code -1}) the TTL of a live entry; returns the entry now holding the key. */
    public Entry setExpire(Entry e, long expireAt) {
        int slot = SlotHash.slot(e.key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot);
        long before = MemoryEstimate.entry(e);
        Entry now = shard.tableForWrite(index, slot).setExpire(e, expireAt);
        shard.addMemory(index, MemoryEstimate.entry(now) - before);
        return now;
    }

    public boolean delete(byte[] key) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        SlotTable t = shard.table(index, slot);
        if (t == null) {
            return false;
        }
        int h = SlotTable.hash(key);
        Entry e = t.find(key, h);
        if (e == null) {
            return false;
        }
        boolean expired = isExpired(e);
        removeEntry(shard, t, slot, key, h);
        if (expired) {
            shard.stats.expiredKeys++;
            keyspace.listener().expired(index, e.key);
        }
        return !expired;
    }

    private void removeEntry(Shard shard, SlotTable t, int slot, byte[] key, int h) {
        shard.beforeWrite(index, slot);
        Entry removed = t.remove(key, h);
        if (removed != null) {
            shard.watched().touch(index, key);
            shard.blocked().signal(index, key); // waiters that unblock on deletion (XREADGROUP)
            shard.addKeys(index, -1);
            shard.addMemory(index, -MemoryEstimate.entry(removed));
        }
    }

    /** Deletes a key found expired by active expiry or eviction; statistics are the caller's. */
    void evict(Shard shard, int slot, Entry e) {
        SlotTable t = shard.table(index, slot);
        if (t != null) {
            removeEntry(shard, t, slot, e.key, SlotTable.hash(e.key));
        }
    }

    // ---- loading (RDB, RESTORE) ---------------------------------------------------------------

    /**
     * Adds a key read from a file, quietly (no keyspace event, nobody to wake: as Valkey's
     * dbAddRDBLoad). Returns null if the key exists already.
     */
    public Entry addLoaded(byte[] key, Object value, long expireAt) {
        int slot = SlotHash.slot(key);
        Shard shard = shardFor(slot);
        shard.beforeWrite(index, slot);
        SlotTable t = shard.tableForWrite(index, slot);
        if (t.find(key, SlotTable.hash(key)) != null) {
            return null;
        }
        Entry e = t.insert(key, value, expireAt);
        e.access(keyspace.limits().policy.lfu() ? Lfu.initial() : Clock.lruClock());
        shard.addKeys(index, 1);
        shard.addMemory(index, MemoryEstimate.entry(e));
        trackVolatile(shard, key, value);
        return e;
    }

    /**
     * Sets a key's LRU idle time or LFU counter from a file or RESTORE (Valkey's
     * objectSetLRUOrLFU): only the one the maxmemory policy uses; -1 leaves it alone.
     */
    public void restoreAccess(Entry e, long idleSeconds, int lfuFreq) {
        if (keyspace.limits().policy.lfu()) {
            if (lfuFreq >= 0) {
                e.access((Lfu.minutes() << 8) | Math.min(lfuFreq, 255));
            }
        } else if (idleSeconds >= 0) {
            int clock = Clock.lruClock();
            long idle = Math.min(idleSeconds, 0xFFFFFFL);
            e.access((int) ((clock - idle) & 0xFFFFFF));
        }
    }

    // ---- whole-database operations (all shards held) -----------------------------------------

    public long size() {
        return keyspace.keys(index);
    }

    public void flush() {
        for (Shard s : keyspace.shards()) {
            s.flush(index);
        }
    }

    /**
     * One SCAN step over the whole database. The cursor is (table cursor << 14) | slot, as in
     * Valkey's cluster mode, so it stays valid while tables resize. Expired keys are dropped.
     *
     * @return the next cursor, 0 when done
     */
    public long scan(long cursor, int count, Consumer<Entry> out) {
        int slot = (int) (cursor & (SlotHash.SLOTS - 1));
        long tableCursor = cursor >>> 14;
        List<Entry> found = new ArrayList<>();
        long budget = Math.max(count, 1) * 10L;
        while (slot < SlotHash.SLOTS && found.size() < count && budget-- > 0) {
            SlotTable t = shardFor(slot).table(index, slot);
            if (t == null || t.size() == 0) {
                slot++;
                tableCursor = 0;
                budget++; // empty slots are skipped for free, as kvstore skips empty dicts
                continue;
            }
            tableCursor = t.scan(tableCursor, found::add);
            if (tableCursor == 0) {
                slot++;
            }
        }
        for (Entry e : found) {
            if (isExpired(e)) {
                int s = SlotHash.slot(e.key);
                Shard shard = shardFor(s);
                evict(shard, s, e);
                shard.stats.expiredKeys++;
                keyspace.listener().expired(index, e.key);
            } else {
                out.accept(e);
            }
        }
        if (slot >= SlotHash.SLOTS) {
            return 0;
        }
        return (tableCursor << 14) | slot;
    }

    /** Every live key (KEYS); expired keys are skipped, not deleted. */
    public void forEach(Consumer<Entry> out) {
        for (int slot = 0; slot < SlotHash.SLOTS; slot++) {
            SlotTable t = shardFor(slot).table(index, slot);
            if (t != null && t.size() > 0) {
                t.forEach(e -> {
                    if (!isExpired(e)) {
                        out.accept(e);
                    }
                });
            }
        }
    }

    /**
     * A random live key, or null when the database is empty. Expired keys met on the way are
     * deleted and another pick is made, as a Valkey primary does, so this ends once a live key
     * turns up or every key is gone.
     */
    public Entry randomEntry() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (size() > 0) {
            Entry e = randomSlotEntry(rnd);
            if (e == null) {
                return null;
            }
            if (!isExpired(e)) {
                return e;
            }
            int s = SlotHash.slot(e.key);
            Shard shard = shardFor(s);
            evict(shard, s, e);
            shard.stats.expiredKeys++;
            keyspace.listener().expired(index, e.key);
        }
        return null;
    }

    private Entry randomSlotEntry(ThreadLocalRandom rnd) {
        // Pick a random slot weighted roughly by trying random slots, then fall back to a sweep.
        for (int i = 0; i < 64; i++) {
            int slot = rnd.nextInt(SlotHash.SLOTS);
            SlotTable t = shardFor(slot).table(index, slot);
            if (t != null && t.size() > 0) {
                return t.random(rnd);
            }
        }
        int start = rnd.nextInt(SlotHash.SLOTS);
        for (int i = 0; i < SlotHash.SLOTS; i++) {
            int slot = (start + i) & (SlotHash.SLOTS - 1);
            SlotTable t = shardFor(slot).table(index, slot);
            if (t != null && t.size() > 0) {
                return t.random(rnd);
            }
        }
        return null;
    }
}
