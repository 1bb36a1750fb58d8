package io.jvalkey.persistence.rdb;

import java.io.IOException;

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
        throw new UnsupportedOperationException("not yet");
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
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Verifies {@code payload} and reads its value as the value of {@code key}. A payload that
     * verifies but does not hold one valid value fails with a {@link RdbFormatException} whose
     * reason is not {@link #BAD_PAYLOAD} (RESTORE answers "Bad data format" then).
     */
    public static void read(byte[] payload, byte[] key, RdbVisitor visitor) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
