package io.jvalkey.server.commands.strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The x86-64 {@code long double} (80-bit extended: 64-bit significand, 15-bit exponent) that
 * Valkey uses for INCRBYFLOAT and HINCRBYFLOAT, emulated exactly so results print the same:
 * text is parsed like {@code strtold} (correctly rounded), sums are rounded to 64 significant
 * bits, and {@link #toHumanText} prints like {@code "%.17Lf"} with trailing zeros trimmed.
 * This is what makes 0.1 + 0.2 come out as 0.3 and 10.5 + 0.1 as 10.6.
 *
 * <p>Values are immutable; a finite value is {@code significand * 2^exponent}. Not a hot path:
 * exactness matters more than speed here, so BigInteger arithmetic is used throughout.
 */
public final class LongDouble {
    /** Significand bits of the x87 extended format. */
    private static final int PRECISION = 64;
    /** Exponent of the least significant bit of the smallest subnormal (2^-16445). */
    private static final int MIN_LSB_EXPONENT = -16445;
    /** Values at or above 2^16384 overflow to infinity. */
    private static final int MAX_EXPONENT = 16384;
    /** strtold input that Valkey accepts at all (MAX_LONG_DOUBLE_CHARS, terminator included). */
    private static final int MAX_TEXT = 5 * 1024 - 1;

    public static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, 0);
    private static final LongDouble POSITIVE_INFINITY = new LongDouble(null, 0, 1);
    private static final LongDouble NEGATIVE_INFINITY = new LongDouble(null, 0, -1);
    private static final LongDouble NAN = new LongDouble(null, 0, 0);

    private final BigInteger significand; // null for infinities and NaN
    private final int exponent;
    private final int infinity;           // +1, -1, or 0 (finite, or NaN when significand is null)

    private LongDouble(BigInteger significand, int exponent, int infinity) {
        this.significand = significand;
        this.exponent = exponent;
        this.infinity = infinity;
    }

    /** A long converts exactly: 64 bits of significand hold any long. */
    public static LongDouble of(long v) {
        return new LongDouble(BigInteger.valueOf(v), 0, 0);
    }

    public boolean isFinite() {
        return significand != null;
    }

    /** The sum rounded to the nearest long double (ties to even); may be infinite or NaN. */
    public LongDouble plus(LongDouble o) {
        if (!isFinite() || !o.isFinite()) {
            if (isNaN() || o.isNaN() || infinity + o.infinity == 0) {
                return NAN; // also inf + -inf
            }
            return infinity != 0 ? this : o;
        }
        int e = Math.min(exponent, o.exponent);
        BigInteger sum = significand.shiftLeft(exponent - e).add(o.significand.shiftLeft(o.exponent - e));
        return round(sum, false, e);
    }

    private boolean isNaN() {
        return significand == null && infinity == 0;
    }

    /**
     * Parses text as Valkey's string2ld does: the whole text must be a strtold number (decimal,
     * hexadecimal with optional binary exponent, inf or infinity), without surrounding spaces;
     * NaN, overflow to infinity and underflow to zero are rejected.
     *
     * @return the value, or null if the text is not a valid float
     */
    public static LongDouble parse(byte[] text) {
        int n = text.length;
        if (n == 0 || n > MAX_TEXT) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i = 1;
        }
        LongDouble v;
        if (matchesIgnoreCase(text, i, "infinity") || matchesIgnoreCase(text, i, "inf")) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        } else if (n - i > 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            v = parseHex(text, i + 2, negative);
        } else {
            v = parseDecimal(text, i, negative);
        }
        return v;
    }

    private static boolean matchesIgnoreCase(byte[] text, int from, String word) {
        if (text.length - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase((char) (text[from + i] & 0xFF)) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** digits [. digits] [e [sign] digits], at least one mantissa digit. */
    private static LongDouble parseDecimal(byte[] text, int i, boolean negative) {
        int n = text.length;
        StringBuilder digits = new StringBuilder(n);
        int fractionDigits = 0;
        boolean seenDot = false;
        boolean anyDigit = false;
        for (; i < n; i++) {
            byte b = text[i];
            if (b >= '0' && b <= '9') {
                anyDigit = true;
                if (digits.length() > 0 || b != '0') {
                    digits.append((char) b);
                }
                if (seenDot) {
                    fractionDigits++;
                }
            } else if (b == '.' && !seenDot) {
                seenDot = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null;
        }
        long exp10 = 0;
        if (i < n) {
            if (text[i] != 'e' && text[i] != 'E') {
                return null;
            }
            long e = parseExponent(text, i + 1);
            if (e == Long.MIN_VALUE) {
                return null;
            }
            exp10 = e;
        }
        if (digits.length() == 0) {
            return ZERO; // zero with any exponent is zero, sign irrelevant for our uses
        }
        BigInteger mantissa = new BigInteger(digits.toString());
        if (negative) {
            mantissa = mantissa.negate();
        }
        long scale = exp10 - fractionDigits;
        if (scale > 20000) {
            return null; // far beyond the largest long double: overflow
        }
        if (scale < -30000) {
            return null; // far below the smallest subnormal: underflow to zero
        }
        if (scale >= 0) {
            return finite(round(mantissa.multiply(BigInteger.TEN.pow((int) scale)), false, 0));
        }
        return finite(divide(mantissa, BigInteger.TEN.pow((int) -scale)));
    }

    /** hexdigits [. hexdigits] [p [sign] digits], at least one hex digit. */
    private static LongDouble parseHex(byte[] text, int i, boolean negative) {
        int n = text.length;
        BigInteger mantissa = BigInteger.ZERO;
        long fractionDigits = 0;
        boolean seenDot = false;
        boolean anyDigit = false;
        for (; i < n; i++) {
            int d = Character.digit((char) (text[i] & 0xFF), 16);
            if (d >= 0) {
                anyDigit = true;
                mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(d));
                if (seenDot) {
                    fractionDigits++;
                }
            } else if (text[i] == '.' && !seenDot) {
                seenDot = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null;
        }
        long exp2 = 0;
        if (i < n) {
            if (text[i] != 'p' && text[i] != 'P') {
                return null;
            }
            long e = parseExponent(text, i + 1);
            if (e == Long.MIN_VALUE) {
                return null;
            }
            exp2 = e;
        }
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        if (negative) {
            mantissa = mantissa.negate();
        }
        long e = exp2 - 4 * fractionDigits;
        if (e > 100000 || e < -100000) {
            return null; // certainly overflows or underflows
        }
        return finite(round(mantissa, false, (int) e));
    }

    /** [sign] digits to the end of the text, clamped to +-10^9; Long.MIN_VALUE if malformed. */
    private static long parseExponent(byte[] text, int i) {
        int n = text.length;
        boolean negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i >= n) {
            return Long.MIN_VALUE;
        }
        long e = 0;
        for (; i < n; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return Long.MIN_VALUE;
            }
            e = Math.min(e * 10 + (text[i] - '0'), 1_000_000_000L);
        }
        return negative ? -e : e;
    }

    /** Overflow to infinity and underflow to zero are both parse errors (ERANGE in strtold). */
    private static LongDouble finite(LongDouble v) {
        return v.isFinite() && v != UNDERFLOW ? v : null;
    }

    /** Marker for a non-zero value that rounded to zero. */
    private static final LongDouble UNDERFLOW = new LongDouble(BigInteger.ZERO, 0, 0);

    /** num / den rounded to a long double (den positive). */
    private static LongDouble divide(BigInteger num, BigInteger den) {
        // Enough quotient bits for a 64-bit significand plus guard bits; the remainder is the sticky bit.
        int shift = PRECISION + 2 + den.bitLength() - num.abs().bitLength();
        if (shift < 0) {
            shift = 0;
        }
        BigInteger[] qr = num.shiftLeft(shift).divideAndRemainder(den);
        return round(qr[0], qr[1].signum() != 0, -shift);
    }

    /**
     * value * 2^exp (value exact, {@code sticky} set if the true value is a little larger in
     * magnitude) rounded to 64 significant bits, ties to even, with subnormals and overflow.
     */
    private static LongDouble round(BigInteger value, boolean sticky, int exp) {
        if (value.signum() == 0) {
            return sticky ? UNDERFLOW : ZERO;
        }
        boolean negative = value.signum() < 0;
        BigInteger mag = value.abs();
        int lsb = Math.max(exp + mag.bitLength() - PRECISION, MIN_LSB_EXPONENT);
        int drop = lsb - exp;
        if (drop > 0) {
            BigInteger kept = mag.shiftRight(drop);
            BigInteger rest = mag.subtract(kept.shiftLeft(drop));
            int cmp = rest.shiftLeft(1).compareTo(BigInteger.ONE.shiftLeft(drop));
            if (cmp > 0 || (cmp == 0 && (sticky || kept.testBit(0)))) {
                kept = kept.add(BigInteger.ONE);
            }
            if (kept.bitLength() > PRECISION) { // rounded up to a power of two
                kept = kept.shiftRight(1);
                lsb++;
            }
            mag = kept;
            exp = lsb;
        }
        if (mag.signum() == 0) {
            return UNDERFLOW;
        }
        if (exp + mag.bitLength() > MAX_EXPONENT) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        // Keep a canonical form: no trailing zero bits.
        int zeros = mag.getLowestSetBit();
        if (zeros > 0) {
            mag = mag.shiftRight(zeros);
            exp += zeros;
        }
        return new LongDouble(negative ? mag.negate() : mag, exp, 0);
    }

    /**
     * The value as {@code printf("%.17Lf")} prints it with trailing zeros (and a bare point)
     * removed, and "-0" written "0": Valkey's human-friendly form, which never uses an exponent.
     */
    public byte[] toHumanText() {
        if (!isFinite()) {
            return (isNaN() ? "nan" : infinity > 0 ? "inf" : "-inf").getBytes(StandardCharsets.US_ASCII);
        }
        if (significand.bitLength() + exponent < -60) {
            return new byte[] {'0'}; // below 2^-60: nothing survives 17 decimals (and no "-0")
        }
        BigDecimal exact = exponent >= 0
                ? new BigDecimal(significand.shiftLeft(exponent))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        // BigDecimal has no negative zero, so a tiny negative value already prints "0".
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return new String(toHumanText(), StandardCharsets.US_ASCII);
    }
}
