package io.jvalkey.server.config;

import java.util.Locale;

/** valkey.conf memory units: 1k = 1000, 1kb = 1024, likewise m/mb and g/gb. */
public final class Units {
    private Units() {}

    /** Parses digits with an optional unit, as Valkey's memtoull (no sign; empty text is 0). */
    public static long parseBytes(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        long mul = switch (text.substring(i).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000_000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000_000_000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw new NumberFormatException(text);
        };
        if (i == 0) {
            if (i < text.length()) {
                throw new NumberFormatException(text);
            }
            return 0;
        }
        return Math.multiplyExact(Long.parseLong(text.substring(0, i)), mul);
    }

    /** The form CONFIG REWRITE writes: "1gb", "64mb", "10kb" or plain bytes. */
    public static String formatBytes(long bytes) {
        long gb = 1024L * 1024 * 1024;
        long mb = 1024L * 1024;
        if (bytes != 0 && bytes % gb == 0) {
            return bytes / gb + "gb";
        }
        if (bytes != 0 && bytes % mb == 0) {
            return bytes / mb + "mb";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "kb";
        }
        return Long.toString(bytes);
    }

    /** Valkey's bytesToHuman (INFO *_human fields): 1023B, 1.00K, 2.50M ... */
    public static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        for (String u : units) {
            d /= 1024;
            if (d < 1024 || u.equals("P")) {
                return String.format(Locale.ROOT, "%.2f%s", d, u);
            }
        }
        return n + "B";
    }
}
