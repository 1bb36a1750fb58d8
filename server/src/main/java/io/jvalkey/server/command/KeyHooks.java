package io.jvalkey.server.command;

import io.jvalkey.server.Server;
import io.jvalkey.server.net.Client;

/**
 * What must happen when a command changes a key, whatever the command: WATCHers of the key see
 * their transaction fail, clients tracking it get an invalidation, clients blocked on it may be
 * served. Commands call these through {@link CommandContext}, as Valkey's commands call
 * signalModifiedKey and signalKeyAsReady.
 */
public final class KeyHooks {
    private final Server server;

    public KeyHooks(Server server) {
        this.server = server;
    }

    /** A key's value changed (or it was deleted): invalidates WATCH and client-side caches. */
    public void modified(int db, byte[] key) {
        modified(null, db, key);
    }

    /**
     * The same, knowing which client's command changed it ({@code by}, null for expiry and
     * eviction): a client tracking with NOLOOP is not told about its own changes.
     */
    public void modified(Client by, int db, byte[] key) {
        server.keyspace().db(db).touchWatched(key);
        server.tracking().invalidate(by, key);
    }

    /** FLUSHDB (one db) or FLUSHALL (db -1): every client-side cache is told to drop everything. */
    public void flushed(int db) {
        server.tracking().invalidateAll();
    }

    /** A key may now be able to serve clients blocked on it (a push, XADD, a new group ...). */
    public void ready(int db, byte[] key) {
        server.keyspace().shardOf(key).blocked().signal(db, key);
    }
}
