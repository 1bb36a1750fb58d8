package io.jvalkey.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final int DEFAULT_MAX_ENTRIES = 128;
    private static final int DEFAULT_MAX_INTSET_ENTRIES = 512;
    private static final int DEFAULT_MAX_VALUE = 64;
    private static final int[] NODE_BYTE_LIMITS = {4096, 8192, 16384, 32768, 65536};

    private enum State { IDLE, LIST, SET, HASH, ZSET, STREAM, DONE }

    private final RdbOutput out;
    private final Options options;
    private final boolean valueOnly;
    private final long[] parsed = new long[1];
    private State state = State.IDLE;

    // The key being written (collections).
    private KeyMeta meta;
    private byte[] key;
    private long declared;
    private long added;
    private Encoding encoding;
    /** AUTO was asked for: switch to the table form where Valkey's default limits would. */
    private boolean auto;
    private final ListpackBuilder lp = new ListpackBuilder();
    private long[] ints = new long[16];
    private List<byte[]> listNodes;
    private long listNodeCount;
    private List<byte[]> zsetMembers;
    private double[] zsetScores;

    // Streams.
    private StreamNodes streamNodes;

    private RdbWriter(OutputStream out, Options options, boolean valueOnly) {
        this.out = new RdbOutput(out, options.compression());
        this.options = options;
        this.valueOnly = valueOnly;
    }

    /** A writer for a whole file; writes the header at once. */
    public static RdbWriter file(OutputStream out, Options options) throws IOException {
        RdbWriter w = new RdbWriter(out, options, false);
        byte[] magic = String.format("REDIS%04d", options.version()).getBytes(StandardCharsets.US_ASCII);
        w.out.write(magic, 0, magic.length);
        return w;
    }

    /**
     * A writer for exactly one value (DUMP form: type byte + value, no key, no opcodes, no
     * header or footer). Call one value event (sequence); {@link KeyMeta} and key are ignored.
     * See {@link DumpPayload#create} for the framed payload.
     */
    public static RdbWriter value(OutputStream out, Options options) {
        return new RdbWriter(out, options, true);
    }

    public Options options() {
        return options;
    }

    /** Bytes written so far (including what is still buffered). */
    public long bytesWritten() {
        return out.written();
    }

    private void fileLevel() {
        if (valueOnly) {
            throw new IllegalStateException("a value writer takes one value, not file-level records");
        }
        idle();
    }

    private void idle() {
        if (state != State.IDLE) {
            throw new IllegalStateException("unexpected event while writing a " + state);
        }
    }

    private void expect(State s) {
        if (state != s) {
            throw new IllegalStateException("expected to be inside a " + s + " but state is " + state);
        }
    }

    /** AUX field with text name and value. */
    public void aux(String name, String value) throws IOException {
        aux(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** The AUX fields Valkey 8 writes first: valkey-ver, redis-bits, ctime, used-mem, aof-base. */
    public void standardAux(String serverVersion, long ctimeSeconds, long usedMemory, boolean aofBase)
            throws IOException {
        aux(options.version() >= 11 ? "valkey-ver" : "redis-ver", serverVersion);
        aux("redis-bits", "64");
        aux("ctime", Long.toString(ctimeSeconds));
        aux("used-mem", Long.toString(usedMemory));
        aux("aof-base", aofBase ? "1" : "0");
    }

    @Override
    public void aux(byte[] name, byte[] value) throws IOException {
        fileLevel();
        out.writeByte(Rdb.OPCODE_AUX);
        out.writeString(name);
        out.writeString(value);
    }

    @Override
    public void selectDb(int db) throws IOException {
        fileLevel();
        out.writeByte(Rdb.OPCODE_SELECTDB);
        out.writeLength(db);
    }

    @Override
    public void resizeDb(long dbSize, long expiresSize) throws IOException {
        fileLevel();
        out.writeByte(Rdb.OPCODE_RESIZEDB);
        out.writeLength(dbSize);
        out.writeLength(expiresSize);
    }

    @Override
    public void functionLibrary(byte[] code) throws IOException {
        fileLevel();
        out.writeByte(Rdb.OPCODE_FUNCTION2);
        out.writeString(code);
    }

    /** Per-key opcodes, type byte and key (only the type byte for a single value). */
    private void keyHeader(KeyMeta m, byte[] k, int type) throws IOException {
        if (!valueOnly) {
            if (m.expireAtMs() != -1) {
                out.writeByte(Rdb.OPCODE_EXPIRETIME_MS);
                out.writeLongLE(m.expireAtMs());
            }
            if (m.lruIdleSeconds() != -1) {
                out.writeByte(Rdb.OPCODE_IDLE);
                out.writeLength(m.lruIdleSeconds());
            }
            if (m.lfuFreq() != -1) {
                out.writeByte(Rdb.OPCODE_FREQ);
                out.writeByte(m.lfuFreq());
            }
        }
        out.writeByte(type);
        if (!valueOnly) {
            out.writeString(k);
        }
    }

    private void valueDone() {
        state = valueOnly ? State.DONE : State.IDLE;
        meta = null;
        key = null;
    }

    @Override
    public void string(KeyMeta meta, byte[] key, byte[] value) throws IOException {
        idle();
        keyHeader(meta, key, Rdb.TYPE_STRING);
        out.writeString(value);
        valueDone();
    }

    /** A string key holding an integer (Valkey's "int" encoding): written int-encoded. */
    public void string(KeyMeta meta, byte[] key, long value) throws IOException {
        idle();
        keyHeader(meta, key, Rdb.TYPE_STRING);
        out.writeLongString(value);
        valueDone();
    }

    private void begin(State s, KeyMeta m, byte[] k, long size, Encoding e) {
        idle();
        state = s;
        meta = m;
        key = k;
        declared = size;
        added = 0;
        encoding = e;
        auto = false;
        lp.reset();
    }

    /** {@inheritDoc} {@code size} may be -1; nodes are formed by the writer. */
    @Override
    public void listBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        begin(State.LIST, meta, key, size, null);
        listNodes = new ArrayList<>();
        listNodeCount = 0;
    }

    @Override
    public void listItem(byte[] item) throws IOException {
        expect(State.LIST);
        int fill = options.listMaxListpackSize();
        if (lp.count() > 0) {
            boolean full = fill < 0
                    ? (long) lp.bytes() + ListpackBuilder.elementSize(item) > NODE_BYTE_LIMITS[Math.min(-fill, 5) - 1]
                    : lp.count() >= fill;
            if (full) {
                listNodes.add(lp.finish());
                lp.reset();
            }
        }
        lp.add(item);
        added++;
    }

    @Override
    public void listEnd() throws IOException {
        expect(State.LIST);
        if (lp.count() > 0) {
            listNodes.add(lp.finish());
        }
        keyHeader(meta, key, Rdb.TYPE_LIST_QUICKLIST_2);
        out.writeLength(listNodes.size());
        for (byte[] node : listNodes) {
            out.writeLength(Rdb.QUICKLIST_NODE_PACKED);
            out.writeString(node);
        }
        listNodes = null;
        valueDone();
    }

    @Override
    public void setBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        setBegin(meta, key, size, Encoding.AUTO);
    }

    /** Start of a set of exactly {@code size} members, written in {@code encoding}. */
    public void setBegin(KeyMeta meta, byte[] key, long size, Encoding encoding) throws IOException {
        boolean compactSets = options.version() >= 11; // SET_LISTPACK is new in RDB 11
        Encoding e = switch (encoding) {
            case AUTO -> size <= DEFAULT_MAX_INTSET_ENTRIES ? Encoding.INTSET : Encoding.HASHTABLE;
            case SKIPLIST, HASHTABLE -> Encoding.HASHTABLE;
            case LISTPACK -> compactSets ? Encoding.LISTPACK : Encoding.HASHTABLE;
            case INTSET -> Encoding.INTSET;
        };
        begin(State.SET, meta, key, size, e);
        auto = encoding == Encoding.AUTO;
        if (e == Encoding.HASHTABLE) {
            tableHeader(Rdb.TYPE_SET);
        }
    }

    private void tableHeader(int type) throws IOException {
        if (declared < 0) {
            throw new IllegalArgumentException("the table encodings need the exact size up front");
        }
        keyHeader(meta, key, type);
        out.writeLength(declared);
    }

    @Override
    public void setMember(byte[] member) throws IOException {
        expect(State.SET);
        added++;
        if (encoding == Encoding.INTSET) {
            if (Numbers.isStrictLong(member, 0, member.length, parsed)) {
                if (added > ints.length) {
                    ints = Arrays.copyOf(ints, ints.length * 2);
                }
                ints[(int) added - 1] = parsed[0];
                return;
            }
            // Not an integer: the set is a listpack or a table after all.
            boolean listpackFits = options.version() >= 11
                    && (!auto || (declared <= DEFAULT_MAX_ENTRIES && member.length <= DEFAULT_MAX_VALUE));
            int n = (int) added - 1;
            if (listpackFits) {
                encoding = Encoding.LISTPACK;
                for (int i = 0; i < n; i++) {
                    lp.addInt(ints[i]);
                }
            } else {
                encoding = Encoding.HASHTABLE;
                tableHeader(Rdb.TYPE_SET);
                for (int i = 0; i < n; i++) {
                    out.writeLongString(ints[i]);
                }
            }
        }
        if (encoding == Encoding.LISTPACK && auto && member.length > DEFAULT_MAX_VALUE) {
            encoding = Encoding.HASHTABLE;
            tableHeader(Rdb.TYPE_SET);
            copyListpackAsStrings(lp.finish());
        }
        if (encoding == Encoding.HASHTABLE) {
            out.writeString(member);
        } else {
            lp.add(member);
        }
    }

    private void copyListpackAsStrings(byte[] blob) throws IOException {
        Listpack l = new Listpack(blob);
        while (l.next()) {
            out.writeString(l.bytes());
        }
    }

    @Override
    public void setEnd() throws IOException {
        expect(State.SET);
        checkCount();
        if (encoding == Encoding.INTSET) {
            int n = (int) added;
            Arrays.sort(ints, 0, n);
            long min = n == 0 ? 0 : ints[0];
            long max = n == 0 ? 0 : ints[n - 1];
            for (int i = 1; i < n; i++) {
                if (ints[i] == ints[i - 1]) {
                    throw new IllegalArgumentException("duplicate set member " + ints[i]);
                }
            }
            int width = (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) ? 2
                    : (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) ? 4 : 8;
            byte[] blob = new byte[8 + n * width];
            putLE(blob, 0, width, 4);
            putLE(blob, 4, n, 4);
            for (int i = 0; i < n; i++) {
                putLE(blob, 8 + i * width, ints[i], width);
            }
            keyHeader(meta, key, Rdb.TYPE_SET_INTSET);
            out.writeString(blob);
            if (ints.length > 4096) {
                ints = new long[16];
            }
        } else if (encoding == Encoding.LISTPACK) {
            keyHeader(meta, key, Rdb.TYPE_SET_LISTPACK);
            out.writeString(lp.finish());
        }
        valueDone();
    }

    private static void putLE(byte[] b, int off, long v, int width) {
        for (int i = 0; i < width; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private void checkCount() {
        if (declared >= 0 && added != declared) {
            throw new IllegalStateException("declared " + declared + " elements but got " + added);
        }
    }

    @Override
    public void hashBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        hashBegin(meta, key, size, Encoding.AUTO);
    }

    /** Start of a hash of exactly {@code size} fields, written in {@code encoding}. */
    public void hashBegin(KeyMeta meta, byte[] key, long size, Encoding encoding) throws IOException {
        Encoding e = encoding;
        if (e == Encoding.AUTO) {
            e = size >= 0 && size <= DEFAULT_MAX_ENTRIES ? Encoding.LISTPACK : Encoding.HASHTABLE;
        } else if (e != Encoding.LISTPACK) {
            e = Encoding.HASHTABLE;
        }
        begin(State.HASH, meta, key, size, e);
        auto = encoding == Encoding.AUTO;
        if (e == Encoding.HASHTABLE) {
            tableHeader(Rdb.TYPE_HASH);
        }
    }

    /** {@inheritDoc} Field expiry is not written (see the class comment). */
    @Override
    public void hashField(byte[] field, byte[] value, long expireAtMs) throws IOException {
        expect(State.HASH);
        added++;
        if (encoding == Encoding.LISTPACK && auto
                && (field.length > DEFAULT_MAX_VALUE || value.length > DEFAULT_MAX_VALUE)) {
            encoding = Encoding.HASHTABLE;
            tableHeader(Rdb.TYPE_HASH);
            copyListpackAsStrings(lp.finish());
        }
        if (encoding == Encoding.HASHTABLE) {
            out.writeString(field);
            out.writeString(value);
        } else {
            lp.add(field);
            lp.add(value);
        }
    }

    @Override
    public void hashEnd() throws IOException {
        expect(State.HASH);
        checkCount();
        if (encoding == Encoding.LISTPACK) {
            keyHeader(meta, key, Rdb.TYPE_HASH_LISTPACK);
            out.writeString(lp.finish());
        }
        valueDone();
    }

    @Override
    public void zsetBegin(KeyMeta meta, byte[] key, long size) throws IOException {
        zsetBegin(meta, key, size, Encoding.AUTO);
    }

    /**
     * Start of a sorted set of exactly {@code size} members, written in {@code encoding}.
     * LISTPACK members are sorted by (score, member) before writing, as Valkey keeps them;
     * SKIPLIST members are written in the order given (Valkey writes highest score first).
     */
    public void zsetBegin(KeyMeta meta, byte[] key, long size, Encoding encoding) throws IOException {
        Encoding e = encoding;
        if (e == Encoding.AUTO) {
            e = size >= 0 && size <= DEFAULT_MAX_ENTRIES ? Encoding.LISTPACK : Encoding.SKIPLIST;
        } else if (e != Encoding.LISTPACK) {
            e = Encoding.SKIPLIST;
        }
        begin(State.ZSET, meta, key, size, e);
        auto = encoding == Encoding.AUTO;
        if (e == Encoding.SKIPLIST) {
            tableHeader(Rdb.TYPE_ZSET_2);
        } else {
            zsetMembers = new ArrayList<>();
            zsetScores = new double[16];
        }
    }

    @Override
    public void zsetMember(byte[] member, double score) throws IOException {
        expect(State.ZSET);
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("NaN score");
        }
        added++;
        if (encoding == Encoding.LISTPACK && auto && member.length > DEFAULT_MAX_VALUE) {
            encoding = Encoding.SKIPLIST;
            tableHeader(Rdb.TYPE_ZSET_2);
            for (int i = 0; i < zsetMembers.size(); i++) {
                out.writeString(zsetMembers.get(i));
                out.writeLongLE(Double.doubleToRawLongBits(zsetScores[i]));
            }
            zsetMembers = null;
        }
        if (encoding == Encoding.SKIPLIST) {
            out.writeString(member);
            out.writeLongLE(Double.doubleToRawLongBits(score));
        } else {
            int i = zsetMembers.size();
            if (i == zsetScores.length) {
                zsetScores = Arrays.copyOf(zsetScores, i * 2);
            }
            zsetMembers.add(member);
            zsetScores[i] = score;
        }
    }

    @Override
    public void zsetEnd() throws IOException {
        expect(State.ZSET);
        checkCount();
        if (encoding == Encoding.LISTPACK) {
            int n = zsetMembers.size();
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(zsetScores[a], zsetScores[b]);
                return c != 0 ? c : Arrays.compareUnsigned(zsetMembers.get(a), zsetMembers.get(b));
            });
            for (int i : order) {
                lp.add(zsetMembers.get(i));
                addScore(zsetScores[i]);
            }
            keyHeader(meta, key, Rdb.TYPE_ZSET_LISTPACK);
            out.writeString(lp.finish());
        }
        zsetMembers = null;
        zsetScores = null;
        valueDone();
    }

    /** A listpack score as Valkey's zzlInsertAt stores it: integral values as integers, else text. */
    private void addScore(double score) {
        if (score == Math.rint(score) && Math.abs(score) < 0x1p53 && !(score == 0 && 1 / score < 0)) {
            lp.addInt((long) score);
        } else {
            lp.add(Doubles.toText(score));
        }
    }

    @Override
    public void streamBegin(KeyMeta meta, byte[] key) throws IOException {
        begin(State.STREAM, meta, key, -1, null);
        streamNodes = new StreamNodes(options.streamNodeMaxBytes(), options.streamNodeMaxEntries());
    }

    @Override
    public void streamEntry(long ms, long seq, byte[][] fieldsAndValues) throws IOException {
        expect(State.STREAM);
        if ((fieldsAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("stream entry needs field/value pairs");
        }
        streamNodes.add(ms, seq, fieldsAndValues);
        added++;
    }

    @Override
    public void streamEnd(StreamMeta m) throws IOException {
        expect(State.STREAM);
        streamNodes.finishNode();
        boolean v3 = options.version() >= 11;
        keyHeader(meta, key, v3 ? Rdb.TYPE_STREAM_LISTPACKS_3 : Rdb.TYPE_STREAM_LISTPACKS_2);
        out.writeLength(streamNodes.nodes.size());
        for (int i = 0; i < streamNodes.nodes.size(); i++) {
            out.writeString(streamNodes.keys.get(i));
            out.writeString(streamNodes.nodes.get(i));
        }
        streamNodes = null;
        out.writeLength(m.length());
        out.writeLength(m.lastId().ms());
        out.writeLength(m.lastId().seq());
        out.writeLength(m.firstId().ms());
        out.writeLength(m.firstId().seq());
        out.writeLength(m.maxDeletedId().ms());
        out.writeLength(m.maxDeletedId().seq());
        out.writeLength(m.entriesAdded());
        out.writeLength(m.groups().size());
        for (StreamMeta.Group g : m.groups()) {
            out.writeString(g.name());
            out.writeLength(g.lastId().ms());
            out.writeLength(g.lastId().seq());
            out.writeLength(g.entriesRead());
            out.writeLength(g.pending().size());
            for (StreamMeta.PendingEntry p : g.pending()) {
                out.writeLongBE(p.id().ms());
                out.writeLongBE(p.id().seq());
                out.writeLongLE(p.deliveryTimeMs());
                out.writeLength(p.deliveryCount());
            }
            out.writeLength(g.consumers().size());
            for (StreamMeta.Consumer c : g.consumers()) {
                out.writeString(c.name());
                out.writeLongLE(c.seenTimeMs());
                if (v3) {
                    out.writeLongLE(c.activeTimeMs());
                }
                out.writeLength(c.pending().size());
                for (StreamId id : c.pending()) {
                    out.writeLongBE(id.ms());
                    out.writeLongBE(id.seq());
                }
            }
        }
        valueDone();
    }

    /** Writes EOF and the checksum and flushes the stream (file mode); flushes (value mode). */
    @Override
    public void endOfFile() throws IOException {
        if (!valueOnly) {
            idle();
            out.writeByte(Rdb.OPCODE_EOF);
            out.writeLongLE(options.checksum() ? out.crc() : 0);
            state = State.DONE;
        } else if (state != State.DONE) {
            throw new IllegalStateException("no value was written");
        }
        out.flush();
    }

    /** Writes buffered bytes to the stream. */
    public void flush() throws IOException {
        out.flush();
    }

    /** CRC64 of everything written so far (used for DUMP payloads). */
    long crc() {
        return out.crc();
    }

    /** Forms stream listpack nodes as Valkey's streamAppendItem does. */
    private static final class StreamNodes {
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> nodes = new ArrayList<>();
        private final long maxBytes;
        private final long maxEntries;
        private final ListpackBuilder entries = new ListpackBuilder();
        private byte[][] masterFields;
        private long masterMs;
        private long masterSeq;
        private int count;

        StreamNodes(long maxBytes, long maxEntries) {
            this.maxBytes = maxBytes <= 0 || maxBytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : maxBytes;
            this.maxEntries = maxEntries;
        }

        /** Bytes the node's listpack would have now (master entry plus entries). */
        private long nodeBytes() {
            long master = 0;
            for (byte[] f : masterFields) {
                master += ListpackBuilder.elementSize(f);
            }
            return entries.bytes() + master + 8;
        }

        void add(long ms, long seq, byte[][] fv) {
            long total = 0;
            for (byte[] b : fv) {
                total += b.length;
            }
            if (masterFields != null
                    && (nodeBytes() + total >= maxBytes || (maxEntries > 0 && count >= maxEntries))) {
                finishNode();
            }
            int fields = fv.length / 2;
            boolean same;
            if (masterFields == null) {
                masterFields = new byte[fields][];
                for (int i = 0; i < fields; i++) {
                    masterFields[i] = fv[2 * i];
                }
                masterMs = ms;
                masterSeq = seq;
                same = true;
            } else {
                same = masterFields.length == fields;
                for (int i = 0; same && i < fields; i++) {
                    same = Arrays.equals(masterFields[i], fv[2 * i]);
                }
            }
            entries.addInt(same ? Rdb.STREAM_ITEM_FLAG_SAMEFIELDS : 0);
            entries.addInt(ms - masterMs);
            entries.addInt(seq - masterSeq);
            if (same) {
                for (int i = 0; i < fields; i++) {
                    entries.add(fv[2 * i + 1]);
                }
                entries.addInt(fields + 3);
            } else {
                entries.addInt(fields);
                for (byte[] b : fv) {
                    entries.add(b);
                }
                entries.addInt(2L * fields + 4);
            }
            count++;
        }

        void finishNode() {
            if (masterFields == null) {
                return;
            }
            ListpackBuilder node = new ListpackBuilder();
            node.addInt(count);
            node.addInt(0);
            node.addInt(masterFields.length);
            for (byte[] f : masterFields) {
                node.add(f);
            }
            node.addInt(0);
            byte[] head = node.finish();
            byte[] body = entries.finish();
            // Concatenate: elements are self-delimiting, so head's elements + body's elements form one listpack.
            int headElems = head.length - Listpack.HEADER - 1;
            int bodyElems = body.length - Listpack.HEADER - 1;
            byte[] lpBlob = new byte[Listpack.HEADER + headElems + bodyElems + 1];
            System.arraycopy(head, Listpack.HEADER, lpBlob, Listpack.HEADER, headElems);
            System.arraycopy(body, Listpack.HEADER, lpBlob, Listpack.HEADER + headElems, bodyElems);
            lpBlob[lpBlob.length - 1] = (byte) Listpack.EOF;
            int total = lpBlob.length;
            putLE(lpBlob, 0, total, 4);
            int elements = Math.min(node.count() + entries.count(), Listpack.UNKNOWN_COUNT);
            putLE(lpBlob, 4, elements, 2);
            byte[] k = new byte[16];
            for (int i = 0; i < 8; i++) {
                k[i] = (byte) (masterMs >>> (56 - 8 * i));
                k[8 + i] = (byte) (masterSeq >>> (56 - 8 * i));
            }
            keys.add(k);
            nodes.add(lpBlob);
            entries.reset();
            masterFields = null;
            count = 0;
        }
    }
}
