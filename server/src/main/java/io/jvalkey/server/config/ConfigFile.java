package io.jvalkey.server.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.protocol.ArgSplitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Loads valkey.conf syntax: one directive per line, arguments split like valkey-cli (quotes and
 * escapes), {@code #} comments, {@code include other.conf}. Parameters that take several words
 * (save, bind ...) get them joined by spaces; a repeated {@code save} line adds to the first.
 */
public final class ConfigFile {
    /** A directive that could not be applied: where it was and why. */
    public static final class Failure extends Exception {
        public final int line;
        public final String text;

        Failure(int line, String text, String reason) {
            super(reason, null, false, false);
            this.line = line;
            this.text = text;
        }
    }

    private static final Set<String> ACCUMULATING = Set.of("save");
    private static final Set<String> IGNORED = Set.of("rename-command", "user", "loadmodule");

    private final Config config;
    private final Set<String> seen = new HashSet<>();

    public ConfigFile(Config config) {
        this.config = config;
    }

    public void loadFile(Path path) throws Failure, IOException {
        load(Files.readString(path, UTF_8), path.getParent());
    }

    /** Applies directives text (a config file's content or the command line turned into lines). */
    public void load(String text, Path baseDir) throws Failure, IOException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<byte[]> parts = ArgSplitter.split(line.getBytes(UTF_8));
            if (parts == null) {
                throw new Failure(i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (parts.isEmpty()) {
                continue;
            }
            List<String> args = new ArrayList<>();
            for (byte[] p : parts) {
                args.add(new String(p, UTF_8));
            }
            String name = args.get(0).toLowerCase(Locale.ROOT);
            if (name.equals("include")) {
                if (args.size() != 2) {
                    throw new Failure(i + 1, line, "Bad directive or wrong number of arguments");
                }
                Path inc = Path.of(args.get(1));
                if (!inc.isAbsolute() && baseDir != null && !Files.exists(inc)) {
                    inc = baseDir.resolve(inc);
                }
                loadFile(inc);
                continue;
            }
            apply(i + 1, line, name, args.subList(1, args.size()));
        }
    }

    private void apply(int lineNo, String line, String name, List<String> values) throws Failure {
        if (IGNORED.contains(name)) {
            return; // directives for features jvalkey does not have (ACL users, modules, renames)
        }
        Config.Param p = config.param(name);
        if (p == null || values.isEmpty()) {
            throw new Failure(lineNo, line, "Bad directive or wrong number of arguments");
        }
        if (!p.type().multiArg() && values.size() != 1) {
            throw new Failure(lineNo, line, "wrong number of arguments");
        }
        String value = String.join(" ", values);
        if (ACCUMULATING.contains(p.name()) && !seen.add(p.name()) && !value.isEmpty()) {
            String current = p.value();
            value = current.isEmpty() ? value : current + " " + value;
        }
        try {
            config.set(p.name(), value);
        } catch (ConfigException e) {
            throw new Failure(lineNo, line, e.getMessage());
        }
    }

    /**
     * Turns valkey-server's command-line form ({@code --port 7000 --save ""}) into config lines,
     * as valkey-server does before loading them after the file.
     */
    public static String fromArguments(List<String> args) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (String a : args) {
            if (a.startsWith("--") && a.length() > 2) {
                if (!first) {
                    sb.append('\n');
                }
                sb.append(a.substring(2));
                first = false;
            } else {
                sb.append(' ').append(quote(a));
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
