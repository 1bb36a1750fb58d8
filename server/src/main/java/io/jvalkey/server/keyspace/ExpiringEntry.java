package io.jvalkey.server.keyspace;

/** An {@link Entry} with a TTL. */
final class ExpiringEntry extends Entry {
    final long expireAt;

    ExpiringEntry(byte[] key, int hash, Object value, long expireAt) {
        super(key, hash, value);
        this.expireAt = expireAt;
    }

    @Override
    public long expireAt() {
        return expireAt;
    }
}
