package io.jvalkey.server.persistence;

import io.jvalkey.persistence.Crc64;
import io.jvalkey.persistence.rdb.RdbWriter;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.SlotTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One RDB snapshot: the keyspace as it was at the instant {@link #start} ran (with every shard
 * held), written to a temp file that is fsynced and renamed over the target. Each shard's
 * {@link ShardPart} serializes that shard's slot tables into byte chunks; a writer thread (never
 * an event loop) concatenates them database by database, computes the CRC64, and does the file
 * work. See package-info for how writes during the snapshot are kept out of it.
 */
final class Snapshot {
    /** Header, aux fields and SELECTDB/RESIZEDB records are written through this small writer. */
    record Header(String version, long ctimeSeconds, long usedMemory, boolean aofBase) {}

    final Keyspace keyspace;
    final int databases;
    final RdbWriter.Options options;
    final ShardPart[] parts;
    final long[] keys;
    final long[] expires;
    final long startMillis = System.currentTimeMillis();
    private final Header header;
    private final Path target;
    private final Path temp;
    /** rdb-key-save-delay (microseconds per key; applied by the writer thread, never a shard). */
    final int keySaveDelayMicros;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile boolean aborted;
    private volatile Thread writer;

    /** Captures the keyspace; call with every shard held (the barrier). */
    Snapshot(Keyspace keyspace, RdbWriter.Options options, Header header, Path target, int keySaveDelayMicros) {
        this.keyspace = keyspace;
        this.databases = keyspace.databases();
        this.options = options;
        this.header = header;
        this.target = target;
        this.temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + ".rdb");
        this.keySaveDelayMicros = keySaveDelayMicros;
        this.keys = new long[databases];
        this.expires = new long[databases];
        for (int d = 0; d < databases; d++) {
            keys[d] = keyspace.keys(d);
            expires[d] = keys[d] == 0 ? 0 : keyspace.volatileKeys(d);
        }
        Shard[] shards = keyspace.shards();
        parts = new ShardPart[shards.length];
        for (int i = 0; i < shards.length; i++) {
            parts[i] = new ShardPart(this, shards[i]);
        }
    }

    /** Installs the hooks and starts the writer thread; call with every shard held. */
    void start() {
        for (ShardPart p : parts) {
            p.attach();
        }
        Thread t = Thread.ofPlatform().name("jvalkey-rdb-writer").daemon(true).unstarted(this::writeFile);
        writer = t;
        t.start();
    }

    /** Background mode: each shard walks its own part on its own thread, between commands. */
    void walkInBackground() {
        for (ShardPart p : parts) {
            p.schedule();
        }
    }

    /**
     * Foreground mode (SAVE, SHUTDOWN, DEBUG RELOAD): the caller, holding every shard, serializes
     * everything itself, database by database, and waits for the file to be complete.
     */
    void walkHereAndWait() {
        for (int d = 0; d < databases && !aborted; d++) {
            for (ShardPart p : parts) {
                p.walkThrough(d);
            }
        }
        for (ShardPart p : parts) {
            p.detach();
        }
        done.exceptionally(e -> null).join();
    }

    /** Stops the snapshot: hooks become no-ops, the writer deletes the temp file. */
    void abort() {
        aborted = true;
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Called by a part after it published a chunk or finished a database. */
    void wakeWriter() {
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- the writer thread ---------------------------------------------------------------------

    private void writeFile() {
        try {
            Files.deleteIfExists(temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                CrcStream out = new CrcStream(Channels.newOutputStream(ch));
                ByteArrayOutputStream small = new ByteArrayOutputStream();
                RdbWriter records = RdbWriter.file(small, options);
                records.standardAux(header.version(), header.ctimeSeconds(), header.usedMemory(), header.aofBase());
                records.flush();
                out.write(small.toByteArray());
                for (int d = 0; d < databases; d++) {
                    if (keys[d] > 0) {
                        small.reset();
                        records.selectDb(d);
                        records.resizeDb(keys[d], expires[d]);
                        records.flush();
                        out.write(small.toByteArray());
                    }
                    drainDb(d, out);
                }
                out.write(new byte[] {(byte) 0xFF});
                long crc = options.checksum() ? out.crc : 0;
                byte[] tail = new byte[8];
                for (int i = 0; i < 8; i++) {
                    tail[i] = (byte) (crc >>> (8 * i));
                }
                out.write(tail);
                out.flush();
                ch.force(true);
            }
            if (aborted) {
                throw new IOException("aborted");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.toAbsolutePath().getParent());
            done.complete(null);
        } catch (Throwable e) {
            aborted = true;
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do: the error below is what matters
            }
            done.completeExceptionally(e);
        }
    }

    /** Writes every chunk of database {@code d} from every part, until all parts are past it. */
    private void drainDb(int d, CrcStream out) throws IOException {
        while (true) {
            if (aborted) {
                throw new IOException("aborted");
            }
            boolean allPast = true;
            boolean wrote = false;
            for (ShardPart p : parts) {
                boolean past = p.doneDbs() > d; // read before draining: nothing follows once past
                ShardPart.Chunk c;
                while ((c = p.poll(d)) != null) {
                    if (keySaveDelayMicros > 0 && c.keys() > 0) {
                        LockSupport.parkNanos(keySaveDelayMicros * 1000L * c.keys());
                    }
                    for (byte[] piece : c.pieces()) {
                        out.write(piece);
                    }
                    wrote = true;
                }
                if (!past) {
                    allPast = false;
                }
            }
            if (allPast) {
                return;
            }
            if (!wrote) {
                LockSupport.parkNanos(200_000);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some platforms cannot fsync a directory; the rename itself is atomic
        }
    }

    /** Buffered output with a running CRC64 of every byte. */
    private static final class CrcStream {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 20];
        private int pos;
        long crc;

        CrcStream(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b) throws IOException {
            crc = Crc64.update(crc, b, 0, b.length);
            if (b.length > buf.length - pos) {
                flushBuffer();
                if (b.length >= buf.length) {
                    out.write(b);
                    return;
                }
            }
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        private void flushBuffer() throws IOException {
            if (pos > 0) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }

        void flush() throws IOException {
            flushBuffer();
            out.flush();
        }
    }
}
