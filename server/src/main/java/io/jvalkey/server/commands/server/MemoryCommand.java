package io.jvalkey.server.commands.server;

import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.info.InfoBuilder;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.Eviction;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.protocol.Reply;

/** MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP, from jvalkey's memory estimates. */
final class MemoryCommand {
    private MemoryCommand() {}

    static void register(CommandTable t) {
        String[] allShards = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};
        t.add(command("memory", -2).doc("server", "4.0.0", "A container for memory diagnostics commands.")
                .complexity("Depends on subcommand.")
                .sub(command("usage", -3).flags(READONLY).keys(2, 2, 1).keySpec(KeySpec.range(2, 0, 1, "RO"))
                        .doc("server", "4.0.0", "Estimates the memory usage of a key.")
                        .complexity("O(N) where N is the number of samples.")
                        .handler(MemoryCommand::usage))
                .sub(command("stats", 2).tips(allShards).routing(Routing.ALL_SHARDS)
                        .doc("server", "4.0.0", "Returns details about memory usage.").complexity("O(1)")
                        .handler(MemoryCommand::stats))
                .sub(command("doctor", 2).tips(allShards)
                        .doc("server", "4.0.0", "Outputs a memory problems report.").complexity("O(1)")
                        .handler(MemoryCommand::doctor))
                .sub(command("malloc-stats", 2).tips(allShards)
                        .doc("server", "4.0.0", "Returns the allocator statistics.")
                        .complexity("Depends on how much memory is allocated, could be slow")
                        .handler(c -> c.reply().verbatim("Stats not supported for the current allocator")))
                .sub(command("purge", 2).tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .doc("server", "4.0.0", "Asks the allocator to release memory.")
                        .complexity("Depends on how much memory is allocated, could be slow")
                        .handler(c -> c.reply().ok()))
                .sub(command("help", 2).flags(LOADING, STALE)
                        .doc("server", "4.0.0", "Returns helpful text about the different subcommands.").complexity("O(1)")
                        .handler(c -> Help.reply(c,
                                "DOCTOR",
                                "    A short report on possible memory problems.",
                                "MALLOC-STATS",
                                "    Allocator statistics (not available on the JVM).",
                                "PURGE",
                                "    Asks the allocator to give memory back (nothing to do on the JVM).",
                                "STATS",
                                "    Figures about the server's memory use.",
                                "USAGE <key> [SAMPLES <count>]",
                                "    Estimated bytes used by <key> and its value.")))
                .build());
    }

    static void usage(CommandContext c) {
        for (int j = 3; j < c.argc(); j++) {
            if (c.option(j).equals("samples") && j + 1 < c.argc()) {
                long samples = c.longArg(j + 1);
                if (samples < 0) {
                    throw CommandError.SYNTAX;
                }
                j++;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Entry e = c.db().peek(c.arg(2));
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().integer(MemoryEstimate.entry(e));
    }

    static void stats(CommandContext c) {
        Server s = c.server();
        Keyspace ks = s.keyspace();
        long used = Eviction.usedMemory(ks);
        long peak = s.stats().notePeak(used);
        long startup = ks.limits().baseline;
        long rss = InfoBuilder.rssBytes();
        long keys = 0;
        int dbsWithKeys = 0;
        for (int db = 0; db < ks.databases(); db++) {
            keys += ks.keys(db);
            if (ks.keys(db) > 0) {
                dbsWithKeys++;
            }
        }
        long dataset = Math.max(used - startup, 0);
        Reply r = c.reply();
        r.map(29 + dbsWithKeys);
        pair(r, "peak.allocated", peak);
        pair(r, "total.allocated", used);
        pair(r, "startup.allocated", startup);
        pair(r, "replication.backlog", 0);
        pair(r, "clients.slaves", 0);
        pair(r, "clients.normal", 0);
        pair(r, "cluster.links", 0);
        pair(r, "aof.buffer", 0);
        pair(r, "lua.caches", 0);
        pair(r, "functions.caches", 0);
        for (int db = 0; db < ks.databases(); db++) {
            if (ks.keys(db) > 0) {
                r.bulk("db." + db);
                r.map(2);
                pair(r, "overhead.hashtable.main", ks.keys(db) * 16);
                pair(r, "overhead.hashtable.expires", ks.volatileKeys(db) * 8);
            }
        }
        pair(r, "overhead.db.hashtable.lut", 0);
        pair(r, "overhead.db.hashtable.rehashing", 0);
        pair(r, "overhead.total", startup);
        pair(r, "db.dict.rehashing.count", 0);
        pair(r, "keys.count", keys);
        pair(r, "keys.bytes-per-key", keys == 0 ? 0 : dataset / keys);
        pair(r, "dataset.bytes", dataset);
        r.bulk("dataset.percentage");
        r.doubleValue(used == 0 ? 0 : dataset * 100.0 / used);
        r.bulk("peak.percentage");
        r.doubleValue(peak == 0 ? 0 : used * 100.0 / peak);
        pair(r, "allocator.allocated", used);
        pair(r, "allocator.active", used);
        pair(r, "allocator.resident", rss);
        pair(r, "allocator.muzzy", 0);
        r.bulk("allocator-fragmentation.ratio");
        r.doubleValue(1.0);
        pair(r, "allocator-fragmentation.bytes", 0);
        r.bulk("allocator.rss-ratio");
        r.doubleValue(used == 0 ? 0 : (double) rss / used);
        pair(r, "allocator.rss-bytes", rss - used);
        r.bulk("fragmentation");
        r.doubleValue(used == 0 ? 0 : (double) rss / used);
        pair(r, "fragmentation.bytes", rss - used);
    }

    private static void pair(Reply r, String name, long value) {
        r.bulk(name);
        r.integer(value);
    }

    static void doctor(CommandContext c) {
        Keyspace ks = c.server().keyspace();
        long used = Eviction.usedMemory(ks);
        long max = c.server().memoryLimits().maxmemory;
        StringBuilder sb = new StringBuilder();
        if (used - ks.limits().baseline < 5 * 1024 * 1024) {
            sb.append("This instance holds very little data, so there is nothing to diagnose yet.\n");
        } else if (max > 0 && used > max * 9 / 10) {
            sb.append("Memory use is above 90% of maxmemory: expect evictions (or OOM errors under noeviction).\n");
        } else {
            sb.append("No memory problems found. Memory use is estimated from the stored keys and values.\n");
        }
        c.reply().verbatim(sb.toString());
    }
}
