package io.jvalkey.server.config;

import static io.jvalkey.server.config.ConfigType.BOOL;
import static io.jvalkey.server.config.ConfigType.STRING;
import static io.jvalkey.server.config.ConfigType.ULONG_MAX;
import static io.jvalkey.server.config.ConfigType.flagsOf;
import static io.jvalkey.server.config.ConfigType.integer;
import static io.jvalkey.server.config.ConfigType.memory;
import static io.jvalkey.server.config.ConfigType.memoryOrPercent;
import static io.jvalkey.server.config.ConfigType.octal;
import static io.jvalkey.server.config.ConfigType.oneOf;
import static io.jvalkey.server.config.ConfigType.unsigned;

import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.MemoryLimits;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.util.Log;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Every config parameter Valkey declares, with its names, types, defaults, ranges and flags, plus
 * jvalkey's own, and the wiring from parameters to the parts of the server that use them.
 * Parameters whose feature jvalkey does not implement yet are still accepted and stored, so
 * existing config files and CONFIG SET calls keep working.
 */
public final class ServerConfigs {
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long UINT_MAX = 4294967295L;
    private static final long LONG_MAX = Long.MAX_VALUE;

    private ServerConfigs() {}

    public static Config declare() {
        Config c = new Config();
        // jvalkey's own: hidden, as Valkey hides its internal configs, so CONFIG GET with a pattern
        // (tools that copy every config across servers) lists only Valkey's
        c.define("shards", integer(0, 1024), "0", "immutable", "hidden");
        c.define("io-transport", oneOf("epoll", "io_uring", "nio"), "epoll", "immutable", "hidden");
        // RDB version of saved files and DUMP payloads: 11 as Valkey 8; 10 for Redis 7.0 to read them
        c.define("rdb-version", integer(10, 11), "11", "hidden");
        // Valkey's, in the order of its config table
        c.define("rdbchecksum", BOOL, "yes", "immutable");
        c.define("daemonize", BOOL, "no", "immutable");
        c.define("always-show-logo", BOOL, "no", "immutable");
        c.define("protected-mode", BOOL, "yes");
        c.define("rdbcompression", BOOL, "yes");
        c.define("rdb-del-sync-files", BOOL, "no");
        c.define("activerehashing", BOOL, "yes");
        c.define("stop-writes-on-bgsave-error", BOOL, "yes");
        c.define("set-proc-title", BOOL, "yes", "immutable");
        c.define("dynamic-hz", BOOL, "yes");
        c.define("lazyfree-lazy-eviction", BOOL, "yes");
        c.define("lazyfree-lazy-expire", BOOL, "yes");
        c.define("lazyfree-lazy-server-del", BOOL, "yes");
        c.define("lazyfree-lazy-user-del", BOOL, "yes");
        c.define("lazyfree-lazy-user-flush", BOOL, "yes");
        c.define("repl-disable-tcp-nodelay", BOOL, "no");
        c.define("repl-diskless-sync", BOOL, "yes");
        c.define("dual-channel-replication-enabled", BOOL, "no");
        c.define("aof-rewrite-incremental-fsync", BOOL, "yes");
        c.define("no-appendfsync-on-rewrite", BOOL, "no");
        c.define("cluster-require-full-coverage", BOOL, "yes");
        c.define("rdb-save-incremental-fsync", BOOL, "yes");
        c.define("aof-load-truncated", BOOL, "yes");
        c.define("aof-use-rdb-preamble", BOOL, "yes");
        c.define("aof-timestamp-enabled", BOOL, "no");
        c.define("cluster-replica-no-failover", BOOL, "no", "alias=cluster-slave-no-failover");
        c.define("replica-lazy-flush", BOOL, "yes", "alias=slave-lazy-flush");
        c.define("replica-serve-stale-data", BOOL, "yes", "alias=slave-serve-stale-data");
        c.define("replica-read-only", BOOL, "yes", "alias=slave-read-only");
        c.define("replica-ignore-maxmemory", BOOL, "yes", "alias=slave-ignore-maxmemory");
        c.define("jemalloc-bg-thread", BOOL, "yes");
        c.define("activedefrag", BOOL, "no");
        c.define("syslog-enabled", BOOL, "no", "immutable");
        c.define("cluster-enabled", BOOL, "no", "immutable");
        c.define("appendonly", BOOL, "no", "deny-loading");
        c.define("cluster-allow-reads-when-down", BOOL, "no");
        c.define("cluster-allow-pubsubshard-when-down", BOOL, "yes");
        c.define("crash-log-enabled", BOOL, "yes");
        c.define("crash-memcheck-enabled", BOOL, "yes");
        c.define("use-exit-on-panic", BOOL, "no", "hidden");
        c.define("disable-thp", BOOL, "yes", "immutable");
        c.define("cluster-allow-replica-migration", BOOL, "yes");
        c.define("replica-announced", BOOL, "yes");
        c.define("latency-tracking", BOOL, "yes");
        c.define("aof-disable-auto-gc", BOOL, "no", "hidden");
        c.define("replica-ignore-disk-write-errors", BOOL, "no");
        c.define("extended-redis-compatibility", BOOL, "no");
        c.define("enable-debug-assert", BOOL, "no", "immutable", "hidden");
        c.define("cluster-slot-stats-enabled", BOOL, "no");
        c.define("hide-user-data-from-log", BOOL, "yes");
        c.define("aclfile", STRING, "", "immutable");
        c.define("unixsocket", STRING, "", "immutable");
        c.define("unixsocketgroup", STRING, "", "immutable");
        c.define("pidfile", STRING, "", "immutable");
        c.define("replica-announce-ip", STRING, "", "alias=slave-announce-ip");
        c.define("primaryuser", STRING, "", "sensitive", "alias=masteruser");
        c.define("cluster-announce-ip", STRING, "");
        c.define("cluster-announce-client-ipv4", STRING, "");
        c.define("cluster-announce-client-ipv6", STRING, "");
        c.define("cluster-config-file", STRING, "nodes.conf", "immutable");
        c.define("cluster-announce-hostname", STRING, "");
        c.define("cluster-announce-human-nodename", STRING, "");
        c.define("syslog-ident", STRING, "valkey", "immutable");
        c.define("dbfilename", STRING, "dump.rdb", "protected");
        c.define("appendfilename", STRING, "appendonly.aof", "immutable");
        c.define("appenddirname", STRING, "appendonlydir", "immutable");
        c.define("server-cpulist", STRING, "", "immutable", "alias=server_cpulist");
        c.define("bio-cpulist", STRING, "", "immutable", "alias=bio_cpulist");
        c.define("aof-rewrite-cpulist", STRING, "", "immutable", "alias=aof_rewrite_cpulist");
        c.define("bgsave-cpulist", STRING, "", "immutable", "alias=bgsave_cpulist");
        c.define("ignore-warnings", STRING, "");
        c.define("proc-title-template", STRING, "{title} {listen-addr} {server-mode}");
        c.define("bind-source-addr", STRING, "");
        c.define("logfile", STRING, "", "immutable");
        c.define("req-res-logfile", STRING, "", "immutable", "hidden");
        c.define("locale-collate", STRING, "");
        c.define("debug-context", STRING, "", "hidden");
        c.define("primaryauth", STRING, "", "sensitive", "alias=masterauth");
        c.define("requirepass", STRING, "", "sensitive");
        c.define("availability-zone", STRING, "");
        c.define("supervised", oneOf("upstart", "systemd", "auto", "no"), "no", "immutable");
        c.define("syslog-facility", oneOf("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"), "local0", "immutable");
        c.define("repl-diskless-load", oneOf("disabled", "on-empty-db", "swapdb", "flush-before-load"), "disabled", "deny-loading");
        c.define("loglevel", oneOf("debug", "verbose", "notice", "warning", "nothing"), "notice");
        c.define("maxmemory-policy", oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction");
        c.define("appendfsync", oneOf("everysec", "always", "no"), "everysec");
        c.define("oom-score-adj", oneOf("no", "yes", "relative=yes", "absolute"), "no");
        c.define("acl-pubsub-default", oneOf("allchannels", "resetchannels"), "resetchannels");
        c.define("sanitize-dump-payload", oneOf("no", "yes", "clients"), "no");
        c.define("enable-protected-configs", oneOf("no", "yes", "local"), "no", "immutable");
        c.define("enable-debug-command", oneOf("no", "yes", "local"), "no", "immutable");
        c.define("enable-module-command", oneOf("no", "yes", "local"), "no", "immutable");
        c.define("cluster-preferred-endpoint-type", oneOf("ip", "hostname", "unknown-endpoint"), "ip");
        c.define("propagation-error-behavior", oneOf("ignore", "panic", "panic-on-replicas"), "ignore");
        c.define("shutdown-on-sigint", flagsOf("default", "save", "nosave", "now", "force"), "default");
        c.define("shutdown-on-sigterm", flagsOf("default", "save", "nosave", "now", "force"), "default");
        c.define("log-format", oneOf("legacy", "logfmt"), "legacy");
        c.define("log-timestamp-format", oneOf("legacy", "iso8601", "milliseconds"), "legacy");
        c.define("databases", integer(1, INT_MAX), "16", "immutable");
        c.define("port", integer(0, 65535), "6379");
        c.define("io-threads", integer(1, 128), "1", "immutable");
        c.define("events-per-io-thread", integer(0, INT_MAX), "2");
        c.define("prefetch-batch-max-size", integer(0, 128), "16");
        c.define("auto-aof-rewrite-percentage", integer(0, INT_MAX), "100");
        c.define("cluster-replica-validity-factor", integer(0, INT_MAX), "10", "alias=cluster-slave-validity-factor");
        c.define("list-max-listpack-size", integer(INT_MIN, INT_MAX), "-2", "alias=list-max-ziplist-size");
        c.define("tcp-keepalive", integer(0, INT_MAX), "300");
        c.define("cluster-migration-barrier", integer(0, INT_MAX), "1");
        c.define("active-defrag-cycle-min", integer(1, 99), "1");
        c.define("active-defrag-cycle-max", integer(1, 99), "25");
        c.define("active-defrag-threshold-lower", integer(0, 1000), "10");
        c.define("active-defrag-threshold-upper", integer(0, 1000), "100");
        c.define("lfu-log-factor", integer(0, INT_MAX), "10");
        c.define("lfu-decay-time", integer(0, INT_MAX), "1");
        c.define("replica-priority", integer(0, INT_MAX), "100", "alias=slave-priority");
        c.define("repl-diskless-sync-delay", integer(0, INT_MAX), "5");
        c.define("maxmemory-samples", integer(1, 64), "5");
        c.define("maxmemory-eviction-tenacity", integer(0, 100), "10");
        c.define("timeout", integer(0, INT_MAX), "0");
        c.define("replica-announce-port", integer(0, 65535), "0", "alias=slave-announce-port");
        c.define("tcp-backlog", integer(0, INT_MAX), "511", "immutable");
        c.define("cluster-port", integer(0, 65535), "0", "immutable");
        c.define("cluster-announce-bus-port", integer(0, 65535), "0");
        c.define("cluster-announce-port", integer(0, 65535), "0");
        c.define("cluster-announce-tls-port", integer(0, 65535), "0");
        c.define("repl-timeout", integer(1, INT_MAX), "60");
        c.define("repl-ping-replica-period", integer(1, INT_MAX), "10", "alias=repl-ping-slave-period");
        c.define("list-compress-depth", integer(0, INT_MAX), "0");
        c.define("rdb-key-save-delay", integer(INT_MIN, INT_MAX), "0", "hidden");
        c.define("key-load-delay", integer(INT_MIN, INT_MAX), "0", "hidden");
        c.define("active-expire-effort", integer(1, 10), "1");
        c.define("hz", integer(0, INT_MAX), "10");
        c.define("min-replicas-to-write", integer(0, INT_MAX), "0", "alias=min-slaves-to-write");
        c.define("min-replicas-max-lag", integer(0, INT_MAX), "10", "alias=min-slaves-max-lag");
        c.define("watchdog-period", integer(0, INT_MAX), "0", "hidden");
        c.define("shutdown-timeout", integer(0, INT_MAX), "10");
        c.define("repl-diskless-sync-max-replicas", integer(0, INT_MAX), "0");
        c.define("maxclients", unsigned(1, UINT_MAX), "10000");
        c.define("unixsocketperm", octal(0, 511), "0", "immutable");
        c.define("socket-mark-id", unsigned(0, UINT_MAX), "0", "immutable");
        c.define("max-new-connections-per-cycle", unsigned(1, 1000), "10");
        c.define("max-new-tls-connections-per-cycle", unsigned(1, 1000), "1");
        c.define("client-default-resp", unsigned(2, 3), "2", "immutable", "hidden");
        c.define("active-defrag-max-scan-fields", unsigned(1, LONG_MAX), "1000");
        c.define("slowlog-max-len", unsigned(0, LONG_MAX), "128");
        c.define("acllog-max-len", unsigned(0, LONG_MAX), "128");
        c.define("cluster-blacklist-ttl", unsigned(0, ULONG_MAX), "60");
        c.define("busy-reply-threshold", integer(0, LONG_MAX), "5000", "alias=lua-time-limit");
        c.define("cluster-node-timeout", integer(0, LONG_MAX), "15000");
        c.define("cluster-ping-interval", integer(0, LONG_MAX), "0", "hidden");
        c.define("slowlog-log-slower-than", integer(-1, LONG_MAX), "10000");
        c.define("latency-monitor-threshold", integer(0, LONG_MAX), "0");
        c.define("proto-max-bulk-len", memory(1048576, LONG_MAX), "536870912");
        c.define("stream-node-max-entries", integer(0, LONG_MAX), "100");
        c.define("repl-backlog-size", memory(1, LONG_MAX), "10485760");
        c.define("maxmemory", memory(0, ULONG_MAX), "0");
        c.define("cluster-link-sendbuf-limit", memory(0, ULONG_MAX), "0");
        c.define("hash-max-listpack-entries", unsigned(0, LONG_MAX), "512", "alias=hash-max-ziplist-entries");
        c.define("set-max-intset-entries", unsigned(0, LONG_MAX), "512");
        c.define("set-max-listpack-entries", unsigned(0, LONG_MAX), "128");
        c.define("set-max-listpack-value", unsigned(0, LONG_MAX), "64");
        c.define("zset-max-listpack-entries", unsigned(0, LONG_MAX), "128", "alias=zset-max-ziplist-entries");
        c.define("active-defrag-ignore-bytes", memory(1, LONG_MAX), "104857600");
        c.define("hash-max-listpack-value", memory(0, LONG_MAX), "64", "alias=hash-max-ziplist-value");
        c.define("stream-node-max-bytes", memory(0, LONG_MAX), "4096");
        c.define("zset-max-listpack-value", memory(0, LONG_MAX), "64", "alias=zset-max-ziplist-value");
        c.define("hll-sparse-max-bytes", memory(0, LONG_MAX), "3000");
        c.define("tracking-table-max-keys", unsigned(0, LONG_MAX), "1000000");
        c.define("client-query-buffer-limit", memory(1048576, LONG_MAX), "1073741824");
        c.define("maxmemory-clients", memoryOrPercent(-100, LONG_MAX), "0");
        c.define("repl-backlog-ttl", integer(0, LONG_MAX), "3600");
        c.define("auto-aof-rewrite-min-size", memory(0, LONG_MAX), "67108864");
        c.define("loading-process-events-interval-bytes", integer(1024, INT_MAX), "2097152", "hidden");
        c.define("tls-port", integer(0, 65535), "0");
        c.define("tls-session-cache-size", integer(0, INT_MAX), "20480");
        c.define("tls-session-cache-timeout", integer(0, INT_MAX), "300");
        c.define("tls-cluster", BOOL, "no");
        c.define("tls-replication", BOOL, "no");
        c.define("tls-auth-clients", oneOf("no", "yes", "optional"), "yes");
        c.define("tls-prefer-server-ciphers", BOOL, "no");
        c.define("tls-session-caching", BOOL, "yes");
        c.define("tls-cert-file", STRING, "");
        c.define("tls-key-file", STRING, "");
        c.define("tls-key-file-pass", STRING, "", "sensitive");
        c.define("tls-client-cert-file", STRING, "");
        c.define("tls-client-key-file", STRING, "");
        c.define("tls-client-key-file-pass", STRING, "", "sensitive");
        c.define("tls-dh-params-file", STRING, "");
        c.define("tls-ca-cert-file", STRING, "");
        c.define("tls-ca-cert-dir", STRING, "");
        c.define("tls-protocols", STRING, "");
        c.define("tls-ciphers", STRING, "");
        c.define("tls-ciphersuites", STRING, "");
        c.define("dir", SpecialTypes.DIR, System.getProperty("user.dir"), "protected", "deny-loading");
        c.define("save", SpecialTypes.SAVE, "3600 1 300 100 60 10000");
        c.define("client-output-buffer-limit", SpecialTypes.CLIENT_OUTPUT_BUFFER_LIMIT,
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        c.define("oom-score-adj-values", SpecialTypes.OOM_SCORE_ADJ_VALUES, "0 200 800");
        c.define("notify-keyspace-events", SpecialTypes.NOTIFY_KEYSPACE_EVENTS, "");
        c.define("bind", SpecialTypes.BIND, "* -::*");
        c.define("replicaof", SpecialTypes.REPLICAOF, "", "immutable", "alias=slaveof");
        c.define("latency-tracking-info-percentiles", SpecialTypes.PERCENTILES, "50 99 99.9");
        return c;
    }

    /** Connects parameters to the server parts that use them; called once before start. */
    public static void wire(Server s) {
        Config c = s.config();
        c.subscribe("requirepass", v -> s.auth().requirepass(v));
        c.subscribe("protected-mode", v -> s.auth().protectedMode(v.equals("yes")));
        c.subscribe("proto-max-bulk-len", v -> s.limits().protoMaxBulkLen = Long.parseLong(v));
        c.subscribe("client-query-buffer-limit", v -> s.limits().clientQueryBufferLimit = Long.parseLong(v));
        c.subscribe("maxclients", v -> s.limits().maxClients = (int) Math.min(Long.parseLong(v), Integer.MAX_VALUE));
        c.subscribe("timeout", v -> s.limits().timeoutMillis = Long.parseLong(v) * 1000);
        c.subscribe("client-output-buffer-limit", v -> {
            // Canonical form: normal h s t slave h s t pubsub h s t
            String[] f = v.split(" ");
            s.limits().pubsubHard = Long.parseLong(f[9]);
            s.limits().pubsubSoft = Long.parseLong(f[10]);
            s.limits().pubsubSoftSeconds = Long.parseLong(f[11]);
        });
        c.subscribe("hz", v -> s.hz((int) Math.max(1, Math.min(Long.parseLong(v), 500))));
        c.subscribe("slowlog-log-slower-than", v -> s.slowLog().slowerThan(Long.parseLong(v)));
        c.subscribe("slowlog-max-len", v -> s.slowLog().maxLen((int) Math.min(Long.parseLong(v), Integer.MAX_VALUE)));
        c.subscribe("loglevel", v -> s.log().level(Log.Level.valueOf(v.toUpperCase(Locale.ROOT))));
        c.subscribe("logfile", v -> {
            if (!v.isEmpty()) {
                try {
                    s.log().output(new PrintStream(new FileOutputStream(v, true), true, "UTF-8"));
                } catch (IOException e) {
                    throw new IllegalArgumentException("Can't open the log file: " + e.getMessage());
                }
            }
        });
        // The listeners are bound once at start; a later change would need a rebind.
        c.subscribe("port", v -> {
            if (s.port() != 0 && Integer.parseInt(v) != s.port()) {
                throw new IllegalArgumentException("Unable to listen on this port");
            }
        });
        String boundTo = c.get("bind");
        c.subscribe("bind", v -> {
            if (s.port() != 0 && !v.equals(boundTo)) {
                throw new IllegalArgumentException("Failed to bind to specified addresses.");
            }
        });
        MemoryLimits m = s.memoryLimits();
        c.subscribe("maxmemory", v -> {
            m.maxmemory = Long.parseLong(v);
            // As Valkey, a lower limit evicts at once (each shard its own keys), not at the next write.
            if (m.maxmemory > 0 && s.workers() != null) {
                for (var w : s.workers()) {
                    w.loop().execute(() -> io.jvalkey.server.keyspace.Eviction.makeRoom(s.keyspace(), w.shard()));
                }
            }
        });
        c.subscribe("maxmemory-policy", v -> m.policy = MemoryLimits.Policy.byName(v));
        c.subscribe("maxmemory-samples", v -> m.samples = Integer.parseInt(v));
        c.subscribe("lfu-log-factor", v -> m.lfuLogFactor = Integer.parseInt(v));
        c.subscribe("lfu-decay-time", v -> m.lfuDecayTime = Integer.parseInt(v));
        c.subscribe("notify-keyspace-events", v -> s.keyspaceEvents().configure(v));
        c.subscribe("tracking-table-max-keys", v -> s.tracking().maxKeys(Long.parseLong(v)));
        EncodingLimits e = s.encodingLimits();
        c.subscribe("list-max-listpack-size", v -> e.listMaxListpackSize = Integer.parseInt(v));
        c.subscribe("list-compress-depth", v -> e.listCompressDepth = Integer.parseInt(v));
        c.subscribe("hash-max-listpack-entries", v -> e.hashMaxListpackEntries = Long.parseLong(v));
        c.subscribe("hash-max-listpack-value", v -> e.hashMaxListpackValue = Long.parseLong(v));
        c.subscribe("set-max-intset-entries", v -> e.setMaxIntsetEntries = Long.parseLong(v));
        c.subscribe("set-max-listpack-entries", v -> e.setMaxListpackEntries = Long.parseLong(v));
        c.subscribe("set-max-listpack-value", v -> e.setMaxListpackValue = Long.parseLong(v));
        c.subscribe("zset-max-listpack-entries", v -> e.zsetMaxListpackEntries = Long.parseLong(v));
        c.subscribe("zset-max-listpack-value", v -> e.zsetMaxListpackValue = Long.parseLong(v));
        c.subscribe("stream-node-max-entries", v -> e.streamNodeMaxEntries = Long.parseLong(v));
        c.subscribe("stream-node-max-bytes", v -> e.streamNodeMaxBytes = Long.parseLong(v));
        c.subscribe("hll-sparse-max-bytes", v -> e.hllSparseMaxBytes = Long.parseLong(v));
    }
}
