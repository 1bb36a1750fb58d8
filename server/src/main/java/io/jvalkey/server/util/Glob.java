package io.jvalkey.server.util;

/**
 * Glob-style matching with the exact semantics of Valkey's {@code stringmatchlen}, because KEYS,
 * SCAN MATCH, CONFIG GET and PSUBSCRIBE users rely on its corner cases:
 * <ul>
 *   <li>{@code *} any run, {@code ?} one byte, {@code [abc]}, {@code [^abc]}, {@code [a-z]} (ends may be
 *       given in either order), {@code \x} a literal x;</li>
 *   <li>an empty string matches nothing but the empty pattern (not even {@code *});</li>
 *   <li>a trailing backslash is a literal backslash; an unterminated class ends at the pattern's end;
 *       {@code [a-]} is the range from {@code ]} to {@code a} (the dash takes the closing bracket);
 *       {@code [^} matches any byte; an escape inside a class is always case-sensitive;</li>
 *   <li>bytes compare as C's signed chars (so ranges with bytes >= 0x80 order as negatives) and
 *       case folding is ASCII-only (Valkey runs in the C locale), with glibc's quirk for
 *       negative chars (see {@link #lower});</li>
 *   <li>recursion deeper than 1000 stars fails the match instead of exhausting the stack.</li>
 * </ul>
 * Once the rest of a pattern after a star has failed at every position of the string, no
 * earlier star can make it match by consuming more, so the whole match stops there: this keeps
 * patterns like {@code *a*a*a*a*b} linear instead of exponential, as in Valkey.
 */
public final class Glob {
    private static final int NO = 0;
    private static final int YES = 1;
    /** No match, and no earlier star needs to try longer runs. */
    private static final int GIVE_UP = 2;
    private static final int MAX_NESTING = 1000;

    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase, 0) == YES;
    }

    private static int match(byte[] p, int pi, byte[] s, int si, boolean nocase, int nesting) {
        if (nesting > MAX_NESTING) {
            return NO;
        }
        int pl = p.length;
        int sl = s.length;
        while (pi < pl && si < sl) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < pl && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == pl) {
                        return YES;
                    }
                    // Try the rest of the pattern at every non-empty suffix of the string.
                    for (; si < sl; si++) {
                        int r = match(p, pi + 1, s, si, nocase, nesting + 1);
                        if (r != NO) {
                            return r;
                        }
                    }
                    return GIVE_UP;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean negate = pi < pl && p[pi] == '^';
                    if (negate) {
                        pi++;
                    }
                    boolean hit = false;
                    while (true) {
                        if (pi + 1 < pl && p[pi] == '\\') {
                            pi++;
                            if (p[pi] == s[si]) {
                                hit = true;
                            }
                        } else if (pi < pl && p[pi] == ']') {
                            break;
                        } else if (pi >= pl) {
                            pi--; // unterminated: the step below lands exactly on the end
                            break;
                        } else if (pi + 2 < pl && p[pi + 1] == '-') {
                            int lo = p[pi];
                            int hi = p[pi + 2];
                            int c = s[si];
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            if (nocase) {
                                lo = lower(lo);
                                hi = lower(hi);
                                c = lower(c);
                            }
                            pi += 2;
                            if (c >= lo && c <= hi) {
                                hit = true;
                            }
                        } else if (same(p[pi], s[si], nocase)) {
                            hit = true;
                        }
                        pi++;
                    }
                    if (negate) {
                        hit = !hit;
                    }
                    if (!hit) {
                        return NO;
                    }
                    si++;
                }
                default -> {
                    if (p[pi] == '\\' && pi + 1 < pl) {
                        pi++;
                    }
                    if (!same(p[pi], s[si], nocase)) {
                        return NO;
                    }
                    si++;
                }
            }
            pi++;
            if (si == sl) {
                while (pi < pl && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == pl && si == sl ? YES : NO;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a) == lower(b));
    }

    /**
     * glibc's tolower in the C locale on a signed char: ASCII letters fold, and negative values
     * other than -1 (EOF, returned as is) come back as their unsigned byte (its table maps
     * -128..-2 like 128..254), which matters for nocase ranges such as {@code [\x85-z]}.
     */
    private static int lower(int c) {
        if (c < -1) {
            return c & 0xFF;
        }
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
