package io.jvalkey.server.keyspace;

import io.jvalkey.cluster.SlotHash;
import io.jvalkey.server.keyspace.BlockedKeys.DbKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WATCH on this shard's keys: which clients' transactions fail if a key changes. Owner thread
 * only (or the barrier holder). A change marks the watching client's {@link WatchSet} dirty,
 * which the client reads at EXEC.
 */
public final class WatchedKeys {
    /** One client's watches, for one WATCH ... EXEC/UNWATCH cycle. */
    public static final class WatchSet {
        private volatile boolean dirty;
        private final List<Watch> watches = new ArrayList<>();

        public boolean dirty() {
            return dirty;
        }

        public List<Watch> watches() {
            return watches;
        }

        boolean watching(int db, byte[] key) {
            for (Watch w : watches) {
                if (w.db == db && java.util.Arrays.equals(w.key, key)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One watched key of one client; {@code expired}: it was logically expired when watched. */
    public static final class Watch {
        final WatchSet owner;
        public final int db;
        public final byte[] key;
        public boolean expired;

        Watch(WatchSet owner, int db, byte[] key, boolean expired) {
            this.owner = owner;
            this.db = db;
            this.key = key;
            this.expired = expired;
        }
    }

    private final Shard shard;
    private final Map<DbKey, List<Watch>> watched = new HashMap<>();

    WatchedKeys(Shard shard) {
        this.shard = shard;
    }

    /** WATCH of a key on this shard. */
    public void watch(WatchSet set, int db, byte[] key) {
        if (set.dirty || set.watching(db, key)) {
            return;
        }
        Watch w = new Watch(set, db, key, expiredNow(db, key));
        watched.computeIfAbsent(new DbKey(db, key), k -> new ArrayList<>(2)).add(w);
        set.watches.add(w);
    }

    /** Removes one watch (UNWATCH, EXEC, DISCARD, disconnect). */
    public void unwatch(Watch w) {
        DbKey k = new DbKey(w.db, w.key);
        List<Watch> l = watched.get(k);
        if (l != null && l.remove(w) && l.isEmpty()) {
            watched.remove(k);
        }
    }

    /** A key changed or was deleted. */
    void touch(int db, byte[] key) {
        if (watched.isEmpty()) {
            return;
        }
        List<Watch> l = watched.get(new DbKey(db, key));
        if (l == null) {
            return;
        }
        for (Watch w : l) {
            if (w.expired) {
                // It was already expired when watched: its deletion is no logical change.
                if (present(db, key) == null) {
                    w.expired = false;
                    continue;
                }
                break; // as Valkey: the remaining watchers are left alone
            }
            w.owner.dirty = true;
        }
    }

    /** FLUSHDB/FLUSHALL (replacedWith -1) or SWAPDB of {@code db} with {@code replacedWith}; before the change. */
    void touchDb(int db, int replacedWith) {
        if (watched.isEmpty()) {
            return;
        }
        for (Map.Entry<DbKey, List<Watch>> e : watched.entrySet()) {
            if (e.getKey().db() != db) {
                continue;
            }
            byte[] key = e.getKey().key();
            boolean existsInEmptied = present(db, key) != null;
            Entry incoming = replacedWith < 0 ? null : present(replacedWith, key);
            if (!existsInEmptied && incoming == null) {
                continue;
            }
            for (Watch w : e.getValue()) {
                if (w.expired) {
                    if (incoming == null) {
                        w.expired = false; // expired key now deleted: no logical change
                        continue;
                    } else if (Db.isExpired(incoming)) {
                        continue; // expired key stays expired
                    }
                } else if (!existsInEmptied && Db.isExpired(incoming)) {
                    w.expired = true; // no key replaced by an expired one
                    continue;
                }
                w.owner.dirty = true;
            }
        }
    }

    /** True if the key exists but is logically expired now (EXEC fails on such a watched key). */
    public boolean expiredNow(int db, byte[] key) {
        Entry e = present(db, key);
        return e != null && Db.isExpired(e);
    }

    private Entry present(int db, byte[] key) {
        SlotTable t = shard.table(db, SlotHash.slot(key));
        return t == null ? null : t.find(key);
    }

    /** Distinct watched keys on this shard (INFO total_watched_keys). */
    public int keyCount() {
        return watched.size();
    }

    public boolean isEmpty() {
        return watched.isEmpty();
    }
}
