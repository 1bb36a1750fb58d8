package io.jvalkey.server.keyspace;

/**
 * A stored value whose items can expire on their own (hash fields with a TTL). The shard keeps
 * the keys of such values in a {@link VolatileKeys} registry so their items expire actively,
 * without scanning the whole keyspace.
 */
public interface VolatileItems {
    /** True while at least one item has a deadline. */
    boolean hasVolatileItems();
}
