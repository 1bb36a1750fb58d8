package io.jvalkey.server.types.stream;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A consumer group: the last delivered ID, the read counter behind XINFO's entries-read and lag,
 * the pending entries list (PEL) by ID and the consumers by name (byte order, as Valkey's radix
 * tree orders them). Every change goes through here so the stream's byte count stays true.
 */
public final class ConsumerGroup {
    /** entries-read when it is not known. */
    public static final long UNKNOWN_READS = -1;

    static final long GROUP_BYTES = 160;
    static final long CONSUMER_BYTES = 120;
    /** A NACK, its ID and its node in the group PEL and in a consumer PEL. */
    static final long PENDING_BYTES = 32 + 24 + 2 * 40;

    final byte[] name;
    StreamId lastId;
    long entriesRead;
    final TreeMap<StreamId, Nack> pel = new TreeMap<>();
    private final NavigableMap<StreamId, Nack> pelView = Collections.unmodifiableNavigableMap(pel);
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);
    Stream owner;

    ConsumerGroup(Stream owner, byte[] name, StreamId lastId, long entriesRead) {
        this.owner = owner;
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    long memory() {
        return GROUP_BYTES + name.length;
    }

    public byte[] name() {
        return name;
    }

    public StreamId lastId() {
        return lastId;
    }

    public void lastId(StreamId id) {
        lastId = id;
    }

    public long entriesRead() {
        return entriesRead;
    }

    public void entriesRead(long n) {
        entriesRead = n;
    }

    /** Pending entries by ID (read-only). */
    public NavigableMap<StreamId, Nack> pending() {
        return pelView;
    }

    public Collection<Consumer> consumers() {
        return Collections.unmodifiableCollection(consumers.values());
    }

    public int consumerCount() {
        return consumers.size();
    }

    public Consumer consumer(byte[] name) {
        return consumers.get(name);
    }

    /** Creates a consumer; null if one by that name exists. */
    public Consumer createConsumer(byte[] name, long now) {
        if (consumers.containsKey(name)) {
            return null;
        }
        Consumer c = new Consumer(name, now);
        consumers.put(name, c);
        owner.groupBytes += CONSUMER_BYTES + name.length;
        return c;
    }

    /** Deletes a consumer and its pending entries (from the group PEL too); returns how many it had. */
    public int deleteConsumer(Consumer c) {
        int pending = c.pel.size();
        for (StreamId id : c.pel.keySet()) {
            pel.remove(id);
        }
        owner.groupBytes -= pending * PENDING_BYTES + CONSUMER_BYTES + c.name.length;
        consumers.remove(c.name);
        return pending;
    }

    /**
     * Records the delivery of entry {@code id} to {@code c}: a new pending entry, or, if another
     * consumer had it (after XGROUP SETID), it moves to {@code c} with a fresh count of 1.
     */
    public Nack deliver(StreamId id, Consumer c, long now) {
        Nack nack = pel.get(id);
        if (nack == null) {
            nack = new Nack(now, 1, c);
            pel.put(id, nack);
            c.pel.put(id, nack);
            owner.groupBytes += PENDING_BYTES;
            return nack;
        }
        nack.consumer.pel.remove(id);
        nack.consumer = c;
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
        c.pel.put(id, nack);
        return nack;
    }

    /** XCLAIM FORCE: a pending entry owned by nobody yet (claim() gives it an owner). */
    public Nack createUnowned(StreamId id, long now) {
        Nack nack = new Nack(now, 1, null);
        pel.put(id, nack);
        owner.groupBytes += PENDING_BYTES;
        return nack;
    }

    /** Moves a pending entry to consumer {@code c} (no-op if it already owns it). */
    public void claim(StreamId id, Nack nack, Consumer c) {
        if (nack.consumer == c) {
            return;
        }
        if (nack.consumer != null) {
            nack.consumer.pel.remove(id);
        }
        c.pel.put(id, nack);
        nack.consumer = c;
    }

    /** Acknowledges (forgets) a pending entry; false if it was not pending. */
    public boolean acknowledge(StreamId id) {
        Nack nack = pel.remove(id);
        if (nack == null) {
            return false;
        }
        if (nack.consumer != null) {
            nack.consumer.pel.remove(id);
        }
        owner.groupBytes -= PENDING_BYTES;
        return true;
    }

    /**
     * Moves the last delivered ID forward to an entry being delivered, keeping the read counter
     * exact while no tombstone lies ahead, else re-estimating it (Valkey's rules).
     */
    public void advanceTo(long ms, long seq) {
        if (StreamId.compare(ms, seq, lastId.ms(), lastId.seq()) <= 0) {
            return;
        }
        Stream s = owner;
        StreamId id = new StreamId(ms, seq);
        if (entriesRead != UNKNOWN_READS && !s.rangeHasTombstones(id, null)) {
            entriesRead++;
        } else if (s.entriesAdded() != 0) {
            entriesRead = s.estimateDistanceFromFirstEverEntry(id);
        }
        lastId = id;
    }

    /** A deep copy for another stream; consumers and NACKs are rebuilt to point at each other. */
    ConsumerGroup copy(Stream newOwner) {
        ConsumerGroup g = new ConsumerGroup(newOwner, name, lastId, entriesRead);
        for (var e : pel.entrySet()) {
            Nack n = e.getValue();
            g.pel.put(e.getKey(), new Nack(n.deliveryTime, n.deliveryCount, null));
        }
        for (Consumer c : consumers.values()) {
            Consumer nc = new Consumer(c.name, c.seenTime);
            nc.activeTime = c.activeTime;
            for (StreamId id : c.pel.keySet()) {
                Nack n = g.pel.get(id);
                n.consumer = nc;
                nc.pel.put(id, n);
            }
            g.consumers.put(nc.name, nc);
        }
        return g;
    }
}
