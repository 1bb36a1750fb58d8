package io.jvalkey.server.command;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One key specification as COMMAND INFO prints it: where the search for keys begins (an index,
 * or after a keyword) and how keys are found from there (a range, or a count argument).
 * Flags use Valkey's names: RO RW OW RM access update insert delete not_key incomplete variable_flags.
 */
public record KeySpec(List<String> flags, String notes, BeginSearch begin, FindKeys find,
        java.util.function.Function<byte[][], int[]> finder) {
    /** Valkey's flag names in the order it prints them, whatever order a declaration uses. */
    private static final List<String> FLAG_ORDER = List.of("RO", "RW", "OW", "RM", "access", "update", "insert",
            "delete", "not_key", "incomplete", "variable_flags");

    public KeySpec(List<String> flags, String notes, BeginSearch begin, FindKeys find) {
        this(flags, notes, begin, find, null);
    }

    /**
     * An "unknown" spec (COMMAND INFO shows it so) whose keys code can still find, as Valkey's
     * getkeys procedures do (SORT's STORE key).
     */
    public KeySpec withFinder(java.util.function.Function<byte[][], int[]> f) {
        return new KeySpec(flags, notes, begin, find, f);
    }

    public KeySpec {
        for (String f : flags) {
            if (!FLAG_ORDER.contains(f)) {
                throw new IllegalArgumentException("unknown key spec flag " + f);
            }
        }
        flags = flags.stream().sorted(Comparator.comparingInt(FLAG_ORDER::indexOf)).toList();
    }

    /** begin_search: type "index" (pos) or "keyword" (keyword, startfrom) or "unknown". */
    public record BeginSearch(String type, int index, String keyword, int startFrom) {}

    /** find_keys: type "range" (lastkey, keystep, limit), "keynum" (keynumidx, firstkey, keystep) or "unknown". */
    public record FindKeys(String type, int lastKey, int keyStep, int limit, int keyNumIdx, int firstKey) {}

    /** The same spec with a note that COMMAND INFO shows (why its flags are what they are). */
    public KeySpec withNotes(String text) {
        return new KeySpec(flags, text, begin, find, finder);
    }

    /** Keys from argument {@code index}: {@code lastKey} relative to it (-1 = the last argument), every {@code step}. */
    public static KeySpec range(int index, int lastKey, int step, String... flags) {
        return new KeySpec(List.of(flags), null, new BeginSearch("index", index, null, 0),
                new FindKeys("range", lastKey, step, 0, 0, 0));
    }

    /** Keys after a keyword found from {@code startFrom} (negative: search backwards from the end). */
    public static KeySpec keyword(String keyword, int startFrom, int lastKey, int step, String... flags) {
        return new KeySpec(List.of(flags), null, new BeginSearch("keyword", 0, keyword, startFrom),
                new FindKeys("range", lastKey, step, 0, 0, 0));
    }

    /** A count at {@code index + keyNumIdx}, then that many keys from {@code index + firstKey}. */
    public static KeySpec keynum(int index, int keyNumIdx, int firstKey, int step, String... flags) {
        return new KeySpec(List.of(flags), null, new BeginSearch("index", index, null, 0),
                new FindKeys("keynum", 0, step, 0, keyNumIdx, firstKey));
    }

    /**
     * The key positions this spec finds in {@code argv} (argv[0] is the command name), or null
     * when the arguments do not fit it (e.g. a bad key count).
     */
    public int[] positions(byte[][] argv) {
        if (finder != null) {
            return finder.apply(argv);
        }
        int start;
        int argc = argv.length;
        switch (begin.type()) {
            case "index" -> start = begin.index();
            case "keyword" -> {
                start = -1;
                int from = begin.startFrom();
                int step = from >= 0 ? 1 : -1;
                int i = from >= 0 ? from : argc + from;
                for (; i > 0 && i < argc; i += step) {
                    if (new String(argv[i], java.nio.charset.StandardCharsets.UTF_8).equalsIgnoreCase(begin.keyword())) {
                        start = i + 1;
                        break;
                    }
                }
                if (start < 0) {
                    return new int[0];
                }
            }
            default -> {
                return new int[0];
            }
        }
        if (start >= argc) {
            return new int[0];
        }
        int first;
        int last;
        int step = Math.max(find.keyStep(), 1);
        if (find.type().equals("keynum")) {
            int idx = start + find.keyNumIdx();
            if (idx >= argc) {
                return null;
            }
            long n;
            try {
                n = Long.parseLong(new String(argv[idx], java.nio.charset.StandardCharsets.UTF_8));
            } catch (NumberFormatException e) {
                return null;
            }
            first = start + find.firstKey();
            last = (int) Math.min(first + (n - 1) * step, Integer.MAX_VALUE);
            if (n <= 0 || last >= argc) {
                return n == 0 ? new int[0] : null;
            }
        } else if (find.type().equals("range")) {
            first = start;
            last = find.lastKey() >= 0 ? start + find.lastKey() : argc + find.lastKey();
            if (find.limit() > 1 && find.lastKey() < 0) {
                last = first + ((argc - first) / find.limit()) - 1;
            }
            if (last >= argc) {
                return null;
            }
        } else {
            return new int[0];
        }
        if (last < first) {
            return new int[0];
        }
        int n = (last - first) / step + 1;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = first + i * step;
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(",", flags).toLowerCase(Locale.ROOT) + "@" + begin + "/" + find;
    }
}
