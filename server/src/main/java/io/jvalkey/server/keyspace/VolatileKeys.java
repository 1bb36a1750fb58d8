package io.jvalkey.server.keyspace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of one database on one shard whose values hold items with their own deadline (see
 * {@link VolatileItems}). Entries may go stale (the key was deleted, renamed or overwritten): the
 * active cycle checks each key it visits and forgets the stale ones, so no write path has to
 * untrack anything. Visited round-robin, so a bounded cycle eventually reaches every key.
 */
public final class VolatileKeys {
    private final List<byte[]> keys = new ArrayList<>();
    private final Set<ByteBuffer> members = new HashSet<>();
    private int cursor;

    /** Remembers a key (no-op if it is already known). */
    public void track(byte[] key) {
        if (members.add(ByteBuffer.wrap(key))) {
            keys.add(key);
        }
    }

    public int size() {
        return keys.size();
    }

    /** The next key of the round-robin walk; the registry must not be empty. */
    public byte[] next() {
        if (cursor >= keys.size()) {
            cursor = 0;
        }
        return keys.get(cursor++);
    }

    /** Forgets the key {@link #next} returned last. */
    public void forgetLast() {
        int i = cursor - 1;
        byte[] key = keys.get(i);
        members.remove(ByteBuffer.wrap(key));
        int last = keys.size() - 1;
        keys.set(i, keys.get(last));
        keys.remove(last);
        cursor = i; // the moved key is visited next
    }
}
