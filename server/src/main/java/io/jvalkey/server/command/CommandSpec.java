package io.jvalkey.server.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Everything the server knows about one command, declared once: arity, flags, key positions,
 * ACL categories, routing and handler. COMMAND output, key extraction, arity errors and
 * statistics all derive from it.
 */
public final class CommandSpec {
    private final String name;            // lower case; "config|get" for subcommands
    private final int arity;              // Valkey's: >0 exact, <0 at least -arity
    private final Set<CommandFlag> flags;
    private final int firstKey;
    private final int lastKey;            // -1: last argument, -2: second to last ...
    private final int keyStep;
    private final List<String> aclCategories;
    private final Routing routing;
    private final Handler handler;
    private final String group;
    private final String since;
    private final String summary;
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private final List<String> tips;
    private final List<KeySpec> keySpecs;
    private final boolean movableKeys; // routing asks on every request: decided once here
    private final Function<byte[][], List<String>> variableKeyFlags;
    private final String complexity;
    private final List<String> docFlags;
    private CommandSpec parent;

    // Statistics for INFO commandstats (any thread).
    public final LongAdder calls = new LongAdder();
    public final LongAdder micros = new LongAdder();
    public final LongAdder rejectedCalls = new LongAdder();
    public final LongAdder failedCalls = new LongAdder();

    private CommandSpec(Builder b) {
        this.name = b.name;
        this.arity = b.arity;
        this.flags = b.flags;
        this.firstKey = b.firstKey;
        this.lastKey = b.lastKey;
        this.keyStep = b.keyStep;
        this.aclCategories = List.copyOf(b.acl);
        this.routing = b.routing != null ? b.routing
                : (b.firstKey > 0 || !b.keySpecs.isEmpty() ? Routing.KEYS : Routing.LOCAL);
        this.handler = b.handler;
        this.group = b.group;
        this.since = b.since;
        this.summary = b.summary;
        this.tips = List.copyOf(b.tips);
        this.complexity = b.complexity;
        this.docFlags = List.copyOf(b.docFlags);
        this.variableKeyFlags = b.variableKeyFlags;
        if (!b.keySpecs.isEmpty() || b.firstKey <= 0) {
            this.keySpecs = List.copyOf(b.keySpecs);
        } else {
            // Derived from the legacy range: read-only commands access, others update.
            String[] f = b.flags.contains(CommandFlag.WRITE) ? new String[] {"RW", "update"}
                    : new String[] {"RO", "access"};
            int last = b.lastKey >= 0 ? b.lastKey - b.firstKey : b.lastKey;
            this.keySpecs = List.of(KeySpec.range(b.firstKey, last, b.keyStep, f));
        }
        this.movableKeys = !keySpecs.isEmpty() && (firstKey == 0 || flags.contains(CommandFlag.MOVABLEKEYS));
    }

    public static Builder command(String name, int arity) {
        return new Builder(name.toLowerCase(Locale.ROOT), arity);
    }

    public String name() {
        return name;
    }

    /** The name as users type it: "config|get" -> "config|get", top-level commands unchanged. */
    public String fullName() {
        return parent == null ? name : parent.name + "|" + name;
    }

    public int arity() {
        return arity;
    }

    /** False for EXEC: what it ran is propagated, never EXEC itself (Valkey's call()). */
    public boolean propagatesItself() {
        return !name.equals("exec");
    }

    /** Valkey's touches-arbitrary-keys (SCAN, KEYS, RANDOMKEY): the expiry DELs they cause are not wrapped in MULTI. */
    public boolean touchesArbitraryKeys() {
        return parent == null && (name.equals("scan") || name.equals("keys") || name.equals("randomkey"));
    }

    public Set<CommandFlag> flags() {
        return flags;
    }

    public boolean has(CommandFlag f) {
        return flags.contains(f);
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public List<String> aclCategories() {
        return aclCategories;
    }

    public Routing routing() {
        return routing;
    }

    public Handler handler() {
        return handler;
    }

    public String group() {
        return group;
    }

    public String since() {
        return since;
    }

    public String summary() {
        return summary;
    }

    /** Command tips as COMMAND INFO prints them ("nondeterministic_output", "request_policy:all_shards" ...). */
    public List<String> tips() {
        return tips;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    /**
     * For a command whose key spec says variable_flags: the flags its keys really get with the given
     * arguments (argv[0] is the command name), as COMMAND GETKEYSANDFLAGS reports them; else null.
     */
    public Function<byte[][], List<String>> variableKeyFlags() {
        return variableKeyFlags;
    }

    /** The complexity text for COMMAND DOCS, or null. */
    public String complexity() {
        return complexity;
    }

    /** COMMAND DOCS doc_flags ("syscmd", "deprecated"). */
    public List<String> docFlags() {
        return docFlags;
    }

    public CommandSpec parent() {
        return parent;
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public CommandSpec subcommand(String lowerName) {
        return subcommands.get(lowerName);
    }

    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** The position of the last key argument, or -1 when there is none (routing without allocating). */
    public int lastKeyPosition(byte[][] argv) {
        if (firstKey <= 0 || argv.length <= firstKey) {
            return -1;
        }
        int last = lastKey >= 0 ? lastKey : argv.length + lastKey;
        if (last >= argv.length) {
            last = argv.length - 1;
        }
        return last < firstKey ? -1 : last;
    }

    /**
     * Positions of every key argument: from first/last/step, or, for a command whose keys move
     * (a key count, a keyword: LMPOP, ZUNIONSTORE, XREAD ...), from its key specs. Null when the
     * arguments do not fit the key specs (the command itself will reject them).
     */
    public int[] keyPositions(byte[][] argv) {
        int last = lastKeyPosition(argv);
        if (last >= 0 && !movableKeys()) {
            int[] out = new int[(last - firstKey) / keyStep + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = firstKey + i * keyStep;
            }
            return out;
        }
        if (!movableKeys()) {
            return new int[0];
        }
        int[] all = new int[0];
        for (KeySpec ks : keySpecs) {
            int[] p = ks.positions(argv);
            if (p == null) {
                return null;
            }
            int at = all.length;
            all = java.util.Arrays.copyOf(all, at + p.length);
            System.arraycopy(p, 0, all, at, p.length);
        }
        return all;
    }

    /** Keys not (all) at fixed positions: found through the key specs (see {@link #keyPositions}). */
    public boolean movableKeys() {
        return movableKeys;
    }

    /** Builds a spec; the defaults are a keyless command in no group. */
    public static final class Builder {
        private final String name;
        private final int arity;
        private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        private int firstKey;
        private int lastKey;
        private int keyStep;
        private final List<String> acl = new ArrayList<>();
        private Routing routing;
        private Handler handler;
        private String group = "generic";
        private String since = "1.0.0";
        private String summary = "";
        private final List<Builder> subs = new ArrayList<>();
        private final List<String> tips = new ArrayList<>();
        private final List<KeySpec> keySpecs = new ArrayList<>();
        private Function<byte[][], List<String>> variableKeyFlags;
        private final List<String> docFlags = new ArrayList<>();
        private String complexity;

        private Builder(String name, int arity) {
            this.name = name;
            this.arity = arity;
        }

        public Builder flags(CommandFlag... f) {
            for (CommandFlag x : f) {
                flags.add(x);
            }
            return this;
        }

        /** Key positions as COMMAND INFO's first, last and step. */
        public Builder keys(int first, int last, int step) {
            this.firstKey = first;
            this.lastKey = last;
            this.keyStep = step;
            return this;
        }

        /** ACL categories without the leading '@' (e.g. "string", "fast"). */
        public Builder acl(String... categories) {
            for (String c : categories) {
                acl.add("@" + c);
            }
            return this;
        }

        public Builder routing(Routing r) {
            this.routing = r;
            return this;
        }

        public Builder handler(Handler h) {
            this.handler = h;
            return this;
        }

        public Builder doc(String group, String since, String summary) {
            this.group = group;
            this.since = since;
            this.summary = summary;
            return this;
        }

        /** Command tips, lower case as printed (e.g. "nondeterministic_output"). */
        public Builder tips(String... t) {
            tips.addAll(List.of(t));
            return this;
        }

        /** Key specs; without any, one is derived from {@link #keys}. */
        public Builder keySpec(KeySpec spec) {
            keySpecs.add(spec);
            return this;
        }

        /** How the flags of a variable_flags key spec depend on the arguments (see {@link CommandSpec#variableKeyFlags}). */
        public Builder variableKeyFlags(Function<byte[][], List<String>> f) {
            this.variableKeyFlags = f;
            return this;
        }

        public Builder complexity(String text) {
            this.complexity = text;
            return this;
        }

        public Builder docFlags(String... f) {
            docFlags.addAll(List.of(f));
            return this;
        }

        public Builder sub(Builder sub) {
            subs.add(sub);
            return this;
        }

        public CommandSpec build() {
            CommandSpec spec = new CommandSpec(this);
            for (Builder b : subs) {
                b.group = group;
                CommandSpec child = b.build();
                child.parent = spec;
                spec.subcommands.put(child.name, child);
            }
            return spec;
        }
    }
}
