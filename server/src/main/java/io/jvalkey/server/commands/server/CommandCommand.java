package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.SENTINEL;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.util.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** COMMAND and its subcommands: everything printed is derived from the {@link CommandSpec}s. */
final class CommandCommand {
    /** ACL categories in the order Valkey prints them. */
    static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private CommandCommand() {}

    static void register(CommandTable t) {
        t.add(command("command", -1).flags(LOADING, STALE, SENTINEL).acl("connection")
                .tips("nondeterministic_output_order")
                .doc("server", "2.8.13", "Returns detailed information about all commands.")
                .complexity("O(N) where N is the total number of commands")
                .handler(CommandCommand::all)
                .sub(sub("count", 2, "2.8.13", "Returns a count of commands.", "O(1)")
                        .handler(c -> c.reply().integer(c.server().commands().size())))
                .sub(sub("info", -2, "2.8.13", "Returns information about one, multiple or all commands.",
                        "O(N) where N is the number of commands to look up")
                        .tips("nondeterministic_output_order").handler(CommandCommand::info))
                .sub(sub("docs", -2, "7.0.0", "Returns documentary information about one, multiple or all commands.",
                        "O(N) where N is the number of commands to look up")
                        .tips("nondeterministic_output_order").handler(CommandCommand::docs))
                .sub(sub("list", -2, "7.0.0", "Returns a list of command names.",
                        "O(N) where N is the total number of commands")
                        .tips("nondeterministic_output_order").handler(CommandCommand::list))
                .sub(sub("getkeys", -3, "2.8.13", "Extracts the key names from an arbitrary command.",
                        "O(N) where N is the number of arguments to the command")
                        .handler(c -> getKeys(c, false)))
                .sub(sub("getkeysandflags", -3, "7.0.0",
                        "Extracts the key names and access flags for an arbitrary command.",
                        "O(N) where N is the number of arguments to the command")
                        .handler(c -> getKeys(c, true)))
                .sub(sub("help", 2, "5.0.0", "Returns helpful text about the different subcommands.", "O(1)")
                        .handler(c -> Help.reply(c,
                                "(no subcommand)",
                                "    Return details about all commands.",
                                "COUNT",
                                "    Return the total number of commands in this server.",
                                "LIST",
                                "    Return a list of all commands in this server.",
                                "INFO [<command-name> ...]",
                                "    Return details about multiple commands.",
                                "    If no command names are given, documentation details for all",
                                "    commands are returned.",
                                "DOCS [<command-name> ...]",
                                "    Return documentation details about multiple commands.",
                                "    If no command names are given, documentation details for all",
                                "    commands are returned.",
                                "GETKEYS <full-command>",
                                "    Return the keys from a full command.",
                                "GETKEYSANDFLAGS <full-command>",
                                "    Return the keys and the access flags from a full command.")))
                .build());
    }

    private static CommandSpec.Builder sub(String name, int arity, String since, String summary, String complexity) {
        return command(name, arity).flags(LOADING, STALE, SENTINEL).acl("connection")
                .doc("server", since, summary).complexity(complexity);
    }

    private static void all(CommandContext c) {
        c.reply().array(c.server().commands().size());
        for (CommandSpec spec : c.server().commands().all()) {
            info(c.reply(), spec);
        }
    }

    static void info(CommandContext c) {
        if (c.argc() == 2) {
            all(c);
            return;
        }
        c.reply().array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            info(c.reply(), byFullName(c, c.argString(i)));
        }
    }

    /** A command or "parent|sub" by name, or null. */
    static CommandSpec byFullName(CommandContext c, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int bar = n.indexOf('|');
        if (bar < 0) {
            return c.server().commands().get(n);
        }
        CommandSpec parent = c.server().commands().get(n.substring(0, bar));
        return parent == null || n.indexOf('|', bar + 1) >= 0 ? null : parent.subcommand(n.substring(bar + 1));
    }

    static void info(Reply r, CommandSpec spec) {
        if (spec == null) {
            r.nullBulk();
            return;
        }
        r.array(10);
        r.bulk(spec.fullName());
        r.integer(spec.arity());
        List<String> flags = new ArrayList<>();
        for (CommandFlag f : spec.flags()) {
            if (f.printed()) {
                flags.add(f.wireName());
            }
        }
        r.set(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
        r.integer(spec.firstKey());
        r.integer(spec.lastKey());
        r.integer(spec.keyStep());
        List<String> cats = categories(spec);
        r.set(cats.size());
        for (String cat : cats) {
            r.simple("@" + cat);
        }
        r.set(spec.tips().size());
        for (String tip : spec.tips()) {
            r.bulk(tip);
        }
        r.set(spec.keySpecs().size());
        for (KeySpec ks : spec.keySpecs()) {
            keySpec(r, ks);
        }
        if (spec.subcommands().isEmpty()) {
            r.set(0);
        } else {
            r.array(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands().values()) {
                info(r, sub);
            }
        }
    }

    /** Declared categories plus those Valkey implies from the flags, in Valkey's order. */
    static List<String> categories(CommandSpec spec) {
        Set<String> cats = new LinkedHashSet<>();
        for (String a : spec.aclCategories()) {
            cats.add(a.startsWith("@") ? a.substring(1) : a);
        }
        if (spec.has(CommandFlag.WRITE)) {
            cats.add("write");
        }
        if (spec.has(CommandFlag.READONLY) && !cats.contains("scripting")) {
            cats.add("read");
        }
        if (spec.has(CommandFlag.ADMIN)) {
            cats.add("admin");
            cats.add("dangerous");
        }
        if (spec.has(CommandFlag.PUBSUB)) {
            cats.add("pubsub");
        }
        if (spec.has(CommandFlag.FAST)) {
            cats.add("fast");
        }
        if (spec.has(CommandFlag.BLOCKING)) {
            cats.add("blocking");
        }
        if (!cats.contains("fast")) {
            cats.add("slow");
        }
        List<String> out = new ArrayList<>();
        for (String c : CATEGORIES) {
            if (cats.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static void keySpec(Reply r, KeySpec ks) {
        r.map(ks.notes() != null ? 4 : 3);
        if (ks.notes() != null) {
            r.bulk("notes");
            r.bulk(ks.notes());
        }
        r.bulk("flags");
        r.set(ks.flags().size());
        for (String f : ks.flags()) {
            r.simple(f);
        }
        r.bulk("begin_search");
        r.map(2);
        r.bulk("type");
        r.bulk(ks.begin().type());
        r.bulk("spec");
        switch (ks.begin().type()) {
            case "index" -> {
                r.map(1);
                r.bulk("index");
                r.integer(ks.begin().index());
            }
            case "keyword" -> {
                r.map(2);
                r.bulk("keyword");
                r.bulk(ks.begin().keyword());
                r.bulk("startfrom");
                r.integer(ks.begin().startFrom());
            }
            default -> r.map(0);
        }
        r.bulk("find_keys");
        r.map(2);
        r.bulk("type");
        r.bulk(ks.find().type());
        r.bulk("spec");
        switch (ks.find().type()) {
            case "range" -> {
                r.map(3);
                r.bulk("lastkey");
                r.integer(ks.find().lastKey());
                r.bulk("keystep");
                r.integer(ks.find().keyStep());
                r.bulk("limit");
                r.integer(ks.find().limit());
            }
            case "keynum" -> {
                r.map(3);
                r.bulk("keynumidx");
                r.integer(ks.find().keyNumIdx());
                r.bulk("firstkey");
                r.integer(ks.find().firstKey());
                r.bulk("keystep");
                r.integer(ks.find().keyStep());
            }
            default -> r.map(0);
        }
    }

    static void docs(CommandContext c) {
        List<CommandSpec> found = new ArrayList<>();
        if (c.argc() == 2) {
            found.addAll(c.server().commands().all());
        } else {
            for (int i = 2; i < c.argc(); i++) {
                CommandSpec spec = byFullName(c, c.argString(i));
                if (spec != null) {
                    found.add(spec);
                }
            }
        }
        c.reply().map(found.size());
        for (CommandSpec spec : found) {
            c.reply().bulk(spec.fullName());
            docs(c.reply(), spec);
        }
    }

    private static void docs(Reply r, CommandSpec spec) {
        int n = 3 + (spec.complexity() != null ? 1 : 0) + (spec.docFlags().isEmpty() ? 0 : 1)
                + (spec.subcommands().isEmpty() ? 0 : 1);
        r.map(n);
        r.bulk("summary");
        r.bulk(spec.summary());
        r.bulk("since");
        r.bulk(spec.since());
        r.bulk("group");
        r.bulk(spec.group());
        if (spec.complexity() != null) {
            r.bulk("complexity");
            r.bulk(spec.complexity());
        }
        if (!spec.docFlags().isEmpty()) {
            r.bulk("doc_flags");
            r.set(spec.docFlags().size());
            for (String f : spec.docFlags()) {
                r.simple(f);
            }
        }
        if (!spec.subcommands().isEmpty()) {
            r.bulk("subcommands");
            r.map(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands().values()) {
                r.bulk(sub.fullName());
                docs(r, sub);
            }
        }
    }

    static void list(CommandContext c) {
        Predicate<CommandSpec> filter = spec -> true;
        for (int i = 2; i < c.argc(); i++) {
            int more = c.argc() - 1 - i;
            if (c.option(i).equals("filterby") && more == 2) {
                String arg = c.argString(i + 2);
                switch (c.option(i + 1)) {
                    case "module" -> filter = spec -> false; // no modules
                    case "aclcat" -> {
                        String cat = arg.toLowerCase(Locale.ROOT);
                        filter = spec -> categories(spec).contains(cat);
                    }
                    case "pattern" -> {
                        byte[] pat = arg.getBytes(UTF_8);
                        filter = spec -> Glob.matches(pat, spec.fullName().getBytes(UTF_8), true);
                    }
                    default -> throw CommandError.SYNTAX;
                }
                i += 2;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : c.server().commands().all()) {
            if (filter.test(spec)) {
                names.add(spec.fullName());
            }
            for (CommandSpec sub : spec.subcommands().values()) {
                if (filter.test(sub)) {
                    names.add(sub.fullName());
                }
            }
        }
        c.reply().array(names.size());
        for (String n : names) {
            c.reply().bulk(n);
        }
    }

    static void getKeys(CommandContext c, boolean withFlags) {
        byte[][] argv = Arrays.copyOfRange(c.argv(), 2, c.argc());
        CommandSpec spec = c.server().commands().lookup(argv[0]);
        if (spec != null && !spec.subcommands().isEmpty()) {
            spec = argv.length < 2 ? null : spec.subcommand(new String(argv[1], UTF_8).toLowerCase(Locale.ROOT));
        }
        if (spec == null) {
            throw new CommandError("ERR Invalid command specified");
        }
        if (spec.keySpecs().isEmpty() && !spec.has(CommandFlag.MOVABLEKEYS)) {
            throw new CommandError("ERR The command has no key arguments");
        }
        if (!spec.arityOk(argv.length)) {
            throw new CommandError("ERR Invalid number of arguments specified for command");
        }
        List<int[]> found = new ArrayList<>();
        List<KeySpec> specs = new ArrayList<>();
        for (KeySpec ks : spec.keySpecs()) {
            int[] pos = ks.positions(argv);
            if (pos == null) {
                found.clear();
                break;
            }
            found.add(pos);
            specs.add(ks);
        }
        int total = 0;
        for (int[] p : found) {
            total += p.length;
        }
        if (total == 0) {
            if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
                c.reply().array(0);
                return;
            }
            throw new CommandError("ERR Invalid arguments specified for command");
        }
        c.reply().array(total);
        for (int s = 0; s < found.size(); s++) {
            for (int p : found.get(s)) {
                if (withFlags) {
                    c.reply().array(2);
                    c.reply().bulk(argv[p]);
                    List<String> flags = specs.get(s).flags();
                    if (spec.variableKeyFlags() != null && flags.contains("variable_flags")) {
                        flags = spec.variableKeyFlags().apply(argv);
                    }
                    c.reply().set(flags.size());
                    for (String f : flags) {
                        c.reply().simple(f);
                    }
                } else {
                    c.reply().bulk(argv[p]);
                }
            }
        }
    }
}
