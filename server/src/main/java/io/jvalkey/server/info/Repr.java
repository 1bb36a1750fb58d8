package io.jvalkey.server.info;

/** Quoted, escaped text of bytes as Valkey's sdscatrepr writes it (MONITOR, CLIENT LIST, DEBUG). */
public final class Repr {
    private Repr() {}

    public static void append(StringBuilder sb, byte[] b) {
        sb.append('"');
        for (byte x : b) {
            int c = x & 0xFF;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        sb.append('"');
    }

    public static String of(byte[] b) {
        StringBuilder sb = new StringBuilder();
        append(sb, b);
        return sb.toString();
    }
}
