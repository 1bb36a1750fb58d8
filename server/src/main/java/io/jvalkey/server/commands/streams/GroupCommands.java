package io.jvalkey.server.commands.streams;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.server.Help;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.stream.Consumer;
import io.jvalkey.server.types.stream.ConsumerGroup;
import io.jvalkey.server.types.stream.Stream;
import io.jvalkey.server.types.stream.StreamId;
import java.util.Locale;

/** XGROUP's subcommands (one handler, in Valkey's order of checks) and consumer creation. */
final class GroupCommands {
    private GroupCommands() {}

    /** Creates a consumer and announces it, as Valkey's streamCreateConsumer does by default. */
    static Consumer createConsumer(CommandContext c, ConsumerGroup g, byte[] name, byte[] key) {
        Consumer consumer = g.createConsumer(name, Clock.nowMillis());
        if (consumer != null) {
            c.notifyKeyspaceEvent(Notify.STREAM, "xgroup-createconsumer", key);
        }
        return consumer;
    }

    static CommandError syntax(CommandContext c) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                + truncate(c.argString(1)) + "'. Try " + c.argString(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static String truncate(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128);
    }

    static void xgroup(CommandContext c) {
        byte[][] argv = c.argv();
        int argc = argv.length;
        byte[] opt = argv[1];
        boolean create = AddTrimCommands.is(opt, "create");
        boolean setid = AddTrimCommands.is(opt, "setid");
        boolean mkstream = false;
        long entriesRead = ConsumerGroup.UNKNOWN_READS;
        byte[] key = argv[2];
        byte[] groupName = argv[3];
        for (int i = 5; i < argc; ) {
            if (create && AddTrimCommands.is(argv[i], "mkstream")) {
                mkstream = true;
                i++;
            } else if ((create || setid) && AddTrimCommands.is(argv[i], "entriesread") && i + 1 < argc) {
                entriesRead = Numbers.parseLong(argv[i + 1]);
                if (entriesRead < 0 && entriesRead != ConsumerGroup.UNKNOWN_READS) {
                    throw new CommandError("ERR value for ENTRIESREAD must be positive or -1");
                }
                i += 2;
            } else {
                throw syntax(c);
            }
        }
        Entry e = c.db().lookupWrite(key);
        Stream s = Streams.of(e);
        ConsumerGroup g = null;
        if (!mkstream) {
            if (s == null) {
                throw new CommandError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE "
                        + "you may want to use the MKSTREAM option to create an empty stream automatically.");
            }
            g = s.group(groupName);
            if (g == null && (setid || AddTrimCommands.is(opt, "createconsumer")
                    || AddTrimCommands.is(opt, "delconsumer"))) {
                throw new CommandError("NOGROUP No such consumer group '" + Streams.text(groupName)
                        + "' for key name '" + Streams.text(key) + "'");
            }
        }
        long before = s == null ? 0 : s.memoryUsage();
        if (create && argc >= 5 && argc <= 8) {
            StreamId id;
            if (isDollar(argv[4])) {
                id = s != null ? s.lastId() : StreamId.MIN;
            } else {
                id = StreamIds.parseStrict(argv[4], 0);
            }
            if (s == null) {
                s = new Stream();
                e = c.db().add(key, s);
                before = s.memoryUsage();
                c.signalModifiedKey(key);
            }
            if (s.createGroup(groupName, id, entriesRead) == null) {
                throw new CommandError("BUSYGROUP Consumer Group name already exists");
            }
            resized(c, e, s, before);
            c.dirty(1);
            c.reply().ok();
            c.notifyKeyspaceEvent(Notify.STREAM, "xgroup-create", key);
        } else if (setid && (argc == 5 || argc == 7)) {
            StreamId id = isDollar(argv[4]) ? s.lastId() : StreamIds.parse(argv[4], 0);
            g.lastId(id);
            g.entriesRead(entriesRead);
            c.dirty(1);
            c.reply().ok();
            c.notifyKeyspaceEvent(Notify.STREAM, "xgroup-setid", key);
        } else if (AddTrimCommands.is(opt, "destroy") && argc == 4) {
            if (g != null) {
                s.destroyGroup(groupName);
                resized(c, e, s, before);
                c.dirty(1);
                c.reply().integer(1);
                c.notifyKeyspaceEvent(Notify.STREAM, "xgroup-destroy", key);
                // Blocked XREADGROUP callers must now fail with NOGROUP.
                c.signalKeyAsReady(key);
            } else {
                c.reply().integer(0);
            }
        } else if (AddTrimCommands.is(opt, "createconsumer") && argc == 5) {
            Consumer created = createConsumer(c, g, argv[4], key);
            resized(c, e, s, before);
            c.dirty(created != null ? 1 : 0);
            c.reply().integer(created != null ? 1 : 0);
        } else if (AddTrimCommands.is(opt, "delconsumer") && argc == 5) {
            long pending = 0;
            Consumer consumer = g.consumer(argv[4]);
            if (consumer != null) {
                pending = g.deleteConsumer(consumer);
                resized(c, e, s, before);
                c.dirty(1);
                c.notifyKeyspaceEvent(Notify.STREAM, "xgroup-delconsumer", key);
            }
            c.reply().integer(pending);
        } else {
            throw syntax(c);
        }
    }

    private static boolean isDollar(byte[] b) {
        return b.length == 1 && b[0] == '$';
    }

    static void resized(CommandContext c, Entry e, Stream s, long before) {
        long after = s.memoryUsage();
        if (after != before) {
            c.db().valueResized(e, after - before);
        }
    }

    static void help(CommandContext c) {
        Help.reply(c,
                "CREATE <key> <groupname> <id|$> [MKSTREAM] [ENTRIESREAD <n>]",
                "    Creates a consumer group that will deliver entries after <id> ($: the last one).",
                "    MKSTREAM creates an empty stream if the key does not exist;",
                "    ENTRIESREAD sets how many entries the group is taken to have read.",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Adds a consumer to the group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Removes a consumer and its pending entries.",
                "DESTROY <key> <groupname>",
                "    Removes the group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD <n>]",
                "    Moves the group's last delivered ID (and its read counter).");
    }
}
