package io.jvalkey.server.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a config value is parsed and printed. Each type turns user text into the canonical text
 * that CONFIG GET prints, or rejects it with Valkey's message. Types that take several words
 * (save, bind ...) say so with {@link #multiArg()}; CONFIG SET splits their value on spaces.
 */
public interface ConfigType {
    /** The canonical text for {@code value}; {@code current} is the value now (some types merge). */
    String canonical(String value, String current) throws ConfigException;

    /** Several space-separated arguments in one value (Valkey's MULTI_ARG_CONFIG). */
    default boolean multiArg() {
        return false;
    }

    /** The line(s) CONFIG REWRITE writes for this value, without the name. */
    default List<String> rewriteArgs(String value) {
        return List.of(Quoting.repr(value));
    }

    ConfigType BOOL = new Bool();
    ConfigType STRING = new Text();

    /** Unsigned ULLONG_MAX, as Valkey prints it in range errors. */
    long ULONG_MAX = -1;

    static ConfigType integer(long min, long max) {
        return new Numeric(min, max, NumKind.SIGNED);
    }

    static ConfigType unsigned(long min, long max) {
        return new Numeric(min, max, NumKind.UNSIGNED);
    }

    /** Byte sizes: accepts units (1k, 1kb, 1m, 1mb, 1g, 1gb, case-insensitive), prints bytes. */
    static ConfigType memory(long min, long max) {
        return new Numeric(min, max, NumKind.MEMORY);
    }

    /** A byte size or a percentage ("10%", stored negative as in Valkey). */
    static ConfigType memoryOrPercent(long min, long max) {
        return new Numeric(min, max, NumKind.MEMORY_PERCENT);
    }

    static ConfigType octal(long min, long max) {
        return new Numeric(min, max, NumKind.OCTAL);
    }

    /** An enum; a name written "alias=canonical" is accepted and printed as the canonical one. */
    static ConfigType oneOf(String... names) {
        return new OneOf(names);
    }

    /** A set of enum flags given as several words ("default" when none). */
    static ConfigType flagsOf(String... names) {
        return new FlagsOf(names);
    }

    record Bool() implements ConfigType {
        @Override
        public String canonical(String value, String current) throws ConfigException {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "yes" -> "yes";
                case "no" -> "no";
                default -> throw new ConfigException("argument must be 'yes' or 'no'");
            };
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value);
        }
    }

    record Text() implements ConfigType {
        @Override
        public String canonical(String value, String current) {
            return value;
        }
    }

    enum NumKind { SIGNED, UNSIGNED, MEMORY, MEMORY_PERCENT, OCTAL }

    record Numeric(long min, long max, NumKind kind) implements ConfigType {
        @Override
        public String canonical(String value, String current) throws ConfigException {
            long v = parse(value);
            if (kind == NumKind.MEMORY_PERCENT && v < 0) {
                if (v < min) {
                    throw new ConfigException("percentage argument must be less or equal to " + (-min));
                }
                return (-v) + "%";
            }
            boolean unsignedType = kind == NumKind.UNSIGNED || (kind == NumKind.MEMORY && min >= 0)
                    || kind == NumKind.OCTAL;
            boolean tooLow = unsignedType ? (v < 0 && max != ULONG_MAX) || (v >= 0 && v < min) : v < min;
            boolean tooHigh = max != ULONG_MAX && v > max;
            if (unsignedType && v < 0 && max != ULONG_MAX) {
                tooHigh = true;
            }
            if (tooLow || tooHigh) {
                String hi = max == ULONG_MAX ? "18446744073709551615" : Long.toString(max);
                if (kind == NumKind.OCTAL) {
                    throw new ConfigException("argument must be between " + Long.toOctalString(min) + " and "
                            + Long.toOctalString(max) + " inclusive");
                }
                throw new ConfigException("argument must be between " + min + " and " + hi + " inclusive");
            }
            if (kind == NumKind.OCTAL) {
                return Long.toOctalString(v);
            }
            return unsignedType && v < 0 ? Long.toUnsignedString(v) : Long.toString(v);
        }

        private long parse(String value) throws ConfigException {
            switch (kind) {
                case MEMORY, MEMORY_PERCENT -> {
                    try {
                        return Units.parseBytes(value);
                    } catch (NumberFormatException | ArithmeticException e) {
                        if (kind == NumKind.MEMORY_PERCENT && value.length() > 1 && value.endsWith("%")) {
                            try {
                                long p = Long.parseLong(value.substring(0, value.length() - 1));
                                if (p >= 0) {
                                    return -p;
                                }
                            } catch (NumberFormatException ignored) {
                                // falls through to the error
                            }
                        }
                        throw new ConfigException(kind == NumKind.MEMORY ? "argument must be a memory value"
                                : "argument must be a memory or percent value");
                    }
                }
                case OCTAL -> {
                    try {
                        return Long.parseLong(value, 8);
                    } catch (NumberFormatException e) {
                        throw new ConfigException("argument couldn't be parsed as an octal number");
                    }
                }
                default -> {
                    if (!value.isEmpty() && (value.charAt(0) == '+' || value.charAt(0) == ' ')) {
                        throw new ConfigException("argument couldn't be parsed into an integer");
                    }
                    try {
                        return Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        if (kind == NumKind.UNSIGNED && max == ULONG_MAX && value.matches("[0-9]+")
                                && new BigInteger(value).bitLength() <= 64) {
                            return new BigInteger(value).longValue();
                        }
                        throw new ConfigException("argument couldn't be parsed into an integer");
                    }
                }
            }
        }

        @Override
        public List<String> rewriteArgs(String value) {
            if (kind == NumKind.MEMORY) {
                return List.of(Units.formatBytes(Long.parseUnsignedLong(value)));
            }
            return List.of(value);
        }
    }

    record OneOf(String... names) implements ConfigType {
        @Override
        public String canonical(String value, String current) throws ConfigException {
            for (String n : names) {
                int eq = n.indexOf('=');
                String accepted = eq < 0 ? n : n.substring(0, eq);
                if (accepted.equalsIgnoreCase(value)) {
                    return eq < 0 ? n : n.substring(eq + 1);
                }
            }
            List<String> shown = new ArrayList<>();
            for (String n : names) {
                shown.add(n.contains("=") ? n.substring(0, n.indexOf('=')) : n);
            }
            throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", shown));
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value);
        }
    }

    record FlagsOf(String... names) implements ConfigType {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String canonical(String value, String current) throws ConfigException {
            boolean[] set = new boolean[names.length];
            for (String w : value.split(" ", -1)) {
                int idx = -1;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(w)) {
                        idx = i;
                    }
                }
                if (idx < 0) {
                    throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", names));
                }
                set[idx] = true;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < names.length; i++) {
                if (set[i]) {
                    sb.append(sb.isEmpty() ? "" : " ").append(names[i]);
                }
            }
            return sb.isEmpty() ? names[0] : sb.toString();
        }

        @Override
        public List<String> rewriteArgs(String value) {
            return List.of(value);
        }
    }
}
