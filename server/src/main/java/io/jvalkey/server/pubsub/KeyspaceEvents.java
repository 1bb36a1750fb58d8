package io.jvalkey.server.pubsub;

/**
 * Keyspace notifications: turns "event E happened to key K in db D" into messages on
 * __keyspace@D__:K and __keyevent@D__:E, for the classes notify-keyspace-events enables.
 */
public final class KeyspaceEvents {
    private volatile int flags;

    /** Applies a notify-keyspace-events value. */
    public void configure(String value) {
        flags = Notify.parse(value);
    }

    /** True if events of this class are published at all (cheap check before building names). */
    public boolean enabled(int type) {
        int f = flags;
        return (f & type) != 0 && (f & (Notify.KEYSPACE | Notify.KEYEVENT)) != 0;
    }

    /** Raises an event; a no-op unless its class is enabled. Callable from any shard thread. */
    public void notify(int type, String event, byte[] key, int db) {
        if (!enabled(type)) {
            return;
        }
        // Delivery to subscribers comes with the pub/sub registry.
    }
}
