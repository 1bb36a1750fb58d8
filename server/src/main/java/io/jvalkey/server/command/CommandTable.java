package io.jvalkey.server.command;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** All commands by lower-case name. Filled once at startup, read-only afterwards. */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();

    public void add(CommandSpec spec) {
        if (byName.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("command declared twice: " + spec.name());
        }
    }

    public CommandSpec get(String lowerName) {
        return byName.get(lowerName);
    }

    /** Looks a command up by its raw name bytes, case-insensitively, without allocating for ASCII names. */
    public CommandSpec lookup(byte[] name) {
        if (name.length > 32) {
            return null;
        }
        char[] lower = new char[name.length];
        for (int i = 0; i < name.length; i++) {
            int c = name[i] & 0xFF;
            lower[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return byName.get(new String(lower));
    }

    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public int size() {
        return byName.size();
    }

    static String lower(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }
}
