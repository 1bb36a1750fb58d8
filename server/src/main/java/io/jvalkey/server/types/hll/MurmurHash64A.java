package io.jvalkey.server.types.hll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash2, 64-bit variant A, reading its input as little-endian words on every platform:
 * the hash Valkey's HyperLogLog uses, so the same element lands in the same register.
 */
public final class MurmurHash64A {
    private MurmurHash64A() {}

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    public static long hash(byte[] data, int off, int len, long seed) {
        long h = seed ^ (len * M);
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long k = (long) LONG_LE.get(data, i);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int rest = len & 7;
        if (rest != 0) {
            for (int i = rest - 1; i >= 0; i--) {
                h ^= (long) (data[end + i] & 0xFF) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }
}
