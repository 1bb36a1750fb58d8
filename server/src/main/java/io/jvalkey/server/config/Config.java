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
 * The registry of config parameters: name, alias, type, flags, default and current value as the
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
        final boolean protectedConfig;
        final boolean hidden;
        volatile String value;
        final List<Consumer<String>> listeners = new ArrayList<>();

        Param(String name, String alias, ConfigType type, String defaultValue, boolean immutable, boolean sensitive,
                boolean protectedConfig, boolean hidden) {
            this.name = name;
            this.alias = alias;
            this.type = type;
            this.defaultValue = defaultValue;
            this.immutable = immutable;
            this.sensitive = sensitive;
            this.protectedConfig = protectedConfig;
            this.hidden = hidden;
            this.value = defaultValue;
        }

        public String name() {
            return name;
        }

        public String alias() {
            return alias;
        }

        public ConfigType type() {
            return type;
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

        public boolean sensitive() {
            return sensitive;
        }

        /** Settable only when enable-protected-configs allows it (dir, dbfilename ...). */
        public boolean isProtected() {
            return protectedConfig;
        }

        /** Not listed by CONFIG GET patterns, only by exact name. */
        public boolean hidden() {
            return hidden;
        }
    }

    /** A name a parameter answers to (its own or its alias), in declaration order. */
    public record Named(String name, Param param) {}

    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final Map<String, Param> byAlias = new LinkedHashMap<>();
    private final List<Named> allNames = new ArrayList<>();
    private volatile String configFile;

    /**
     * Declares a parameter; {@code flags} may contain "immutable", "sensitive", "protected",
     * "hidden", "deny-loading" and "alias=name".
     */
    public Config define(String name, ConfigType type, String defaultValue, String... flags) {
        boolean immutable = false;
        boolean sensitive = false;
        boolean prot = false;
        boolean hidden = false;
        String alias = null;
        for (String f : flags) {
            switch (f) {
                case "immutable" -> immutable = true;
                case "sensitive" -> sensitive = true;
                case "protected" -> prot = true;
                case "hidden" -> hidden = true;
                case "deny-loading" -> { } // nothing loads in the background yet
                default -> {
                    if (!f.startsWith("alias=")) {
                        throw new IllegalArgumentException(f);
                    }
                    alias = f.substring(6);
                }
            }
        }
        String canonical;
        try {
            canonical = type.canonical(defaultValue, defaultValue);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(name + ": bad default " + defaultValue, e);
        }
        Param p = new Param(name, alias, type, canonical, immutable, sensitive, prot, hidden);
        if (byName.putIfAbsent(name, p) != null || byAlias.containsKey(name)) {
            throw new IllegalArgumentException("duplicate config " + name);
        }
        allNames.add(new Named(name, p));
        if (alias != null) {
            byAlias.put(alias, p);
            allNames.add(new Named(alias, p));
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

    /**
     * CONFIG GET: the names (own names and aliases) matching any of the arguments, each once. An
     * argument without glob characters is an exact lookup answered under the name as given.
     */
    public Map<String, Param> lookup(List<String> patterns) {
        Map<String, Param> out = new LinkedHashMap<>();
        for (String pattern : patterns) {
            if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
                Param p = param(pattern);
                if (p != null) {
                    out.putIfAbsent(pattern, p);
                }
                continue;
            }
            byte[] pat = pattern.getBytes(StandardCharsets.UTF_8);
            for (Named n : allNames) {
                if (!n.param.hidden && !out.containsKey(n.name)
                        && Glob.matches(pat, n.name.getBytes(StandardCharsets.UTF_8), true)) {
                    out.put(n.name, n.param);
                }
            }
        }
        return out;
    }

    /** Parameters whose name or alias matches a glob pattern. */
    public List<Param> matching(String pattern) {
        return List.copyOf(new java.util.LinkedHashSet<>(lookup(List.of(pattern)).values()));
    }

    /** Checks a value without applying it; returns its canonical text. */
    public String validate(Param p, String value) throws ConfigException {
        return p.type.canonical(value, p.value);
    }

    /**
     * Applies already validated values all together; if a listener refuses one (throws), the
     * earlier ones are restored, so CONFIG SET with several parameters is all or nothing.
     *
     * @throws ConfigException naming the refused parameter in {@link ConfigException#param()}
     */
    public synchronized void apply(Map<Param, String> values) throws ConfigException {
        Map<Param, String> previous = new LinkedHashMap<>();
        Param current = null;
        try {
            for (Map.Entry<Param, String> e : values.entrySet()) {
                Param p = e.getKey();
                current = p;
                previous.put(p, p.value);
                if (e.getValue().equals(p.value)) {
                    continue;
                }
                p.value = e.getValue();
                for (Consumer<String> l : p.listeners) {
                    l.accept(e.getValue());
                }
            }
        } catch (IllegalArgumentException refused) {
            for (Map.Entry<Param, String> e : previous.entrySet()) {
                if (e.getKey().value.equals(e.getValue())) {
                    continue;
                }
                e.getKey().value = e.getValue();
                for (Consumer<String> l : e.getKey().listeners) {
                    try {
                        l.accept(e.getValue());
                    } catch (IllegalArgumentException ignored) {
                        // restoring a value that worked before
                    }
                }
            }
            throw new ConfigException(refused.getMessage(), current == null ? null : current.name);
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
