package io.jvalkey.server.keyspace;

import java.util.function.Consumer;

/**
 * The keys of one hash slot in one database: a chained hash table that grows and shrinks
 * incrementally, as Valkey's dict does. While resizing there are two bucket arrays; every
 * operation moves a few buckets from the old to the new one, so no single command pays for a
 * whole rehash. {@link #scan} uses Valkey's reverse-binary cursor, which keeps SCAN's guarantee
 * (a key present for the whole scan is returned at least once) across resizes.
 *
 * <p>Touched only by the owning shard's thread: no locks, no volatile fields.
 */
public final class SlotTable {
    private static final int MIN_SIZE = 4;
    private static final int REHASH_STEP = 1;
    private static final int EMPTY_VISITS = 10;

    private Entry[] table = new Entry[MIN_SIZE]; // new table while rehashing
    private Entry[] old;                          // non-null while rehashing
    private int rehashIndex;                       // next bucket of old to move
    private int size;
    private int volatileCount;

    public int size() {
        return size;
    }

    /** Number of keys with a TTL. */
    public int volatileCount() {
        return volatileCount;
    }

    public boolean isRehashing() {
        return old != null;
    }

    /** Bucket count (of the larger table while rehashing); exposed for DEBUG and tests. */
    public int buckets() {
        return old == null ? table.length : Math.max(table.length, old.length);
    }

    public static int hash(byte[] key) {
        // Murmur3-style finaliser over the JDK's array hash: cheap, and spreads low bits well.
        int h = java.util.Arrays.hashCode(key);
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    public Entry find(byte[] key) {
        return find(key, hash(key));
    }

    public Entry find(byte[] key, int h) {
        if (size == 0) {
            return null;
        }
        rehashStep();
        if (old != null) {
            for (Entry e = old[h & (old.length - 1)]; e != null; e = e.next) {
                if (e.matches(key)) {
                    return e;
                }
            }
        }
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.matches(key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds a key that is known to be absent. */
    public Entry insert(byte[] key, Object value, long expireAt) {
        int h = hash(key);
        Entry e = expireAt < 0 ? new Entry(key, value) : new ExpiringEntry(key, value, expireAt);
        if (expireAt >= 0) {
            volatileCount++;
        }
        growIfNeeded();
        rehashStep();
        int b = h & (table.length - 1);
        e.next = table[b];
        table[b] = e;
        size++;
        return e;
    }

    /** Replaces an entry's expiry; returns the node now holding the key. */
    public Entry setExpire(Entry e, long expireAt) {
        if (e.expireAt() == expireAt || (expireAt < 0 && e.expireAt() < 0)) {
            return e;
        }
        Entry replacement = e.withExpire(expireAt);
        relink(e, replacement);
        volatileCount += (expireAt >= 0 ? 1 : 0) - (e.expireAt() >= 0 ? 1 : 0);
        return replacement;
    }

    public boolean remove(byte[] key) {
        return remove(key, hash(key)) != null;
    }

    public Entry remove(byte[] key, int h) {
        if (size == 0) {
            return null;
        }
        rehashStep();
        Entry removed = old != null ? unlink(old, key, h) : null;
        if (removed == null) {
            removed = unlink(table, key, h);
        }
        if (removed != null) {
            size--;
            if (removed.expireAt() >= 0) {
                volatileCount--;
            }
            shrinkIfNeeded();
        }
        return removed;
    }

    private static Entry unlink(Entry[] t, byte[] key, int h) {
        int b = h & (t.length - 1);
        Entry prev = null;
        for (Entry e = t[b]; e != null; prev = e, e = e.next) {
            if (e.matches(key)) {
                if (prev == null) {
                    t[b] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                return e;
            }
        }
        return null;
    }

    private void relink(Entry from, Entry to) {
        if (old != null && replaceIn(old, from, to)) {
            return;
        }
        replaceIn(table, from, to);
    }

    private static boolean replaceIn(Entry[] t, Entry from, Entry to) {
        int b = hash(from.key) & (t.length - 1);
        Entry prev = null;
        for (Entry e = t[b]; e != null; prev = e, e = e.next) {
            if (e == from) {
                to.next = e.next;
                if (prev == null) {
                    t[b] = to;
                } else {
                    prev.next = to;
                }
                e.next = null;
                return true;
            }
        }
        return false;
    }

    public void clear() {
        table = new Entry[MIN_SIZE];
        old = null;
        rehashIndex = 0;
        size = 0;
        volatileCount = 0;
    }

    // ---- resizing ----------------------------------------------------------------------------

    private void growIfNeeded() {
        if (old == null && size >= table.length) {
            startRehash(table.length * 2);
        }
    }

    private void shrinkIfNeeded() {
        // As Valkey: shrink when less than 1/8 full, never below the minimum size.
        if (old == null && table.length > MIN_SIZE && size * 8 < table.length) {
            int target = MIN_SIZE;
            while (target < size) {
                target <<= 1;
            }
            startRehash(target);
        }
    }

    private void startRehash(int newSize) {
        old = table;
        table = new Entry[newSize];
        rehashIndex = 0;
    }

    private void rehashStep() {
        if (old == null) {
            return;
        }
        int moved = 0;
        int emptyVisits = EMPTY_VISITS;
        while (moved < REHASH_STEP && rehashIndex < old.length) {
            Entry e = old[rehashIndex];
            if (e == null) {
                rehashIndex++;
                if (--emptyVisits == 0) {
                    break;
                }
                continue;
            }
            while (e != null) {
                Entry next = e.next;
                int b = hash(e.key) & (table.length - 1);
                e.next = table[b];
                table[b] = e;
                e = next;
            }
            old[rehashIndex++] = null;
            moved++;
        }
        if (rehashIndex >= old.length) {
            old = null;
        }
    }

    // ---- iteration ---------------------------------------------------------------------------

    /**
     * Visits the buckets at {@code cursor} (of both tables while rehashing) and returns the next
     * cursor, 0 when the table has been covered. The visitor must not modify the table (collect,
     * then act). Valkey's algorithm: increment the reversed cursor
     * under the larger mask, so buckets already visited are never skipped when the table resizes.
     */
    public long scan(long cursor, Consumer<Entry> visitor) {
        if (size == 0) {
            return 0;
        }
        if (old == null) {
            long mask = table.length - 1;
            visitBucket(table, (int) (cursor & mask), visitor);
            return nextCursor(cursor, mask);
        }
        Entry[] small = old.length <= table.length ? old : table;
        Entry[] large = small == old ? table : old;
        long smallMask = small.length - 1;
        long largeMask = large.length - 1;
        visitBucket(small, (int) (cursor & smallMask), visitor);
        do {
            visitBucket(large, (int) (cursor & largeMask), visitor);
            cursor = nextCursor(cursor, largeMask);
        } while ((cursor & (largeMask ^ smallMask)) != 0);
        return cursor;
    }

    private static long nextCursor(long cursor, long mask) {
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }

    private static void visitBucket(Entry[] t, int b, Consumer<Entry> visitor) {
        for (Entry e = t[b]; e != null; e = e.next) {
            visitor.accept(e);
        }
    }

    /** Visits every entry; the visitor must not modify the table. */
    public void forEach(Consumer<Entry> visitor) {
        if (old != null) {
            for (Entry head : old) {
                for (Entry e = head; e != null; e = e.next) {
                    visitor.accept(e);
                }
            }
        }
        for (Entry head : table) {
            for (Entry e = head; e != null; e = e.next) {
                visitor.accept(e);
            }
        }
    }

    /** A random entry, or null if empty (bucket sampling as Valkey's dictGetFairRandomKey, simplified). */
    public Entry random(java.util.random.RandomGenerator rnd) {
        if (size == 0) {
            return null;
        }
        while (true) {
            Entry[] t = old != null && rnd.nextBoolean() ? old : table;
            Entry head = t[rnd.nextInt(t.length)];
            if (head == null) {
                continue;
            }
            int len = 0;
            for (Entry e = head; e != null; e = e.next) {
                len++;
            }
            int pick = rnd.nextInt(len);
            Entry e = head;
            while (pick-- > 0) {
                e = e.next;
            }
            return e;
        }
    }
}
