package io.jvalkey.persistence.rdb;

import static io.jvalkey.persistence.rdb.Model.s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads a live server's whole dataset into a {@link Model} through ordinary commands. */
final class ServerModel {
    private ServerModel() {}

    static Model read(RedisProcess r, int databases) throws IOException {
        Model m = new Model();
        for (int db = 0; db < databases; db++) {
            r.ok("SELECT", db);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) r.ok("KEYS", "*");
            for (Object k : keys) {
                String key = s((byte[]) k);
                long exp = (Long) r.ok("PEXPIRETIME", key);
                m.put(db, key, value(r, key), exp < 0 ? -1 : exp);
            }
        }
        r.ok("SELECT", 0);
        for (Object lib : (List<?>) r.ok("FUNCTION", "LIST", "WITHCODE")) {
            Map<String, Object> fields = pairs((List<?>) lib);
            m.functions.add(s((byte[]) fields.get("library_code")));
        }
        return m;
    }

    static Object value(RedisProcess r, String key) throws IOException {
        String type = (String) r.ok("TYPE", key);
        switch (type) {
            case "string":
                return s((byte[]) r.ok("GET", key));
            case "list": {
                List<String> out = new ArrayList<>();
                for (Object o : (List<?>) r.ok("LRANGE", key, 0, -1)) {
                    out.add(s((byte[]) o));
                }
                return out;
            }
            case "set": {
                LinkedHashSet<String> out = new LinkedHashSet<>();
                for (Object o : (List<?>) r.ok("SMEMBERS", key)) {
                    out.add(s((byte[]) o));
                }
                return out;
            }
            case "hash": {
                Model.Hash h = new Model.Hash();
                List<?> l = (List<?>) r.ok("HGETALL", key);
                for (int i = 0; i < l.size(); i += 2) {
                    h.put(s((byte[]) l.get(i)), s((byte[]) l.get(i + 1)));
                }
                return h;
            }
            case "zset": {
                Model.ZSet z = new Model.ZSet();
                List<?> l = (List<?>) r.ok("ZRANGE", key, 0, -1, "WITHSCORES");
                for (int i = 0; i < l.size(); i += 2) {
                    String score = s((byte[]) l.get(i + 1));
                    z.put(s((byte[]) l.get(i)), score.equals("inf") ? Double.POSITIVE_INFINITY
                            : score.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(score));
                }
                return z;
            }
            case "stream":
                return stream(r, key);
            default:
                throw new IOException("type " + type);
        }
    }

    private static Model.Stream stream(RedisProcess r, String key) throws IOException {
        List<Model.Entry> entries = new ArrayList<>();
        for (Object o : (List<?>) r.ok("XRANGE", key, "-", "+")) {
            List<?> e = (List<?>) o;
            StreamId id = id(s((byte[]) e.get(0)));
            List<String> fv = new ArrayList<>();
            for (Object x : (List<?>) e.get(1)) {
                fv.add(s((byte[]) x));
            }
            entries.add(new Model.Entry(id.ms(), id.seq(), fv));
        }
        Map<String, Object> info = pairs((List<?>) r.ok("XINFO", "STREAM", key));
        List<StreamMeta.Group> groups = new ArrayList<>();
        for (Object g : (List<?>) r.ok("XINFO", "GROUPS", key)) {
            Map<String, Object> gi = pairs((List<?>) g);
            String name = s((byte[]) gi.get("name"));
            Object read = gi.get("entries-read");
            List<StreamMeta.PendingEntry> pel = new ArrayList<>();
            Map<String, List<StreamId>> owned = new HashMap<>();
            for (Object p : (List<?>) r.ok("XPENDING", key, name, "-", "+", 1_000_000)) {
                List<?> pe = (List<?>) p;
                StreamId id = id(s((byte[]) pe.get(0)));
                String consumer = s((byte[]) pe.get(1));
                pel.add(new StreamMeta.PendingEntry(id, 0, (Long) pe.get(3), Model.b(consumer)));
                owned.computeIfAbsent(consumer, c -> new ArrayList<>()).add(id);
            }
            List<StreamMeta.Consumer> consumers = new ArrayList<>();
            for (Object c : (List<?>) r.ok("XINFO", "CONSUMERS", key, name)) {
                String cname = s((byte[]) pairs((List<?>) c).get("name"));
                consumers.add(new StreamMeta.Consumer(Model.b(cname), 0, 0, owned.getOrDefault(cname, List.of())));
            }
            groups.add(new StreamMeta.Group(Model.b(name), id(s((byte[]) gi.get("last-delivered-id"))),
                    read == null ? -1 : (Long) read, pel, consumers));
        }
        StreamMeta meta = new StreamMeta((Long) info.get("length"), id(s((byte[]) info.get("last-generated-id"))),
                id(s((byte[]) info.get("recorded-first-entry-id"))), id(s((byte[]) info.get("max-deleted-entry-id"))),
                (Long) info.get("entries-added"), groups);
        return new Model.Stream(entries, meta);
    }

    static StreamId id(String s) {
        int dash = s.indexOf('-');
        return new StreamId(Long.parseUnsignedLong(s.substring(0, dash)), Long.parseUnsignedLong(s.substring(dash + 1)));
    }

    static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            Object k = flat.get(i);
            m.put(k instanceof byte[] b ? s(b) : k.toString(), flat.get(i + 1));
        }
        return m;
    }
}
