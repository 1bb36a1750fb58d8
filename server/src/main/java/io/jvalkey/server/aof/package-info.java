/**
 * The append-only file in Valkey 7+'s multi-part layout: {@code dir/appenddirname} holds a base
 * ({@code <appendfilename>.<n>.base.rdb}, or {@code .base.aof} with aof-use-rdb-preamble no),
 * incremental files ({@code .<n>.incr.aof}) and {@code <appendfilename>.manifest}. Formats are in
 * the persistence module ({@code io.jvalkey.persistence.aof}); this package runs them.
 *
 * <ul>
 *   <li><b>Appending</b> ({@link io.jvalkey.server.aof.AofWriter}): a subscriber of the
 *       propagation stream, on its drain thread only (no file I/O on event loops). It writes
 *       each batch, adds SELECT and {@code #TS:} annotations, and fsyncs per appendfsync:
 *       every batch for {@code always} (group commit), once a second for {@code everysec}.</li>
 *   <li><b>appendfsync always</b> ({@link io.jvalkey.server.aof.FsyncGate}): a Netty handler in
 *       each connection's pipeline holds outgoing replies tagged with the stream position at the
 *       time they were written, until the writer has fsynced past it. Other policies pass
 *       straight through.</li>
 *   <li><b>Rewrite</b> (BGREWRITEAOF, auto-aof-rewrite-*, CONFIG SET appendonly yes): with every
 *       shard held, a marker in the stream switches the writer to a new incr file at that exact
 *       point and a {@link io.jvalkey.server.aof.BaseImage} starts an image of that instant (the
 *       fork-less snapshot engine's RDB, or commands); when the base is on disk the manifest
 *       names it and the new incr file, and the old files are deleted.</li>
 *   <li><b>Loading</b> ({@link io.jvalkey.server.aof.AofLoader}): at startup, with every shard
 *       held and before clients are served, the files are replayed through the normal command
 *       path by a loader client; an RDB base goes through the RDB loader. A cut-off tail is
 *       truncated (aof-load-truncated yes) or refused; anything else that is not an AOF stops
 *       the server with the file name and offset.</li>
 * </ul>
 */
package io.jvalkey.server.aof;
