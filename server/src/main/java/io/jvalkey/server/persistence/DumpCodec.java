package io.jvalkey.server.persistence;

import io.jvalkey.persistence.rdb.DumpPayload;
import io.jvalkey.persistence.rdb.KeyMeta;
import io.jvalkey.persistence.rdb.RdbFormatException;
import io.jvalkey.persistence.rdb.RdbWriter;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.types.EncodingLimits;
import java.io.IOException;
import java.io.UncheckedIOException;

/** DUMP and RESTORE payloads of server values (Valkey's format: RDB value + version + CRC64). */
public final class DumpCodec {
    private DumpCodec() {}

    /** The payload of one value. */
    public static byte[] dump(RdbWriter.Options options, byte[] key, Object value) {
        long now = Clock.nowMillis();
        try {
            return DumpPayload.create(options, w -> Values.write(w, KeyMeta.NONE, key, value, now));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: only a value without RDB form gets here
        }
    }

    /** A payload RESTORE cannot use; {@link #badChecksum} tells which of Valkey's two errors applies. */
    public static final class BadPayload extends Exception {
        public final boolean badChecksum;

        BadPayload(boolean badChecksum, String detail) {
            super(detail);
            this.badChecksum = badChecksum;
        }
    }

    /** The value a payload holds, built with the current encoding thresholds. */
    public static Object restore(byte[] payload, byte[] key, EncodingLimits limits) throws BadPayload {
        try {
            DumpPayload.verify(payload, false);
        } catch (RdbFormatException e) {
            throw new BadPayload(true, e.getMessage());
        }
        Object[] out = new Object[1];
        try {
            DumpPayload.read(payload, key, new Values.Builder(limits, (m, k, v) -> {
                if (out[0] != null) {
                    throw new RdbFormatException("more than one value");
                }
                out[0] = v;
            }, null));
        } catch (IOException | RuntimeException e) {
            throw new BadPayload(false, e.getMessage());
        }
        if (out[0] == null) {
            throw new BadPayload(false, "empty value"); // Valkey refuses empty collections too
        }
        return out[0];
    }
}
