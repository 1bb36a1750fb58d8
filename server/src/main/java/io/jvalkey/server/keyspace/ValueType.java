package io.jvalkey.server.keyspace;

import java.util.Locale;

/**
 * The data types with the names TYPE and SCAN ... TYPE use. Strings are stored as {@code byte[]};
 * every other type's value implements {@link TypedValue} and names its type itself.
 */
public enum ValueType {
    STRING, LIST, SET, ZSET, HASH, STREAM;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name TYPE replies with. */
    public String wireName() {
        return wireName;
    }

    /** The type of a stored value. */
    public static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        if (value instanceof TypedValue t) {
            return t.type();
        }
        throw new IllegalStateException("not a stored value type: " + value.getClass().getName());
    }

    /** A type by its name, case-insensitively (SCAN's TYPE option), or null if there is none. */
    public static ValueType byName(String name) {
        for (ValueType t : values()) {
            if (t.wireName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
