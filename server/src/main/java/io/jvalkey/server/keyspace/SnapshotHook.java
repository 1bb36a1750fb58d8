package io.jvalkey.server.keyspace;

/**
 * What a running snapshot (io.jvalkey.server.persistence) must hear before a shard's data
 * changes, so it can write the affected part first (serialize-before-mutate). Installed on a
 * {@link Shard} only while a snapshot runs; called by whoever may touch the shard (its owner or
 * the barrier holder), before the change.
 */
public interface SnapshotHook {
    /** A key of {@code slot} in {@code db} is about to be created, changed, expired or deleted. */
    void beforeWrite(int db, int slot);

    /** Every table of {@code db} is about to be dropped (FLUSHDB, FLUSHALL). */
    void beforeFlush(int db);

    /** Databases {@code a} and {@code b} are about to exchange their tables (SWAPDB). */
    void beforeSwap(int a, int b);
}
