package io.jvalkey.persistence.lzf;

/**
 * LZF, the compression RDB files use for strings (RDB_ENC_LZF) and compressed quicklist nodes.
 *
 * <p>Format: a sequence of chunks. A control byte {@code c < 32} starts a literal run of
 * {@code c + 1} bytes. Otherwise {@code len = c >> 5} (7 means: add the next byte) and the
 * back-reference distance is {@code ((c & 0x1f) << 8 | nextByte) + 1}; {@code len + 2} bytes
 * are copied from that far back in the output (the copy may overlap itself).
 */
public final class Lzf {
    private Lzf() {}

    /**
     * Compresses {@code in[inOff, inOff+inLen)} into {@code out} starting at {@code outOff},
     * using at most {@code outMax} bytes.
     *
     * @return the compressed length, or 0 when the result would not fit in {@code outMax}
     */
    public static int compress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outMax) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Decompresses {@code in[inOff, inOff+inLen)} into exactly {@code outLen} bytes at
     * {@code out[outOff]}.
     *
     * @return true when the input is valid LZF that produces exactly {@code outLen} bytes
     */
    public static boolean decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        throw new UnsupportedOperationException("not yet");
    }
}
