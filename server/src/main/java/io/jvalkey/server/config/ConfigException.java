package io.jvalkey.server.config;

/** A rejected configuration value or name; the message is Valkey's wording. */
public final class ConfigException extends Exception {
    private final String param;

    public ConfigException(String message) {
        this(message, null);
    }

    public ConfigException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The parameter an apply-time refusal concerns, when known. */
    public String param() {
        return param;
    }
}
