package io.jvalkey.server.persistence;

import io.jvalkey.persistence.rdb.KeyMeta;
import io.jvalkey.persistence.rdb.RdbFormatException;
import io.jvalkey.persistence.rdb.RdbVisitor;
import io.jvalkey.persistence.rdb.RdbWriter;
import io.jvalkey.persistence.rdb.StreamMeta;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.MemoryLimits;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.hash.HashValue;
import io.jvalkey.server.types.list.ListValue;
import io.jvalkey.server.types.set.SetValue;
import io.jvalkey.server.types.stream.Consumer;
import io.jvalkey.server.types.stream.ConsumerGroup;
import io.jvalkey.server.types.stream.Nack;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;
import io.jvalkey.server.types.zset.ZSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The adapter between the server's value representations and the codec's events, both ways.
 * Saving names each collection's current encoding so the file holds what Valkey would write for
 * it; loading builds each value through the same operations commands use, with the current
 * encoding thresholds, so OBJECT ENCODING after a load says what Valkey's would (Valkey also
 * re-decides encodings by its config when it loads).
 */
final class Values {
    private Values() {}

    // ---- server value -> events ------------------------------------------------------------------

    /** The per-key metadata Valkey writes: expiry, and IDLE or FREQ as the maxmemory policy uses. */
    static KeyMeta meta(int db, Entry e, MemoryLimits limits) {
        long idle = -1;
        int freq = -1;
        if (limits.policy.lfu()) {
            freq = io.jvalkey.server.keyspace.Lfu.decayed(e.access(), limits.lfuDecayTime);
        } else if (limits.policy == MemoryLimits.Policy.ALLKEYS_LRU || limits.policy == MemoryLimits.Policy.VOLATILE_LRU) {
            idle = io.jvalkey.server.keyspace.Clock.idleSeconds(e.access());
        }
        return new KeyMeta(db, e.expireAt(), idle, freq);
    }

    /** Writes one key (file mode) or one value (DUMP mode: meta and key are ignored by the writer). */
    static void write(RdbWriter w, KeyMeta meta, byte[] key, Object value, long nowMs) throws IOException {
        switch (value) {
            case byte[] s -> w.string(meta, key, s);
            case ListValue l -> writeList(w, meta, key, l);
            case SetValue s -> writeSet(w, meta, key, s);
            case HashValue h -> writeHash(w, meta, key, h, nowMs);
            case ZSet z -> writeZSet(w, meta, key, z);
            case Stream s -> writeStream(w, meta, key, s);
            default -> throw new IOException("no RDB form for a value of " + value.getClass().getName());
        }
    }

    private static void writeList(RdbWriter w, KeyMeta meta, byte[] key, ListValue l) throws IOException {
        long n = l.size();
        w.listBegin(meta, key, n);
        if (n > 0) {
            ListValue.Cursor c = l.cursor(0);
            for (byte[] item = c.next(); item != null; item = c.next()) {
                w.listItem(item);
            }
        }
        w.listEnd();
    }

    private static void writeSet(RdbWriter w, KeyMeta meta, byte[] key, SetValue s) throws IOException {
        RdbWriter.Encoding enc = switch (s.encodingKind()) {
            case INTSET -> RdbWriter.Encoding.INTSET;
            case LISTPACK -> RdbWriter.Encoding.LISTPACK;
            case HASHTABLE -> RdbWriter.Encoding.HASHTABLE;
        };
        int n = s.size();
        w.setBegin(meta, key, n, enc);
        for (int i = 0; i < n; i++) {
            w.setMember(s.memberAt(i));
        }
        w.setEnd();
    }

    /**
     * Fields whose deadline has passed are left out. The RDB format of Valkey 8 has no field
     * deadlines, so the others are written as plain fields (see the package notes).
     */
    private static void writeHash(RdbWriter w, KeyMeta meta, byte[] key, HashValue h, long nowMs) throws IOException {
        int n = h.size();
        int live = n;
        if (h.hasVolatileItems()) {
            for (int i = 0; i < n; i++) {
                if (expired(h.expireAtIndex(i), nowMs)) {
                    live--;
                }
            }
        }
        w.hashBegin(meta, key, live, h.isListpack() ? RdbWriter.Encoding.LISTPACK : RdbWriter.Encoding.HASHTABLE);
        for (int i = 0; i < n; i++) {
            long when = h.expireAtIndex(i);
            if (!expired(when, nowMs)) {
                w.hashField(h.fieldAt(i), h.valueAt(i), when);
            }
        }
        w.hashEnd();
    }

    private static boolean expired(long when, long nowMs) {
        return when >= 0 && when < nowMs;
    }

    private static void writeZSet(RdbWriter w, KeyMeta meta, byte[] key, ZSet z) throws IOException {
        int n = z.size();
        boolean small = z.isSmall();
        w.zsetBegin(meta, key, n, small ? RdbWriter.Encoding.LISTPACK : RdbWriter.Encoding.SKIPLIST);
        ZSet.Visitor v = (m, score) -> {
            try {
                w.zsetMember(m, score);
            } catch (IOException e) {
                throw new UncheckedIo(e);
            }
        };
        try {
            if (small) {
                z.forEach(v);
            } else if (n > 0) {
                z.visit(n - 1, 0, true, v); // highest score first, as Valkey writes a skiplist
            }
        } catch (UncheckedIo e) {
            throw e.io;
        }
        w.zsetEnd();
    }

    private static void writeStream(RdbWriter w, KeyMeta meta, byte[] key, Stream s) throws IOException {
        w.streamBegin(meta, key);
        Stream.Cursor c = s.cursor(StreamId.MIN, StreamId.MAX, false);
        List<byte[]> fields = new ArrayList<>();
        while (c.next()) {
            fields.clear();
            c.fields((b, off, len) -> fields.add(Arrays.copyOfRange(b, off, off + len)));
            w.streamEntry(c.ms(), c.seq(), fields.toArray(new byte[0][]));
        }
        List<StreamMeta.Group> groups = new ArrayList<>();
        for (ConsumerGroup g : s.groups()) {
            List<StreamMeta.PendingEntry> pel = new ArrayList<>(g.pending().size());
            for (Map.Entry<StreamId, Nack> p : g.pending().entrySet()) {
                Consumer owner = p.getValue().consumer();
                pel.add(new StreamMeta.PendingEntry(id(p.getKey()), p.getValue().deliveryTime(),
                        p.getValue().deliveryCount(), owner == null ? null : owner.name()));
            }
            List<StreamMeta.Consumer> consumers = new ArrayList<>(g.consumerCount());
            for (Consumer co : g.consumers()) {
                List<io.jvalkey.persistence.rdb.StreamId> owned = new ArrayList<>(co.pending().size());
                for (StreamId id : co.pending().keySet()) {
                    owned.add(id(id));
                }
                long active = co.activeTime() < 0 ? co.seenTime() : co.activeTime();
                consumers.add(new StreamMeta.Consumer(co.name(), co.seenTime(), active, owned));
            }
            groups.add(new StreamMeta.Group(g.name(), id(g.lastId()), g.entriesRead(), pel, consumers));
        }
        w.streamEnd(new StreamMeta(s.length(), id(s.lastId()), id(s.firstId()), id(s.maxDeletedId()),
                s.entriesAdded(), groups));
    }

    private static io.jvalkey.persistence.rdb.StreamId id(StreamId id) {
        return new io.jvalkey.persistence.rdb.StreamId(id.ms(), id.seq());
    }

    private static StreamId id(io.jvalkey.persistence.rdb.StreamId id) {
        return new StreamId(id.ms(), id.seq());
    }

    private static final class UncheckedIo extends RuntimeException {
        final IOException io;

        UncheckedIo(IOException io) {
            super(io);
            this.io = io;
        }
    }

    // ---- events -> server value ------------------------------------------------------------------

    /** Receives each value the {@link Builder} completes. */
    interface KeySink {
        void key(KeyMeta meta, byte[] key, Object value) throws IOException;
    }

    /**
     * Turns value events into server values, refusing duplicates with Valkey's messages.
     * File-level events are passed on to {@link #fileEvents} (may be null).
     */
    static final class Builder implements RdbVisitor {
        private final EncodingLimits limits;
        private final KeySink sink;
        private final RdbVisitor fileEvents;

        private KeyMeta meta;
        private byte[] key;
        private ListValue list;
        private SetValue set;
        private HashValue hash;
        private long expectedSize;
        private List<byte[]> zMembers;
        private double[] zScores;
        private Stream stream;

        Builder(EncodingLimits limits, KeySink sink, RdbVisitor fileEvents) {
            this.limits = limits;
            this.sink = sink;
            this.fileEvents = fileEvents;
        }

        @Override
        public void version(int rdbVersion) throws IOException {
            if (fileEvents != null) {
                fileEvents.version(rdbVersion);
            }
        }

        @Override
        public void aux(byte[] name, byte[] value) throws IOException {
            if (fileEvents != null) {
                fileEvents.aux(name, value);
            }
        }

        @Override
        public void selectDb(int db) throws IOException {
            if (fileEvents != null) {
                fileEvents.selectDb(db);
            }
        }

        @Override
        public void resizeDb(long dbSize, long expiresSize) throws IOException {
            if (fileEvents != null) {
                fileEvents.resizeDb(dbSize, expiresSize);
            }
        }

        @Override
        public void functionLibrary(byte[] code) throws IOException {
            if (fileEvents != null) {
                fileEvents.functionLibrary(code);
            }
        }

        @Override
        public void moduleAux(String moduleName, int moduleVersion, int when) throws IOException {
            throw new RdbFormatException("The RDB file contains AUX module data I can't load: no matching module '"
                    + moduleName + "'");
        }

        @Override
        public void endOfFile() throws IOException {
            if (fileEvents != null) {
                fileEvents.endOfFile();
            }
        }

        @Override
        public void string(KeyMeta meta, byte[] key, byte[] value) throws IOException {
            sink.key(meta, key, value);
        }

        private void begin(KeyMeta m, byte[] k) {
            meta = m;
            key = k;
        }

        private void end(Object value) throws IOException {
            KeyMeta m = meta;
            byte[] k = key;
            meta = null;
            key = null;
            sink.key(m, k, value);
        }

        @Override
        public void listBegin(KeyMeta meta, byte[] key, long size) {
            begin(meta, key);
            list = ListValue.newQuicklist(limits.listMaxListpackSize);
        }

        @Override
        public void listItem(byte[] item) {
            list.push(item, false);
        }

        @Override
        public void listEnd() throws IOException {
            ListValue l = list;
            list = null;
            l.built(limits.listMaxListpackSize);
            end(l);
        }

        @Override
        public void setBegin(KeyMeta meta, byte[] key, long size) {
            begin(meta, key);
            expectedSize = size;
            set = null;
        }

        @Override
        public void setMember(byte[] member) throws IOException {
            if (set == null) {
                set = SetValue.create(member, expectedSize, limits);
            }
            if (!set.add(member, limits)) {
                throw new RdbFormatException("Duplicate set members detected");
            }
        }

        @Override
        public void setEnd() throws IOException {
            SetValue s = set;
            set = null;
            end(s);
        }

        @Override
        public void hashBegin(KeyMeta meta, byte[] key, long size) {
            begin(meta, key);
            hash = new HashValue();
        }

        @Override
        public void hashField(byte[] field, byte[] value, long expireAtMs) throws IOException {
            if (!hash.put(field, value, false, limits)) {
                throw new RdbFormatException("Duplicate hash fields detected");
            }
            if (expireAtMs >= 0) {
                hash.setExpireAt(hash.find(field), expireAtMs);
            }
        }

        @Override
        public void hashEnd() throws IOException {
            HashValue h = hash;
            hash = null;
            end(h);
        }

        @Override
        public void zsetBegin(KeyMeta meta, byte[] key, long size) {
            begin(meta, key);
            int n = (int) Math.min(size, 1 << 20);
            zMembers = new ArrayList<>(n);
            zScores = new double[Math.max(n, 1)];
        }

        @Override
        public void zsetMember(byte[] member, double score) {
            int i = zMembers.size();
            if (i == zScores.length) {
                zScores = Arrays.copyOf(zScores, i * 2);
            }
            zMembers.add(member);
            zScores[i] = score;
        }

        @Override
        public void zsetEnd() throws IOException {
            long longest = 0;
            for (byte[] m : zMembers) {
                longest = Math.max(longest, m.length);
            }
            ZSet z = ZSet.create(zMembers.size(), longest, limits);
            for (int i = 0; i < zMembers.size(); i++) {
                byte[] m = zMembers.get(i);
                if (!Double.isNaN(z.score(m))) {
                    throw new RdbFormatException("Duplicate zset fields detected");
                }
                z.insert(m, zScores[i], limits);
            }
            zMembers = null;
            zScores = null;
            end(z);
        }

        @Override
        public void streamBegin(KeyMeta meta, byte[] key) {
            begin(meta, key);
            stream = new Stream();
        }

        @Override
        public void streamEntry(long ms, long seq, byte[][] fieldsAndValues) {
            stream.append(new StreamId(ms, seq), fieldsAndValues, 0, fieldsAndValues.length / 2,
                    limits.streamNodeMaxBytes, limits.streamNodeMaxEntries);
        }

        @Override
        public void streamEnd(StreamMeta m) throws IOException {
            Stream s = stream;
            stream = null;
            s.setIds(id(m.lastId()), m.entriesAdded(), id(m.maxDeletedId()));
            for (StreamMeta.Group g : m.groups()) {
                ConsumerGroup group = s.createGroup(g.name(), id(g.lastId()), g.entriesRead());
                if (group == null) {
                    throw new RdbFormatException("Duplicated consumer group name");
                }
                Map<String, Consumer> byName = new HashMap<>();
                for (StreamMeta.Consumer c : g.consumers()) {
                    Consumer co = group.createConsumer(c.name(), c.seenTimeMs());
                    if (co == null) {
                        throw new RdbFormatException("Duplicated consumer name");
                    }
                    co.active(c.activeTimeMs());
                    byName.put(new String(c.name(), java.nio.charset.StandardCharsets.ISO_8859_1), co);
                }
                for (StreamMeta.PendingEntry p : g.pending()) {
                    StreamId id = id(p.id());
                    Consumer owner = p.consumer() == null ? null
                            : byName.get(new String(p.consumer(), java.nio.charset.StandardCharsets.ISO_8859_1));
                    Nack nack = owner != null ? group.deliver(id, owner, p.deliveryTimeMs())
                            : group.createUnowned(id, p.deliveryTimeMs());
                    nack.deliveryTime(p.deliveryTimeMs());
                    nack.deliveryCount(p.deliveryCount());
                }
            }
            end(s);
        }
    }
}
