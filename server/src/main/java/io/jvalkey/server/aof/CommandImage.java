package io.jvalkey.server.aof;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.persistence.aof.RespCommand;
import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.types.hash.HashValue;
import io.jvalkey.server.types.list.ListValue;
import io.jvalkey.server.types.set.SetValue;
import io.jvalkey.server.types.stream.Consumer;
import io.jvalkey.server.types.stream.ConsumerGroup;
import io.jvalkey.server.types.stream.Nack;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;
import io.jvalkey.server.types.zset.ZSet;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;

/**
 * The dataset as commands, as Valkey writes an AOF base without RDB preamble: per database a
 * SELECT, then per key the commands that rebuild it (collections in batches of 64 items) and a
 * PEXPIREAT for its TTL. A stand-in for the snapshot engine: the image is built in memory while
 * every shard is held, which stalls the server for the time it takes and needs the memory of a
 * copy, so it suits small datasets only.
 */
public final class CommandImage implements BaseImage {
    private static final int ITEMS_PER_COMMAND = 64;

    @Override
    public boolean rdb() {
        return false;
    }

    @Override
    public Pending start(Server server, Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        for (int d = 0; d < server.keyspace().databases(); d++) {
            Db db = server.keyspace().db(d);
            if (db.size() == 0) {
                continue;
            }
            emit(out, b("SELECT"), num(d));
            db.forEach(e -> key(out, e));
        }
        byte[] image = out.toByteArray();
        return () -> {
            try (FileOutputStream f = new FileOutputStream(file.toFile())) {
                f.write(image);
                f.getFD().sync();
            }
        };
    }

    private static void key(ByteArrayOutputStream out, Entry e) {
        byte[] key = e.key();
        Object v = e.value();
        if (v instanceof byte[] s) {
            emit(out, b("SET"), key, s);
        } else if (v instanceof ListValue l) {
            Batch batch = new Batch(out, b("RPUSH"), key);
            ListValue.Cursor cur = l.cursor(0);
            for (long i = 0; i < l.size(); i++) {
                batch.add(cur.next());
            }
            batch.done();
        } else if (v instanceof SetValue set) {
            Batch batch = new Batch(out, b("SADD"), key);
            set.forEach(batch::add);
            batch.done();
        } else if (v instanceof ZSet z) {
            Batch batch = new Batch(out, b("ZADD"), key);
            z.forEach((member, score) -> batch.add(score(score), member));
            batch.done();
        } else if (v instanceof HashValue h) {
            hash(out, key, h);
        } else if (v instanceof Stream s) {
            stream(out, key, s);
        } else {
            throw new IllegalStateException("cannot write a value of " + v.getClass().getSimpleName() + " to an AOF");
        }
        if (e.expireAt() >= 0) {
            emit(out, b("PEXPIREAT"), key, num(e.expireAt()));
        }
    }

    private static void hash(ByteArrayOutputStream out, byte[] key, HashValue h) {
        Batch batch = new Batch(out, b("HSET"), key);
        ArrayList<byte[][]> ttls = new ArrayList<>();
        long now = io.jvalkey.server.keyspace.Clock.nowMillis();
        java.util.function.IntConsumer field = i -> {
            long at = h.expireAtIndex(i);
            if (at >= 0 && at < now) {
                return; // logically gone already
            }
            batch.add(h.fieldAt(i), h.valueAt(i));
            if (at >= 0) {
                ttls.add(new byte[][] {b("HPEXPIREAT"), key, num(at), b("FIELDS"), num(1), h.fieldAt(i)});
            }
        };
        if (h.isListpack()) {
            for (int i = 0; i < h.size(); i++) {
                field.accept(i);
            }
        } else {
            long cursor = 0;
            do {
                cursor = h.scan(cursor, 128, field);
            } while (cursor != 0);
        }
        batch.done();
        for (byte[][] t : ttls) {
            emit(out, t);
        }
    }

    private static void stream(ByteArrayOutputStream out, byte[] key, Stream s) {
        Stream.Cursor cur = s.cursor(StreamId.MIN, StreamId.MAX, false);
        boolean any = false;
        while (cur.next()) {
            any = true;
            ArrayList<byte[]> argv = new ArrayList<>();
            argv.add(b("XADD"));
            argv.add(key);
            argv.add(cur.id().bytes());
            cur.fields((bytes, off, len) -> {
                byte[] copy = new byte[len];
                System.arraycopy(bytes, off, copy, 0, len);
                argv.add(copy);
            });
            emit(out, argv.toArray(new byte[0][]));
        }
        if (!any) {
            // An empty stream still exists: create it with one entry trimmed away at once, as Valkey does.
            StreamId id = s.lastId().isZero() ? new StreamId(0, 1) : s.lastId();
            emit(out, b("XADD"), key, b("MAXLEN"), b("0"), id.bytes(), b("x"), b("y"));
        }
        emit(out, b("XSETID"), key, s.lastId().bytes(), b("ENTRIESADDED"), num(s.entriesAdded()),
                b("MAXDELETEDID"), s.maxDeletedId().bytes());
        for (ConsumerGroup g : s.groups()) {
            emit(out, b("XGROUP"), b("CREATE"), key, g.name(), g.lastId().bytes(), b("ENTRIESREAD"),
                    num(g.entriesRead()));
            for (Consumer c : g.consumers()) {
                if (c.pending().isEmpty()) {
                    emit(out, b("XGROUP"), b("CREATECONSUMER"), key, g.name(), c.name());
                }
            }
            for (Map.Entry<StreamId, Nack> p : g.pending().entrySet()) {
                Nack n = p.getValue();
                byte[] owner = n.consumer() != null ? n.consumer().name() : new byte[0];
                emit(out, b("XCLAIM"), key, g.name(), owner, b("0"), p.getKey().bytes(), b("TIME"),
                        num(n.deliveryTime()), b("RETRYCOUNT"), num(n.deliveryCount()), b("JUSTID"), b("FORCE"));
            }
        }
    }

    /** Collects items into commands of at most 64 items (an item may be several arguments). */
    private static final class Batch {
        private final ByteArrayOutputStream out;
        private final byte[] verb;
        private final byte[] key;
        private final ArrayList<byte[]> args = new ArrayList<>();
        private int items;

        Batch(ByteArrayOutputStream out, byte[] verb, byte[] key) {
            this.out = out;
            this.verb = verb;
            this.key = key;
        }

        void add(byte[]... item) {
            for (byte[] a : item) {
                args.add(a);
            }
            if (++items == ITEMS_PER_COMMAND) {
                done();
            }
        }

        void done() {
            if (items == 0) {
                return;
            }
            byte[][] argv = new byte[2 + args.size()][];
            argv[0] = verb;
            argv[1] = key;
            for (int i = 0; i < args.size(); i++) {
                argv[2 + i] = args.get(i);
            }
            emit(out, argv);
            args.clear();
            items = 0;
        }
    }

    private static void emit(ByteArrayOutputStream out, byte[]... argv) {
        out.writeBytes(RespCommand.encode(argv));
    }

    /** A score as text strtod and our parser both read back exactly. */
    static byte[] score(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return b("inf");
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return b("-inf");
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return num((long) d);
        }
        return b(Double.toString(d));
    }

    private static byte[] num(long v) {
        return b(Long.toString(v));
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }
}
