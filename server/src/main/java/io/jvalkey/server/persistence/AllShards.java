package io.jvalkey.server.persistence;

import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.Shard;
import java.util.concurrent.CompletableFuture;

/** Runs work with every shard held from outside a command (cron, signal handler). */
final class AllShards {
    private AllShards() {}

    /** Runs {@code op} on shard 0's thread with the others parked; completes when it ran. */
    static CompletableFuture<Void> run(Server server, Runnable op) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Shard[] all = server.keyspace().shards();
        Shard home = all[0];
        Shard[] others = new Shard[all.length - 1];
        System.arraycopy(all, 1, others, 0, others.length);
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                boolean ran;
                try {
                    ran = server.keyspace().barrier().tryRun(others, op);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                    return;
                }
                if (ran) {
                    done.complete(null);
                } else {
                    Runnable self = this;
                    server.keyspace().barrier().awaitTurn(() -> home.owner().execute(self));
                }
            }
        };
        home.owner().execute(attempt);
        return done;
    }
}
