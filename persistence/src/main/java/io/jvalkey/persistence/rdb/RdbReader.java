package io.jvalkey.persistence.rdb;

import static io.jvalkey.persistence.rdb.Rdb.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final RdbInput in;
    private boolean verifyChecksum = true;
    private final long[] scratch = new long[1];

    /**
     * A reader over {@code in}.
     *
     * @param size number of bytes {@code in} will deliver, or -1 when unknown (e.g. a socket)
     */
    public RdbReader(InputStream in, long size) {
        this.in = new RdbInput(in, size);
    }

    private RdbReader(byte[] data, int off, int len) {
        this.in = new RdbInput(data, off, len);
    }

    /** rdbchecksum: when false the CRC64 footer is read but not compared (default true). */
    public RdbReader verifyChecksum(boolean on) {
        this.verifyChecksum = on;
        return this;
    }

    /** Reads the RDB file at {@code path} (buffered). */
    public static void read(Path path, boolean verifyChecksum, RdbVisitor visitor) throws IOException {
        try (InputStream s = Files.newInputStream(path)) {
            new RdbReader(s, Files.size(path)).verifyChecksum(verifyChecksum).read(visitor);
        }
    }

    /** Reads a whole file held in memory. */
    public static void read(byte[] file, boolean verifyChecksum, RdbVisitor visitor) throws IOException {
        new RdbReader(file, 0, file.length).verifyChecksum(verifyChecksum).read(visitor);
    }

    /**
     * Reads one value in DUMP form (type byte + value) from {@code data[off, off+len)} as the
     * value of {@code key}, emitting its events with {@link KeyMeta#NONE}.
     *
     * @return the offset just past the value
     */
    public static int readValue(byte[] data, int off, int len, byte[] key, RdbVisitor visitor)
            throws IOException {
        RdbReader r = new RdbReader(data, off, len);
        try {
            int type = r.in.readByte();
            if (!isObjectType(type)) {
                throw r.in.error("Unknown RDB value type " + type, 0);
            }
            r.readObject(type, key, KeyMeta.NONE, visitor);
        } catch (RdbFormatException e) {
            throw e.at(r.in.offset());
        }
        return (int) (off + r.in.offset());
    }

    private static boolean isObjectType(int t) {
        return (t >= TYPE_STRING && t <= TYPE_ZSET_2) || t == TYPE_MODULE_2
                || (t >= TYPE_HASH_ZIPMAP && t <= TYPE_STREAM_LISTPACKS_3);
    }

    /** Reads a whole file: header to EOF opcode and checksum. */
    public void read(RdbVisitor v) throws IOException {
        try {
            readFile(v);
        } catch (RdbFormatException e) {
            throw e.at(in.offset());
        }
    }

    private void readFile(RdbVisitor v) throws IOException {
        byte[] magic = new byte[9];
        in.readFully(magic, 0, 9);
        if (!new String(magic, 0, 5, StandardCharsets.ISO_8859_1).equals("REDIS")) {
            throw in.error("Wrong signature trying to load DB from file", 0);
        }
        int version = 0;
        for (int i = 5; i < 9; i++) {
            int d = magic[i] - '0';
            if (d < 0 || d > 9) {
                throw in.error("Can't handle RDB format version " + new String(magic, 5, 4, StandardCharsets.ISO_8859_1), 5);
            }
            version = version * 10 + d;
        }
        if (version < 1 || version > MAX_VERSION) {
            throw in.error("Can't handle RDB format version " + version, 5);
        }
        v.version(version);
        int db = 0;
        KeyMeta plain = KeyMeta.NONE; // shared by the keys of this db without opcodes
        long expireAt = -1;
        long lruIdle = -1;
        int lfuFreq = -1;
        while (true) {
            long opAt = in.offset();
            int type = in.readByte();
            switch (type) {
                case OPCODE_EXPIRETIME:
                    expireAt = in.readIntLE() * 1000L;
                    continue;
                case OPCODE_EXPIRETIME_MS:
                    expireAt = in.readLongLE();
                    continue;
                case OPCODE_FREQ:
                    lfuFreq = in.readByte();
                    continue;
                case OPCODE_IDLE:
                    lruIdle = in.readPlainLength();
                    continue;
                case OPCODE_SELECTDB: {
                    long id = in.readPlainLength();
                    if (id < 0 || id > Integer.MAX_VALUE) {
                        throw in.error("SELECTDB database number " + Long.toUnsignedString(id) + " out of range", opAt);
                    }
                    db = (int) id;
                    plain = KeyMeta.of(db);
                    v.selectDb(db);
                    continue;
                }
                case OPCODE_RESIZEDB: {
                    long dbSize = in.readPlainLength();
                    long expiresSize = in.readPlainLength();
                    v.resizeDb(dbSize, expiresSize);
                    continue;
                }
                case OPCODE_AUX: {
                    byte[] name = in.readString();
                    byte[] value = in.readString();
                    v.aux(name, value);
                    continue;
                }
                case OPCODE_MODULE_AUX:
                    readModuleAux(v);
                    continue;
                case OPCODE_FUNCTION_PRE_GA:
                    throw in.error("Pre-release function format not supported", opAt);
                case OPCODE_FUNCTION2:
                    v.functionLibrary(in.readString());
                    continue;
                case OPCODE_EOF:
                    break;
                default: {
                    if (!isObjectType(type)) {
                        throw in.error("Unknown RDB encoding type " + type, opAt);
                    }
                    byte[] key = in.readString();
                    KeyMeta meta = (expireAt == -1 && lruIdle == -1 && lfuFreq == -1)
                            ? plain
                            : new KeyMeta(db, expireAt, lruIdle, lfuFreq);
                    readObject(type, key, meta, v);
                    expireAt = -1;
                    lruIdle = -1;
                    lfuFreq = -1;
                    continue;
                }
            }
            break;
        }
        if (version >= 5) {
            long expected = in.crc();
            long at = in.offset();
            long stored = in.readLongLE();
            if (verifyChecksum && stored != 0 && stored != expected) {
                throw in.error("Wrong RDB checksum expected: (" + Long.toHexString(expected) + ") but got ("
                        + Long.toHexString(stored) + ")", at);
            }
        }
        v.endOfFile();
    }

    private void readModuleAux(RdbVisitor v) throws IOException {
        long at = in.offset();
        long moduleId = in.readPlainLength();
        long whenOpcode = in.readPlainLength();
        long when = in.readPlainLength();
        if (whenOpcode != MODULE_OPCODE_UINT) {
            throw in.error("bad when_opcode", at);
        }
        String name = Rdb.moduleName(moduleId);
        skipModuleValue(name);
        v.moduleAux(name, (int) (moduleId & 1023), (int) when);
    }

    /** Skips a module's serialized data: typed opcodes up to the EOF opcode. */
    private void skipModuleValue(String name) throws IOException {
        while (true) {
            long at = in.offset();
            long opcode = in.readPlainLength();
            if (opcode == MODULE_OPCODE_EOF) {
                return;
            } else if (opcode == MODULE_OPCODE_SINT || opcode == MODULE_OPCODE_UINT) {
                in.readPlainLength();
            } else if (opcode == MODULE_OPCODE_STRING) {
                in.skipString();
            } else if (opcode == MODULE_OPCODE_FLOAT) {
                in.readIntLE();
            } else if (opcode == MODULE_OPCODE_DOUBLE) {
                in.readLongLE();
            } else {
                throw in.error("Unknown module opcode " + opcode + " in the data of module " + name, at);
            }
        }
    }

    private void readObject(int type, byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
        switch (type) {
            case TYPE_STRING -> v.string(meta, key, in.readString());
            case TYPE_LIST -> {
                long n = in.readCount("List", 1);
                if (n == 0) {
                    return;
                }
                v.listBegin(meta, key, n);
                for (long i = 0; i < n; i++) {
                    v.listItem(in.readString());
                }
                v.listEnd();
            }
            case TYPE_SET -> {
                long n = in.readCount("Set", 1);
                if (n == 0) {
                    return;
                }
                v.setBegin(meta, key, n);
                for (long i = 0; i < n; i++) {
                    v.setMember(in.readString());
                }
                v.setEnd();
            }
            case TYPE_ZSET, TYPE_ZSET_2 -> {
                long n = in.readCount("Sorted set", 2);
                if (n == 0) {
                    return;
                }
                v.zsetBegin(meta, key, n);
                for (long i = 0; i < n; i++) {
                    byte[] member = in.readString();
                    long at = in.offset();
                    double score = type == TYPE_ZSET_2 ? in.readBinaryDouble() : in.readTextDouble();
                    if (Double.isNaN(score)) {
                        throw in.error("Zset with NAN score detected", at);
                    }
                    v.zsetMember(member, score);
                }
                v.zsetEnd();
            }
            case TYPE_HASH -> {
                long n = in.readCount("Hash", 2);
                if (n == 0) {
                    return;
                }
                v.hashBegin(meta, key, n);
                for (long i = 0; i < n; i++) {
                    byte[] field = in.readString();
                    v.hashField(field, in.readString(), -1);
                }
                v.hashEnd();
            }
            case TYPE_LIST_QUICKLIST, TYPE_LIST_QUICKLIST_2 -> readQuicklist(type, key, meta, v);
            case TYPE_HASH_ZIPMAP -> readZipmap(key, meta, v);
            case TYPE_LIST_ZIPLIST -> {
                long at = in.offset();
                byte[] zl = in.readString();
                int n = Ziplist.validate(zl, "List ziplist", at);
                if (n == 0) {
                    return;
                }
                v.listBegin(meta, key, n);
                Ziplist z = new Ziplist(zl);
                while (z.next()) {
                    v.listItem(z.bytes());
                }
                v.listEnd();
            }
            case TYPE_SET_INTSET -> readIntset(key, meta, v);
            case TYPE_SET_LISTPACK -> {
                long at = in.offset();
                byte[] lp = in.readString();
                int n = Listpack.validate(lp, "Set listpack", at);
                if (n == 0) {
                    return;
                }
                v.setBegin(meta, key, n);
                Listpack l = new Listpack(lp);
                while (l.next()) {
                    v.setMember(l.bytes());
                }
                v.setEnd();
            }
            case TYPE_ZSET_ZIPLIST, TYPE_ZSET_LISTPACK -> readZsetPairs(type, key, meta, v);
            case TYPE_HASH_ZIPLIST, TYPE_HASH_LISTPACK -> readHashPairs(type, key, meta, v);
            case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2, TYPE_STREAM_LISTPACKS_3 ->
                    new StreamReader(type).read(key, meta, v);
            case TYPE_MODULE_PRE_GA -> throw in.error("Pre-release module format not supported");
            case TYPE_MODULE_2 -> {
                long id = in.readPlainLength();
                throw in.error("The RDB file contains module data I can't load: no matching module type '"
                        + Rdb.moduleName(id) + "'");
            }
            default -> throw in.error("Unknown RDB encoding type " + type);
        }
    }

    private void readQuicklist(int type, byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
        long nodes = in.readCount("Quicklist node", 1);
        boolean begun = false;
        for (long i = 0; i < nodes; i++) {
            int container = QUICKLIST_NODE_PACKED;
            long at = in.offset();
            if (type == TYPE_LIST_QUICKLIST_2) {
                long c = in.readPlainLength();
                if (c != QUICKLIST_NODE_PACKED && c != QUICKLIST_NODE_PLAIN) {
                    throw in.error("Quicklist integrity check failed: unknown node container " + c, at);
                }
                container = (int) c;
                at = in.offset();
            }
            byte[] data = in.readString();
            if (data.length == 0) {
                throw in.error("Quicklist integrity check failed: empty node", at);
            }
            if (container == QUICKLIST_NODE_PLAIN) {
                if (!begun) {
                    v.listBegin(meta, key, -1);
                    begun = true;
                }
                v.listItem(data);
                continue;
            }
            if (type == TYPE_LIST_QUICKLIST_2) {
                if (Listpack.validate(data, "Listpack", at) == 0) {
                    continue;
                }
                if (!begun) {
                    v.listBegin(meta, key, -1);
                    begun = true;
                }
                Listpack l = new Listpack(data);
                while (l.next()) {
                    v.listItem(l.bytes());
                }
            } else {
                if (Ziplist.validate(data, "Ziplist", at) == 0) {
                    continue;
                }
                if (!begun) {
                    v.listBegin(meta, key, -1);
                    begun = true;
                }
                Ziplist z = new Ziplist(data);
                while (z.next()) {
                    v.listItem(z.bytes());
                }
            }
        }
        if (begun) {
            v.listEnd();
        }
    }

    private void readIntset(byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
        long at = in.offset();
        byte[] is = in.readString();
        if (is.length < 8) {
            throw Listpack.fail("Intset", "shorter than its header", at);
        }
        int width = le32(is, 0);
        if (width != 2 && width != 4 && width != 8) {
            throw Listpack.fail("Intset", "bad encoding " + width, at);
        }
        long count = le32(is, 4) & 0xFFFFFFFFL;
        if (8 + count * width != is.length) {
            throw Listpack.fail("Intset", "length does not match the blob", at);
        }
        if (count == 0) {
            throw Listpack.fail("Intset", "empty", at);
        }
        long prev = 0;
        for (int i = 0; i < count; i++) {
            long x = intsetAt(is, width, i);
            if (i > 0 && x <= prev) {
                throw Listpack.fail("Intset", "members not in ascending order", at);
            }
            prev = x;
        }
        v.setBegin(meta, key, count);
        for (int i = 0; i < count; i++) {
            v.setMember(RdbInput.decimal(intsetAt(is, width, i)));
        }
        v.setEnd();
    }

    private static long intsetAt(byte[] is, int width, int i) {
        int p = 8 + i * width;
        if (width == 2) {
            return (short) ((is[p] & 0xFF) | (is[p + 1] & 0xFF) << 8);
        } else if (width == 4) {
            return le32(is, p);
        }
        return (le32(is, p) & 0xFFFFFFFFL) | ((long) le32(is, p + 4) << 32);
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private void readZipmap(byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
        long at = in.offset();
        byte[] zm = in.readString();
        int size = zm.length;
        if (size < 2 || (zm[size - 1] & 0xFF) != 0xFF) {
            throw Listpack.fail("Zipmap", "no terminator", at);
        }
        // First pass: validate and count; second: emit.
        int count = 0;
        int p = 1;
        int last = size - 1;
        while ((zm[p] & 0xFF) != 0xFF) {
            int[] fieldAt = zipmapLength(zm, p, last, at);
            p = fieldAt[0] + fieldAt[1];
            if (p > last) {
                throw Listpack.fail("Zipmap", "field overruns the blob", at);
            }
            int[] valueAt = zipmapLength(zm, p, last, at);
            int vp = valueAt[0];
            if (vp > last) {
                throw Listpack.fail("Zipmap", "value overruns the blob", at);
            }
            int free = zm[vp] & 0xFF;
            long next = (long) vp + 1 + valueAt[1] + free;
            if (next > last) {
                throw Listpack.fail("Zipmap", "value overruns the blob", at);
            }
            p = (int) next;
            count++;
        }
        if (count == 0) {
            throw Listpack.fail("Zipmap", "empty", at);
        }
        int header = zm[0] & 0xFF;
        if (header != 254 && header != count) {
            throw Listpack.fail("Zipmap", "header count " + header + " but " + count + " entries", at);
        }
        v.hashBegin(meta, key, count);
        p = 1;
        while ((zm[p] & 0xFF) != 0xFF) {
            int[] f = zipmapLength(zm, p, last, at);
            byte[] field = Arrays.copyOfRange(zm, f[0], f[0] + f[1]);
            p = f[0] + f[1];
            int[] val = zipmapLength(zm, p, last, at);
            int vp = val[0] + 1;
            byte[] value = Arrays.copyOfRange(zm, vp, vp + val[1]);
            p = vp + val[1] + (zm[val[0]] & 0xFF);
            v.hashField(field, value, -1);
        }
        v.hashEnd();
    }

    /** Decodes a zipmap length at p: returns {data offset, length}. */
    private static int[] zipmapLength(byte[] zm, int p, int last, long at) throws RdbFormatException {
        int first = zm[p] & 0xFF;
        if (first < 254) {
            return new int[] {p + 1, first};
        }
        if (p + 5 > last) {
            throw Listpack.fail("Zipmap", "length overruns the blob", at);
        }
        int len = le32(zm, p + 1);
        if (len < 0 || len > last) {
            throw Listpack.fail("Zipmap", "length overruns the blob", at);
        }
        return new int[] {p + 5, len};
    }

    private void readZsetPairs(int type, byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
        long at = in.offset();
        byte[] blob = in.readString();
        boolean zip = type == TYPE_ZSET_ZIPLIST;
        String what = zip ? "Zset ziplist" : "Zset listpack";
        int n = zip ? Ziplist.validate(blob, what, at) : Listpack.validate(blob, what, at);
        if ((n & 1) != 0) {
            throw Listpack.fail(what, "odd number of elements", at);
        }
        if (n == 0) {
            return;
        }
        v.zsetBegin(meta, key, n / 2);
        if (zip) {
            Ziplist z = new Ziplist(blob);
            while (z.next()) {
                byte[] member = z.bytes();
                z.next();
                v.zsetMember(member, score(z.isInt, z.intValue, blob, z.strOff, z.strLen, what, at));
            }
        } else {
            Listpack l = new Listpack(blob);
            while (l.next()) {
                byte[] member = l.bytes();
                l.next();
                v.zsetMember(member, score(l.isInt, l.intValue, blob, l.strOff, l.strLen, what, at));
            }
        }
        v.zsetEnd();
    }

    private static double score(boolean isInt, long intValue, byte[] b, int off, int len, String what, long at)
            throws RdbFormatException {
        double d;
        if (isInt) {
            d = intValue;
        } else {
            try {
                d = Numbers.parseDouble(b, off, len);
            } catch (NumberFormatException e) {
                throw Listpack.fail(what, "score is not a number", at);
            }
        }
        if (Double.isNaN(d)) {
            throw new RdbFormatException("Zset with NAN score detected", at);
        }
        return d;
    }

    private void readHashPairs(int type, byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
        long at = in.offset();
        byte[] blob = in.readString();
        boolean zip = type == TYPE_HASH_ZIPLIST;
        String what = zip ? "Hash ziplist" : "Hash listpack";
        int n = zip ? Ziplist.validate(blob, what, at) : Listpack.validate(blob, what, at);
        if ((n & 1) != 0) {
            throw Listpack.fail(what, "odd number of elements", at);
        }
        if (n == 0) {
            return;
        }
        v.hashBegin(meta, key, n / 2);
        if (zip) {
            Ziplist z = new Ziplist(blob);
            while (z.next()) {
                byte[] field = z.bytes();
                z.next();
                v.hashField(field, z.bytes(), -1);
            }
        } else {
            Listpack l = new Listpack(blob);
            while (l.next()) {
                byte[] field = l.bytes();
                l.next();
                v.hashField(field, l.bytes(), -1);
            }
        }
        v.hashEnd();
    }

    /** Reads one stream value (STREAM_LISTPACKS 1, 2 or 3). */
    private final class StreamReader {
        private final int type;
        private StreamId firstLive;

        StreamReader(int type) {
            this.type = type;
        }

        void read(byte[] key, KeyMeta meta, RdbVisitor v) throws IOException {
            v.streamBegin(meta, key);
            long nodes = in.readCount("Stream listpacks", 2);
            StreamId prevNode = null;
            for (long i = 0; i < nodes; i++) {
                long at = in.offset();
                byte[] nodeKey = in.readString();
                if (nodeKey.length != 16) {
                    throw in.error("Stream node key entry is not the size of a stream ID", at);
                }
                StreamId master = new StreamId(be64(nodeKey, 0), be64(nodeKey, 8));
                if (prevNode != null && master.compareTo(prevNode) <= 0) {
                    throw in.error("Listpack re-added with existing key", at);
                }
                prevNode = master;
                at = in.offset();
                byte[] lp = in.readString();
                if (Listpack.validate(lp, "Stream listpack", at) == 0) {
                    throw in.error("Empty listpack inside stream", at);
                }
                readNode(lp, master, v, at);
            }
            long length = in.readPlainLength();
            StreamId lastId = new StreamId(in.readPlainLength(), in.readPlainLength());
            StreamId firstId;
            StreamId maxDeleted;
            long entriesAdded;
            if (type >= TYPE_STREAM_LISTPACKS_2) {
                firstId = new StreamId(in.readPlainLength(), in.readPlainLength());
                maxDeleted = new StreamId(in.readPlainLength(), in.readPlainLength());
                entriesAdded = in.readPlainLength();
            } else {
                firstId = firstLive == null ? StreamId.ZERO : firstLive;
                maxDeleted = StreamId.ZERO;
                entriesAdded = length;
            }
            if (length != 0 && nodes == 0) {
                throw in.error("Stream length inconsistent with rax entries");
            }
            long groupCount = in.readCount("Stream consumer group", 3);
            List<StreamMeta.Group> groups = new ArrayList<>((int) Math.min(groupCount, 1024));
            Set<String> groupNames = new HashSet<>();
            for (long g = 0; g < groupCount; g++) {
                long at = in.offset();
                byte[] name = in.readString();
                if (!groupNames.add(new String(name, StandardCharsets.ISO_8859_1))) {
                    throw in.error("Duplicated consumer group name " + new String(name, StandardCharsets.ISO_8859_1), at);
                }
                StreamId groupLast = new StreamId(in.readPlainLength(), in.readPlainLength());
                long entriesRead = type >= TYPE_STREAM_LISTPACKS_2
                        ? in.readPlainLength()
                        : estimateEntriesRead(groupLast, length, lastId, firstId, maxDeleted, entriesAdded);
                groups.add(readGroup(name, groupLast, entriesRead));
            }
            v.streamEnd(new StreamMeta(length, lastId, firstId, maxDeleted, entriesAdded, groups));
        }

        private StreamMeta.Group readGroup(byte[] name, StreamId groupLast, long entriesRead) throws IOException {
            long pelSize = in.readCount("Stream PEL", 17);
            List<StreamId> ids = new ArrayList<>((int) Math.min(pelSize, 4096));
            long[] times = new long[(int) Math.min(pelSize, 4096)];
            long[] counts = new long[times.length];
            Map<StreamId, Integer> index = new HashMap<>();
            for (long i = 0; i < pelSize; i++) {
                long at = in.offset();
                StreamId id = new StreamId(in.readLongBE(), in.readLongBE());
                int k = ids.size();
                if (index.putIfAbsent(id, k) != null) {
                    throw in.error("Duplicated global PEL entry loading stream consumer group", at);
                }
                if (k == times.length) {
                    times = Arrays.copyOf(times, k * 2);
                    counts = Arrays.copyOf(counts, k * 2);
                }
                ids.add(id);
                times[k] = in.readLongLE();
                counts[k] = in.readPlainLength();
            }
            byte[][] owners = new byte[ids.size()][];
            long consumerCount = in.readCount("Stream consumer", 9);
            List<StreamMeta.Consumer> consumers = new ArrayList<>((int) Math.min(consumerCount, 1024));
            Set<String> consumerNames = new HashSet<>();
            for (long c = 0; c < consumerCount; c++) {
                long at = in.offset();
                byte[] cname = in.readString();
                if (!consumerNames.add(new String(cname, StandardCharsets.ISO_8859_1))) {
                    throw in.error("Duplicate stream consumer detected.", at);
                }
                long seen = in.readLongLE();
                long active = type >= TYPE_STREAM_LISTPACKS_3 ? in.readLongLE() : seen;
                long own = in.readCount("Stream consumer PEL", 16);
                List<StreamId> pending = new ArrayList<>((int) Math.min(own, 4096));
                for (long i = 0; i < own; i++) {
                    long idAt = in.offset();
                    StreamId id = new StreamId(in.readLongBE(), in.readLongBE());
                    Integer k = index.get(id);
                    if (k == null) {
                        throw in.error("Consumer entry not found in group global PEL", idAt);
                    }
                    if (owners[k] != null) {
                        throw in.error("Duplicated consumer PEL entry loading a stream consumer group", idAt);
                    }
                    owners[k] = cname;
                    pending.add(id);
                }
                consumers.add(new StreamMeta.Consumer(cname, seen, active, pending));
            }
            List<StreamMeta.PendingEntry> pel = new ArrayList<>(ids.size());
            for (int k = 0; k < ids.size(); k++) {
                pel.add(new StreamMeta.PendingEntry(ids.get(k), times[k], counts[k], owners[k]));
            }
            return new StreamMeta.Group(name, groupLast, entriesRead, pel, consumers);
        }

        private void readNode(byte[] lp, StreamId master, RdbVisitor v, long at) throws IOException {
            Listpack l = new Listpack(lp);
            long count = nextLong(l, at);
            long deleted = nextLong(l, at);
            long masterFieldCount = nextLong(l, at);
            if (masterFieldCount < 0 || masterFieldCount > lp.length) {
                throw Listpack.fail("Stream listpack", "bad master field count", at);
            }
            byte[][] masterFields = new byte[(int) masterFieldCount][];
            for (int i = 0; i < masterFields.length; i++) {
                need(l, at);
                masterFields[i] = l.bytes();
            }
            if (nextLong(l, at) != 0) {
                throw Listpack.fail("Stream listpack", "master entry not terminated by 0", at);
            }
            long total = count + deleted;
            if (count < 0 || deleted < 0 || total < 0 || total > lp.length) {
                throw Listpack.fail("Stream listpack", "bad entry counts", at);
            }
            for (long e = 0; e < total; e++) {
                long flags = nextLong(l, at);
                long ms = master.ms() + nextLong(l, at);
                long seq = master.seq() + nextLong(l, at);
                byte[][] fv;
                long expectedLpCount;
                if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
                    fv = new byte[masterFields.length * 2][];
                    for (int i = 0; i < masterFields.length; i++) {
                        need(l, at);
                        fv[2 * i] = masterFields[i];
                        fv[2 * i + 1] = l.bytes();
                    }
                    expectedLpCount = masterFields.length + 3;
                } else {
                    long fields = nextLong(l, at);
                    if (fields < 0 || fields > lp.length) {
                        throw Listpack.fail("Stream listpack", "bad field count", at);
                    }
                    fv = new byte[(int) fields * 2][];
                    for (int i = 0; i < fv.length; i++) {
                        need(l, at);
                        fv[i] = l.bytes();
                    }
                    expectedLpCount = 2 * fields + 4;
                }
                if (nextLong(l, at) != expectedLpCount) {
                    throw Listpack.fail("Stream listpack", "entry back-count mismatch", at);
                }
                if ((flags & STREAM_ITEM_FLAG_DELETED) == 0) {
                    if (firstLive == null) {
                        firstLive = new StreamId(ms, seq);
                    }
                    v.streamEntry(ms, seq, fv);
                }
            }
            if (l.next()) {
                throw Listpack.fail("Stream listpack", "data after the last entry", at);
            }
        }

        private void need(Listpack l, long at) throws RdbFormatException {
            if (!l.next()) {
                throw Listpack.fail("Stream listpack", "ends inside an entry", at);
            }
        }

        private long nextLong(Listpack l, long at) throws RdbFormatException {
            need(l, at);
            if (!l.asLong(scratch)) {
                throw Listpack.fail("Stream listpack", "integer expected", at);
            }
            return scratch[0];
        }
    }

    /** Valkey's estimate of a group's entries-read counter for files without one. */
    private static long estimateEntriesRead(StreamId id, long length, StreamId lastId, StreamId firstId,
                                            StreamId maxDeleted, long entriesAdded) {
        if (entriesAdded == 0) {
            return 0;
        }
        int cmpLast = id.compareTo(lastId);
        if (length == 0 && cmpLast <= 0) {
            return entriesAdded;
        }
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return -1;
        }
        if (maxDeleted.equals(StreamId.ZERO) || maxDeleted.compareTo(firstId) < 0) {
            int cmpFirst = id.compareTo(firstId);
            if (cmpFirst < 0) {
                return entriesAdded - length;
            } else if (cmpFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return -1;
    }

    private static long be64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
