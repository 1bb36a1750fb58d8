package io.jvalkey.server.aof;

import io.jvalkey.persistence.aof.RespCommand;
import io.jvalkey.server.util.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.DirectBuffer;

/**
 * Appends the propagation stream to the current incremental AOF file. Runs only on the stream's
 * drain thread: it adds SELECT when the database changes and {@code #TS:} annotations when
 * {@code aof-timestamp-enabled} is on, writes each batch out, and fsyncs per {@code appendfsync}
 * (after every batch for {@code always}: group commit; once a second for {@code everysec}).
 */
final class AofWriter implements io.jvalkey.server.propagation.StreamSubscriber {
    enum Fsync { ALWAYS, EVERYSEC, NO }

    private final Log log;
    private final AofState state;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(1 << 20);
    private FileChannel file;
    private int selectedDb = -1;
    private long lastTimestamp;
    private boolean unsynced;
    private long lastFsyncNanos = System.nanoTime();
    volatile Fsync fsync = Fsync.EVERYSEC;
    volatile boolean timestamps;

    AofWriter(Log log, AofState state) {
        this.log = log;
        this.state = state;
    }

    /** Opens {@code path} for appending (creating it); the next record starts with SELECT. Drain thread or before subscribing. */
    void open(Path path) throws IOException {
        closeFile();
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        selectedDb = -1;
        lastTimestamp = 0;
        state.incrSize = file.size();
    }

    /** Writes out, fsyncs and closes the current file (the incr file is switched, or AOF is off). */
    void closeFile() {
        if (file == null) {
            return;
        }
        try {
            flushStaging();
            file.force(false);
            file.close();
        } catch (IOException e) {
            log.warning("Error closing the append only file: " + e.getMessage());
        }
        file = null;
    }

    @Override
    public void record(int db, DirectBuffer buffer, int offset, int length) {
        if (file == null) {
            return;
        }
        if (timestamps) {
            long now = System.currentTimeMillis() / 1000;
            if (now > lastTimestamp) {
                lastTimestamp = now;
                put(RespCommand.timestampAnnotation(now));
            }
        }
        if (db >= 0 && db != selectedDb) {
            put(RespCommand.encode(new byte[][] {"SELECT".getBytes(), Integer.toString(db).getBytes()}));
            selectedDb = db;
        }
        if (length > staging.remaining()) {
            flushStaging();
        }
        if (length > staging.capacity()) {
            byte[] big = new byte[length];
            buffer.getBytes(offset, big);
            writeFully(ByteBuffer.wrap(big));
            return;
        }
        buffer.getBytes(offset, staging, staging.position(), length);
        staging.position(staging.position() + length);
    }

    private void put(byte[] bytes) {
        if (bytes.length > staging.remaining()) {
            flushStaging();
        }
        staging.put(bytes);
    }

    @Override
    public void endOfBatch() {
        if (file == null) {
            return;
        }
        flushStaging();
        if (fsync == Fsync.ALWAYS && unsynced) {
            force();
        }
    }

    @Override
    public void tick() {
        if (file != null && fsync == Fsync.EVERYSEC && unsynced
                && System.nanoTime() - lastFsyncNanos >= 1_000_000_000L) {
            force();
        }
    }

    /** Writes everything out and fsyncs now (shutdown, rewrite). */
    void sync() {
        if (file != null) {
            flushStaging();
            force();
        }
    }

    private void force() {
        try {
            file.force(false);
            unsynced = false;
            lastFsyncNanos = System.nanoTime();
        } catch (IOException e) {
            state.lastWriteOk = false;
            log.warning("Can't fsync the append only file: " + e.getMessage());
        }
    }

    private void flushStaging() {
        if (staging.position() == 0 || file == null) {
            staging.clear();
            return;
        }
        staging.flip();
        writeFully(staging);
        staging.clear();
    }

    private void writeFully(ByteBuffer b) {
        try {
            int n = b.remaining();
            while (b.hasRemaining()) {
                file.write(b);
            }
            state.incrSize += n;
            unsynced = true;
            state.lastWriteOk = true;
        } catch (IOException e) {
            state.lastWriteOk = false;
            log.warning("Error writing to the AOF file: " + e.getMessage());
        }
    }
}
