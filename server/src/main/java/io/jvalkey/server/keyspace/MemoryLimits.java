package io.jvalkey.server.keyspace;

/**
 * The maxmemory settings, written by CONFIG SET on any thread and read by every shard.
 */
public final class MemoryLimits {
    /** maxmemory-policy values, named as in Valkey. */
    public enum Policy {
        NOEVICTION("noeviction", false, false),
        ALLKEYS_LRU("allkeys-lru", true, false),
        ALLKEYS_LFU("allkeys-lfu", true, false),
        ALLKEYS_RANDOM("allkeys-random", true, false),
        VOLATILE_LRU("volatile-lru", false, true),
        VOLATILE_LFU("volatile-lfu", false, true),
        VOLATILE_RANDOM("volatile-random", false, true),
        VOLATILE_TTL("volatile-ttl", false, true);

        public final String configName;
        public final boolean allKeys;
        public final boolean volatileOnly;

        Policy(String configName, boolean allKeys, boolean volatileOnly) {
            this.configName = configName;
            this.allKeys = allKeys;
            this.volatileOnly = volatileOnly;
        }

        public boolean lfu() {
            return this == ALLKEYS_LFU || this == VOLATILE_LFU;
        }

        public boolean random() {
            return this == ALLKEYS_RANDOM || this == VOLATILE_RANDOM;
        }

        public static Policy byName(String name) {
            for (Policy p : values()) {
                if (p.configName.equalsIgnoreCase(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    public volatile long maxmemory;
    public volatile Policy policy = Policy.NOEVICTION;
    public volatile int samples = 5;
    public volatile int lfuLogFactor = 10;
    public volatile int lfuDecayTime = 1;
    /** Fixed overhead reported on top of keys and values (clients, tables): Valkey's baseline. */
    public volatile long baseline = 900 * 1024;
}
