package io.jvalkey.server.propagation;

import org.agrona.DirectBuffer;

/**
 * A consumer of the propagation stream (the AOF now, replication later). Called on the stream's
 * single drain thread, in stream order.
 */
public interface StreamSubscriber {
    /**
     * One command in RESP form. {@code db} is the database it applies to, or -1 for MULTI and EXEC,
     * which need no SELECT; a subscriber emits SELECT itself when the db differs from the last one
     * it sent.
     */
    void record(int db, DirectBuffer buffer, int offset, int length);

    /** End of a batch of records: write out / fsync as policy says. */
    void endOfBatch();

    /** Called about every 100 ms on the drain thread, also when idle (everysec fsync, file rotation). */
    default void tick() {}
}
