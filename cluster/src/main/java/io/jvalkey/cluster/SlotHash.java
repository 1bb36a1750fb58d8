package io.jvalkey.cluster;

/**
 * Key to hash slot, exactly as Valkey computes it: CRC16 (XMODEM) of the key, or of the
 * first non-empty {hash tag} in it, modulo 16384. Standalone sharding uses the same slots,
 * so a key lives on the same shard in standalone and in cluster mode.
 */
public final class SlotHash {
    public static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[b] = crc & 0xFFFF;
        }
    }

    private SlotHash() {}

    /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection. */
    public static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** The hash slot of a key, honouring hash tags. */
    public static int slot(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    // "{}" is no tag: the whole key is hashed.
                    if (close > open + 1) {
                        return crc16(key, open + 1, close) & (SLOTS - 1);
                    }
                    break;
                }
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
    }
}
