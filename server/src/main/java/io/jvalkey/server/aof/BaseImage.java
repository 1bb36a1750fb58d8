package io.jvalkey.server.aof;

import io.jvalkey.server.Server;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a point-in-time image of the whole dataset as an AOF base file: the snapshot engine's
 * job (RDB preamble, {@code aof-use-rdb-preamble yes}), with {@link CommandImage} as the simple
 * stand-in that writes commands.
 */
public interface BaseImage {
    /**
     * Called with every shard held, at the instant the image must show. Captures what it needs
     * and returns the writer that produces the file, which runs afterwards on a background thread
     * while the server keeps serving.
     */
    Writer capture(Server server);

    /** True if the files it writes are RDB ({@code .base.rdb}), false for commands ({@code .base.aof}). */
    boolean rdb();

    /** The second half of a capture: writes the image to a file and fsyncs it. */
    interface Writer {
        void writeTo(Path file) throws IOException;
    }
}
