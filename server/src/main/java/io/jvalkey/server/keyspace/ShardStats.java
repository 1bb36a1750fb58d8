package io.jvalkey.server.keyspace;

/**
 * Counters one shard's thread updates without synchronisation; INFO sums them across shards
 * with racy reads, which is fine for statistics (a long field is never torn on 64-bit JVMs).
 */
public final class ShardStats {
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long expiredStaleSamples;
    public long evictedKeys;
    public long expireCycleCpuMillis;

    public void reset() {
        keyspaceHits = 0;
        keyspaceMisses = 0;
        expiredKeys = 0;
        expiredStaleSamples = 0;
        evictedKeys = 0;
        expireCycleCpuMillis = 0;
    }
}
