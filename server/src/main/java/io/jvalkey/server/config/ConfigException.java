package io.jvalkey.server.config;

/** A rejected configuration value or name; the message is Valkey's wording. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
