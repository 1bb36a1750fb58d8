package io.jvalkey.benchmarks;

import io.jvalkey.server.types.list.ListValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link ListValue} at its ends, as LPUSH/RPUSH/LPOP/RPOP drive it (with the encoding check each
 * command makes), on a list holding {@code size} 3-byte elements: a listpack for small sizes, a
 * quicklist of many nodes for large ones. Each push is paired with a pop so the size stays put.
 * Score: ns per push + pop pair (or per index lookup).
 */
public class ListBench extends ShortRun {
    @Param({"100", "1000000"})
    public int size;

    private static final int FILL = -2;
    private final byte[] value = Frames.value(3);
    private ListValue list;
    private int next;

    @Setup
    public void setup() {
        list = new ListValue();
        for (int i = 0; i < size; i++) {
            list.growing(value.length, 1, FILL);
            list.push(value, false);
        }
    }

    @Benchmark
    public byte[] lpushLpop() {
        list.growing(value.length, 1, FILL);
        list.push(value, true);
        byte[] v = list.pop(true);
        list.shrunk(FILL);
        return v;
    }

    @Benchmark
    public byte[] rpushLpop() {
        list.growing(value.length, 1, FILL);
        list.push(value, false);
        byte[] v = list.pop(true);
        list.shrunk(FILL);
        return v;
    }

    /** LINDEX at spread positions: a walk over nodes from the nearer end. */
    @Benchmark
    public byte[] index() {
        next = (next + 7919) % size;
        return list.get(next);
    }
}
