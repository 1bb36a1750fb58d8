package io.jvalkey.server.pubsub;

/**
 * Keyspace notification classes, the bits of notify-keyspace-events (same letters as Valkey).
 * Commands pass one class with each event they raise.
 */
public final class Notify {
    private Notify() {}

    public static final int KEYSPACE = 1;        // K: __keyspace@<db>__:<key> channel
    public static final int KEYEVENT = 1 << 1;   // E: __keyevent@<db>__:<event> channel
    public static final int GENERIC = 1 << 2;    // g: del, expire, rename ...
    public static final int STRING = 1 << 3;     // $
    public static final int LIST = 1 << 4;       // l
    public static final int SET = 1 << 5;        // s
    public static final int HASH = 1 << 6;       // h
    public static final int ZSET = 1 << 7;       // z
    public static final int EXPIRED = 1 << 8;    // x
    public static final int EVICTED = 1 << 9;    // e
    public static final int STREAM = 1 << 10;    // t
    public static final int KEY_MISS = 1 << 11;  // m (not part of A)
    public static final int LOADED = 1 << 12;    // module-only
    public static final int MODULE = 1 << 13;    // d
    public static final int NEW = 1 << 14;       // n (not part of A)

    /** The classes 'A' stands for. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** The bits of a notify-keyspace-events value (already validated by the config type). */
    public static int parse(String flags) {
        int bits = 0;
        for (int i = 0; i < flags.length(); i++) {
            bits |= switch (flags.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> 0;
            };
        }
        return bits;
    }
}
