package io.jvalkey.server.config;

import java.util.Locale;

/** valkey.conf memory units: 1k = 1000, 1kb = 1024, likewise m/mb and g/gb. */
public final class Units {
    private Units() {}

    public static long parseBytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            throw new NumberFormatException(text);
        }
        return Math.multiplyExact(Long.parseLong(s), mul);
    }
}
