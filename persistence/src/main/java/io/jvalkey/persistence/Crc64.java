package io.jvalkey.persistence;

/**
 * The CRC-64 that RDB files and DUMP payloads end with: the Jones polynomial
 * (0xad93d23594c935a9), reflected input and output, initial value 0, no final xor.
 */
public final class Crc64 {
    private static final long REFLECTED_POLY = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long crc = b;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLY : crc >>> 1;
            }
            TABLE[b] = crc;
        }
    }

    private Crc64() {}

    /** Continues {@code crc} over {@code bytes[from, to)}; start a new checksum with 0. */
    public static long update(long crc, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            crc = TABLE[(int) ((crc ^ bytes[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }
}
