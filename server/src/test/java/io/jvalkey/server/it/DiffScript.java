package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.protocol.ArgSplitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A differential test script: one command per line, split like valkey-cli arguments.
 * Line prefixes change how a reply is compared:
 * <pre>
 *   !sort CMD ...     compare with aggregate items sorted (order unspecified by Valkey)
 *   !ignore CMD ...   run on both servers, don't compare (setup with unpredictable replies)
 *   !type CMD ...     compare only the reply type (e.g. values that depend on time)
 *   !resp2 / !resp3   run the line only under that protocol (may precede another prefix)
 *   !sleep MILLIS     pause (expiry tests)
 *   !expect REPLY     after a command: where Valkey 8 differs from Redis 7.0, jvalkey must give
 *                     REPLY (in RespValue's text form) instead of redis-server's reply
 * </pre>
 * Lines starting with # are comments.
 */
public record DiffScript(String name, List<Step> steps) {
    public enum Mode { EXACT, SORTED, IGNORE, TYPE, SLEEP }

    /** One line of a script. */
    public record Step(int line, Mode mode, int onlyResp, byte[][] argv, String expect) {
        public String display() {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(new String(a, UTF_8));
            }
            return sb.toString();
        }
    }

    public static DiffScript load(Path file) throws IOException {
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int onlyResp = 0;
            Mode mode = Mode.EXACT;
            while (line.startsWith("!")) {
                int sp = line.indexOf(' ');
                String directive = sp < 0 ? line : line.substring(0, sp);
                String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
                switch (directive) {
                    case "!resp2" -> onlyResp = 2;
                    case "!resp3" -> onlyResp = 3;
                    case "!sort" -> mode = Mode.SORTED;
                    case "!ignore" -> mode = Mode.IGNORE;
                    case "!type" -> mode = Mode.TYPE;
                    case "!sleep" -> {
                        mode = Mode.SLEEP;
                    }
                    case "!expect" -> {
                        if (steps.isEmpty()) {
                            throw new IOException(file + ":" + (i + 1) + ": !expect with no command before it");
                        }
                        Step prev = steps.remove(steps.size() - 1);
                        steps.add(new Step(prev.line(), prev.mode(), prev.onlyResp(), prev.argv(), rest));
                        rest = null;
                    }
                    default -> throw new IOException(file + ":" + (i + 1) + ": unknown directive " + directive);
                }
                if (rest == null) {
                    line = null;
                    break;
                }
                line = rest;
                if (mode == Mode.SLEEP) {
                    break;
                }
            }
            if (line == null) {
                continue;
            }
            List<byte[]> parts = ArgSplitter.split(line.getBytes(UTF_8));
            if (parts == null || parts.isEmpty()) {
                throw new IOException(file + ":" + (i + 1) + ": cannot parse " + line);
            }
            steps.add(new Step(i + 1, mode, onlyResp, parts.toArray(new byte[0][]), null));
        }
        String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
        return new DiffScript(name, steps);
    }
}
