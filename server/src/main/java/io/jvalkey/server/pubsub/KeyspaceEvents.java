package io.jvalkey.server.pubsub;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Keyspace notifications: turns "event E happened to key K in db D" into messages on
 * __keyspace@D__:K and __keyevent@D__:E, for the classes notify-keyspace-events enables.
 */
public final class KeyspaceEvents {
    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(US_ASCII);

    private final PubSub pubSub;
    private volatile int flags;

    public KeyspaceEvents(PubSub pubSub) {
        this.pubSub = pubSub;
    }

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
        int f = flags;
        if ((f & type) == 0 || (f & (Notify.KEYSPACE | Notify.KEYEVENT)) == 0 || !pubSub.anyListener()) {
            return;
        }
        byte[] name = event.getBytes(US_ASCII);
        byte[] dbDigits = Integer.toString(db).getBytes(US_ASCII);
        if ((f & Notify.KEYSPACE) != 0) {
            pubSub.publish(channel(KEYSPACE_PREFIX, dbDigits, key), name, false);
        }
        if ((f & Notify.KEYEVENT) != 0) {
            pubSub.publish(channel(KEYEVENT_PREFIX, dbDigits, name), key, false);
        }
    }

    /** prefix + db + "__:" + suffix */
    private static byte[] channel(byte[] prefix, byte[] db, byte[] suffix) {
        byte[] c = new byte[prefix.length + db.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, c, 0, prefix.length);
        int at = prefix.length;
        System.arraycopy(db, 0, c, at, db.length);
        at += db.length;
        c[at++] = '_';
        c[at++] = '_';
        c[at++] = ':';
        System.arraycopy(suffix, 0, c, at, suffix.length);
        return c;
    }
}
