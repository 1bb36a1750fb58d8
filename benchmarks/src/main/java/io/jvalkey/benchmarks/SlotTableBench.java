package io.jvalkey.benchmarks;

import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.SlotTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One slot's hash table: filling it (with its incremental rehashes), lookups and a full SCAN.
 * insert and scan score ns per whole table of {@code size} keys; find scores ns per lookup
 * (hashing included).
 */
public class SlotTableBench extends ShortRun {
    /** 64: a typical slot of a few-million-key server; 65536: one very hot slot. */
    @Param({"64", "65536"})
    public int size;

    private byte[][] keys;
    private byte[][] missing;
    private SlotTable full;
    private final byte[] value = Frames.value(3);
    private int next;

    @Setup
    public void setup() {
        keys = new byte[size][];
        missing = new byte[size][];
        full = new SlotTable();
        for (int i = 0; i < size; i++) {
            keys[i] = Frames.key(i * 2654435761L % 1_000_000_000L);
            missing[i] = Frames.key(1_000_000_000L + i);
            full.insert(keys[i], value, -1);
        }
    }

    @Benchmark
    public SlotTable insert() {
        SlotTable t = new SlotTable();
        for (byte[] k : keys) {
            t.insert(k, value, -1);
        }
        return t;
    }

    @Benchmark
    public Entry findHit() {
        return full.find(keys[next++ & (size - 1)]);
    }

    @Benchmark
    public Entry findMiss() {
        return full.find(missing[next++ & (size - 1)]);
    }

    @Benchmark
    public void scan(Blackhole bh) {
        long cursor = 0;
        do {
            cursor = full.scan(cursor, bh::consume);
        } while (cursor != 0);
    }
}
