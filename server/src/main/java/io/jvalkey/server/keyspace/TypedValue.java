package io.jvalkey.server.keyspace;

/**
 * A stored value other than a string (strings are plain {@code byte[]}). Each data type's
 * representation implements this, so generic commands (TYPE, SCAN TYPE, OBJECT ENCODING, COPY)
 * work on every type without knowing them.
 */
public interface TypedValue {
    /** The data type, as TYPE reports it. */
    ValueType type();

    /** Valkey's name for the current representation ("listpack", "hashtable", "quicklist" ...). */
    String encoding();

    /** An independent deep copy (COPY must not let two keys share a mutable value). */
    TypedValue copy();
}
