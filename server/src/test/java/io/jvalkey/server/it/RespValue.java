package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reply as it came off the wire, keeping its RESP type, so tests can compare replies exactly
 * (type and content) between jvalkey and redis-server.
 */
public record RespValue(char type, byte[] data, List<RespValue> items) {
    public static RespValue scalar(char type, byte[] data) {
        return new RespValue(type, data, null);
    }

    public static RespValue aggregate(char type, List<RespValue> items) {
        return new RespValue(type, null, items);
    }

    public boolean isError() {
        return type == '-';
    }

    public boolean isNull() {
        return type == '_' || ((type == '$' || type == '*') && data == null && items == null);
    }

    public String text() {
        return data == null ? null : new String(data, UTF_8);
    }

    public long integer() {
        if (type != ':') {
            throw new IllegalStateException("not an integer reply: " + this);
        }
        return Long.parseLong(text());
    }

    public List<RespValue> items() {
        return items;
    }

    /** The same value with aggregate items sorted (for commands whose order is unspecified). */
    public RespValue sorted() {
        if (items == null) {
            return this;
        }
        List<RespValue> copy = new ArrayList<>(items);
        if (type == '%') {
            // Sort maps by key, keeping pairs.
            List<List<RespValue>> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < copy.size(); i += 2) {
                pairs.add(List.of(copy.get(i), copy.get(i + 1)));
            }
            pairs.sort((a, b) -> a.get(0).toString().compareTo(b.get(0).toString()));
            copy.clear();
            pairs.forEach(copy::addAll);
        } else {
            copy.sort((a, b) -> a.toString().compareTo(b.toString()));
        }
        return aggregate(type, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespValue v && v.type == type && Arrays.equals(v.data, data)
                && (items == null ? v.items == null : items.equals(v.items));
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(data);
    }

    /** Compact text: {@code +OK}, {@code $"bar"}, {@code :3}, {@code *[...]}, {@code -ERR ...}. */
    @Override
    public String toString() {
        if (items != null) {
            StringBuilder sb = new StringBuilder().append(type).append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(items.get(i));
            }
            return sb.append(']').toString();
        }
        if (data == null) {
            return type + "null";
        }
        return type == '$' || type == '=' ? type + "\"" + text().replace("\n", "\\n").replace("\r", "\\r") + "\"" : type + text();
    }
}
