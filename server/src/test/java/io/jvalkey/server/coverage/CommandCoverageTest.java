package io.jvalkey.server.coverage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.commands.Commands;
import io.jvalkey.server.protocol.ArgSplitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every declared command and subcommand must be exercised by some test: a line of a differential
 * script (src/test/resources/diff/*.txt) or a {@code @Covers("name")} marker on a test in
 * src/test/java. Fails listing the names nothing covers.
 */
class CommandCoverageTest {
    private static final Path DIFF = Path.of("src/test/resources/diff");
    private static final Path TESTS = Path.of("src/test/java");
    private static final Pattern COVERS = Pattern.compile("@Covers\\(\\s*(\\{[^}]*}|\"[^\"]*\")\\s*\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    @Test
    void everyCommandHasATest() throws IOException {
        CommandTable table = new CommandTable();
        Commands.registerAll(table);
        Set<String> covered = new TreeSet<>();
        covered.addAll(fromScripts(table));
        covered.addAll(fromMarkers());
        List<String> missing = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            if (!covered.contains(spec.fullName())) {
                missing.add(spec.fullName());
            }
            for (CommandSpec sub : spec.subcommands().values()) {
                if (!covered.contains(sub.fullName())) {
                    missing.add(sub.fullName());
                }
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " command(s) without any test (add a diff script line or "
                + "@Covers(\"name\") on a test): " + missing);
    }

    /** The scanner itself: a script line names its command, and its subcommand when the command has them. */
    @Test
    void scriptLinesNameCommandsAndSubcommands() {
        CommandTable table = new CommandTable();
        Commands.registerAll(table);
        Set<String> names = new TreeSet<>();
        addLine(table, "!sort CONFIG GET maxmemory", names);
        addLine(table, "!resp3 !type INFO", names);
        addLine(table, "# COMMAND COUNT", names);
        addLine(table, "!sleep 10", names);
        assertEquals(Set.of("config", "config|get", "info"), names);
    }

    static Set<String> fromScripts(CommandTable table) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIFF)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                for (String line : Files.readAllLines(f, UTF_8)) {
                    addLine(table, line, names);
                }
            }
        }
        return names;
    }

    static void addLine(CommandTable table, String raw, Set<String> out) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        while (line.startsWith("!")) {
            int sp = line.indexOf(' ');
            String directive = sp < 0 ? line : line.substring(0, sp);
            if (directive.equals("!sleep") || directive.equals("!expect") || sp < 0) {
                return;
            }
            line = line.substring(sp + 1).strip();
        }
        List<byte[]> args = ArgSplitter.split(line.getBytes(UTF_8));
        if (args == null || args.isEmpty()) {
            return;
        }
        String name = new String(args.get(0), UTF_8).toLowerCase(Locale.ROOT);
        CommandSpec spec = table.get(name);
        if (spec == null) {
            return;
        }
        out.add(name);
        if (!spec.subcommands().isEmpty() && args.size() > 1) {
            String sub = new String(args.get(1), UTF_8).toLowerCase(Locale.ROOT);
            if (spec.subcommand(sub) != null) {
                out.add(name + "|" + sub);
            }
        }
    }

    static Set<String> fromMarkers() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.getFileName().toString().equals("Covers.java")) {
                    continue;
                }
                Matcher m = COVERS.matcher(Files.readString(f, UTF_8));
                while (m.find()) {
                    Matcher q = QUOTED.matcher(m.group(1));
                    while (q.find()) {
                        names.add(q.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return names;
    }
}
