package io.jvalkey.server.aof;

import io.jvalkey.server.Server;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The base as an RDB file, written by the snapshot engine while the server keeps serving. */
final class RdbImage implements BaseImage {
    @Override
    public boolean rdb() {
        return true;
    }

    @Override
    public Pending start(Server server, Path file) {
        CompletableFuture<Void> done = server.persistence().startAofBase(file);
        if (done == null) {
            return null;
        }
        return () -> {
            try {
                done.join();
            } catch (CompletionException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
            }
        };
    }
}
