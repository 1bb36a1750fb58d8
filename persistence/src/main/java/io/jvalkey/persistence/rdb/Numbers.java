package io.jvalkey.persistence.rdb;

import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with the rules of the C code that wrote the bytes. */
final class Numbers {
    private Numbers() {}

    /** Longest decimal text of a 64-bit integer plus sign and terminator, as LONG_STR_SIZE. */
    private static final int LONG_STR_SIZE = 21;

    /**
     * Parses {@code b[off, off+len)} as listpacks and RDB's integer detection do: optional
     * '-', no leading zeros (except "0" itself), no '+', no spaces, fits a signed 64-bit long.
     *
     * @return true, with the value in {@code parsed[0]}, when it is such an integer
     */
    static boolean isStrictLong(byte[] b, int off, int len, long[] parsed) {
        if (len == 0 || len >= LONG_STR_SIZE) {
            return false;
        }
        if (len == 1 && b[off] == '0') {
            parsed[0] = 0;
            return true;
        }
        int p = off;
        int end = off + len;
        boolean negative = false;
        if (b[p] == '-') {
            negative = true;
            p++;
            if (p == end) {
                return false;
            }
        }
        if (b[p] < '1' || b[p] > '9') {
            return false;
        }
        long v = 0; // accumulated as a negative number to reach Long.MIN_VALUE
        for (; p < end; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return false;
            }
            v = -v;
        }
        parsed[0] = v;
        return true;
    }

    /** Parses a double the way strtod does for RDB text scores; throws NumberFormatException. */
    static double parseDouble(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.US_ASCII);
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (t.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                throw new NumberFormatException(s);
            }
        }
        return Double.parseDouble(s);
    }
}
