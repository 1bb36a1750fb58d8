package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.stream.FieldSink;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** What the stream commands share: the type check and writing entries into a reply. */
final class Streams {
    private Streams() {}

    /** The stream held by an entry, null for none, WRONGTYPE for another type. */
    static Stream of(Entry e) {
        if (e == null) {
            return null;
        }
        if (e.value() instanceof Stream s) {
            return s;
        }
        throw CommandError.WRONGTYPE;
    }

    /** Key or group names inside error texts, as Valkey prints them with %s. */
    static String text(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** Writes IDs and entries without allocating per field. */
    static final class Writer implements FieldSink {
        private final Reply r;
        private final byte[] idBuf = new byte[48];

        Writer(Reply r) {
            this.r = r;
        }

        void id(long ms, long seq) {
            int n = StreamId.format(ms, seq, idBuf);
            r.bulk(idBuf, 0, n);
        }

        void id(StreamId id) {
            id(id.ms(), id.seq());
        }

        /** [id, [field, value, ...]] for the cursor's current entry. */
        void entry(Stream.Cursor cur) {
            r.array(2);
            id(cur.ms(), cur.seq());
            r.array(2 * cur.fieldCount());
            cur.fields(this);
        }

        @Override
        public void accept(byte[] b, int off, int len) {
            r.bulk(b, off, len);
        }

        /** An array of the entries in [start, end] (at most count, 0: all); returns how many. */
        int range(Stream s, StreamId start, StreamId end, long count, boolean reverse) {
            int n = count(s, start, end, count, reverse);
            r.array(n);
            Stream.Cursor cur = s.cursor(start, end, reverse);
            for (int i = 0; i < n && cur.next(); i++) {
                entry(cur);
            }
            return n;
        }

        /** Writes the one entry with this ID if it exists; false otherwise (nothing written). */
        boolean single(Stream s, StreamId id) {
            Stream.Cursor cur = s.cursor(id, id, false);
            if (!cur.next()) {
                return false;
            }
            entry(cur);
            return true;
        }
    }

    /** How many entries a range would give (at most count, 0: no limit). */
    static int count(Stream s, StreamId start, StreamId end, long count, boolean reverse) {
        Stream.Cursor cur = s.cursor(start, end, reverse);
        int n = 0;
        while ((count == 0 || n < count) && n < Integer.MAX_VALUE && cur.next()) {
            n++;
        }
        return n;
    }

    /**
     * A reply whose length is known only after its items are written (Valkey's deferred length):
     * items go to a side buffer, then the header and the items to the real one.
     */
    static final class Deferred {
        private final Reply r;
        private final ByteBuf main;
        private ByteBuf items;

        Deferred(Reply r) {
            this.r = r;
            this.main = r.buffer();
            this.items = main.alloc().heapBuffer(256);
            r.buffer(items);
        }

        void finishArray(int n) {
            finish(n, false);
        }

        void finishMap(int n) {
            finish(n, true);
        }

        /** Writes {@code prefix} to the real buffer, then the array header and the items. */
        void finishArrayAfter(int n, Runnable prefix) {
            r.buffer(main);
            prefix.run();
            finish(n, false);
        }

        private void finish(int n, boolean map) {
            r.buffer(main);
            if (map) {
                r.map(n);
            } else {
                r.array(n);
            }
            main.writeBytes(items);
            release();
        }

        /** Drops what was written and goes back to the real buffer. */
        void abandon() {
            if (items != null) {
                r.buffer(main);
                release();
            }
        }

        private void release() {
            items.release();
            items = null;
        }
    }
}
