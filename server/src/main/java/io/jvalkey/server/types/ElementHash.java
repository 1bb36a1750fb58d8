package io.jvalkey.server.types;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The hash of collection elements (set members, hash fields, zset members). Seeded per process,
 * as Valkey seeds SipHash, so clients cannot precompute colliding elements and turn a table into
 * a list; eight bytes at a time, so long elements stay cheap.
 */
public final class ElementHash {
    private ElementHash() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = new SecureRandom().nextLong();
    private static final long M = 0x9E3779B97F4A7C15L;

    public static int hash(byte[] b) {
        long h = SEED ^ (b.length * M);
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = mix(h ^ (long) LONGS.get(b, i));
        }
        long tail = 0;
        for (int s = 0; i < b.length; i++, s += 8) {
            tail |= (b[i] & 0xFFL) << s;
        }
        h = mix(h ^ tail);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long x) {
        // Stafford's variant 13 of the murmur3 finaliser: every input bit affects every output bit.
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** Heap bytes of an element's array with compact headers (12-byte header, 8-byte alignment). */
    public static long footprint(byte[] b) {
        return (12L + b.length + 7) & ~7L;
    }
}
