package io.jvalkey.persistence.aof;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The manifest of a multi-part AOF (Valkey 7+ layout): which base file, history files and
 * incremental files make up the append-only data, in load order. One line per file:
 * {@code file <name> seq <n> type <b|h|i>}; the base comes first, then history, then incr files
 * with increasing sequence numbers. Names follow {@code <appendfilename>.<seq>.base.rdb|.aof},
 * {@code <appendfilename>.<seq>.incr.aof}; the manifest itself is {@code <appendfilename>.manifest}.
 */
public final class AofManifest {
    public enum Type {
        BASE('b'), HISTORY('h'), INCR('i');

        final char code;

        Type(char code) {
            this.code = code;
        }

        static Type of(char c) {
            for (Type t : values()) {
                if (t.code == c) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One file listed in the manifest. */
    public record FileInfo(String name, long seq, Type type) {
        FileInfo withType(Type t) {
            return new FileInfo(name, seq, t);
        }
    }

    /** A manifest that could not be parsed: the line number and text Valkey would show. */
    public static final class FormatException extends Exception {
        public final int line;
        public final String text;

        FormatException(String message, int line, String text) {
            super(message);
            this.line = line;
            this.text = text;
        }
    }

    public static final String MANIFEST_SUFFIX = ".manifest";
    public static final String TEMP_PREFIX = "temp-";

    private final String prefix;  // appendfilename
    private FileInfo base;
    private final List<FileInfo> history = new ArrayList<>();
    private final List<FileInfo> incrs = new ArrayList<>();
    private long baseSeq;
    private long incrSeq;

    public AofManifest(String appendFilename) {
        this.prefix = appendFilename;
    }

    public FileInfo base() {
        return base;
    }

    public List<FileInfo> history() {
        return List.copyOf(history);
    }

    public List<FileInfo> incrs() {
        return List.copyOf(incrs);
    }

    public String manifestName() {
        return prefix + MANIFEST_SUFFIX;
    }

    public String tempManifestName() {
        return TEMP_PREFIX + prefix + MANIFEST_SUFFIX;
    }

    /** The incr file being appended to (the last one), or null. */
    public FileInfo lastIncr() {
        return incrs.isEmpty() ? null : incrs.get(incrs.size() - 1);
    }

    /**
     * Starts a new base file ({@code rdb} true for an RDB-preamble base): the old base becomes
     * history. Returns the new base's name.
     */
    public String newBase(boolean rdb) {
        if (base != null) {
            history.add(base.withType(Type.HISTORY));
        }
        baseSeq++;
        base = new FileInfo(prefix + "." + baseSeq + ".base" + (rdb ? ".rdb" : ".aof"), baseSeq, Type.BASE);
        return base.name();
    }

    /** Adds a new incremental file after the existing ones; returns its name. */
    public String newIncr() {
        incrSeq++;
        FileInfo f = new FileInfo(prefix + "." + incrSeq + ".incr.aof", incrSeq, Type.INCR);
        incrs.add(f);
        return f.name();
    }

    /** After a rewrite: every incr file except the newest {@code keep} becomes history. */
    public void incrsBeforeLastBecomeHistory(int keep) {
        while (incrs.size() > keep) {
            history.add(incrs.remove(0).withType(Type.HISTORY));
        }
    }

    /** Forgets the history files (once deleted). */
    public List<FileInfo> takeHistory() {
        List<FileInfo> h = List.copyOf(history);
        history.clear();
        return h;
    }

    /** Files to load, in order: base then incrs. */
    public List<FileInfo> loadOrder() {
        List<FileInfo> out = new ArrayList<>();
        if (base != null) {
            out.add(base);
        }
        out.addAll(incrs);
        return out;
    }

    /** Sets the base to an existing file name (upgrade of an old single-file AOF). */
    public void adoptBase(String name) {
        base = new FileInfo(name, 1, Type.BASE);
        baseSeq = 1;
    }

    public AofManifest copy() {
        AofManifest m = new AofManifest(prefix);
        m.base = base;
        m.history.addAll(history);
        m.incrs.addAll(incrs);
        m.baseSeq = baseSeq;
        m.incrSeq = incrSeq;
        return m;
    }

    /** The manifest text: base, then history, then incr files. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            line(sb, base);
        }
        history.forEach(f -> line(sb, f));
        incrs.forEach(f -> line(sb, f));
        return sb.toString();
    }

    private static void line(StringBuilder sb, FileInfo f) {
        sb.append("file ").append(quoteIfNeeded(f.name())).append(" seq ").append(f.seq())
                .append(" type ").append(f.type().code).append('\n');
    }

    /** Names with spaces or odd characters are written quoted, as Valkey's sdscatrepr does. */
    static String quoteIfNeeded(String name) {
        boolean plain = !name.isEmpty();
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\';
        }
        if (plain) {
            return name;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : name.getBytes(UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 32 && c < 127) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Parses manifest text with Valkey's rules (comments, pairs of keys, monotonic incr seqs). */
    public static AofManifest parse(String appendFilename, String text) throws FormatException {
        AofManifest m = new AofManifest(appendFilename);
        String[] lines = text.split("\n", -1);
        int lineNo = 0;
        long maxIncr = 0;
        boolean any = false;
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (i == lines.length - 1 && raw.isEmpty()) {
                break; // after the final newline
            }
            lineNo++;
            any = true;
            if (raw.startsWith("#")) {
                continue;
            }
            if (i == lines.length - 1) {
                // Valkey reads with fgets: a last line without newline is accepted as long as it fits.
            }
            String line = raw.strip();
            if (line.isEmpty()) {
                throw new FormatException("Invalid AOF manifest file format", lineNo, line);
            }
            List<String> args = splitArgs(line);
            if (args == null || args.size() < 6 || args.size() % 2 != 0) {
                throw new FormatException("Invalid AOF manifest file format", lineNo, line);
            }
            String name = null;
            long seq = 0;
            Type type = null;
            char typeCode = 0;
            for (int a = 0; a < args.size(); a += 2) {
                String k = args.get(a).toLowerCase(Locale.ROOT);
                String v = args.get(a + 1);
                switch (k) {
                    case "file" -> {
                        name = v;
                        if (name.contains("/") || name.contains("\\")) {
                            throw new FormatException("File can't be a path, just a filename", lineNo, line);
                        }
                    }
                    case "seq" -> seq = parseLeadingLong(v);
                    case "type" -> {
                        typeCode = v.isEmpty() ? 0 : v.charAt(0);
                        type = Type.of(typeCode);
                    }
                    default -> { } // unknown keys: forward compatibility
                }
            }
            if (name == null || seq == 0 || typeCode == 0) {
                throw new FormatException("Invalid AOF manifest file format", lineNo, line);
            }
            if (type == null) {
                throw new FormatException("Unknown AOF file type", lineNo, line);
            }
            FileInfo f = new FileInfo(name, seq, type);
            switch (type) {
                case BASE -> {
                    if (m.base != null) {
                        throw new FormatException("Found duplicate base file information", lineNo, line);
                    }
                    m.base = f;
                    m.baseSeq = seq;
                }
                case HISTORY -> m.history.add(f);
                case INCR -> {
                    if (seq <= maxIncr) {
                        throw new FormatException("Found a non-monotonic sequence number", lineNo, line);
                    }
                    m.incrs.add(f);
                    m.incrSeq = seq;
                    maxIncr = seq;
                }
            }
        }
        if (!any) {
            throw new FormatException("Found an empty AOF manifest", 0, null);
        }
        return m;
    }

    private static long parseLeadingLong(String v) {
        // atoll: leading digits, else 0
        int i = 0;
        boolean neg = false;
        if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            neg = v.charAt(i) == '-';
            i++;
        }
        long n = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            n = n * 10 + (v.charAt(i) - '0');
            i++;
        }
        return neg ? -n : n;
    }

    /** Splits like Valkey's sdssplitargs: spaces separate, double and single quotes group. */
    static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            StringBuilder cur = new StringBuilder();
            boolean inDq = false;
            boolean inSq = false;
            while (true) {
                if (i >= n) {
                    if (inDq || inSq) {
                        return null; // unterminated quotes
                    }
                    break;
                }
                char c = line.charAt(i);
                if (inDq) {
                    if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x' && isHex(line.charAt(i + 2))
                            && isHex(line.charAt(i + 3))) {
                        cur.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        char e = line.charAt(i);
                        cur.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> (char) 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            return null;
                        }
                        inDq = false;
                        i++;
                        break;
                    } else {
                        cur.append(c);
                    }
                } else if (inSq) {
                    if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        i++;
                        cur.append('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            return null;
                        }
                        inSq = false;
                        i++;
                        break;
                    } else {
                        cur.append(c);
                    }
                } else {
                    if (Character.isWhitespace(c)) {
                        break;
                    } else if (c == '"') {
                        inDq = true;
                    } else if (c == '\'') {
                        inSq = true;
                    } else {
                        cur.append(c);
                    }
                }
                i++;
            }
            out.add(cur.toString());
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
