package io.jvalkey.server.keyspace;

/** An {@link Entry} with a TTL. */
final class ExpiringEntry extends Entry {
    final long expireAt;

    ExpiringEntry(byte[] key, Object value, long expireAt) {
        super(key, value);
        this.expireAt = expireAt;
    }

    @Override
    public long expireAt() {
        return expireAt;
    }
}
