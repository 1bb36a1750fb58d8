package io.jvalkey.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes RDB files (or single DUMP values) from the same events {@link RdbReader} emits,
 * in Valkey 8's format (RDB version 11) unless {@link Options#version} asks for an older one.
 *
 * <p>A file: {@link #file} writes the "REDISnnnn" header; then call {@link #aux},
 * {@link #functionLibrary}, and per database {@link #selectDb} + {@link #resizeDb} followed
 * by its keys; finish with {@link #endOfFile} (EOF opcode + CRC64, or 8 zero bytes when
 * checksums are off). The writer does not close the stream.
 *
 * <p>Per key it writes EXPIRETIME_MS / IDLE / FREQ from the {@link KeyMeta} (a field that is
 * -1 is left out), then the type, key and value, encoded as Valkey encodes the same in-memory
 * value: strings that are integers in 32-bit range int-encoded, strings over 20 bytes
 * LZF-compressed when compression is on and it saves at least 4 bytes; lists as QUICKLIST_2
 * with listpack nodes formed by {@link Options#listMaxListpackSize}; sets, hashes and sorted
 * sets as the {@link Encoding} the caller names (its in-memory encoding); streams as
 * STREAM_LISTPACKS_3 with nodes formed by the stream-node-max-bytes/-entries options.
 *
 * <p>Version 10 (for Redis 7.0, which refuses 11): sets that would be SET_LISTPACK are
 * written as plain SET and streams as STREAM_LISTPACKS_2 (no consumer active time).
 *
 * <p>Hash field expiry: Valkey 8's RDB has no encoding for it (Valkey 9 adds one), so
 * {@link #hashField}'s {@code expireAtMs} is not written; fields are written as plain fields.
 *
 * <p>Not thread-safe; one writer per file.
 */
public final class RdbWriter implements RdbVisitor {

    /** The encoding to write a set, hash or sorted set with. */
    public enum Encoding {
        /** SET_LISTPACK / HASH_LISTPACK / ZSET_LISTPACK. */
        LISTPACK,
        /** SET_INTSET (sets only; falls back to LISTPACK if a member is not an integer). */
        INTSET,
        /** SET / HASH (the hashtable encoding). */
        HASHTABLE,
        /** ZSET_2 (the skiplist encoding; HASHTABLE means the same for sorted sets). */
        SKIPLIST,
        /**
         * Choose as Valkey would with default thresholds: compact when the size is at most
         * 128 (512 for all-integer sets), else the table form. Used by the {@link RdbVisitor}
         * methods (e.g. when piping a reader into a writer).
         */
        AUTO
    }

    /**
     * How to write.
     *
     * @param version RDB version for the header / DUMP footer: 11 (Valkey 8) or 10 (Redis 7.0)
     * @param compression rdbcompression: LZF-compress strings longer than 20 bytes
     * @param checksum rdbchecksum: write the CRC64 (else 0, meaning "not checked")
     * @param listMaxListpackSize list-max-listpack-size: negative = node byte limit
     *     (-1: 4 KB ... -5: 64 KB), positive = max items per node
     * @param streamNodeMaxBytes stream-node-max-bytes (0: no limit)
     * @param streamNodeMaxEntries stream-node-max-entries (0: no limit)
     */
    public record Options(int version, boolean compression, boolean checksum, int listMaxListpackSize,
                          long streamNodeMaxBytes, long streamNodeMaxEntries) {
        /** Valkey 8's defaults. */
        public static final Options DEFAULT = new Options(11, true, true, -2, 4096, 100);

        public Options {
            if (version < 10 || version > RdbReader.MAX_VERSION) {
                throw new IllegalArgumentException("can write RDB versions 10 and 11, not " + version);
            }
        }

        public Options withVersion(int v) {
            return new Options(v, compression, checksum, listMaxListpackSize, streamNodeMaxBytes, streamNodeMaxEntries);
        }

        public Options withCompression(boolean on) {
            return new Options(version, on, checksum, listMaxListpackSize, streamNodeMaxBytes, streamNodeMaxEntries);
        }

        public Options withChecksum(boolean on) {
            return new Options(version, compression, on, listMaxListpackSize, streamNodeMaxBytes, streamNodeMaxEntries);
        }

        public Options withListMaxListpackSize(int size) {
            return new Options(version, compression, checksum, size, streamNodeMaxBytes, streamNodeMaxEntries);
        }

        public Options withStreamNodeLimits(long maxBytes, long maxEntries) {
            return new Options(version, compression, checksum, listMaxListpackSize, maxBytes, maxEntries);
        }
    }

    private RdbWriter(OutputStream out, Options options, boolean valueOnly) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A writer for a whole file; writes the header at once. */
    public static RdbWriter file(OutputStream out, Options options) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * A writer for exactly one value (DUMP form: type byte + value, no key, no opcodes, no
     * header or footer). Call one value event (sequence); {@link KeyMeta} and key are ignored.
     * See {@link DumpPayload#create} for the framed payload.
     */
    public static RdbWriter value(OutputStream out, Options options) {
        throw new UnsupportedOperationException("not yet");
    }

    public Options options() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Bytes written so far (including what is still buffered). */
    public long bytesWritten() {
        throw new UnsupportedOperationException("not yet");
    }

    /** AUX field with text name and value. */
    public void aux(String name, String value) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** The AUX fields Valkey 8 writes first: valkey-ver, redis-bits, ctime, used-mem, aof-base. */
    public void standardAux(String serverVersion, long ctimeSeconds, long usedMemory, boolean aofBase)
            throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void aux(byte[] name, byte[] value) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void selectDb(int db) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void resizeDb(long dbSize, long expiresSize) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void functionLibrary(byte[] code) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void string(KeyMeta meta, byte[] key, byte[] value) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** A string key holding an integer (Valkey's "int" encoding): written int-encoded. */
    public void string(KeyMeta meta, byte[] key, long value) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@inheritDoc} {@code size} may be -1; nodes are formed by the writer. */
    @Override
    public void listBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void listItem(byte[] item) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void listEnd() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void setBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        setBegin(meta, key, size, Encoding.AUTO);
    }

    /** Start of a set of exactly {@code size} members, written in {@code encoding}. */
    public void setBegin(KeyMeta meta, byte[] key, long size, Encoding encoding) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void setMember(byte[] member) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void setEnd() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void hashBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        hashBegin(meta, key, size, Encoding.AUTO);
    }

    /** Start of a hash of exactly {@code size} fields, written in {@code encoding}. */
    public void hashBegin(KeyMeta meta, byte[] key, long size, Encoding encoding) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void hashField(byte[] field, byte[] value, long expireAtMs) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void hashEnd() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void zsetBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        zsetBegin(meta, key, size, Encoding.AUTO);
    }

    /**
     * Start of a sorted set of exactly {@code size} members, written in {@code encoding}.
     * LISTPACK members must come in the in-memory order (ascending score, then member);
     * SKIPLIST members are written in the order given (Valkey writes highest score first).
     */
    public void zsetBegin(KeyMeta meta, byte[] key, long size, Encoding encoding) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void zsetMember(byte[] member, double score) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void zsetEnd() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void streamBegin(KeyMeta meta, byte[] key) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void streamEntry(long ms, long seq, byte[][] fieldsAndValues) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void streamEnd(StreamMeta meta) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Writes EOF and the checksum and flushes the stream (file mode); flushes (value mode). */
    @Override
    public void endOfFile() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Writes buffered bytes to the stream. */
    public void flush() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
