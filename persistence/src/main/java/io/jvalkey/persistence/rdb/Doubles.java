package io.jvalkey.persistence.rdb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Shortest round-trip text of a double in the style of C's %.17g output. */
final class Doubles {
    private Doubles() {}

    static byte[] toText(double d) {
        String s;
        if (Double.isInfinite(d)) {
            s = d > 0 ? "inf" : "-inf";
        } else if (d == 0) {
            s = 1 / d < 0 ? "-0" : "0";
        } else {
            BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            int exponent = b.precision() - b.scale() - 1;
            if (exponent < -4 || exponent >= 17) {
                String digits = b.unscaledValue().abs().toString();
                String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
                s = (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            } else {
                s = b.toPlainString();
            }
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
