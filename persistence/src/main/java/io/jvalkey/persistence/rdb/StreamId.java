package io.jvalkey.persistence.rdb;

/**
 * A stream entry ID. Both parts are unsigned 64-bit numbers held in a {@code long}
 * (compare with {@link Long#compareUnsigned}).
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId ZERO = new StreamId(0, 0);

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
}
