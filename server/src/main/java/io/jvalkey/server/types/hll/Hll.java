package io.jvalkey.server.types.hll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A HyperLogLog in Valkey's string format, byte for byte, so values move between servers with
 * GET and SET.
 *
 * <p>Layout: a 16-byte header ("HYLL", the encoding byte, three zero bytes, the cached
 * cardinality as a little-endian 64-bit integer whose top bit set means "stale"), then the
 * 16384 registers (6 bits each). Dense: the registers packed from the low bit of each byte
 * upwards, 12288 bytes. Sparse: a run-length code of one- and two-byte opcodes: {@code 00xxxxxx}
 * (1..64 zero registers), {@code 01xxxxxx yyyyyyyy} (1..16384 zero registers) and {@code 1vvvvvxx}
 * (1..4 registers of value 1..32). An element hashes with MurmurHash64A (seed 0xadc83b19): the
 * low 14 bits pick the register, the position of the lowest set bit of the rest (plus one) is
 * the value the register must at least hold.
 *
 * <p>An instance edits a value: it reads the stored array until its first write, then works on
 * a private copy ({@link #modified()}), since stored strings are never changed in place.
 */
public final class Hll {
    public static final int HEADER = 16;
    public static final int REGISTERS = 1 << 14;
    private static final int P = 14;
    private static final int Q = 64 - P;
    public static final int DENSE_SIZE = HEADER + REGISTERS * 6 / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;
    private static final long SEED = 0xadc83b19L;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final double ALPHA_INF = 0.721347520444481703680; // 0.5 / ln(2)
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] MAGIC = "HYLL".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    private boolean owned;
    private boolean modified;
    private final long sparseMaxBytes;

    private Hll(byte[] buf, int len, boolean owned, long sparseMaxBytes) {
        this.buf = buf;
        this.len = len;
        this.owned = owned;
        this.sparseMaxBytes = sparseMaxBytes;
    }

    /** A new empty HyperLogLog: sparse, all registers in XZERO opcodes, cached cardinality 0. */
    public static Hll create(long sparseMaxBytes) {
        int opcodes = (REGISTERS + XZERO_MAX_LEN - 1) / XZERO_MAX_LEN;
        byte[] b = new byte[HEADER + 2 * opcodes];
        System.arraycopy(MAGIC, 0, b, 0, 4);
        b[4] = SPARSE;
        int p = HEADER;
        for (int left = REGISTERS; left > 0; left -= XZERO_MAX_LEN, p += 2) {
            setXzero(b, p, Math.min(left, XZERO_MAX_LEN));
        }
        Hll h = new Hll(b, b.length, true, sparseMaxBytes);
        h.modified = true;
        return h;
    }

    /** Edits a stored value, which must pass {@link #isValid}; the value itself is never written to. */
    public static Hll of(byte[] value, long sparseMaxBytes) {
        return new Hll(value, value.length, false, sparseMaxBytes);
    }

    /** What Valkey accepts as a HyperLogLog: magic, a known encoding, and the exact dense length. */
    public static boolean isValid(byte[] v) {
        if (v.length < HEADER || v[0] != 'H' || v[1] != 'Y' || v[2] != 'L' || v[3] != 'L') {
            return false;
        }
        int encoding = v[4] & 0xFF;
        return encoding == SPARSE || (encoding == DENSE && v.length == DENSE_SIZE);
    }

    public int encoding() {
        return buf[4] & 0xFF;
    }

    /** True once anything was written (the value must be stored again). */
    public boolean modified() {
        return modified;
    }

    /**
     * The current bytes: the stored array while unmodified, else an array of the exact length.
     * The array may be stored: later writes through this instance go to a new copy.
     */
    public byte[] bytes() {
        if (buf.length != len) {
            buf = Arrays.copyOf(buf, len);
        }
        owned = false;
        return buf;
    }

    /** Makes {@code buf} a private array with room for {@code extra} more bytes. */
    private void writable(int extra) {
        int need = len + extra;
        if (!owned || buf.length < need) {
            int cap = need;
            if (owned) {
                // Growing again: room for more opcode splits, as the sparse form grows a few bytes at a time.
                cap = (int) Math.max(need, Math.min(need + Math.min(need, 300L), sparseMaxBytes));
            }
            buf = Arrays.copyOf(buf, cap);
            owned = true;
        }
        modified = true;
    }

    /** Marks the cached cardinality stale (after a register changed). */
    public void invalidateCache() {
        writable(0);
        buf[15] |= (byte) 0x80;
    }

    // ---- adding ---------------------------------------------------------------------------------

    /** The register an element hashes to and the value it brings, packed as index << 8 | count. */
    static int pattern(byte[] ele, int off, int length) {
        long hash = MurmurHash64A.hash(ele, off, length, SEED);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q; // so the count is at most Q + 1
        int count = 1 + Long.numberOfTrailingZeros(hash);
        return index << 8 | count;
    }

    /** Adds an element: 1 if a register grew, 0 if not, -1 if the sparse form is corrupt. */
    public int add(byte[] ele) {
        return add(ele, 0, ele.length);
    }

    public int add(byte[] ele, int off, int length) {
        int pat = pattern(ele, off, length);
        return set(pat >>> 8, pat & 0xFF);
    }

    /** Raises register {@code index} to {@code count}: 1 if it grew, 0 if not, -1 on a corrupt value. */
    public int set(int index, int count) {
        return switch (encoding()) {
            case DENSE -> denseSet(index, count);
            case SPARSE -> sparseSet(index, count);
            default -> -1;
        };
    }

    private int denseSet(int index, int count) {
        if (count <= register(buf, index)) {
            return 0;
        }
        writable(0);
        setRegister(buf, index, count);
        return 1;
    }

    /** Register {@code reg} of a dense value. */
    public static int register(byte[] dense, int reg) {
        int i = HEADER + reg * 6 / 8;
        int fb = reg * 6 & 7;
        int v = (dense[i] & 0xFF) >>> fb;
        if (fb > 2) {
            v |= (dense[i + 1] & 0xFF) << (8 - fb);
        }
        return v & 63;
    }

    /** Sets register {@code reg} of a dense value (val < 64). */
    public static void setRegister(byte[] dense, int reg, int val) {
        int i = HEADER + reg * 6 / 8;
        int fb = reg * 6 & 7;
        dense[i] = (byte) ((dense[i] & ~(63 << fb)) | (val << fb));
        if (fb > 2) {
            int fb8 = 8 - fb;
            dense[i + 1] = (byte) ((dense[i + 1] & ~(63 >>> fb8)) | (val >>> fb8));
        }
    }

    private static boolean isZero(int op) {
        return (op & 0xC0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xC0) == 0x40;
    }

    /** The run of an XZERO opcode at p; a truncated one reads its missing byte as 0, as Valkey does. */
    private static int xzeroLen(byte[] b, int p, int end) {
        int lo = p + 1 < end ? b[p + 1] & 0xFF : 0;
        return (((b[p] & 0x3F) << 8) | lo) + 1;
    }

    private static void setXzero(byte[] b, int p, int run) {
        b[p] = (byte) (((run - 1) >> 8) | 0x40);
        b[p + 1] = (byte) (run - 1);
    }

    private static byte val(int value, int run) {
        return (byte) (((value - 1) << 2) | (run - 1) | 0x80);
    }

    private static int valValue(int op) {
        return ((op >> 2) & 0x1F) + 1;
    }

    private static int valLen(int op) {
        return (op & 3) + 1;
    }

    /**
     * The sparse update: find the opcode covering the register, split it into at most three
     * (zeros, the new value, zeros), then merge equal neighbouring values. Turns dense when the
     * value does not fit a VAL opcode or the result would pass hll-sparse-max-bytes.
     */
    private int sparseSet(int index, int count) {
        if (count > VAL_MAX_VALUE) {
            return promote(index, count);
        }
        // Step 1: the opcode covering the register.
        int p = HEADER;
        int end = len;
        long first = 0;
        int prev = -1;
        int span = 0;
        while (p < end) {
            int op = buf[p] & 0xFF;
            int oplen = 1;
            if (isZero(op)) {
                span = (op & 0x3F) + 1;
            } else if ((op & 0x80) != 0) {
                span = valLen(op);
            } else {
                span = xzeroLen(buf, p, end);
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = buf[p] & 0xFF;
        int next = isXzero(op) ? p + 2 : p + 1;
        boolean hasNext = next < end;
        boolean zero = isZero(op);
        boolean xzero = isXzero(op);
        int runlen = zero ? (op & 0x3F) + 1 : xzero ? xzeroLen(buf, p, end) : valLen(op);

        // Step 2: the trivial cases, then the split.
        if (!zero && !xzero) {
            if (valValue(op) >= count) {
                return 0;
            }
            if (runlen == 1) {
                writable(0);
                buf[p] = val(count, 1);
                return merged(prev);
            }
        }
        if (zero && runlen == 1) {
            writable(0);
            buf[p] = val(count, 1);
            return merged(prev);
        }
        byte[] seq = new byte[5];
        int n = 0;
        long last = first + span - 1;
        if (zero || xzero) {
            if (index != first) {
                n = zeros(seq, n, (int) (index - first));
            }
            seq[n++] = val(count, 1);
            if (index != last) {
                n = zeros(seq, n, (int) (last - index));
            }
        } else {
            int cur = valValue(op);
            if (index != first) {
                seq[n++] = val(cur, (int) (index - first));
            }
            seq[n++] = val(count, 1);
            if (index != last) {
                seq[n++] = val(cur, (int) (last - index));
            }
        }

        // Step 3: put the new sequence in place of the old opcode.
        int oldLen = xzero ? 2 : 1;
        int delta = n - oldLen;
        if (delta > 0 && (long) len + delta > sparseMaxBytes) {
            return promote(index, count);
        }
        // Room for the new length, and for the whole sequence when a truncated XZERO ends the value.
        writable(Math.max(Math.max(delta, 0), p + n - len));
        if (delta != 0 && hasNext) {
            System.arraycopy(buf, next, buf, next + delta, end - next);
        }
        len += delta;
        System.arraycopy(seq, 0, buf, p, n);
        return merged(prev);
    }

    /** Zero registers as a ZERO opcode (up to 64) or an XZERO. */
    private static int zeros(byte[] seq, int n, int run) {
        if (run > ZERO_MAX_LEN) {
            setXzero(seq, n, run);
            return n + 2;
        }
        seq[n] = (byte) (run - 1);
        return n + 1;
    }

    /** Step 4: merges adjacent VAL opcodes of one value, scanning a few opcodes from prev. */
    private int merged(int prev) {
        int p = prev >= 0 ? prev : HEADER;
        int end = len;
        int scan = 5;
        while (p < end && scan-- != 0) {
            int op = buf[p] & 0xFF;
            if (isXzero(op)) {
                p += 2;
                continue;
            }
            if (isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < end && (buf[p + 1] & 0x80) != 0) {
                int v1 = valValue(op);
                int nextOp = buf[p + 1] & 0xFF;
                if (v1 == valValue(nextOp)) {
                    int run = valLen(op) + valLen(nextOp);
                    if (run <= VAL_MAX_LEN) {
                        buf[p + 1] = val(v1, run);
                        System.arraycopy(buf, p + 1, buf, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    private int promote(int index, int count) {
        if (!toDense()) {
            return -1;
        }
        setRegister(buf, index, Math.max(count, register(buf, index)));
        return 1;
    }

    /** Converts a sparse value to dense (keeping the header); false if the sparse form is corrupt. */
    public boolean toDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] d = new byte[DENSE_SIZE];
        System.arraycopy(buf, 0, d, 0, HEADER);
        d[4] = DENSE;
        long idx = 0;
        int p = HEADER;
        int end = len;
        while (p < end) {
            int op = buf[p] & 0xFF;
            if (isZero(op)) {
                idx += (op & 0x3F) + 1;
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(buf, p, end);
                p += 2;
            } else {
                int run = valLen(op);
                int value = valValue(op);
                if (run + idx > REGISTERS) {
                    break;
                }
                while (run-- > 0) {
                    setRegister(d, (int) idx++, value);
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            return false;
        }
        buf = d;
        len = DENSE_SIZE;
        owned = true;
        modified = true;
        return true;
    }

    // ---- reading stored values ------------------------------------------------------------------

    public static boolean cacheValid(byte[] v) {
        return (v[15] & 0x80) == 0;
    }

    public static long cachedCount(byte[] v) {
        return (long) LONG_LE.get(v, 8);
    }

    /** A copy of the value with {@code card} as its (valid) cached cardinality. */
    public static byte[] withCachedCount(byte[] v, long card) {
        byte[] copy = v.clone();
        LONG_LE.set(copy, 8, card);
        return copy;
    }

    /** The estimated cardinality of a valid value, or -1 when its sparse form is corrupt. */
    public static long count(byte[] v) {
        int[] histo = new int[64];
        if ((v[4] & 0xFF) == DENSE) {
            denseHistogram(v, histo);
        } else if (!sparseHistogram(v, histo)) {
            return -1;
        }
        return estimate(histo);
    }

    /** The estimated cardinality of registers held one per byte (the union PFCOUNT builds). */
    public static long countRaw(byte[] registers) {
        int[] histo = new int[64];
        for (byte r : registers) {
            histo[r]++;
        }
        return estimate(histo);
    }

    private static void denseHistogram(byte[] v, int[] histo) {
        // Eight 6-bit registers in every 6 bytes; the last group is read bytewise to stay in the array.
        int groups = REGISTERS / 8;
        for (int g = 0; g < groups; g++) {
            int o = HEADER + g * 6;
            long w;
            if (g < groups - 1) {
                w = (long) LONG_LE.get(v, o) & 0xFFFF_FFFF_FFFFL;
            } else {
                w = 0;
                for (int k = 5; k >= 0; k--) {
                    w = (w << 8) | (v[o + k] & 0xFF);
                }
            }
            if (w == 0) {
                histo[0] += 8;
                continue;
            }
            for (int k = 0; k < 8; k++) {
                histo[(int) (w >>> (6 * k)) & 63]++;
            }
        }
    }

    /** False when the runs do not cover exactly the 16384 registers. */
    private static boolean sparseHistogram(byte[] v, int[] histo) {
        long idx = 0;
        int p = HEADER;
        int end = v.length;
        while (p < end) {
            int op = v[p] & 0xFF;
            if (isZero(op)) {
                int run = (op & 0x3F) + 1;
                idx += run;
                histo[0] += run;
                p++;
            } else if (isXzero(op)) {
                int run = xzeroLen(v, p, end);
                idx += run;
                histo[0] += run;
                p += 2;
            } else {
                int run = valLen(op);
                idx += run;
                histo[valValue(op)] += run;
                p++;
            }
        }
        return idx == REGISTERS;
    }

    /** Ertl's improved estimator from the register histogram ("New cardinality estimation algorithms for HyperLogLog sketches"). */
    static long estimate(int[] histo) {
        double m = REGISTERS;
        double z = m * tau((m - histo[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }

    /**
     * Raises {@code max[i]} (one register per byte) to the registers of a valid value; false when
     * its sparse form is corrupt.
     */
    public static boolean mergeInto(byte[] max, byte[] v) {
        if ((v[4] & 0xFF) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int r = register(v, i);
                if (r > max[i]) {
                    max[i] = (byte) r;
                }
            }
            return true;
        }
        long i = 0;
        int p = HEADER;
        int end = v.length;
        while (p < end) {
            int op = v[p] & 0xFF;
            if (isZero(op)) {
                i += (op & 0x3F) + 1;
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(v, p, end);
                p += 2;
            } else {
                int run = valLen(op);
                int value = valValue(op);
                if (run + i > REGISTERS) {
                    break;
                }
                while (run-- > 0) {
                    if (value > max[(int) i]) {
                        max[(int) i] = (byte) value;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == REGISTERS;
    }

    /** PFDEBUG DECODE: the opcodes of a sparse value as "Z:n", "z:n" and "v:value,run". */
    public static String decode(byte[] v) {
        StringBuilder sb = new StringBuilder();
        int p = HEADER;
        int end = v.length;
        while (p < end) {
            int op = v[p] & 0xFF;
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (isZero(op)) {
                sb.append("z:").append((op & 0x3F) + 1);
                p++;
            } else if (isXzero(op)) {
                sb.append("Z:").append(xzeroLen(v, p, end));
                p += 2;
            } else {
                sb.append("v:").append(valValue(op)).append(',').append(valLen(op));
                p++;
            }
        }
        return sb.toString();
    }
}
