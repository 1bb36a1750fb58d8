package io.jvalkey.persistence.rdb;

import io.jvalkey.persistence.Crc64;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * DUMP / RESTORE payloads: one value in RDB form (type byte + value), then the RDB version as
 * 2 bytes little-endian, then the CRC64 of everything before it as 8 bytes little-endian.
 */
public final class DumpPayload {
    /** RESTORE's error for a payload that fails {@link #verify}. */
    public static final String BAD_PAYLOAD = "DUMP payload version or checksum are wrong";

    private DumpPayload() {}

    /** Writes one value into an {@link RdbWriter} in value mode. */
    @FunctionalInterface
    public interface ValueSource {
        void writeTo(RdbWriter writer) throws IOException;
    }

    /**
     * A DUMP payload: the value {@code source} writes, framed with
     * {@code options.version()} and the CRC64 (always present in payloads).
     * Example: {@code DumpPayload.create(options, w -> w.string(KeyMeta.NONE, key, value))}.
     */
    public static byte[] create(RdbWriter.Options options, ValueSource source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.value(bytes, options);
        source.writeTo(w);
        w.endOfFile();
        byte[] value = bytes.toByteArray();
        byte[] payload = Arrays.copyOf(value, value.length + 10);
        int v = options.version();
        payload[value.length] = (byte) v;
        payload[value.length + 1] = (byte) (v >>> 8);
        long crc = Crc64.update(0, payload, 0, value.length + 2);
        for (int i = 0; i < 8; i++) {
            payload[value.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return payload;
    }

    /**
     * Checks the footer as Valkey's verifyDumpPayload does: at least 10 bytes, version not
     * above {@link RdbReader#MAX_VERSION}, CRC64 matching (unless {@code skipChecksum}, Valkey's
     * skip-checksum-validation debug setting).
     *
     * @return the payload's RDB version
     * @throws RdbFormatException with {@link #BAD_PAYLOAD} when it fails
     */
    public static int verify(byte[] payload, boolean skipChecksum) throws RdbFormatException {
        int len = payload.length;
        if (len < 10) {
            throw new RdbFormatException(BAD_PAYLOAD, 0);
        }
        int footer = len - 10;
        int version = (payload[footer] & 0xFF) | (payload[footer + 1] & 0xFF) << 8;
        if (version > RdbReader.MAX_VERSION) {
            throw new RdbFormatException(BAD_PAYLOAD, footer);
        }
        if (!skipChecksum) {
            long crc = Crc64.update(0, payload, 0, len - 8);
            long stored = 0;
            for (int i = 7; i >= 0; i--) {
                stored = (stored << 8) | (payload[len - 8 + i] & 0xFF);
            }
            if (crc != stored) {
                throw new RdbFormatException(BAD_PAYLOAD, len - 8);
            }
        }
        return version;
    }

    /**
     * Verifies {@code payload} and reads its value as the value of {@code key}. A payload that
     * verifies but does not hold one valid value fails with a {@link RdbFormatException} whose
     * reason is not {@link #BAD_PAYLOAD} (RESTORE answers "Bad data format" then).
     */
    public static void read(byte[] payload, byte[] key, RdbVisitor visitor) throws IOException {
        verify(payload, false);
        RdbReader.readValue(payload, 0, payload.length - 10, key, visitor);
    }
}
