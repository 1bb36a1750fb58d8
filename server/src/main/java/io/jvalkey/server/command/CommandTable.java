package io.jvalkey.server.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All commands by lower-case name. Filled once at startup, read-only afterwards.
 *
 * <p>Every request looks its command up by the raw name bytes, so besides the map (declaration
 * order, lookups by String) there is an open-addressing index keyed by the lower-case name bytes:
 * hashing and comparing fold ASCII case on the fly, and nothing is allocated per request.
 */
public final class CommandTable {
    /** Longer names are no command (the longest Valkey command name has 20 bytes). */
    private static final int MAX_NAME = 32;

    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private byte[][] names = new byte[64][];         // lower-case name bytes; null: free slot
    private CommandSpec[] specs = new CommandSpec[64];

    public void add(CommandSpec spec) {
        if (byName.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("command declared twice: " + spec.name());
        }
        if (byName.size() * 2 > names.length) {
            // Keep the index at most half full, so a probe sequence stays short.
            byte[][] oldNames = names;
            CommandSpec[] oldSpecs = specs;
            names = new byte[oldNames.length * 2][];
            specs = new CommandSpec[oldNames.length * 2];
            for (int i = 0; i < oldNames.length; i++) {
                if (oldNames[i] != null) {
                    index(oldNames[i], oldSpecs[i]);
                }
            }
        }
        index(spec.name().getBytes(UTF_8), spec);
    }

    private void index(byte[] name, CommandSpec spec) {
        int mask = names.length - 1;
        int i = hash(name) & mask;
        while (names[i] != null) {
            i = (i + 1) & mask;
        }
        names[i] = name;
        specs[i] = spec;
    }

    public CommandSpec get(String lowerName) {
        return byName.get(lowerName);
    }

    /** Looks a command up by its raw name bytes, ASCII case-insensitively, without allocating. */
    public CommandSpec lookup(byte[] name) {
        if (name.length > MAX_NAME) {
            return null;
        }
        byte[][] names = this.names;
        int mask = names.length - 1;
        for (int i = hash(name) & mask; ; i = (i + 1) & mask) {
            byte[] candidate = names[i];
            if (candidate == null) {
                return null;
            }
            if (equalsLowerCase(candidate, name)) {
                return specs[i];
            }
        }
    }

    /** A hash that is the same for names differing only in ASCII case (bit 0x20 is ignored). */
    private static int hash(byte[] name) {
        int h = name.length;
        for (byte b : name) {
            h = 31 * h + (b | 0x20);
        }
        return (h * 0x9E3779B9) >>> 16;
    }

    /** True when {@code raw} lower-cased (ASCII only) equals {@code lower}. */
    private static boolean equalsLowerCase(byte[] lower, byte[] raw) {
        if (lower.length != raw.length) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public int size() {
        return byName.size();
    }
}
