package io.jvalkey.server.commands.sort;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.types.hash.HashValue;

/**
 * SORT's BY and GET patterns: "#" is the element itself; otherwise the first '*' is replaced by
 * the element to name a key, whose string value is used, or with "->field" after the '*' the
 * value of that field of the hash at that key. A pattern without '*', a missing key or field, or
 * a key of another type gives nothing.
 */
final class SortPattern {
    private SortPattern() {}

    static boolean isElement(byte[] pattern) {
        return pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0);
    }

    /** The first '*' as C's strchr finds it (the pattern ends at a NUL byte), or -1. */
    static int star(byte[] p) {
        for (int i = 0; i < p.length && p[i] != 0; i++) {
            if (p[i] == '*') {
                return i;
            }
        }
        return -1;
    }

    static byte[] lookup(CommandContext c, byte[] pattern, byte[] element) {
        if (isElement(pattern)) {
            return element;
        }
        int star = star(pattern);
        if (star < 0) {
            return null;
        }
        // "->" after the '*' with something after it makes the rest a hash field name.
        int arrow = -1;
        for (int i = star + 1; i + 1 < pattern.length && pattern[i] != 0; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        if (arrow >= 0 && (arrow + 2 >= pattern.length || pattern[arrow + 2] == 0)) {
            arrow = -1;
        }
        int keyTailEnd = arrow >= 0 ? arrow : pattern.length;
        byte[] key = new byte[star + element.length + keyTailEnd - star - 1];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyTailEnd - star - 1);
        Entry e = c.db().lookupRead(key, c.client().noTouch());
        if (e == null) {
            return null;
        }
        Object v = e.value();
        if (arrow >= 0) {
            byte[] field = java.util.Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            return v instanceof HashValue h ? field(h, field) : null;
        }
        return v instanceof byte[] s ? s : null;
    }

    /** A field's value; a field past its deadline counts as missing. */
    private static byte[] field(HashValue h, byte[] field) {
        int i = h.find(field);
        if (i < 0) {
            return null;
        }
        long deadline = h.expireAtIndex(i);
        return deadline != HashValue.NO_EXPIRY && deadline < Clock.nowMillis() ? null : h.valueAt(i);
    }
}
