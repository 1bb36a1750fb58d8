package io.jvalkey.server.protocol;

import java.math.BigDecimal;

/** Number formatting and parsing with Valkey's rules (inf, -inf, shortest round-trip form). */
public final class Doubles {
    private Doubles() {}

    /** Shortest text that reads back to the same double, as Valkey's %.17g-based fpconv prints it. */
    public static String format(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        // Java writes 1.0E-5; Valkey writes 1.0000000000000001e-05 style for %.17g only when needed:
        // its shortest form is mantissa + "e" + sign + at least two exponent digits.
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        if (exp >= -4 && exp < 17) {
            return new BigDecimal(s).toPlainString();
        }
        String sign = exp < 0 ? "-" : "+";
        int abs = Math.abs(exp);
        return mantissa + "e" + sign + (abs < 10 ? "0" : "") + abs;
    }

    /**
     * Long-double style formatting used by INCRBYFLOAT and HINCRBYFLOAT: up to 17 significant
     * digits, no exponent, trailing zeros trimmed.
     */
    public static String formatHumanFriendly(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(17));
        String s = bd.stripTrailingZeros().toPlainString();
        return s;
    }
}
