package io.jvalkey.server.aof;

import io.jvalkey.server.Server;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a point-in-time image of the whole dataset as an AOF base file: an RDB through the
 * fork-less snapshot engine ({@link RdbImage}, {@code aof-use-rdb-preamble yes}) or commands
 * ({@link CommandImage}, {@code no}).
 */
public interface BaseImage {
    /**
     * Called with every shard held, at the instant the image must show: starts writing it to
     * {@code file}. The rest happens while the server keeps serving; never wait on the result
     * while still holding the shards.
     *
     * @return what to wait on, or null if it cannot start now (a BGSAVE holds the snapshot engine)
     */
    Pending start(Server server, Path file);

    /** True if the files it writes are RDB ({@code .base.rdb}), false for commands ({@code .base.aof}). */
    boolean rdb();

    /** A started image. */
    interface Pending {
        /** Waits until the file is complete and fsynced. */
        void await() throws IOException;
    }
}
