package io.jvalkey.server.util;

/**
 * Glob-style matching as Valkey's stringmatchlen: {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, and backslash escapes; optionally case-insensitive.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
        if (depth > 1000) {
            return false; // pathological patterns: give up as Valkey does past its nesting limit
        }
        while (pi < p.length && si <= s.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean hit = false;
                    while (true) {
                        if (pi >= p.length) {
                            pi--; // unterminated class: treat the end as ']'
                            break;
                        }
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (eq(p[pi], s[si], nocase)) {
                                hit = true;
                            }
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int a = p[pi] & 0xFF;
                            int b = p[pi + 2] & 0xFF;
                            int x = s[si] & 0xFF;
                            if (a > b) {
                                int t = a;
                                a = b;
                                b = t;
                            }
                            if (nocase) {
                                a = Character.toLowerCase(a);
                                b = Character.toLowerCase(b);
                                x = Character.toLowerCase(x);
                            }
                            pi += 2;
                            if (x >= a && x <= b) {
                                hit = true;
                            }
                        } else if (eq(p[pi], s[si], nocase)) {
                            hit = true;
                        }
                        pi++;
                    }
                    if (not) {
                        hit = !hit;
                    }
                    if (!hit) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || !eq(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || !eq(c, s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == s.length) {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == p.length && si == s.length;
    }

    private static boolean eq(byte a, byte b, boolean nocase) {
        if (a == b) {
            return true;
        }
        return nocase && Character.toLowerCase(a & 0xFF) == Character.toLowerCase(b & 0xFF);
    }
}
