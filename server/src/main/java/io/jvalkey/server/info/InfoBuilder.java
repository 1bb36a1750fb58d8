package io.jvalkey.server.info;

import io.jvalkey.server.Server;
import io.jvalkey.server.Version;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.config.Units;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Eviction;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.ShardStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text of INFO: Valkey's sections, field names and order, "# Section" headers, CRLF line
 * ends and a blank line between sections. Counters kept per shard are summed here.
 */
public final class InfoBuilder {
    /** Sections INFO prints without arguments (and for "default"). */
    public static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

    private static final String NULL_REPLID = "0000000000000000000000000000000000000000";

    private final Server server;
    private final StringBuilder sb = new StringBuilder(4096);
    private int sections;

    private InfoBuilder(Server server) {
        this.server = server;
    }

    /** INFO's reply text for its arguments (section names, "default", "all", "everything"). */
    public static String build(Server server, List<String> args) {
        Set<String> wanted = new LinkedHashSet<>();
        boolean all = false;
        if (args.isEmpty()) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        for (String a : args) {
            String s = a.toLowerCase(Locale.ROOT);
            switch (s) {
                case "default" -> wanted.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> all = true;
                default -> wanted.add(s);
            }
        }
        return new InfoBuilder(server).render(wanted, all);
    }

    private String render(Set<String> w, boolean all) {
        if (all || w.contains("server")) {
            server();
        }
        if (all || w.contains("clients")) {
            clients();
        }
        if (all || w.contains("memory")) {
            memory();
        }
        if (all || w.contains("persistence")) {
            persistence();
        }
        if (all || w.contains("stats")) {
            stats();
        }
        if (all || w.contains("replication")) {
            replication();
        }
        if (all || w.contains("cpu")) {
            cpu();
        }
        if (all || w.contains("module_list") || w.contains("modules")) {
            header("Modules");
        }
        if (all || w.contains("commandstats")) {
            header("Commandstats");
            for (CommandSpec spec : server.commands().all()) {
                commandStats(spec);
            }
        }
        if (all || w.contains("errorstats")) {
            header("Errorstats");
            for (Map.Entry<String, Long> e : server.stats().errorCounts().entrySet()) {
                line("errorstat_" + safe(e.getKey()), "count=" + e.getValue());
            }
        }
        if (all || w.contains("latencystats")) {
            header("Latencystats");
        }
        if (all || w.contains("cluster")) {
            header("Cluster");
            line("cluster_enabled", server.config().getBool("cluster-enabled") ? 1 : 0);
        }
        if (all || w.contains("keyspace")) {
            keyspace();
        }
        if (w.contains("debug")) {
            header("Debug");
            line("eventloop_duration_aof_sum", 0);
            line("eventloop_duration_cron_sum", 0);
            line("eventloop_duration_max", 0);
            line("eventloop_cmd_per_cycle_max", 0);
        }
        return sb.toString();
    }

    private void header(String name) {
        if (sections++ > 0) {
            sb.append("\r\n");
        }
        sb.append("# ").append(name).append("\r\n");
    }

    private void line(String field, Object value) {
        sb.append(field).append(':').append(value).append("\r\n");
    }

    /** INFO field names and values never contain ':', '#', CR or LF (Valkey replaces them). */
    private static String safe(String s) {
        return s.replace(':', '_').replace('#', '_').replace('\r', '_').replace('\n', '_');
    }

    private void server() {
        header("Server");
        long nowMicros = System.currentTimeMillis() * 1000;
        long uptime = (System.currentTimeMillis() - server.startMillis()) / 1000;
        line("redis_version", Version.REDIS_COMPAT);
        line("server_name", "valkey");
        line("valkey_version", Version.VALKEY_COMPAT);
        line("jvalkey_version", Version.VERSION);
        line("redis_git_sha1", "00000000");
        line("redis_git_dirty", 0);
        line("redis_build_id", Integer.toHexString(Version.VERSION.hashCode()) + "0000000");
        line(server.config().getBool("extended-redis-compatibility") ? "redis_mode" : "server_mode",
                server.config().getBool("cluster-enabled") ? "cluster" : "standalone");
        line("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch());
        line("arch_bits", 64);
        line("monotonic_clock", "POSIX clock_gettime");
        line("multiplexing_api", server.transport());
        line("gcc_version", "0.0.0");
        line("java_version", Runtime.version());
        line("process_id", ProcessHandle.current().pid());
        line("process_supervised", "no");
        line("run_id", server.runId());
        line("tcp_port", server.port());
        line("server_time_usec", nowMicros);
        line("uptime_in_seconds", uptime);
        line("uptime_in_days", uptime / 86400);
        line("hz", server.hz());
        line("configured_hz", server.config().get("hz"));
        line("lru_clock", Clock.lruClock());
        line("executable", executable());
        line("config_file", server.config().configFile() == null ? "" : server.config().configFile());
        line("io_threads_active", 0);
        String bind = server.config().get("bind");
        StringBuilder l = new StringBuilder("name=tcp");
        for (String b : bind.isEmpty() ? new String[0] : bind.split(" ")) {
            l.append(",bind=").append(b);
        }
        l.append(",port=").append(server.port());
        line("listener0", l);
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    private static String executable() {
        try {
            return Path.of(InfoBuilder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().toString();
        } catch (Exception e) {
            return "";
        }
    }

    private void clients() {
        header("Clients");
        line("connected_clients", server.clients().count());
        line("cluster_connections", 0);
        line("maxclients", server.config().get("maxclients"));
        line("client_recent_max_input_buffer", 0);
        line("client_recent_max_output_buffer", 0);
        line("blocked_clients", server.stats().blockedClients.get());
        line("tracking_clients", server.tracking().clients());
        line("pubsub_clients", server.stats().pubsubClients.get());
        line("watching_clients", server.stats().watchingClients.get());
        line("clients_in_timeout_table", server.stats().blockedClients.get());
        long watchedKeys = 0;
        long blockingKeys = 0;
        long blockingKeysOnNoKey = 0;
        for (var shard : server.keyspace().shards()) {
            watchedKeys += shard.watched().keyCount(); // racy reads of sizes: a snapshot is all INFO needs
            blockingKeys += shard.blocked().keyCount();
            blockingKeysOnNoKey += shard.blocked().keyCountOnNoKey();
        }
        line("total_watched_keys", watchedKeys);
        line("total_blocking_keys", blockingKeys);
        line("total_blocking_keys_on_nokey", blockingKeysOnNoKey);
    }

    private void memory() {
        header("Memory");
        Keyspace ks = server.keyspace();
        long used = Eviction.usedMemory(ks);
        long peak = server.stats().notePeak(used);
        long rss = rssBytes();
        long startup = ks.limits().baseline;
        long dataset = Math.max(used - startup, 0);
        long max = server.memoryLimits().maxmemory;
        long total = totalSystemMemory();
        line("used_memory", used);
        line("used_memory_human", Units.human(used));
        line("used_memory_rss", rss);
        line("used_memory_rss_human", Units.human(rss));
        line("used_memory_peak", peak);
        line("used_memory_peak_human", Units.human(peak));
        line("used_memory_peak_perc", percent(used, peak));
        line("used_memory_overhead", startup);
        line("used_memory_startup", startup);
        line("used_memory_dataset", dataset);
        line("used_memory_dataset_perc", percent(dataset, Math.max(used - startup, 1)));
        line("allocator_allocated", used);
        line("allocator_active", used);
        line("allocator_resident", rss);
        line("allocator_muzzy", 0);
        line("total_system_memory", total);
        line("total_system_memory_human", Units.human(total));
        line("used_memory_lua", 31744);
        line("used_memory_vm_eval", 31744);
        line("used_memory_lua_human", "31.00K");
        line("used_memory_scripts_eval", 0);
        line("number_of_cached_scripts", 0);
        line("number_of_functions", 0);
        line("number_of_libraries", 0);
        line("used_memory_vm_functions", 32768);
        line("used_memory_vm_total", 64512);
        line("used_memory_vm_total_human", "63.00K");
        line("used_memory_functions", 0);
        line("used_memory_scripts", 0);
        line("used_memory_scripts_human", "0B");
        line("maxmemory", max);
        line("maxmemory_human", Units.human(max));
        line("maxmemory_policy", server.memoryLimits().policy.configName);
        line("allocator_frag_ratio", "1.00");
        line("allocator_frag_bytes", 0);
        line("allocator_rss_ratio", ratio(rss, used));
        line("allocator_rss_bytes", rss - used);
        line("rss_overhead_ratio", "1.00");
        line("rss_overhead_bytes", 0);
        line("mem_fragmentation_ratio", ratio(rss, used));
        line("mem_fragmentation_bytes", rss - used);
        line("mem_not_counted_for_evict", 0);
        line("mem_replication_backlog", 0);
        line("mem_total_replication_buffers", 0);
        line("mem_clients_slaves", 0);
        line("mem_clients_normal", 0);
        line("mem_cluster_links", 0);
        line("mem_aof_buffer", 0);
        line("mem_allocator", "jvm");
        line("mem_overhead_db_hashtable_rehashing", 0);
        line("active_defrag_running", 0);
        line("lazyfree_pending_objects", 0);
        line("lazyfreed_objects", 0);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole <= 0 ? 0.0 : part * 100.0 / whole);
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f", b <= 0 ? 0.0 : (double) a / b);
    }

    /** Resident set size of this process, from /proc (0 where there is none). */
    public static long rssBytes() {
        return procField(Path.of("/proc/self/status"), "VmRSS:");
    }

    static long totalSystemMemory() {
        return procField(Path.of("/proc/meminfo"), "MemTotal:");
    }

    private static long procField(Path file, String field) {
        try {
            for (String l : Files.readAllLines(file)) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: report 0
        }
        return 0;
    }

    private void persistence() {
        header("Persistence");
        server.persistence().info(this::line);
        server.aof().info(this::line);
        line("module_fork_in_progress", 0);
        line("module_fork_last_cow_size", 0);
        server.aof().infoWhenEnabled(this::line);
    }

    private void stats() {
        header("Stats");
        ServerStats st = server.stats();
        long hits = 0;
        long misses = 0;
        long expired = 0;
        long evicted = 0;
        long expireCpu = 0;
        for (Shard s : server.keyspace().shards()) {
            ShardStats ss = s.stats();
            hits += ss.keyspaceHits;
            misses += ss.keyspaceMisses;
            expired += ss.expiredKeys;
            evicted += ss.evictedKeys;
            expireCpu += ss.expireCycleCpuMillis;
        }
        line("total_connections_received", st.totalConnections.sum());
        line("total_commands_processed", st.commandsProcessed.sum());
        line("instantaneous_ops_per_sec", st.opsPerSecond());
        line("total_net_input_bytes", st.netInputBytes.sum());
        line("total_net_output_bytes", st.netOutputBytes.sum());
        line("total_net_repl_input_bytes", 0);
        line("total_net_repl_output_bytes", 0);
        line("instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", st.inputBytesPerSecond() / 1024.0));
        line("instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", st.outputBytesPerSecond() / 1024.0));
        line("instantaneous_input_repl_kbps", "0.00");
        line("instantaneous_output_repl_kbps", "0.00");
        line("rejected_connections", st.rejectedConnections.sum());
        line("sync_full", 0);
        line("sync_partial_ok", 0);
        line("sync_partial_err", 0);
        line("expired_keys", expired);
        line("expired_fields", st.expiredFields.sum());
        line("expired_stale_perc", "0.00");
        line("expired_time_cap_reached_count", 0);
        line("expire_cycle_cpu_milliseconds", expireCpu);
        line("evicted_keys", evicted);
        line("evicted_clients", 0);
        line("evicted_scripts", 0);
        line("total_eviction_exceeded_time", 0);
        line("current_eviction_exceeded_time", 0);
        line("keyspace_hits", hits);
        line("keyspace_misses", misses);
        line("pubsub_channels", server.pubSub().channelCount());
        line("pubsub_patterns", server.pubSub().patternCount());
        line("pubsubshard_channels", server.pubSub().shardChannelCount());
        line("latest_fork_usec", 0);
        line("total_forks", 0);
        line("migrate_cached_sockets", 0);
        line("slave_expires_tracked_keys", 0);
        line("active_defrag_hits", 0);
        line("active_defrag_misses", 0);
        line("active_defrag_key_hits", 0);
        line("active_defrag_key_misses", 0);
        line("total_active_defrag_time", 0);
        line("current_active_defrag_time", 0);
        line("tracking_total_keys", server.tracking().totalKeys());
        line("tracking_total_items", server.tracking().totalItems());
        line("tracking_total_prefixes", server.tracking().totalPrefixes());
        line("unexpected_error_replies", 0);
        line("total_error_replies", st.totalErrorReplies.sum());
        line("dump_payload_sanitizations", 0);
        line("total_reads_processed", st.commandsProcessed.sum());
        line("total_writes_processed", st.commandsProcessed.sum());
        line("io_threaded_reads_processed", 0);
        line("io_threaded_writes_processed", 0);
        line("client_query_buffer_limit_disconnections", 0);
        line("client_output_buffer_limit_disconnections", st.outputBufferLimitDisconnections.sum());
        line("reply_buffer_shrinks", 0);
        line("reply_buffer_expands", 0);
        line("eventloop_cycles", 0);
        line("eventloop_duration_sum", 0);
        line("eventloop_duration_cmd_sum", 0);
        line("instantaneous_eventloop_cycles_per_sec", 0);
        line("instantaneous_eventloop_duration_usec", 0);
        line("acl_access_denied_auth", 0);
        line("acl_access_denied_cmd", 0);
        line("acl_access_denied_key", 0);
        line("acl_access_denied_channel", 0);
    }

    private void replication() {
        header("Replication");
        line("role", "master");
        line("connected_slaves", 0);
        line("replicas_waiting_psync", 0);
        line("master_failover_state", "no-failover");
        line("master_replid", server.replId());
        line("master_replid2", NULL_REPLID);
        line("master_repl_offset", 0);
        line("second_repl_offset", -1);
        line("repl_backlog_active", 0);
        line("repl_backlog_size", server.config().get("repl-backlog-size"));
        line("repl_backlog_first_byte_offset", 0);
        line("repl_backlog_histlen", 0);
    }

    private void cpu() {
        header("CPU");
        long[] ticks = procCpuTicks();
        line("used_cpu_sys", seconds(ticks[1] * 10_000_000L));
        line("used_cpu_user", seconds(ticks[0] * 10_000_000L));
        line("used_cpu_sys_children", "0.000000");
        line("used_cpu_user_children", "0.000000");
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        long cpu = Math.max(t.getCurrentThreadCpuTime(), 0);
        long user = Math.max(t.getCurrentThreadUserTime(), 0);
        line("used_cpu_sys_main_thread", seconds(Math.max(cpu - user, 0)));
        line("used_cpu_user_main_thread", seconds(user));
    }

    private static String seconds(long nanos) {
        return (nanos / 1_000_000_000L) + "." + String.format(Locale.ROOT, "%06d", (nanos % 1_000_000_000L) / 1000);
    }

    /** User and system CPU of the whole process in clock ticks (1/100 s) from /proc/self/stat. */
    private static long[] procCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new long[] {cpu / 10_000_000L, 0};
        }
    }

    private void commandStats(CommandSpec spec) {
        long calls = spec.calls.sum();
        long failed = spec.failedCalls.sum();
        long rejected = spec.rejectedCalls.sum();
        if (calls != 0 || failed != 0 || rejected != 0) {
            long usec = spec.micros.sum();
            line("cmdstat_" + safe(spec.fullName()), "calls=" + calls + ",usec=" + usec + ",usec_per_call="
                    + String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (float) usec / calls)
                    + ",rejected_calls=" + rejected + ",failed_calls=" + failed);
        }
        for (CommandSpec sub : spec.subcommands().values()) {
            commandStats(sub);
        }
    }

    private void keyspace() {
        header("Keyspace");
        Keyspace ks = server.keyspace();
        for (int db = 0; db < ks.databases(); db++) {
            long keys = ks.keys(db);
            if (keys == 0) {
                continue;
            }
            line("db" + db, "keys=" + keys + ",expires=" + ks.volatileKeys(db) + ",avg_ttl=0");
        }
    }
}
