package io.jvalkey.cluster;

/**
 * Which shard (owner thread) holds a hash slot: shard i owns the slots s with s mod N == i.
 * Consecutive slots land on different shards, so even a range of slots spreads over all cores.
 */
public record ShardMap(int shards) {
    public ShardMap {
        if (shards < 1 || shards > SlotHash.SLOTS) {
            throw new IllegalArgumentException("shards must be between 1 and " + SlotHash.SLOTS + ": " + shards);
        }
    }

    public int shardOfSlot(int slot) {
        return slot % shards;
    }

    public int shardOf(byte[] key) {
        return shardOfSlot(SlotHash.slot(key));
    }
}
