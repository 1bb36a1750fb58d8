package io.jvalkey.server.keyspace;

/**
 * What the keyspace itself tells the layers above it (keyspace notifications, client-side
 * caching, WATCH) about changes no command asked for, or that every command shares: a key
 * created, expired, evicted or missed by a read. Called on the thread touching the key, right
 * after the change.
 */
public interface KeyspaceListener {
    /** A key was added (Valkey's "new" event). */
    void created(int db, byte[] key);

    /** An expired key was deleted, by a lookup or by active expiry. */
    void expired(int db, byte[] key);

    /** maxmemory evicted a key. */
    void evicted(int db, byte[] key);

    /** A read lookup found no key ("keymiss"). */
    void missed(int db, byte[] key);

    KeyspaceListener NONE = new KeyspaceListener() {
        @Override
        public void created(int db, byte[] key) {}

        @Override
        public void expired(int db, byte[] key) {}

        @Override
        public void evicted(int db, byte[] key) {}

        @Override
        public void missed(int db, byte[] key) {}
    };
}
