package io.jvalkey.server.keyspace;

/**
 * Approximate heap footprint of keys and values with compact object headers (8-byte header,
 * 4-byte compressed references, 8-byte alignment). used_memory, MEMORY USAGE and maxmemory
 * rest on these figures, not on the JVM's heap statistics.
 */
public final class MemoryEstimate {
    private MemoryEstimate() {}

    public static long bytes(byte[] b) {
        return align(12 + b.length);
    }

    /** An entry node (24 bytes, 32 with a TTL), its key and its value, plus its bucket slot. */
    public static long entry(Entry e) {
        long node = e.expireAt() >= 0 ? 32 : 24;
        return node + bytes(e.key) + value(e.value) + 4;
    }

    public static long value(Object v) {
        if (v instanceof byte[] b) {
            return bytes(b);
        }
        if (v instanceof Sized s) {
            return s.memoryUsage();
        }
        return 16;
    }

    static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** Values that are not plain strings report their own footprint. */
    public interface Sized {
        long memoryUsage();
    }
}
