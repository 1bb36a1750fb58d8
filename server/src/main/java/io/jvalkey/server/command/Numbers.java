package io.jvalkey.server.command;

/** Valkey's strict number parsing for arguments and string values. */
public final class Numbers {
    private Numbers() {}

    /** Parses like string2ll: optional '-', digits, no '+', no spaces, no leading zeros. */
    public static long parseLong(byte[] b) {
        long v = parseLongOr(b, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !isMinLong(b)) {
            throw CommandError.NOT_INTEGER;
        }
        return v;
    }

    private static boolean isMinLong(byte[] b) {
        return b.length == 20 && new String(b, java.nio.charset.StandardCharsets.US_ASCII).equals("-9223372036854775808");
    }

    /** Like {@link #parseLong} but returns {@code otherwise} instead of throwing. */
    public static long parseLongOr(byte[] b, long otherwise) {
        int n = b.length;
        if (n == 0 || n > 20) {
            return otherwise;
        }
        if (n == 1 && b[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '-') {
            negative = true;
            i = 1;
            if (n == 1) {
                return otherwise;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return otherwise;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return otherwise;
            }
            // Accumulate negatively so Long.MIN_VALUE fits.
            if (v < (Long.MIN_VALUE + d) / 10) {
                return otherwise;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return otherwise;
            }
            return -v;
        }
        return v;
    }

    /** True if the bytes are exactly the canonical text of a long (what OBJECT ENCODING calls int). */
    public static boolean isCanonicalLong(byte[] b) {
        return b.length > 0 && b.length <= 20 && (parseLongOr(b, Long.MIN_VALUE) != Long.MIN_VALUE || isMinLong(b));
    }

    /** Parses like strtod as Valkey uses it: no spaces, no NaN; "inf", "+inf", "-inf" accepted. */
    public static double parseDouble(byte[] b) {
        double d = parseDoubleOr(b, Double.NaN);
        if (Double.isNaN(d)) {
            throw CommandError.NOT_FLOAT;
        }
        return d;
    }

    private static final java.util.regex.Pattern HEX_FLOAT =
            java.util.regex.Pattern.compile("[+-]?0[xX](\\p{XDigit}+\\.?\\p{XDigit}*|\\.\\p{XDigit}+)([pP][+-]?\\d+)?");

    public static double parseDoubleOr(byte[] b, double otherwise) {
        if (b.length == 0 || b.length > 5000) {
            return otherwise;
        }
        String s = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
            return otherwise;
        }
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (HEX_FLOAT.matcher(s).matches()) {
            // strtod reads hex floats too (the binary exponent is optional there, not in Java).
            double d = Double.parseDouble(s.indexOf('p') < 0 && s.indexOf('P') < 0 ? s + "p0" : s);
            return Double.isNaN(d) ? otherwise : d;
        }
        // Java accepts forms strtod does not (trailing 'd'/'f', hex floats written differently).
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return otherwise;
            }
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? otherwise : d;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
