package io.jvalkey.server.net;

import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandContext.BlockRequest;
import io.jvalkey.server.keyspace.BlockedKeys;
import io.jvalkey.server.keyspace.BlockedKeys.DbKey;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.ValueType;
import java.util.ArrayDeque;

/**
 * Serving clients blocked on keys, Valkey 7's way: when a key they wait on is created, changes
 * type or (for XREADGROUP) disappears, their command simply runs again. Each shard serves its
 * own ready keys on its own thread after the command that made them ready, first blocked first.
 * A waiter whose command touches only that shard's keys re-runs right there, writing into its
 * connection's output buffer (which the connection lends while blocked); one whose keys span
 * shards is sent home to run again through the normal multi-shard path.
 */
final class Blocking {
    private Blocking() {}

    /** Registers a new waiter in the queues of the shards owning its keys (from the home thread). */
    static void register(Server server, Waiter w) {
        for (byte[] key : w.keys) {
            Shard s = Waiter.shardOf(server, key);
            Worker owner = server.worker(s.id());
            Runnable add = () -> {
                if (w.waiting()) {
                    s.blocked().add(w.db, key, w, w.unblockOnDeletedKey);
                    // Re-check after registering: the key may have become servable in between.
                    if (servable(server, s, w, key)) {
                        s.blocked().signal(w.db, key);
                        serveReady(server, owner);
                    }
                }
            };
            if (owner.inLoop()) {
                add.run();
            } else {
                owner.loop().execute(add);
            }
        }
        server.stats().blockedClients.incrementAndGet();
    }

    /** Removes a finished waiter from every shard queue it is in. */
    static void unregister(Server server, Waiter w) {
        for (byte[] key : w.keys) {
            Shard s = Waiter.shardOf(server, key);
            Worker owner = server.worker(s.id());
            if (owner.inLoop()) {
                s.blocked().remove(w.db, key, w, w.unblockOnDeletedKey);
            } else {
                owner.loop().execute(() -> s.blocked().remove(w.db, key, w, w.unblockOnDeletedKey));
            }
        }
        server.stats().blockedClients.decrementAndGet();
    }

    private static boolean servable(Server server, Shard s, Waiter w, byte[] key) {
        if (w.unblockOnDeletedKey) {
            return true;
        }
        Entry e = server.keyspace().db(w.db).peek(key);
        return e != null && ValueType.of(e.value()) == w.type;
    }

    /** After a command ran on this thread with every shard held: every shard serves its ready keys. */
    static void afterAllShards(Server server, Worker current) {
        for (Shard s : server.keyspace().shards()) {
            if (s.blocked().hasReady()) {
                Worker owner = server.worker(s.id());
                if (owner == current) {
                    serveReady(server, owner);
                } else {
                    owner.loop().execute(() -> serveReady(server, owner));
                }
            }
        }
    }

    /** Serves the clients blocked on this worker's ready keys; on the worker's own thread. */
    static void serveReady(Server server, Worker worker) {
        Shard shard = worker.shard();
        BlockedKeys blocked = shard.blocked();
        DbKey ready;
        while ((ready = blocked.pollReady()) != null) {
            ArrayDeque<Object> queue = blocked.waiters(ready);
            if (queue == null) {
                continue;
            }
            // Only those waiting now: one that blocks again must not be looped over forever.
            for (Object o : queue.toArray()) {
                Waiter w = (Waiter) o;
                if (w.state() == Waiter.DONE) {
                    blocked.remove(ready.db(), ready.key(), w, w.unblockOnDeletedKey);
                    continue;
                }
                if (w.waiting() && servable(server, shard, w, ready.key())) {
                    serve(server, worker, w);
                }
            }
        }
    }

    private static void serve(Server server, Worker worker, Waiter w) {
        if (w.servingShard != worker.shard()) {
            // Keys on several shards: the connection re-runs it through the barrier.
            if (w.claim(Waiter.WAITING, Waiter.DONE)) {
                unregister(server, w);
                w.connection.retryBlocked(w);
            }
            return;
        }
        if (!w.claim(Waiter.WAITING, Waiter.RUNNING)) {
            return;
        }
        Connection conn = w.connection;
        conn.client().reprocessing = true;
        try {
            // Through the connection, so pushes it raises (an invalidation of the key it moved to)
            // follow its reply into the lent buffer instead of overtaking it.
            conn.execute(worker, w.spec, w.argv);
        } finally {
            conn.client().reprocessing = false;
        }
        BlockRequest again = worker.context().takeBlock();
        if (again != null) {
            w.state(Waiter.WAITING); // nothing for it after all (another client was faster)
            return;
        }
        w.state(Waiter.DONE);
        unregister(server, w);
        conn.finishServed(w);
    }
}
