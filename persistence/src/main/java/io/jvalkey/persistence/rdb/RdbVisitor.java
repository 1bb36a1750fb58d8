package io.jvalkey.persistence.rdb;

import java.io.IOException;

/**
 * Receives the content of an RDB file (or of one DUMP value) as events, in file order.
 * {@link RdbReader} emits into it; {@link RdbWriter} accepts the same events.
 *
 * <p>Every key arrives as one value event ({@link #string}) or as a begin / elements / end
 * sequence, so collections of any size never need to be held whole. The {@code byte[]}
 * arguments are fresh arrays the receiver may keep. Keys whose collection turns out empty
 * (which Valkey skips when loading) produce no events at all.
 *
 * <p>The reader does not look for duplicate members, fields or keys: a receiver that finds
 * one should throw {@link RdbFormatException} (Valkey's texts: "Duplicate set members
 * detected", "Duplicate hash fields detected", "Duplicate zset fields detected"); the reader
 * adds the offset.
 *
 * <p>Defaults: file-level events are ignored; value events must be implemented.
 */
public interface RdbVisitor {

    /** The file's RDB version (from "REDISnnnn"), before any other event of a file. */
    default void version(int rdbVersion) throws IOException {}

    /** An AUX field (redis-ver, valkey-ver, redis-bits, ctime, used-mem, repl-id, aof-base, ...). */
    default void aux(byte[] name, byte[] value) throws IOException {}

    /** SELECTDB: the following keys belong to {@code db} (also in each key's {@link KeyMeta}). */
    default void selectDb(int db) throws IOException {}

    /** RESIZEDB: size hints for the current database. */
    default void resizeDb(long dbSize, long expiresSize) throws IOException {}

    /** FUNCTION2: one function library, its source code as given to FUNCTION LOAD. */
    default void functionLibrary(byte[] code) throws IOException {}

    /**
     * MODULE_AUX (opcode 247): module data that is not a key. The reader skips its content
     * (the way redis-check-rdb does) and only reports it; a server without modules refuses the
     * file as Valkey does ("The RDB file contains AUX module data I can't load: no matching
     * module '...'") by throwing here.
     *
     * @param moduleName the 9-character module type name decoded from the module id
     */
    default void moduleAux(String moduleName, int moduleVersion, int when) throws IOException {}

    /** A string key. Integer-encoded strings arrive as their decimal text. */
    void string(KeyMeta meta, byte[] key, byte[] value) throws IOException;

    /**
     * Start of a list.
     *
     * @param size number of items, or -1 when the encoding does not say up front
     *     (quicklists give node counts, not item counts)
     */
    void listBegin(KeyMeta meta, byte[] key, long size) throws IOException;

    /** Next list item, head to tail. */
    void listItem(byte[] item) throws IOException;

    void listEnd() throws IOException;

    /** Start of a set of {@code size} members (always known for sets). */
    void setBegin(KeyMeta meta, byte[] key, long size) throws IOException;

    /** A set member; intset members arrive as decimal text. */
    void setMember(byte[] member) throws IOException;

    void setEnd() throws IOException;

    /** Start of a hash of {@code size} fields (always known for hashes). */
    void hashBegin(KeyMeta meta, byte[] key, long size) throws IOException;

    /**
     * A hash field.
     *
     * @param expireAtMs the field's absolute expiry in Unix ms, or -1 (no RDB version this codec
     *     reads carries field expiry, so the reader always passes -1)
     */
    void hashField(byte[] field, byte[] value, long expireAtMs) throws IOException;

    void hashEnd() throws IOException;

    /** Start of a sorted set of {@code size} members (always known for sorted sets). */
    void zsetBegin(KeyMeta meta, byte[] key, long size) throws IOException;

    /** A sorted set member; order is the file's (skiplist files go from highest to lowest score). */
    void zsetMember(byte[] member, double score) throws IOException;

    void zsetEnd() throws IOException;

    /** Start of a stream; its entries follow, then {@link #streamEnd} with the metadata. */
    void streamBegin(KeyMeta meta, byte[] key) throws IOException;

    /**
     * A live stream entry, in ascending ID order.
     *
     * @param ms entry ID, milliseconds part (unsigned)
     * @param seq entry ID, sequence part (unsigned)
     * @param fieldsAndValues field1, value1, field2, value2, ...
     */
    void streamEntry(long ms, long seq, byte[][] fieldsAndValues) throws IOException;

    /** End of a stream: its counters, IDs and consumer groups. */
    void streamEnd(StreamMeta meta) throws IOException;

    /** The EOF opcode was read and the checksum (if any) verified. Not emitted for single values. */
    default void endOfFile() throws IOException {}
}
