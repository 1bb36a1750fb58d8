package io.jvalkey.server.config;

import static io.jvalkey.server.config.ConfigType.BOOL;
import static io.jvalkey.server.config.ConfigType.STRING;
import static io.jvalkey.server.config.ConfigType.integer;
import static io.jvalkey.server.config.ConfigType.memory;
import static io.jvalkey.server.config.ConfigType.oneOf;

import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.MemoryLimits;
import io.jvalkey.server.util.Log;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Every config parameter jvalkey knows, with Valkey's names, types and defaults, and the wiring
 * from parameters to the parts of the server that use them. Parameters Valkey has whose feature
 * jvalkey does not implement yet are still accepted and stored, so existing config files and
 * CONFIG SET calls keep working.
 */
public final class ServerConfigs {
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;

    private ServerConfigs() {}

    public static Config declare() {
        Config c = new Config();
        // jvalkey's own
        c.define("shards", integer(0, 1024), "0", "immutable");
        c.define("io-transport", oneOf("epoll", "io_uring", "nio"), "epoll", "immutable");
        // network
        c.define("port", integer(0, 65535), "6379", "immutable");
        c.define("bind", STRING, "* -::*", "immutable");
        c.define("protected-mode", BOOL, "yes");
        c.define("tcp-backlog", integer(0, INT_MAX), "511", "immutable");
        c.define("tcp-keepalive", integer(0, INT_MAX), "300");
        c.define("timeout", integer(0, INT_MAX), "0");
        c.define("maxclients", integer(1, INT_MAX), "10000");
        c.define("proto-max-bulk-len", memory(1024 * 1024, LONG_MAX), "536870912");
        c.define("client-query-buffer-limit", memory(1024 * 1024, LONG_MAX), "1073741824");
        c.define("unixsocket", STRING, "", "immutable");
        c.define("unixsocketperm", integer(0, 0777), "0", "immutable");
        c.define("requirepass", STRING, "", "sensitive");
        c.define("masterauth", STRING, "", "sensitive", "alias=primaryauth");
        c.define("masteruser", STRING, "", "alias=primaryuser");
        // general
        c.define("databases", integer(1, INT_MAX), "16", "immutable");
        c.define("daemonize", BOOL, "no", "immutable");
        c.define("pidfile", STRING, "", "immutable");
        c.define("loglevel", oneOf("debug", "verbose", "notice", "warning", "nothing"), "notice");
        c.define("logfile", STRING, "", "immutable");
        c.define("syslog-enabled", BOOL, "no", "immutable");
        c.define("syslog-ident", STRING, "valkey", "immutable");
        c.define("always-show-logo", BOOL, "no", "immutable");
        c.define("set-proc-title", BOOL, "yes", "immutable");
        c.define("hz", integer(1, 500), "10");
        c.define("dynamic-hz", BOOL, "yes");
        c.define("enable-debug-command", oneOf("no", "yes", "local"), "no", "immutable");
        c.define("enable-protected-configs", oneOf("no", "yes", "local"), "no", "immutable");
        c.define("enable-module-command", oneOf("no", "yes", "local"), "no", "immutable");
        c.define("io-threads", integer(1, 256), "1", "immutable");
        c.define("busy-reply-threshold", integer(0, LONG_MAX), "5000", "alias=lua-time-limit");
        c.define("latency-monitor-threshold", integer(0, LONG_MAX), "0");
        c.define("latency-tracking", BOOL, "yes");
        c.define("latency-tracking-info-percentiles", STRING, "50 99 99.9");
        c.define("slowlog-log-slower-than", integer(-1, LONG_MAX), "10000");
        c.define("slowlog-max-len", integer(0, LONG_MAX), "128");
        c.define("notify-keyspace-events", STRING, "");
        c.define("activerehashing", BOOL, "yes");
        c.define("active-expire-effort", integer(1, 10), "1");
        c.define("lazyfree-lazy-eviction", BOOL, "no");
        c.define("lazyfree-lazy-expire", BOOL, "no");
        c.define("lazyfree-lazy-server-del", BOOL, "no");
        c.define("lazyfree-lazy-user-del", BOOL, "no");
        c.define("lazyfree-lazy-user-flush", BOOL, "no");
        c.define("replica-lazy-flush", BOOL, "no", "alias=slave-lazy-flush");
        c.define("crash-log-enabled", BOOL, "yes");
        c.define("crash-memcheck-enabled", BOOL, "yes");
        c.define("oom-score-adj", oneOf("no", "yes", "relative", "absolute"), "no");
        c.define("oom-score-adj-values", STRING, "0 200 800");
        c.define("client-output-buffer-limit", STRING, "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        c.define("tracking-table-max-keys", integer(0, LONG_MAX), "1000000");
        c.define("lua-replicate-commands", BOOL, "yes");
        c.define("close-on-oom", BOOL, "no");
        // memory
        c.define("maxmemory", memory(0, LONG_MAX), "0");
        c.define("maxmemory-policy", oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction");
        c.define("maxmemory-samples", integer(1, 64), "5");
        c.define("maxmemory-eviction-tenacity", integer(0, 100), "10");
        c.define("maxmemory-clients", memory(0, LONG_MAX), "0");
        c.define("lfu-log-factor", integer(0, INT_MAX), "10");
        c.define("lfu-decay-time", integer(0, INT_MAX), "1");
        c.define("activedefrag", BOOL, "no");
        c.define("active-defrag-ignore-bytes", memory(1, LONG_MAX), "104857600");
        c.define("active-defrag-threshold-lower", integer(0, 1000), "10");
        c.define("active-defrag-threshold-upper", integer(0, 1000), "100");
        c.define("active-defrag-cycle-min", integer(1, 99), "1");
        c.define("active-defrag-cycle-max", integer(1, 99), "25");
        c.define("active-defrag-max-scan-fields", integer(1, LONG_MAX), "1000");
        c.define("jemalloc-bg-thread", BOOL, "yes");
        // encodings (data types come with their own issue; thresholds are accepted now)
        c.define("hash-max-listpack-entries", integer(0, LONG_MAX), "128", "alias=hash-max-ziplist-entries");
        c.define("hash-max-listpack-value", integer(0, LONG_MAX), "64", "alias=hash-max-ziplist-value");
        c.define("list-max-listpack-size", integer(Integer.MIN_VALUE, INT_MAX), "-2", "alias=list-max-ziplist-size");
        c.define("list-compress-depth", integer(0, INT_MAX), "0");
        c.define("set-max-intset-entries", integer(0, LONG_MAX), "512");
        c.define("set-max-listpack-entries", integer(0, LONG_MAX), "128");
        c.define("set-max-listpack-value", integer(0, LONG_MAX), "64");
        c.define("zset-max-listpack-entries", integer(0, LONG_MAX), "128", "alias=zset-max-ziplist-entries");
        c.define("zset-max-listpack-value", integer(0, LONG_MAX), "64", "alias=zset-max-ziplist-value");
        c.define("hll-sparse-max-bytes", memory(0, LONG_MAX), "3000");
        c.define("stream-node-max-bytes", memory(0, LONG_MAX), "4096");
        c.define("stream-node-max-entries", integer(0, LONG_MAX), "100");
        // persistence (its issue implements them; accepted now)
        c.define("dir", STRING, "./");
        c.define("dbfilename", STRING, "dump.rdb");
        c.define("save", STRING, "3600 1 300 100 60 10000");
        c.define("rdbcompression", BOOL, "yes");
        c.define("rdbchecksum", BOOL, "yes", "immutable");
        c.define("rdb-del-sync-files", BOOL, "no");
        c.define("stop-writes-on-bgsave-error", BOOL, "yes");
        c.define("appendonly", BOOL, "no");
        c.define("appendfilename", STRING, "appendonly.aof", "immutable");
        c.define("appenddirname", STRING, "appendonlydir", "immutable");
        c.define("appendfsync", oneOf("always", "everysec", "no"), "everysec");
        c.define("no-appendfsync-on-rewrite", BOOL, "no");
        c.define("auto-aof-rewrite-percentage", integer(0, INT_MAX), "100");
        c.define("auto-aof-rewrite-min-size", memory(0, LONG_MAX), "67108864");
        c.define("aof-load-truncated", BOOL, "yes");
        c.define("aof-use-rdb-preamble", BOOL, "yes");
        c.define("aof-timestamp-enabled", BOOL, "no");
        c.define("aof-rewrite-incremental-fsync", BOOL, "yes");
        c.define("rdb-save-incremental-fsync", BOOL, "yes");
        c.define("rdb-key-save-delay", integer(Integer.MIN_VALUE, INT_MAX), "0");
        c.define("key-load-delay", integer(Integer.MIN_VALUE, INT_MAX), "0");
        c.define("loading-process-events-interval-bytes", integer(1024, INT_MAX), "2097152");
        // replication and cluster (their issues implement them; accepted now)
        c.define("replicaof", STRING, "", "alias=slaveof");
        c.define("replica-read-only", BOOL, "yes", "alias=slave-read-only");
        c.define("replica-serve-stale-data", BOOL, "yes", "alias=slave-serve-stale-data");
        c.define("replica-priority", integer(0, INT_MAX), "100", "alias=slave-priority");
        c.define("repl-backlog-size", memory(1, LONG_MAX), "1048576");
        c.define("repl-backlog-ttl", integer(0, INT_MAX), "3600");
        c.define("repl-timeout", integer(1, INT_MAX), "60");
        c.define("repl-ping-replica-period", integer(1, INT_MAX), "10", "alias=repl-ping-slave-period");
        c.define("repl-diskless-sync", BOOL, "yes");
        c.define("repl-diskless-sync-delay", integer(0, INT_MAX), "5");
        c.define("repl-diskless-sync-max-replicas", integer(0, INT_MAX), "0");
        c.define("repl-diskless-load", oneOf("disabled", "on-empty-db", "swapdb"), "disabled");
        c.define("repl-disable-tcp-nodelay", BOOL, "no");
        c.define("min-replicas-to-write", integer(0, INT_MAX), "0", "alias=min-slaves-to-write");
        c.define("min-replicas-max-lag", integer(0, INT_MAX), "10", "alias=min-slaves-max-lag");
        c.define("replica-announce-ip", STRING, "", "alias=slave-announce-ip");
        c.define("replica-announce-port", integer(0, 65535), "0", "alias=slave-announce-port");
        c.define("replica-announced", BOOL, "yes");
        c.define("replica-ignore-maxmemory", BOOL, "yes", "alias=slave-ignore-maxmemory");
        c.define("cluster-enabled", BOOL, "no", "immutable");
        c.define("cluster-config-file", STRING, "nodes.conf", "immutable");
        c.define("cluster-node-timeout", integer(0, LONG_MAX), "15000");
        c.define("cluster-port", integer(0, 65535), "0", "immutable");
        c.define("cluster-announce-ip", STRING, "");
        c.define("cluster-announce-hostname", STRING, "");
        c.define("cluster-announce-port", integer(0, 65535), "0");
        c.define("cluster-announce-bus-port", integer(0, 65535), "0");
        c.define("cluster-require-full-coverage", BOOL, "yes");
        c.define("cluster-replica-validity-factor", integer(0, INT_MAX), "10", "alias=cluster-slave-validity-factor");
        c.define("cluster-migration-barrier", integer(0, INT_MAX), "1");
        c.define("cluster-allow-replica-migration", BOOL, "yes");
        c.define("cluster-allow-reads-when-down", BOOL, "no");
        c.define("cluster-allow-pubsubshard-when-down", BOOL, "yes");
        c.define("cluster-preferred-endpoint-type", oneOf("ip", "hostname", "unknown-endpoint"), "ip");
        return c;
    }

    /** Connects parameters to the server parts that use them; called once before start. */
    public static void wire(Server s) {
        Config c = s.config();
        c.subscribe("requirepass", v -> s.auth().requirepass(v));
        c.subscribe("protected-mode", v -> s.auth().protectedMode(v.equals("yes")));
        c.subscribe("proto-max-bulk-len", v -> s.limits().protoMaxBulkLen = Long.parseLong(v));
        c.subscribe("client-query-buffer-limit", v -> s.limits().clientQueryBufferLimit = Long.parseLong(v));
        c.subscribe("maxclients", v -> s.limits().maxClients = Integer.parseInt(v));
        c.subscribe("timeout", v -> s.limits().timeoutMillis = Long.parseLong(v) * 1000);
        c.subscribe("hz", v -> s.hz(Integer.parseInt(v)));
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
        MemoryLimits m = s.memoryLimits();
        c.subscribe("maxmemory", v -> m.maxmemory = Long.parseLong(v));
        c.subscribe("maxmemory-policy", v -> m.policy = MemoryLimits.Policy.byName(v));
        c.subscribe("maxmemory-samples", v -> m.samples = Integer.parseInt(v));
        c.subscribe("lfu-log-factor", v -> m.lfuLogFactor = Integer.parseInt(v));
        c.subscribe("lfu-decay-time", v -> m.lfuDecayTime = Integer.parseInt(v));
    }
}
