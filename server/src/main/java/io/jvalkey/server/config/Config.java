package io.jvalkey.server.config;

import io.jvalkey.server.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The registry of config parameters: name, aliases, type, default and current value as the
 * canonical text CONFIG GET prints. Parts of the server subscribe to the parameters they use and
 * keep typed copies in volatile fields, so the data path never parses config text.
 */
public final class Config {
    /** One parameter. */
    public static final class Param {
        final String name;
        final String alias;
        final ConfigType type;
        final String defaultValue;
        final boolean immutable;
        final boolean sensitive;
        volatile String value;
        final List<Consumer<String>> listeners = new ArrayList<>();

        Param(String name, String alias, ConfigType type, String defaultValue, boolean immutable, boolean sensitive) {
            this.name = name;
            this.alias = alias;
            this.type = type;
            this.defaultValue = defaultValue;
            this.immutable = immutable;
            this.sensitive = sensitive;
            this.value = defaultValue;
        }

        public String name() {
            return name;
        }

        public String alias() {
            return alias;
        }

        public String value() {
            return value;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public boolean immutable() {
            return immutable;
        }
    }

    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final Map<String, Param> byAlias = new LinkedHashMap<>();
    private volatile String configFile;

    /** Declares a parameter; {@code flags} may contain "immutable", "sensitive" and "alias=name". */
    public Config define(String name, ConfigType type, String defaultValue, String... flags) {
        boolean immutable = false;
        boolean sensitive = false;
        String alias = null;
        for (String f : flags) {
            if (f.equals("immutable")) {
                immutable = true;
            } else if (f.equals("sensitive")) {
                sensitive = true;
            } else if (f.startsWith("alias=")) {
                alias = f.substring(6);
            } else {
                throw new IllegalArgumentException(f);
            }
        }
        String canonical;
        try {
            canonical = type.canonical(defaultValue);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(name + ": bad default " + defaultValue, e);
        }
        Param p = new Param(name, alias, type, canonical, immutable, sensitive);
        if (byName.putIfAbsent(name, p) != null) {
            throw new IllegalArgumentException("duplicate config " + name);
        }
        if (alias != null) {
            byAlias.put(alias, p);
        }
        return this;
    }

    public Param param(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Param p = byName.get(n);
        return p != null ? p : byAlias.get(n);
    }

    public Collection<Param> params() {
        return byName.values();
    }

    public String get(String name) {
        Param p = param(name);
        if (p == null) {
            throw new IllegalArgumentException("undeclared config " + name);
        }
        return p.value;
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public boolean getBool(String name) {
        return get(name).equals("yes");
    }

    /** Calls {@code listener} with the current value now and with every later value. */
    public void subscribe(String name, Consumer<String> listener) {
        Param p = param(name);
        if (p == null) {
            throw new IllegalArgumentException("undeclared config " + name);
        }
        p.listeners.add(listener);
        listener.accept(p.value);
    }

    /** Parameters whose name or alias matches a glob pattern (CONFIG GET). */
    public List<Param> matching(String pattern) {
        List<Param> out = new ArrayList<>();
        byte[] pat = pattern.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        for (Param p : byName.values()) {
            if (Glob.matches(pat, p.name.getBytes(StandardCharsets.UTF_8), true)
                    || (p.alias != null && Glob.matches(pat, p.alias.getBytes(StandardCharsets.UTF_8), true))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Checks a value without applying it; returns its canonical text. */
    public String validate(Param p, String value) throws ConfigException {
        return p.type.canonical(value);
    }

    /**
     * Applies already validated values all together; if a listener refuses one (throws), the
     * earlier ones are restored, so CONFIG SET with several parameters is all or nothing.
     */
    public synchronized void apply(Map<Param, String> values) throws ConfigException {
        Map<Param, String> previous = new LinkedHashMap<>();
        try {
            for (Map.Entry<Param, String> e : values.entrySet()) {
                Param p = e.getKey();
                previous.put(p, p.value);
                p.value = e.getValue();
                for (Consumer<String> l : p.listeners) {
                    l.accept(e.getValue());
                }
            }
        } catch (IllegalArgumentException refused) {
            for (Map.Entry<Param, String> e : previous.entrySet()) {
                e.getKey().value = e.getValue();
                for (Consumer<String> l : e.getKey().listeners) {
                    l.accept(e.getValue());
                }
            }
            throw new ConfigException(refused.getMessage());
        }
    }

    /** Sets one parameter (startup or tests). */
    public void set(String name, String value) throws ConfigException {
        Param p = param(name);
        if (p == null) {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
        apply(Map.of(p, validate(p, value)));
    }

    public String configFile() {
        return configFile;
    }

    public void configFile(String path) {
        this.configFile = path;
    }
}
