package io.jvalkey.server.keyspace;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The clients blocked on this shard's keys (BLPOP, BZPOPMIN, XREAD BLOCK ...), in the order they
 * blocked, and the keys that became ready since the shard last served them. Owner thread only,
 * like the rest of the shard. Waiters are opaque here: the network layer serves them.
 */
public final class BlockedKeys {
    /** A (db, key) pair as a map key. */
    public record DbKey(int db, byte[] key, int hash) {
        public DbKey(int db, byte[] key) {
            this(db, key, 31 * db + Arrays.hashCode(key));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DbKey k && k.db == db && k.hash == hash && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Map<DbKey, ArrayDeque<Object>> waiting = new HashMap<>();
    private final Set<DbKey> ready = new LinkedHashSet<>();

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Number of keys with at least one waiter (INFO total_blocking_keys). */
    public int keyCount() {
        return waiting.size();
    }

    public void add(int db, byte[] key, Object waiter) {
        waiting.computeIfAbsent(new DbKey(db, key), k -> new ArrayDeque<>()).addLast(waiter);
    }

    public void remove(int db, byte[] key, Object waiter) {
        DbKey k = new DbKey(db, key);
        ArrayDeque<Object> q = waiting.get(k);
        if (q != null && q.remove(waiter) && q.isEmpty()) {
            waiting.remove(k);
        }
    }

    /** The waiters of a key, first blocked first; null if none. */
    public ArrayDeque<Object> waiters(DbKey key) {
        return waiting.get(key);
    }

    /** A key was created, changed type or was deleted: serve its waiters after the current command. */
    public void signal(int db, byte[] key) {
        if (!waiting.isEmpty()) {
            DbKey k = new DbKey(db, key);
            if (waiting.containsKey(k)) {
                ready.add(k);
            }
        }
    }

    /** Every waited-on key of a db is ready (FLUSHDB, SWAPDB: their waiters must look again). */
    public void signalDb(int db) {
        for (DbKey k : waiting.keySet()) {
            if (k.db == db) {
                ready.add(k);
            }
        }
    }

    public boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Takes the oldest ready key, or null. */
    public DbKey pollReady() {
        var it = ready.iterator();
        if (!it.hasNext()) {
            return null;
        }
        DbKey k = it.next();
        it.remove();
        return k;
    }
}
