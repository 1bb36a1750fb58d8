package io.jvalkey.server.commands.zsets;

import io.jvalkey.server.command.CommandError;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Number and range arguments of the sorted-set commands, read as Valkey reads them: scores with
 * string2d (C strtod on the whole text, no leading space, no NaN, no overflow), score ranges with
 * plain strtod after an optional '(' and lexical ranges as '[x', '(x', '-' or '+'.
 */
public final class ZArgs {
    private ZArgs() {}

    public static final CommandError NOT_FLOAT = new CommandError("ERR value is not a valid float");
    static final CommandError BAD_RANGE = new CommandError("ERR min or max is not a float");
    static final CommandError BAD_LEX_RANGE = new CommandError("ERR min or max not valid string range item");

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

    /**
     * C's strtod over the whole text: NaN when the text is not entirely a number. {@code range}
     * set: strtod's own leniency (leading spaces, "" as 0, 1e999 as inf), as ZRANGEBYSCORE has it.
     */
    static double strtod(String s, boolean range) {
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            s = s.substring(0, nul); // a C string ends there
        }
        if (range) {
            int i = 0;
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            if (s.isEmpty()) {
                return 0; // nothing parsed, and the end of the string is where parsing stopped
            }
            s = s.substring(i);
        }
        if (s.length() > 5000) {
            return Double.NaN;
        }
        if (DECIMAL.matcher(s).matches()) {
            double d = Double.parseDouble(s);
            if (!range && (Double.isInfinite(d) || (d == 0 && hasNonZeroDigit(s)))) {
                return Double.NaN; // ERANGE: overflow, or underflow to zero
            }
            return d;
        }
        if (SPECIAL.matcher(s).matches()) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("nan")) {
                return Double.NaN;
            }
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (HEX.matcher(s).matches()) {
            String t = s.indexOf('p') < 0 && s.indexOf('P') < 0 ? s + "p0" : s;
            try {
                double d = Double.parseDouble(t);
                if (!range && Double.isInfinite(d)) {
                    return Double.NaN;
                }
                return d;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static boolean hasNonZeroDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** A score or weight argument (getDoubleFromObject): NaN when invalid. */
    public static double parseDouble(byte[] arg) {
        if (arg.length == 0 || isSpace((char) arg[0])) {
            return Double.NaN;
        }
        // Fast path for plain integers, the common score.
        if (arg.length < 16) {
            long v = 0;
            int i = arg[0] == '-' ? 1 : 0;
            boolean ok = i < arg.length;
            for (int j = i; j < arg.length && ok; j++) {
                int d = arg[j] - '0';
                if (d < 0 || d > 9) {
                    ok = false;
                } else {
                    v = v * 10 + d;
                }
            }
            if (ok) {
                return i == 1 ? (v == 0 ? -0.0 : -v) : v;
            }
        }
        return strtod(new String(arg, StandardCharsets.ISO_8859_1), false);
    }

    /** A score argument, or "value is not a valid float" (or {@code error} when given). */
    public static double score(byte[] arg, CommandError error) {
        double d = parseDouble(arg);
        if (Double.isNaN(d)) {
            throw error != null ? error : NOT_FLOAT;
        }
        return d;
    }

    /** A score range: [min, max] each with its own exclusivity. */
    public record ScoreRange(double min, boolean minEx, double max, boolean maxEx) {
        public boolean aboveMin(double s) {
            return minEx ? s > min : s >= min;
        }

        public boolean belowMax(double s) {
            return maxEx ? s < max : s <= max;
        }
    }

    static ScoreRange scoreRange(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        double lo = strtod(new String(min, minEx ? 1 : 0, min.length - (minEx ? 1 : 0), StandardCharsets.ISO_8859_1), true);
        double hi = strtod(new String(max, maxEx ? 1 : 0, max.length - (maxEx ? 1 : 0), StandardCharsets.ISO_8859_1), true);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw BAD_RANGE;
        }
        return new ScoreRange(lo, minEx, hi, maxEx);
    }

    /**
     * A lexical range. {@code min}/{@code max} null with the matching infinity flag for '-' and
     * '+'; '-' as max or '+' as min make an empty range.
     */
    public record LexRange(byte[] min, boolean minEx, int minInf, byte[] max, boolean maxEx, int maxInf) {
        /** -1 for '-', +1 for '+', 0 for a value. */
        static int compare(byte[] v, byte[] bound, int boundInf) {
            if (boundInf != 0) {
                return -boundInf;
            }
            return java.util.Arrays.compareUnsigned(v, bound);
        }

        public boolean aboveMin(byte[] v) {
            int c = compare(v, min, minInf);
            return minEx ? c > 0 : c >= 0;
        }

        public boolean belowMax(byte[] v) {
            int c = compare(v, max, maxInf);
            return maxEx ? c < 0 : c <= 0;
        }
    }

    static LexRange lexRange(byte[] min, byte[] max) {
        int[] inf = new int[1];
        boolean[] ex = new boolean[1];
        byte[] lo = lexItem(min, inf, ex);
        int loInf = inf[0];
        boolean loEx = ex[0];
        byte[] hi = lexItem(max, inf, ex);
        return new LexRange(lo, loEx, loInf, hi, ex[0], inf[0]);
    }

    private static byte[] lexItem(byte[] item, int[] inf, boolean[] ex) {
        if (item.length == 0) {
            throw BAD_LEX_RANGE;
        }
        switch (item[0]) {
            case '+', '-' -> {
                if (item.length != 1) {
                    throw BAD_LEX_RANGE;
                }
                inf[0] = item[0] == '+' ? 1 : -1;
                ex[0] = true;
                return null;
            }
            case '(', '[' -> {
                inf[0] = 0;
                ex[0] = item[0] == '(';
                return java.util.Arrays.copyOfRange(item, 1, item.length);
            }
            default -> throw BAD_LEX_RANGE;
        }
    }
}
