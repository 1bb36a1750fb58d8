package io.jvalkey.persistence.rdb;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A whole dataset in plain Java collections (bytes as ISO-8859-1 strings, so every byte
 * survives): what a file holds, what a server returns, what a writer is fed. {@link #comparable}
 * leaves out what differs legitimately (stream delivery/seen times).
 */
final class Model {
    /** db -> key -> value (String, List, Set, Map<String,String> hash, Map<String,Double> zset, Stream). */
    final Map<Integer, Map<String, Object>> dbs = new TreeMap<>();
    final Map<Integer, Map<String, Long>> expires = new TreeMap<>();
    final Set<String> functions = new LinkedHashSet<>();
    final Map<String, String> aux = new LinkedHashMap<>();
    int version;

    record Entry(long ms, long seq, List<String> fieldsAndValues) {}

    record Stream(List<Entry> entries, StreamMeta meta) {}

    /** Hash value that keeps a per-field expiry (-1 none). */
    static final class Hash extends LinkedHashMap<String, String> {
        final Map<String, Long> fieldExpiry = new LinkedHashMap<>();
    }

    static final class ZSet extends LinkedHashMap<String, Double> {}

    Map<String, Object> db(int db) {
        return dbs.computeIfAbsent(db, d -> new LinkedHashMap<>());
    }

    void put(int db, String key, Object value, long expireAt) {
        db(db).put(key, value);
        if (expireAt != -1) {
            expires.computeIfAbsent(db, d -> new TreeMap<>()).put(key, expireAt);
        }
    }

    static String s(byte[] b) {
        return new String(b, ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /** Reads events into a model; refuses duplicates as a server would. */
    static class Recorder implements RdbVisitor {
        final Model m = new Model();
        private String key;
        private KeyMeta meta;
        private Object value;
        private List<Entry> entries;
        final List<KeyMeta> metas = new ArrayList<>();

        @Override
        public void version(int v) {
            m.version = v;
        }

        @Override
        public void aux(byte[] name, byte[] v) {
            m.aux.put(s(name), s(v));
        }

        @Override
        public void functionLibrary(byte[] code) {
            m.functions.add(s(code));
        }

        private void start(KeyMeta km, byte[] k, Object v) throws RdbFormatException {
            key = s(k);
            meta = km;
            value = v;
            metas.add(km);
            if (m.db(km.db()).containsKey(key)) {
                throw new RdbFormatException("duplicate key " + key);
            }
        }

        private void end() {
            m.put(meta.db(), key, value, meta.expireAtMs());
            value = null;
        }

        @Override
        public void string(KeyMeta km, byte[] k, byte[] v) throws RdbFormatException {
            start(km, k, s(v));
            end();
        }

        @Override
        public void listBegin(KeyMeta km, byte[] k, long size) throws RdbFormatException {
            start(km, k, new ArrayList<String>());
        }

        @SuppressWarnings("unchecked")
        @Override
        public void listItem(byte[] item) {
            ((List<String>) value).add(s(item));
        }

        @Override
        public void listEnd() {
            end();
        }

        @Override
        public void setBegin(KeyMeta km, byte[] k, long size) throws RdbFormatException {
            start(km, k, new LinkedHashSet<String>());
        }

        @SuppressWarnings("unchecked")
        @Override
        public void setMember(byte[] member) throws RdbFormatException {
            if (!((Set<String>) value).add(s(member))) {
                throw new RdbFormatException("Duplicate set members detected");
            }
        }

        @Override
        public void setEnd() {
            end();
        }

        @Override
        public void hashBegin(KeyMeta km, byte[] k, long size) throws RdbFormatException {
            start(km, k, new Hash());
        }

        @Override
        public void hashField(byte[] field, byte[] v, long expireAtMs) throws RdbFormatException {
            Hash h = (Hash) value;
            if (h.put(s(field), s(v)) != null) {
                throw new RdbFormatException("Duplicate hash fields detected");
            }
            if (expireAtMs != -1) {
                h.fieldExpiry.put(s(field), expireAtMs);
            }
        }

        @Override
        public void hashEnd() {
            end();
        }

        @Override
        public void zsetBegin(KeyMeta km, byte[] k, long size) throws RdbFormatException {
            start(km, k, new ZSet());
        }

        @Override
        public void zsetMember(byte[] member, double score) throws RdbFormatException {
            if (((ZSet) value).put(s(member), score) != null) {
                throw new RdbFormatException("Duplicate zset fields detected");
            }
        }

        @Override
        public void zsetEnd() {
            end();
        }

        @Override
        public void streamBegin(KeyMeta km, byte[] k) throws RdbFormatException {
            start(km, k, null);
            entries = new ArrayList<>();
        }

        @Override
        public void streamEntry(long ms, long seq, byte[][] fv) {
            List<String> l = new ArrayList<>(fv.length);
            for (byte[] b : fv) {
                l.add(s(b));
            }
            entries.add(new Entry(ms, seq, l));
        }

        @Override
        public void streamEnd(StreamMeta sm) {
            value = new Stream(entries, sm);
            end();
        }
    }

    static Model read(byte[] rdb) throws IOException {
        Recorder r = new Recorder();
        RdbReader.read(rdb, true, r);
        return r.m;
    }

    /** Feeds this model to a writer (AUTO encodings unless {@code enc} is given). */
    @SuppressWarnings("unchecked")
    void writeTo(RdbWriter w, RdbWriter.Encoding enc) throws IOException {
        for (String code : functions) {
            w.functionLibrary(b(code));
        }
        for (var db : dbs.entrySet()) {
            int id = db.getKey();
            w.selectDb(id);
            Map<String, Long> exp = expires.getOrDefault(id, Map.of());
            w.resizeDb(db.getValue().size(), exp.size());
            for (var e : db.getValue().entrySet()) {
                KeyMeta km = new KeyMeta(id, exp.getOrDefault(e.getKey(), -1L), -1, -1);
                writeValue(w, km, b(e.getKey()), e.getValue(), enc);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void writeValue(RdbWriter w, KeyMeta km, byte[] k, Object v, RdbWriter.Encoding enc) throws IOException {
        RdbWriter.Encoding e = enc == null ? RdbWriter.Encoding.AUTO : enc;
        if (v instanceof String str) {
            w.string(km, k, b(str));
        } else if (v instanceof List<?> list) {
            w.listBegin(km, k, list.size());
            for (Object item : list) {
                w.listItem(b((String) item));
            }
            w.listEnd();
        } else if (v instanceof Set<?> set) {
            w.setBegin(km, k, set.size(), e);
            for (Object item : set) {
                w.setMember(b((String) item));
            }
            w.setEnd();
        } else if (v instanceof Hash h) {
            w.hashBegin(km, k, h.size(), e);
            for (var f : h.entrySet()) {
                w.hashField(b(f.getKey()), b(f.getValue()), h.fieldExpiry.getOrDefault(f.getKey(), -1L));
            }
            w.hashEnd();
        } else if (v instanceof ZSet z) {
            w.zsetBegin(km, k, z.size(), e == RdbWriter.Encoding.HASHTABLE ? RdbWriter.Encoding.SKIPLIST : e);
            for (var f : z.entrySet()) {
                w.zsetMember(b(f.getKey()), f.getValue());
            }
            w.zsetEnd();
        } else if (v instanceof Stream st) {
            w.streamBegin(km, k);
            for (Entry en : st.entries()) {
                byte[][] fv = new byte[en.fieldsAndValues().size()][];
                for (int i = 0; i < fv.length; i++) {
                    fv[i] = b(en.fieldsAndValues().get(i));
                }
                w.streamEntry(en.ms(), en.seq(), fv);
            }
            w.streamEnd(st.meta());
        } else {
            throw new IllegalArgumentException("unknown value " + v);
        }
    }

    /** Everything that must survive a trip, in a form equals() compares by content. */
    Map<String, Object> comparable() {
        Map<String, Object> out = new TreeMap<>();
        for (var db : dbs.entrySet()) {
            for (var e : db.getValue().entrySet()) {
                Long exp = expires.getOrDefault(db.getKey(), Map.of()).get(e.getKey());
                out.put(db.getKey() + ":" + e.getKey(), List.of(comparableValue(e.getValue()), exp == null ? -1L : exp));
            }
        }
        out.put("functions", new TreeMap<>(Map.of("all", new java.util.TreeSet<>(functions))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object comparableValue(Object v) {
        if (v instanceof Set<?> set) {
            return new java.util.TreeSet<>((Set<String>) set);
        } else if (v instanceof Map<?, ?> map) {
            return new TreeMap<>(map);
        } else if (v instanceof Stream st) {
            StreamMeta sm = st.meta();
            Map<String, Object> groups = new TreeMap<>();
            for (StreamMeta.Group g : sm.groups()) {
                Map<String, Object> pel = new TreeMap<>();
                for (StreamMeta.PendingEntry p : g.pending()) {
                    pel.put(p.id().toString(), (p.consumer() == null ? "?" : s(p.consumer())) + "/" + p.deliveryCount());
                }
                Map<String, Object> consumers = new TreeMap<>();
                for (StreamMeta.Consumer c : g.consumers()) {
                    consumers.put(s(c.name()), c.pending().stream().map(StreamId::toString).toList());
                }
                groups.put(s(g.name()), List.of(g.lastId().toString(), g.entriesRead(), pel, consumers));
            }
            List<String> entries = st.entries().stream()
                    .map(en -> en.ms() + "-" + en.seq() + " " + en.fieldsAndValues()).toList();
            return List.of(entries, sm.length(), sm.lastId().toString(), sm.firstId().toString(),
                    sm.maxDeletedId().toString(), sm.entriesAdded(), groups);
        }
        return v;
    }
}
