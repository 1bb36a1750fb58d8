package io.jvalkey.server.commands.sort;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.Supplier;

/**
 * A sort weight read as Valkey's SORT reads it: C's strtod over the value as a C string (it ends
 * at a NUL byte), accepted only if the whole string was consumed, the result did not overflow or
 * underflow, and it is not NaN. So leading spaces, a '+' sign, hex ("0x1A", "0x1p4"), "inf" and
 * "infinity" are accepted, and the empty string counts as 0.
 */
final class SortScore {
    private SortScore() {}

    /** The weight, or NaN where Valkey reports "One or more scores can't be converted into double". */
    static double parse(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0; // strtod converts nothing and stops at the terminator: no error
        }
        int i = 0;
        while (i < end && isSpace(b[i])) {
            i++;
        }
        boolean negative = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        double v;
        int word = matchWord(b, i, end);
        if (word > 0) {
            // "inf", "infinity" or "nan"; the rest must be nothing.
            if (i + word != end || lower(b[i]) == 'n') {
                return Double.NaN;
            }
            v = Double.POSITIVE_INFINITY;
        } else if (i + 1 < end && b[i] == '0' && lower(b[i + 1]) == 'x' && i + 2 < end && hexStart(b, i + 2, end)) {
            v = hex(b, i + 2, end);
        } else {
            v = decimal(b, i, end);
        }
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        return negative ? -v : v;
    }

    /** Length of "infinity", "inf" or "nan" (any case) at i, or 0. */
    private static int matchWord(byte[] b, int i, int end) {
        for (String w : new String[] {"infinity", "inf", "nan"}) {
            if (end - i >= w.length()) {
                boolean ok = true;
                for (int k = 0; k < w.length() && ok; k++) {
                    ok = lower(b[i + k]) == w.charAt(k);
                }
                if (ok) {
                    return w.length();
                }
            }
        }
        return 0;
    }

    private static boolean hexStart(byte[] b, int i, int end) {
        return isHex(b[i]) || (b[i] == '.' && i + 1 < end && isHex(b[i + 1]));
    }

    /** Digits [. digits] [e [sign] digits], all of it to the end; NaN if anything is left or out of range. */
    private static double decimal(byte[] b, int start, int end) {
        int i = start;
        int digits = 0;
        boolean nonZero = false;
        while (i < end && isDigit(b[i])) {
            nonZero |= b[i] != '0';
            i++;
            digits++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && isDigit(b[i])) {
                nonZero |= b[i] != '0';
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < end && lower(b[i]) == 'e') {
            int j = i + 1;
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < end && isDigit(b[j])) {
                while (j < end && isDigit(b[j])) {
                    j++;
                }
                i = j;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        String text = new String(b, start, i - start, US_ASCII).replace(".e", ".0e").replace(".E", ".0E");
        double v = Double.parseDouble(text);
        return inRange(v, nonZero, () -> new BigDecimal(text));
    }

    /** Hex digits [. hex digits] [p [sign] digits] from i (after "0x"), all of it to the end. */
    private static double hex(byte[] b, int start, int end) {
        int i = start;
        boolean nonZero = false;
        while (i < end && isHex(b[i])) {
            nonZero |= b[i] != '0';
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && isHex(b[i])) {
                nonZero |= b[i] != '0';
                i++;
            }
        }
        String mantissa = new String(b, start, i - start, US_ASCII);
        String exponent = "0";
        if (i < end && lower(b[i]) == 'p') {
            int j = i + 1;
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            if (j < end && isDigit(b[j])) {
                while (j < end && isDigit(b[j])) {
                    j++;
                }
                exponent = new String(b, i + 1, j - i - 1, US_ASCII);
                i = j;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        if (mantissa.endsWith(".")) {
            mantissa = mantissa + "0";
        }
        double v;
        try {
            v = Double.parseDouble("0x" + mantissa + "p" + exponent);
        } catch (NumberFormatException e) {
            // An exponent too long for Java's parser: far out of range either way.
            v = exponent.startsWith("-") ? 0 : Double.POSITIVE_INFINITY;
        }
        String hexDigits = mantissa;
        String exp = exponent;
        return inRange(v, nonZero, () -> exactHex(hexDigits, Integer.parseInt(exp)));
    }

    /**
     * glibc's strtod reports ERANGE on overflow, and on underflow: a non-zero input that became 0,
     * or a subnormal result that is not exactly the input.
     */
    private static double inRange(double v, boolean nonZeroInput, Supplier<BigDecimal> exact) {
        if (Double.isInfinite(v)) {
            return Double.NaN;
        }
        if (nonZeroInput && v == 0) {
            return Double.NaN;
        }
        if (v != 0 && Math.abs(v) < Double.MIN_NORMAL && new BigDecimal(Math.abs(v)).compareTo(exact.get().abs()) != 0) {
            return Double.NaN;
        }
        return v;
    }

    /** The exact value of hex digits with an optional point, times 2^exponent (subnormal range only). */
    private static BigDecimal exactHex(String digits, int exponent) {
        int point = digits.indexOf('.');
        String all = point < 0 ? digits : digits.substring(0, point) + digits.substring(point + 1);
        int scale = point < 0 ? 0 : digits.length() - point - 1;
        BigDecimal m = new BigDecimal(new BigInteger(all.isEmpty() ? "0" : all, 16));
        int e = exponent - 4 * scale;
        BigDecimal two = BigDecimal.valueOf(2);
        return e >= 0 ? m.multiply(two.pow(e)) : m.divide(two.pow(-e));
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
