package io.jvalkey.server.commands.hashes;

import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.VolatileKeys;
import io.jvalkey.server.propagation.Verbs;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.hash.HashValue;

/**
 * Removal of expired hash fields: lazily when a command looks a hash up, and actively from each
 * shard's periodic task over the keys the shard registered as having fields with a TTL. Either
 * way it is announced as Valkey's active field expiry does: one "hexpired" per hash, and "del"
 * when the hash lost its last field.
 */
public final class FieldExpiry {
    private FieldExpiry() {}

    /** Fields reclaimed per hash per visit of the active cycle, as Valkey bounds its batches. */
    private static final int FIELDS_PER_VISIT = 1000;

    /**
     * Deletes up to {@code max} fields of the hash in {@code e} that expired before {@code now}.
     *
     * @return true if the hash became empty and its key was deleted
     */
    static boolean reclaim(Server server, Db db, Entry e, long now, int max) {
        HashValue h = (HashValue) e.value();
        db.modifying(e); // a snapshot running must write the hash as it was first
        long before = h.memoryUsage();
        java.util.List<byte[]> gone = server.propagation().active() ? new java.util.ArrayList<>() : null;
        int n = h.reclaimExpired(now, max, gone == null ? null : gone::add);
        if (n == 0) {
            return false;
        }
        if (gone != null) {
            // Replicas and the AOF do not expire fields themselves: they get the deletion.
            byte[][] argv = new byte[2 + gone.size()][];
            argv[0] = Verbs.HDEL;
            argv[1] = e.key();
            for (int i = 0; i < gone.size(); i++) {
                argv[2 + i] = gone.get(i);
            }
            server.propagation().record(db.index(), argv);
        }
        db.valueResized(e, h.memoryUsage() - before);
        byte[] key = e.key();
        server.stats().expiredFields.add(n);
        server.keyHooks().modified(db.index(), key);
        server.keyspaceEvents().notify(Notify.HASH, "hexpired", key, db.index());
        if (h.size() == 0) {
            db.delete(key);
            server.keyspaceEvents().notify(Notify.GENERIC, "del", key, db.index());
            return true;
        }
        return false;
    }

    /**
     * One active pass on a shard (on its own thread): visits registered keys round-robin until
     * each was seen once or the time budget is spent, reclaiming their expired fields.
     */
    public static void run(Server server, Shard shard, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        int databases = server.keyspace().databases();
        for (int d = 0; d < databases; d++) {
            VolatileKeys keys = shard.volatileKeys(d);
            if (keys == null || keys.size() == 0) {
                continue;
            }
            Db db = server.keyspace().db(d);
            long now = Clock.nowMillis();
            for (int visits = keys.size(); visits > 0 && keys.size() > 0; visits--) {
                byte[] key = keys.next();
                Entry e = db.peek(key);
                if (e == null || !(e.value() instanceof HashValue h) || !h.hasVolatileItems()) {
                    keys.forgetLast(); // deleted, overwritten, renamed away or persisted
                    continue;
                }
                if (reclaim(server, db, e, now, FIELDS_PER_VISIT)) {
                    keys.forgetLast();
                }
                if (System.nanoTime() > deadline) {
                    return;
                }
            }
        }
    }
}
