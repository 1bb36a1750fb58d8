package io.jvalkey.persistence.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads RDB files (versions 1 to {@link #MAX_VERSION}) and single DUMP values, emitting
 * {@link RdbVisitor} events. Understands every encoding Redis up to 7.x and Valkey 8 write:
 * int-encoded and LZF strings; LIST, ziplist, quicklist (ziplist nodes) and quicklist 2
 * (listpack and plain nodes) lists; SET, intset and listpack sets; HASH, zipmap, ziplist and
 * listpack hashes; ZSET (text scores), ZSET_2, ziplist and listpack sorted sets; streams v1-v3
 * with consumer groups; AUX, SELECTDB, RESIZEDB, EXPIRETIME(_MS), IDLE, FREQ, FUNCTION2;
 * MODULE_AUX is skipped (reported through {@link RdbVisitor#moduleAux}); module values are
 * refused as by a Valkey without the module.
 *
 * <p>Corrupt input ends in a {@link RdbFormatException} naming the problem and byte offset:
 * listpacks, ziplists, zipmaps and intsets are validated entry by entry; lengths are checked
 * against the remaining input when its size is known, and otherwise read incrementally, so a
 * corrupt length cannot cause a huge allocation. A CRC64 of 0 in the file means "not
 * checksummed" (as in Valkey).
 */
public final class RdbReader {
    /** The newest RDB version read (Valkey 8's). */
    public static final int MAX_VERSION = 11;

    /**
     * A reader over {@code in}.
     *
     * @param size number of bytes {@code in} will deliver, or -1 when unknown (e.g. a socket)
     */
    public RdbReader(InputStream in, long size) {
        throw new UnsupportedOperationException("not yet");
    }

    /** rdbchecksum: when false the CRC64 footer is read but not compared (default true). */
    public RdbReader verifyChecksum(boolean on) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Reads a whole file: header to EOF opcode and checksum. */
    public void read(RdbVisitor visitor) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Reads the RDB file at {@code path} (buffered). */
    public static void read(Path path, boolean verifyChecksum, RdbVisitor visitor) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Reads a whole file held in memory. */
    public static void read(byte[] file, boolean verifyChecksum, RdbVisitor visitor) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Reads one value in DUMP form (type byte + value) from {@code data[off, off+len)} as the
     * value of {@code key}, emitting its events with {@link KeyMeta#NONE}.
     *
     * @return the offset just past the value
     */
    public static int readValue(byte[] data, int off, int len, byte[] key, RdbVisitor visitor)
            throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
