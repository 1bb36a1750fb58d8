package io.jvalkey.server.config;

import java.util.Locale;

/**
 * How a config value is parsed and printed. Each type turns user text into the canonical text
 * that CONFIG GET prints, or rejects it with Valkey's message.
 */
public interface ConfigType {
    String canonical(String value) throws ConfigException;

    ConfigType BOOL = new Bool();
    ConfigType STRING = new Text();

    static ConfigType integer(long min, long max) {
        return new Numeric(min, max, false);
    }

    /** Byte sizes: accepts units (1k, 1kb, 1m, 1mb, 1g, 1gb, case-insensitive), prints bytes. */
    static ConfigType memory(long min, long max) {
        return new Numeric(min, max, true);
    }

    static ConfigType oneOf(String... names) {
        return new OneOf(names);
    }

    record Bool() implements ConfigType {
        @Override
        public String canonical(String value) throws ConfigException {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "yes" -> "yes";
                case "no" -> "no";
                default -> throw new ConfigException("argument must be 'yes' or 'no'");
            };
        }
    }

    record Text() implements ConfigType {
        @Override
        public String canonical(String value) {
            return value;
        }
    }

    record Numeric(long min, long max, boolean memory) implements ConfigType {
        @Override
        public String canonical(String value) throws ConfigException {
            long v;
            try {
                v = memory ? Units.parseBytes(value) : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(memory ? "argument must be a memory value" : "argument couldn't be parsed into an integer");
            }
            if (v < min || v > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(v);
        }
    }

    record OneOf(String... names) implements ConfigType {
        @Override
        public String canonical(String value) throws ConfigException {
            for (String n : names) {
                if (n.equalsIgnoreCase(value)) {
                    return n;
                }
            }
            throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", names));
        }
    }
}
