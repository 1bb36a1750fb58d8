package io.jvalkey.server.types.stream;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A consumer of a group: its name, activity times and its own pending entries, by ID. */
public final class Consumer {
    final byte[] name;
    long seenTime;
    long activeTime = -1;
    final TreeMap<StreamId, Nack> pel = new TreeMap<>();
    private final NavigableMap<StreamId, Nack> pelView = Collections.unmodifiableNavigableMap(pel);

    Consumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }

    public byte[] name() {
        return name;
    }

    /** Last time it tried to read or claim. */
    public long seenTime() {
        return seenTime;
    }

    public void seen(long now) {
        seenTime = now;
    }

    /** Last time it read or claimed something, or -1. */
    public long activeTime() {
        return activeTime;
    }

    public void active(long now) {
        activeTime = now;
    }

    /** Its pending entries by ID (read-only: changes go through the group). */
    public NavigableMap<StreamId, Nack> pending() {
        return pelView;
    }
}
