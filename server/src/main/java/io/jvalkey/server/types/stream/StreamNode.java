package io.jvalkey.server.types.stream;

import java.util.Arrays;

/**
 * A run of consecutive stream entries, as Valkey keeps them in one listpack per radix tree key.
 * The first entry's fields become the node's master fields; later entries with the same field
 * names store only their values (the SAME_FIELDS flag). Entries live in parallel arrays (IDs,
 * payload offsets, flags) and one byte buffer of length-prefixed field and value bytes, so a node
 * holds a handful of objects whatever its size. Deleted entries stay as tombstones until the
 * whole node goes, exactly as in Valkey, since node boundaries decide approximate trimming.
 */
final class StreamNode {
    static final byte DELETED = 1;
    static final byte SAME_FIELDS = 2;

    final long masterMs;
    final long masterSeq;
    final byte[][] masterFields;
    // Entry i's ID as deltas from the master ID at 2i (ms, unsigned) and 2i+1 (seq, signed),
    // or, once some ID is too far from the master for 32 bits, as full values in wideIds.
    private int[] ids;
    private long[] wideIds;
    private int[] offsets;    // start of entry i's payload in data
    private byte[] flags;
    private byte[] data;
    private int dataLen;
    int count;                // entries including tombstones
    int live;                 // entries not deleted
    /** Size of the Valkey listpack for this node, minus the live and deleted counters. */
    private long lpBody;

    StreamNode(long ms, long seq, byte[][] argv, int from, int nfields) {
        this.masterMs = ms;
        this.masterSeq = seq;
        this.masterFields = new byte[nfields][];
        lpBody = ListpackSize.EMPTY + ListpackSize.integer(nfields) + ListpackSize.integer(0);
        for (int i = 0; i < nfields; i++) {
            byte[] f = argv[from + 2 * i];
            masterFields[i] = f;
            lpBody += ListpackSize.string(f, 0, f.length);
        }
        ids = new int[8];
        offsets = new int[4];
        flags = new byte[4];
        data = new byte[64];
    }

    private StreamNode(StreamNode o) {
        masterMs = o.masterMs;
        masterSeq = o.masterSeq;
        masterFields = o.masterFields; // immutable byte arrays, never changed once stored
        ids = o.ids == null ? null : o.ids.clone();
        wideIds = o.wideIds == null ? null : o.wideIds.clone();
        offsets = o.offsets.clone();
        flags = o.flags.clone();
        data = o.data.clone();
        dataLen = o.dataLen;
        count = o.count;
        live = o.live;
        lpBody = o.lpBody;
    }

    StreamNode copy() {
        return new StreamNode(this);
    }

    /** The listpack size Valkey would report for this node. */
    long listpackBytes() {
        return lpBody + ListpackSize.integer(live) + ListpackSize.integer(count - live);
    }

    /** Approximate heap bytes: the node object and its arrays at their capacity. */
    long memory() {
        long idBytes = ids != null ? arr(ids.length * 4L) : arr(wideIds.length * 8L);
        return 64 + idBytes + arr(offsets.length * 4L) + arr(flags.length) + arr(data.length)
                + arr(masterFields.length * 4L);
    }

    private static long arr(long payload) {
        return (16 + payload + 7) & ~7L;
    }

    /** True when the given fields are the master fields, in order. */
    boolean sameFields(byte[][] argv, int from, int nfields) {
        if (nfields != masterFields.length) {
            return false;
        }
        for (int i = 0; i < nfields; i++) {
            if (!Arrays.equals(masterFields[i], argv[from + 2 * i])) {
                return false;
            }
        }
        return true;
    }

    /** Appends an entry (its ID is greater than every ID in the node). */
    void append(long ms, long seq, byte[][] argv, int from, int nfields) {
        boolean same = count == 0 || sameFields(argv, from, nfields);
        if (count == flags.length) {
            int cap = flags.length * 2;
            if (ids != null) {
                ids = Arrays.copyOf(ids, cap * 2);
            } else {
                wideIds = Arrays.copyOf(wideIds, cap * 2);
            }
            offsets = Arrays.copyOf(offsets, cap);
            flags = Arrays.copyOf(flags, cap);
        }
        long msDelta = ms - masterMs;
        long seqDelta = seq - masterSeq;
        if (ids != null && (Long.compareUnsigned(msDelta, 0xFFFFFFFFL) > 0 || seqDelta != (int) seqDelta)) {
            widen();
        }
        if (ids != null) {
            ids[2 * count] = (int) msDelta;
            ids[2 * count + 1] = (int) seqDelta;
        } else {
            wideIds[2 * count] = ms;
            wideIds[2 * count + 1] = seq;
        }
        offsets[count] = dataLen;
        flags[count] = same ? SAME_FIELDS : 0;
        long lp = ListpackSize.integer(same ? SAME_FIELDS : 0) + ListpackSize.integer(ms - masterMs)
                + ListpackSize.integer(seq - masterSeq);
        int lpCount = nfields + 3;
        if (!same) {
            putVarint(nfields);
            lp += ListpackSize.integer(nfields);
            lpCount += nfields + 1;
        }
        for (int i = 0; i < nfields; i++) {
            if (!same) {
                byte[] f = argv[from + 2 * i];
                putBytes(f);
                lp += ListpackSize.string(f, 0, f.length);
            }
            byte[] v = argv[from + 2 * i + 1];
            putBytes(v);
            lp += ListpackSize.string(v, 0, v.length);
        }
        lp += ListpackSize.integer(lpCount);
        lpBody += lp;
        count++;
        live++;
    }

    /** Switches to full 64-bit IDs (an entry too far from the master ID for 32-bit deltas). */
    private void widen() {
        wideIds = new long[ids.length];
        for (int i = 0; i < count; i++) {
            wideIds[2 * i] = ms(i);
            wideIds[2 * i + 1] = seq(i);
        }
        ids = null;
    }

    /** Gives back spare capacity once no more entries will be appended (Valkey's lpShrinkToFit). */
    void shrink() {
        if (flags.length > count) {
            if (ids != null) {
                ids = Arrays.copyOf(ids, count * 2);
            } else {
                wideIds = Arrays.copyOf(wideIds, count * 2);
            }
            offsets = Arrays.copyOf(offsets, count);
            flags = Arrays.copyOf(flags, count);
        }
        if (data.length > dataLen) {
            data = Arrays.copyOf(data, dataLen);
        }
    }

    private void putBytes(byte[] b) {
        putVarint(b.length);
        ensureData(b.length);
        System.arraycopy(b, 0, data, dataLen, b.length);
        dataLen += b.length;
    }

    private void putVarint(int v) {
        ensureData(5);
        while ((v & ~0x7F) != 0) {
            data[dataLen++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        data[dataLen++] = (byte) v;
    }

    private void ensureData(int more) {
        if (dataLen + more > data.length) {
            long want = Math.max((long) dataLen + more, data.length + (data.length >> 1));
            data = Arrays.copyOf(data, (int) Math.min(want, Integer.MAX_VALUE - 16));
        }
    }

    long ms(int i) {
        return ids != null ? masterMs + (ids[2 * i] & 0xFFFFFFFFL) : wideIds[2 * i];
    }

    long seq(int i) {
        return ids != null ? masterSeq + ids[2 * i + 1] : wideIds[2 * i + 1];
    }

    boolean deleted(int i) {
        return (flags[i] & DELETED) != 0;
    }

    void markDeleted(int i) {
        flags[i] |= DELETED;
        live--;
    }

    /** First index whose ID is >= (ms, seq), or count. */
    int lowerBound(long ms, long seq) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (StreamId.compare(ms(mid), seq(mid), ms, seq) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    int fieldCount(int i) {
        if ((flags[i] & SAME_FIELDS) != 0) {
            return masterFields.length;
        }
        return readVarint(offsets[i]);
    }

    /** Hands each field and value of entry i to the sink, alternately. */
    void fields(int i, FieldSink sink) {
        int p = offsets[i];
        if ((flags[i] & SAME_FIELDS) != 0) {
            for (byte[] f : masterFields) {
                sink.accept(f, 0, f.length);
                int len = readVarint(p);
                p = skipVarint(p);
                sink.accept(data, p, len);
                p += len;
            }
            return;
        }
        int n = readVarint(p);
        p = skipVarint(p);
        for (int k = 0; k < 2 * n; k++) {
            int len = readVarint(p);
            p = skipVarint(p);
            sink.accept(data, p, len);
            p += len;
        }
    }

    private int readVarint(int p) {
        int v = 0;
        int shift = 0;
        byte b;
        do {
            b = data[p++];
            v |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    private int skipVarint(int p) {
        while (data[p++] < 0) {
            // continuation bytes
        }
        return p;
    }
}
