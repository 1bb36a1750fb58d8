/**
 * RDB persistence on the server side: snapshots without fork, startup loading, DUMP/RESTORE
 * values. The file format itself is the {@code persistence} module's (io.jvalkey.persistence.rdb);
 * {@link io.jvalkey.server.persistence.Values} adapts server values to its events and back.
 *
 * <h2>Snapshots without fork: serialize-before-mutate per slot table</h2>
 * A snapshot ({@link io.jvalkey.server.persistence.Snapshot}) starts with every shard held at
 * the barrier: that is its instant. Each shard's part
 * ({@link io.jvalkey.server.persistence.ShardPart}) keeps references to the shard's slot-table
 * arrays of that instant and a bit per (db, slot) saying "already in the file". The part walks
 * its slots db by db on the shard's own thread, a step (~256 KB of output) at a time, yielding to
 * commands between steps. Before anything changes a key, the keyspace calls the shard's
 * {@link io.jvalkey.server.keyspace.SnapshotHook} (one null check when no snapshot runs): if the
 * key's (db, slot) is not yet written, that whole slot table is serialized first, as it still is.
 * Working per slot table makes new and deleted keys need no bookkeeping. The chokepoints are in
 * {@link io.jvalkey.server.keyspace.Db}: lookupWrite (callers change values in place after it),
 * set/setKeepTtl/add/replaceValue/setExpire/delete, the removal of expired or evicted keys, and
 * {@code Db.modifying} for the few commands that change a value found by a read lookup
 * (XREADGROUP, XCLAIM, XAUTOCLAIM, XACK, lazy hash-field expiry). With assertions on,
 * {@code Db.valueResized} checks that no in-place change skipped the hook. FLUSHDB/FLUSHALL
 * need no copying: the shard drops its array for a new one, the snapshot keeps the old; SWAPDB
 * swaps the part's map from current db index to snapshot db. Multi-shard commands run with
 * the shards held, so the hook then runs on the barrier holder's thread, which may touch them.
 *
 * <p>Output: a part serializes into chunks (whole keys, per snapshot db) queued for one writer
 * thread (never an event loop) that writes the header, then for each db SELECTDB/RESIZEDB and
 * every part's chunks of that db, the EOF and the CRC64; it fsyncs the temp file
 * (temp-&lt;pid&gt;.rdb), renames it to dir/dbfilename and fsyncs the directory. A walk pauses
 * while 8 MB of its db are queued, so buffering stays bounded; only slots forced out of order by
 * writes are held until the writer reaches their db (the price of not copying, far below
 * fork's copy-on-write in practice). rdb-key-save-delay is applied on the writer thread, so a
 * deliberately slow save never slows the shards. SAVE (and SHUTDOWN, FLUSHALL with save points,
 * DEBUG RELOAD) use the same engine with the caller, holding every shard, doing the walk.
 *
 * <h2>Loading</h2>
 * {@link io.jvalkey.server.persistence.RdbLoader} reads on a non-loop thread and builds values;
 * keys go in batches to their owner shards, which insert them on their own threads, so shards
 * fill in parallel while the file is read. Clients meanwhile get -LOADING (commands without the
 * loading flag). Expired keys are skipped as a primary does; a corrupt or truncated file stops
 * the server with a message naming the file and the byte offset.
 *
 * <h2>Known differences</h2>
 * Valkey 8's RDB has no hash field expiry: fields past their deadline are not saved, the others
 * are saved without their deadline. Files are written as RDB 11 (Valkey 8); the hidden
 * {@code rdb-version 10} makes files and DUMP payloads Redis 7.0 can read.
 */
package io.jvalkey.server.persistence;
