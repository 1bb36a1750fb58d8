package io.jvalkey.server.types;

/**
 * The thresholds at which collections switch from their compact encoding to the large one,
 * under Valkey's config names. Read on every write that grows a collection, so plain volatile
 * fields rather than config lookups.
 */
public final class EncodingLimits {
    /** list-max-listpack-size: positive = entries per node, negative -1..-5 = 4/8/16/32/64 KB. */
    public volatile int listMaxListpackSize = -2;
    public volatile int listCompressDepth = 0;
    public volatile long hashMaxListpackEntries = 512;
    public volatile long hashMaxListpackValue = 64;
    public volatile long setMaxIntsetEntries = 512;
    public volatile long setMaxListpackEntries = 128;
    public volatile long setMaxListpackValue = 64;
    public volatile long zsetMaxListpackEntries = 128;
    public volatile long zsetMaxListpackValue = 64;
    public volatile long streamNodeMaxEntries = 100;
    public volatile long streamNodeMaxBytes = 4096;
    /** hll-sparse-max-bytes: a sparse HyperLogLog growing past this many bytes turns dense. */
    public volatile long hllSparseMaxBytes = 3000;
}
