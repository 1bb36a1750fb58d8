package io.jvalkey.server.config;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The config types Valkey implements by hand ("special configs"): their own syntax and printing. */
final class SpecialTypes {
    private SpecialTypes() {}

    /** save: pairs of seconds and changes; "" clears. */
    static final ConfigType SAVE = new ConfigType() {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            if (value.isEmpty()) {
                return "";
            }
            String[] args = value.split(" ", -1);
            if (args.length % 2 != 0) {
                throw new ConfigException("Invalid save parameters");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.length; i++) {
                long v;
                try {
                    v = Long.parseLong(args[i]);
                } catch (NumberFormatException e) {
                    throw new ConfigException("Invalid save parameters");
                }
                if ((i % 2 == 0 && v < 1) || (i % 2 == 1 && v < 0)) {
                    throw new ConfigException("Invalid save parameters");
                }
                sb.append(i == 0 ? "" : " ").append(v);
            }
            return sb.toString();
        }

        @Override
        public List<String> rewriteArgs(String value) {
            if (value.isEmpty()) {
                return List.of("\"\"");
            }
            String[] w = value.split(" ");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i + 1 < w.length; i += 2) {
                lines.add(w[i] + " " + w[i + 1]);
            }
            return lines;
        }
    };

    /** bind: up to 16 addresses; "" means none. */
    static final ConfigType BIND = new ConfigType() {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            String[] args = value.split(" ", -1);
            if (args.length > 16) {
                throw new ConfigException("Too many bind addresses specified.");
            }
            return value;
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value.isEmpty() ? "\"\"" : value);
        }
    };

    private static final String[] OBUF_CLASSES = {"normal", "slave", "pubsub"};

    /** client-output-buffer-limit: class hard soft seconds, merged into the current limits. */
    static final ConfigType CLIENT_OUTPUT_BUFFER_LIMIT = new ConfigType() {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            String[] args = value.split(" ", -1);
            if (args.length % 4 != 0) {
                throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
            }
            String[] cur = current.split(" ");
            String[][] limits = new String[3][];
            for (int c = 0; c < 3; c++) {
                limits[c] = new String[] {cur[c * 4 + 1], cur[c * 4 + 2], cur[c * 4 + 3]};
            }
            String[][] updated = limits.clone();
            for (int i = 0; i < args.length; i += 4) {
                int cls = switch (args[i].toLowerCase(Locale.ROOT)) {
                    case "normal" -> 0;
                    case "slave", "replica" -> 1;
                    case "pubsub" -> 2;
                    default -> -1;
                };
                if (cls < 0) {
                    throw new ConfigException("Invalid client class specified in buffer limit configuration.");
                }
                long hard;
                long soft;
                long secs;
                try {
                    hard = Units.parseBytes(args[i + 1]);
                    soft = Units.parseBytes(args[i + 2]);
                    secs = Long.parseLong(args[i + 3]);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                if (secs < 0) {
                    throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                updated[cls] = new String[] {Long.toString(hard), Long.toString(soft), Long.toString(secs)};
            }
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < 3; c++) {
                sb.append(c == 0 ? "" : " ").append(OBUF_CLASSES[c]).append(' ').append(String.join(" ", updated[c]));
            }
            return sb.toString();
        }

        @Override
        public List<String> rewriteArgs(String value) {
            String[] w = value.split(" ");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i + 3 < w.length; i += 4) {
                lines.add(w[i] + " " + Units.formatBytes(Long.parseLong(w[i + 1])) + " "
                        + Units.formatBytes(Long.parseLong(w[i + 2])) + " " + w[i + 3]);
            }
            return lines;
        }
    };

    /** oom-score-adj-values: three integers between -2000 and 2000. */
    static final ConfigType OOM_SCORE_ADJ_VALUES = new ConfigType() {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            String[] args = value.split(" ", -1);
            if (args.length != 3) {
                throw new ConfigException("wrong number of arguments");
            }
            StringBuilder sb = new StringBuilder();
            for (String a : args) {
                long v;
                try {
                    v = Long.parseLong(a);
                } catch (NumberFormatException e) {
                    v = Long.MAX_VALUE;
                }
                if (v < -2000 || v > 2000) {
                    throw new ConfigException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                }
                sb.append(sb.isEmpty() ? "" : " ").append(v);
            }
            return sb.toString();
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value);
        }
    };

    /** notify-keyspace-events: class characters, printed in Valkey's canonical order. */
    static final ConfigType NOTIFY_KEYSPACE_EVENTS = new ConfigType() {
        private static final String ALL = "g$lshzxetd";

        @Override
        public String canonical(String value, String current) throws ConfigException {
            String flags = "";
            for (char ch : value.toCharArray()) {
                if (ch == 'A') {
                    flags += ALL;
                } else if ("g$lshzxeKEtmdn".indexOf(ch) >= 0) {
                    flags += ch;
                } else {
                    throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                }
            }
            StringBuilder sb = new StringBuilder();
            boolean all = true;
            for (char ch : ALL.toCharArray()) {
                all &= flags.indexOf(ch) >= 0;
            }
            if (all) {
                sb.append('A');
            } else {
                for (char ch : "g$lshzxetdn".toCharArray()) {
                    if (flags.indexOf(ch) >= 0) {
                        sb.append(ch);
                    }
                }
            }
            for (char ch : "KEm".toCharArray()) {
                if (flags.indexOf(ch) >= 0) {
                    sb.append(ch);
                }
            }
            return sb.toString();
        }
    };

    /** replicaof: "host port", or "no one" for none. */
    static final ConfigType REPLICAOF = new ConfigType() {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            if (value.isEmpty()) {
                return "";
            }
            String[] args = value.split(" ", -1);
            if (args.length != 2) {
                throw new ConfigException("wrong number of arguments");
            }
            if (args[0].equalsIgnoreCase("no") && args[1].equalsIgnoreCase("one")) {
                return "";
            }
            long port;
            try {
                port = Long.parseLong(args[1]);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException("Invalid primary port");
            }
            return args[0] + " " + port;
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value);
        }
    };

    /** latency-tracking-info-percentiles: doubles in [0, 100]; "" for none. */
    static final ConfigType PERCENTILES = new ConfigType() {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            if (value.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            for (String a : value.split(" ", -1)) {
                double d;
                try {
                    if (a.isEmpty() || Character.isWhitespace(a.charAt(0)) || a.matches(".*[a-zA-Z].*") && !a.matches("[-+]?[0-9.]+[eE][-+]?[0-9]+")) {
                        throw new NumberFormatException(a);
                    }
                    d = Double.parseDouble(a);
                } catch (NumberFormatException e) {
                    throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                }
                if (d > 100.0 || d < 0.0) {
                    throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                sb.append(sb.isEmpty() ? "" : " ").append(trimmed(d));
            }
            return sb.toString();
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value.isEmpty() ? "\"\"" : value);
        }
    };

    /** "%f" with trailing zeros (and a trailing dot) removed, as Valkey prints percentiles. */
    static String trimmed(double d) {
        String s = new BigDecimal(String.format(Locale.ROOT, "%f", d)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** dir: an existing directory; relative paths resolve against the current one. */
    static final ConfigType DIR = new ConfigType() {
        @Override
        public String canonical(String value, String current) throws ConfigException {
            if (value.isEmpty()) {
                throw new ConfigException("dir can't be empty");
            }
            Path p;
            try {
                p = Path.of(current.isEmpty() ? System.getProperty("user.dir") : current).resolve(value).normalize();
            } catch (InvalidPathException e) {
                throw new ConfigException("No such file or directory");
            }
            if (!Files.exists(p)) {
                throw new ConfigException("No such file or directory");
            }
            if (!Files.isDirectory(p)) {
                throw new ConfigException("Not a directory");
            }
            return p.toAbsolutePath().toString();
        }
    };
}
