package io.jvalkey.persistence.rdb;

import java.util.List;

/**
 * Everything about a stream except its entries (which travel as
 * {@link RdbVisitor#streamEntry} events): the counters and IDs of STREAM_LISTPACKS_2/3 and
 * the consumer groups with their pending entries lists and consumers.
 *
 * <p>When a file has the older STREAM_LISTPACKS (v1) layout the reader derives the missing
 * fields as Valkey does: {@code firstId} from the first live entry, {@code maxDeletedId} 0-0,
 * {@code entriesAdded} = {@code length}, and each group's {@code entriesRead} estimated.
 *
 * @param length number of live entries
 * @param lastId the greatest ID ever added (XADD's reference for new IDs)
 * @param firstId ID of the first live entry (0-0 when empty)
 * @param maxDeletedId greatest ID ever deleted (0-0 when none)
 * @param entriesAdded count of entries ever added
 * @param groups consumer groups in the order of the file (Valkey writes them sorted by name)
 */
public record StreamMeta(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId,
                         long entriesAdded, List<Group> groups) {

    /**
     * A consumer group.
     *
     * @param name group name
     * @param lastId last delivered ID
     * @param entriesRead logical reads counter; -1 when unknown (Valkey's SCG_INVALID_ENTRIES_READ)
     * @param pending the group's pending entries list, ascending by ID
     * @param consumers the consumers with the IDs each owns (every owned ID is in {@code pending})
     */
    public record Group(byte[] name, StreamId lastId, long entriesRead, List<PendingEntry> pending,
                        List<Consumer> consumers) {}

    /**
     * A pending (delivered, not acknowledged) entry of a group.
     *
     * @param id entry ID
     * @param deliveryTimeMs last delivery time, Unix ms
     * @param deliveryCount number of deliveries
     * @param consumer name of the owning consumer; when reading, resolved from the consumers'
     *     lists (null if no consumer lists it, which Valkey tolerates unless sanitizing); ignored
     *     when writing (ownership is written through {@link Consumer#pending})
     */
    public record PendingEntry(StreamId id, long deliveryTimeMs, long deliveryCount, byte[] consumer) {}

    /**
     * A consumer of a group.
     *
     * @param name consumer name
     * @param seenTimeMs last time it tried an interaction, Unix ms
     * @param activeTimeMs last successful interaction, Unix ms (= seen time for files before
     *     STREAM_LISTPACKS_3)
     * @param pending IDs of the group's pending entries this consumer owns, ascending
     */
    public record Consumer(byte[] name, long seenTimeMs, long activeTimeMs, List<StreamId> pending) {}
}
