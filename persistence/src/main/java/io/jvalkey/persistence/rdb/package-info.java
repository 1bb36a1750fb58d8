/**
 * The RDB format of Valkey 8 (version 11; version 10 for Redis 7.0), independent of the server.
 *
 * <p>Reading: {@code RdbReader.read(path, verifyChecksum, visitor)} (or {@code new RdbReader(in,
 * size).read(visitor)} for a socket) emits {@link io.jvalkey.persistence.rdb.RdbVisitor} events:
 * file-level records (version, aux, selectDb, resizeDb, functionLibrary, moduleAux, endOfFile)
 * and per key one {@code string} event or a begin / elements / end sequence carrying a
 * {@link io.jvalkey.persistence.rdb.KeyMeta} (db, expiry, LRU idle, LFU frequency). Problems
 * are {@link io.jvalkey.persistence.rdb.RdbFormatException}s with the byte offset.
 *
 * <p>Writing: {@code RdbWriter.file(out, options)} accepts the same events (plus overloads
 * naming the in-memory encoding of sets, hashes and sorted sets) and ends with
 * {@code endOfFile()}. {@code RdbWriter.value(...)} and
 * {@link io.jvalkey.persistence.rdb.DumpPayload} produce and check DUMP/RESTORE payloads.
 */
package io.jvalkey.persistence.rdb;
