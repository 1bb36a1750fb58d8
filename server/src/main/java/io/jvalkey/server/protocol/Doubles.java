package io.jvalkey.server.protocol;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Double replies as Valkey writes them (RESP3 {@code ,x} and the RESP2 bulk form): {@code inf},
 * {@code -inf}, {@code nan}, {@code 0}/{@code -0}, integers in plain digits when they are exact
 * and within +-2^62, otherwise the digits of the Grisu2 algorithm (the fpconv library Valkey
 * links) laid out in plain or scientific notation.
 *
 * <p>Grisu2 gives the shortest round-trip digits for almost every double, but not for all of
 * them, so Java's own shortest conversion is not a substitute: this is an independent
 * implementation of the same algorithm (Loitsch, "Printing Floating-Point Numbers Quickly and
 * Accurately with Integers", 2010) with the same 64-bit arithmetic, so every double prints with
 * the same digits as Valkey.
 */
public final class Doubles {
    private Doubles() {}

    private static final long HIDDEN_BIT = 1L << 52;
    private static final long FRACTION_MASK = HIDDEN_BIT - 1;
    /** Target window for the binary exponent of the scaled upper boundary. */
    private static final int ALPHA = -60;
    private static final int GAMMA = -32;
    /** The cached powers are 10^k for k = FIRST_POWER + i * POWER_STEP. */
    private static final int FIRST_POWER = -348;
    private static final int POWER_STEP = 8;
    private static final int POWER_COUNT = 87;
    private static final long[] POW10_FRAC = new long[POWER_COUNT];
    private static final int[] POW10_EXP = new int[POWER_COUNT];
    private static final long[] TENS = new long[20]; // TENS[i] = 10^(19 - i)

    static {
        for (int i = 0; i < POWER_COUNT; i++) {
            cachePower(i, FIRST_POWER + i * POWER_STEP);
        }
        long p = 1;
        for (int i = 19; i >= 0; i--) {
            TENS[i] = p;
            p *= 10; // wraps on the last step, never used
        }
    }

    /** 10^k as a 64-bit significand with its top bit set times 2^exp, rounded to nearest. */
    private static void cachePower(int i, int k) {
        BigInteger num = k >= 0 ? BigInteger.TEN.pow(k) : BigInteger.ONE;
        BigInteger den = k >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-k);
        // Scale by 2^shift so the quotient has exactly 64 bits (plus rounding).
        int shift = 64 - (num.bitLength() - den.bitLength());
        BigInteger scaledNum = shift >= 0 ? num.shiftLeft(shift) : num;
        BigInteger scaledDen = shift >= 0 ? den : den.shiftLeft(-shift);
        BigInteger[] qr = scaledNum.divideAndRemainder(scaledDen);
        while (qr[0].bitLength() > 64) {
            shift--;
            scaledDen = scaledDen.shiftLeft(1);
            qr = scaledNum.divideAndRemainder(scaledDen);
        }
        while (qr[0].bitLength() < 64) {
            shift++;
            scaledNum = scaledNum.shiftLeft(1);
            qr = scaledNum.divideAndRemainder(scaledDen);
        }
        BigInteger q = qr[0];
        if (qr[1].shiftLeft(1).compareTo(scaledDen) >= 0) {
            q = q.add(BigInteger.ONE);
        }
        if (q.bitLength() > 64) { // rounded up to 2^64
            q = q.shiftRight(1);
            shift--;
        }
        POW10_FRAC[i] = q.longValue();
        POW10_EXP[i] = -shift;
    }

    /** The text Valkey replies for a double. */
    public static String format(double d) {
        byte[] buf = new byte[32];
        int n = format(d, buf);
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes the text Valkey replies for a double into {@code out} (at least 32 bytes); returns its length. */
    public static int format(double d, byte[] out) {
        if (Double.isNaN(d)) {
            return put(out, 0, "nan");
        }
        if (Double.isInfinite(d)) {
            return put(out, 0, d > 0 ? "inf" : "-inf");
        }
        if (d == 0) {
            return put(out, 0, (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0");
        }
        // Exact integers of moderate size print as integers.
        if (d >= -0x1p62 && d <= 0x1p62) {
            long l = (long) d;
            if (l == d) {
                return put(out, 0, Long.toString(l));
            }
        }
        int at = 0;
        boolean negative = d < 0;
        if (negative) {
            out[at++] = '-';
        }
        // The digits are generated in place and then spread out by the layout.
        long nk = grisu2(Math.abs(d), out, at);
        return at + layout(out, at, (int) (nk >> 32), (int) nk, negative);
    }

    private static int put(byte[] out, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            out[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    // ---- Grisu2 --------------------------------------------------------------------------------
    // A "diy fp" is a 64-bit unsigned significand f with a binary exponent e: value f * 2^e.

    /**
     * Writes the decimal digits of positive finite {@code d} to {@code digits} from {@code at}.
     * Returns the digit count n (high half) and the exponent k (low half): value = digits * 10^k.
     */
    private static long grisu2(double d, byte[] digits, int at) {
        long bits = Double.doubleToRawLongBits(d);
        long f = bits & FRACTION_MASK;
        int biased = (int) (bits >>> 52) & 0x7FF;
        int e;
        if (biased != 0) {
            f += HIDDEN_BIT;
            e = biased - 1075;
        } else {
            e = -1074;
        }

        // Upper boundary m+ = (2f + 1) * 2^(e-1), normalized so its top bit is bit 63.
        long upperF = (f << 1) + 1;
        int upperE = e - 1;
        while ((upperF & (HIDDEN_BIT << 1)) == 0) {
            upperF <<= 1;
            upperE--;
        }
        upperF <<= 10;
        upperE -= 10;

        // Lower boundary m- is closer when f is a power of two (the exponent below is smaller).
        int lowerShift = f == HIDDEN_BIT ? 2 : 1;
        long lowerF = (f << lowerShift) - 1;
        int lowerE = e - lowerShift;
        lowerF <<= lowerE - upperE;

        // The value itself, normalized.
        long wF = f;
        int wE = e;
        while ((wF & HIDDEN_BIT) == 0) {
            wF <<= 1;
            wE--;
        }
        wF <<= 11;
        wE -= 11;

        int idx = cachedPowerIndex(upperE);
        long cF = POW10_FRAC[idx];
        int cE = POW10_EXP[idx];
        int decimal = FIRST_POWER + idx * POWER_STEP;

        wF = multiplyHigh(wF, cF);
        long scaledUpper = multiplyHigh(upperF, cF) - 1;
        long scaledLower = multiplyHigh(lowerF, cF) + 1;
        int scaledE = upperE + cE + 64;

        return digitGen(wF, scaledUpper, scaledLower, scaledE, digits, at, -decimal);
    }

    /** Index of a cached power that moves the exponent {@code e} into [ALPHA, GAMMA], searched as fpconv does. */
    private static int cachedPowerIndex(int e) {
        int approx = (int) (-(e + POWER_COUNT) * 0.30102999566398114);
        int idx = (approx - FIRST_POWER) / POWER_STEP;
        while (true) {
            int current = e + POW10_EXP[idx] + 64;
            if (current < ALPHA) {
                idx++;
            } else if (current > GAMMA) {
                idx--;
            } else {
                return idx;
            }
        }
    }

    /** The upper 64 bits of the 128-bit product, rounded (half up) on the bit below. */
    private static long multiplyHigh(long a, long b) {
        long hi = Math.unsignedMultiplyHigh(a, b);
        long lo = a * b;
        return hi + (lo >>> 63);
    }

    private static long digitGen(long w, long upper, long lower, int e, byte[] digits, int at, int k) {
        long wDistance = upper - w;
        long delta = upper - lower;
        int shift = -e;
        long oneF = 1L << shift;
        long part1 = upper >>> shift;      // integral part, below 2^32
        long part2 = upper & (oneF - 1);   // fraction part
        int n = 0;
        int kappa = 10;
        for (int t = 10; kappa > 0; t++) {
            long div = TENS[t];
            long digit = part1 / div;
            if (digit != 0 || n != 0) {
                digits[at + n++] = (byte) ('0' + digit);
            }
            part1 -= digit * div;
            kappa--;
            long rest = (part1 << shift) + part2;
            if (Long.compareUnsigned(rest, delta) <= 0) {
                weed(digits, at + n - 1, delta, rest, div << shift, wDistance);
                return ((long) n << 32) | ((k + kappa) & 0xFFFFFFFFL);
            }
        }
        int unit = 18;
        while (true) {
            part2 *= 10;
            delta *= 10;
            kappa--;
            long digit = part2 >>> shift;
            if (digit != 0 || n != 0) {
                digits[at + n++] = (byte) ('0' + digit);
            }
            part2 &= oneF - 1;
            if (Long.compareUnsigned(part2, delta) < 0) {
                weed(digits, at + n - 1, delta, part2, oneF, wDistance * TENS[unit]);
                return ((long) n << 32) | ((k + kappa) & 0xFFFFFFFFL);
            }
            unit--;
        }
    }

    /** Moves the last digit (at {@code last}) down while that brings the result closer to the exact value (unsigned math). */
    private static void weed(byte[] digits, int last, long delta, long rest, long tenKappa, long wDistance) {
        while (Long.compareUnsigned(rest, wDistance) < 0
                && Long.compareUnsigned(delta - rest, tenKappa) >= 0
                && (Long.compareUnsigned(rest + tenKappa, wDistance) < 0
                        || Long.compareUnsigned(wDistance - rest, rest + tenKappa - wDistance) > 0)) {
            digits[last]--;
            rest += tenKappa;
        }
    }

    /**
     * Lays out the n digits at {@code out[at..]} times 10^k as fpconv does: plain integer, plain
     * decimal or d.ddde+X, moving them within the buffer. Returns the length from {@code at}.
     */
    private static int layout(byte[] out, int at, int n, int k, boolean negative) {
        int exp = Math.abs(k + n - 1);
        if (k >= 0 && exp < n + 7) {
            Arrays.fill(out, at + n, at + n + k, (byte) '0');
            return n + k;
        }
        if (k < 0 && (k > -7 || exp < 4)) {
            int intDigits = n + k;
            if (intDigits <= 0) { // 0.000ddd
                int zeros = -intDigits;
                System.arraycopy(out, at, out, at + 2 + zeros, n);
                out[at] = '0';
                out[at + 1] = '.';
                Arrays.fill(out, at + 2, at + 2 + zeros, (byte) '0');
                return n + 2 + zeros;
            }
            System.arraycopy(out, at + intDigits, out, at + intDigits + 1, n - intDigits);
            out[at + intDigits] = '.';
            return n + 1;
        }
        int shown = Math.min(n, negative ? 17 : 18);
        int i = at + 1;
        if (shown > 1) {
            System.arraycopy(out, at + 1, out, at + 2, shown - 1);
            out[at + 1] = '.';
            i = at + shown + 1;
        }
        out[i++] = 'e';
        out[i++] = (byte) (k + shown - 1 < 0 ? '-' : '+');
        // The exponent has no leading zeros (1e-7, 1e+22, 1e-300).
        if (exp >= 100) {
            out[i++] = (byte) ('0' + exp / 100);
            out[i++] = (byte) ('0' + exp / 10 % 10);
        } else if (exp >= 10) {
            out[i++] = (byte) ('0' + exp / 10);
        }
        out[i++] = (byte) ('0' + exp % 10);
        return i - at;
    }
}
