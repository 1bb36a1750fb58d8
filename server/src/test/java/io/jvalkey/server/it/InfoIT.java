package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** INFO against a real server: section selection, field names, counters that move. */
class InfoIT {
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.jvalkey("--shards", "2");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> fields(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : info.split("\r\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    static List<String> headers(String info) {
        return info.lines().filter(l -> l.startsWith("# ")).map(l -> l.substring(2)).toList();
    }

    @Test
    @Covers("info")
    void defaultSectionsAndFormat() throws Exception {
        try (RespClient c = server.client()) {
            String info = c.call("INFO").text();
            assertEquals(List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                    "Errorstats", "Cluster", "Keyspace"), headers(info));
            assertTrue(info.startsWith("# Server\r\n"), info);
            assertTrue(info.contains("\r\n\r\n# Clients\r\n"), "blank line between sections");
            assertTrue(info.endsWith("\r\n"));
            Map<String, String> f = fields(info);
            assertEquals("7.2.4", f.get("redis_version"));
            assertEquals("valkey", f.get("server_name"));
            assertEquals("standalone", f.get("server_mode")); // Valkey 8's name; redis_mode only for extended-redis-compatibility
            assertNull(f.get("redis_mode"));
            assertEquals("64", f.get("arch_bits"));
            assertEquals(Long.toString(server.pid()), f.get("process_id"));
            assertEquals(Integer.toString(server.port()), f.get("tcp_port"));
            assertEquals(40, f.get("run_id").length());
            assertEquals("master", f.get("role"));
            assertEquals("0", f.get("connected_slaves"));
            assertEquals(40, f.get("master_replid").length());
            assertEquals("0", f.get("loading"));
            assertEquals("noeviction", f.get("maxmemory_policy"));
            assertEquals("0B", f.get("maxmemory_human"));
            assertEquals("10000", f.get("maxclients"));
            assertEquals("10", f.get("hz"));
            assertTrue(f.get("used_cpu_user").matches("\\d+\\.\\d{6}"), f.get("used_cpu_user"));
            assertTrue(Long.parseLong(f.get("used_memory_rss")) > 0);
            assertTrue(f.get("mem_fragmentation_ratio").matches("\\d+\\.\\d\\d"));
            assertEquals("0", f.get("cluster_enabled"));
            assertTrue(f.get("listener0").startsWith("name=tcp,bind=127.0.0.1,port="), f.get("listener0"));
        }
    }

    /** Valkey 8's extended-redis-compatibility: HELLO and INFO present the server as Redis 7.2. */
    @Test
    void extendedRedisCompatibility() throws Exception {
        try (RespClient c = server.client()) {
            try {
                assertEquals("OK", c.call("CONFIG", "SET", "extended-redis-compatibility", "yes").text());
                String hello = c.call("HELLO", "2").toString();
                assertTrue(hello.startsWith("*[$\"server\", $\"redis\", $\"version\", $\"7.2.4\""), hello);
                Map<String, String> f = fields(c.call("INFO", "server").text());
                assertEquals("standalone", f.get("redis_mode"));
                assertNull(f.get("server_mode"));
            } finally {
                c.call("CONFIG", "SET", "extended-redis-compatibility", "no");
            }
            assertTrue(c.call("HELLO", "2").toString().startsWith("*[$\"server\", $\"valkey\""));
        }
    }

    @Test
    void sectionSelection() throws Exception {
        try (RespClient c = server.client()) {
            assertEquals(List.of("Server"), headers(c.call("INFO", "server").text()));
            assertEquals(List.of("Server"), headers(c.call("INFO", "SERVER").text()));
            assertEquals(List.of("Clients", "Memory"), headers(c.call("INFO", "memory", "clients").text()));
            assertEquals("", c.call("INFO", "nosuchsection").text());
            List<String> all = headers(c.call("INFO", "all").text());
            assertTrue(all.containsAll(List.of("Commandstats", "Latencystats", "Keyspace")), all.toString());
            assertFalse(headers(c.call("INFO").text()).contains("Commandstats"));
            assertEquals(headers(c.call("INFO", "everything").text()), all);
            assertEquals(List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
                    "Commandstats", "Errorstats", "Cluster", "Keyspace"),
                    headers(c.call("INFO", "default", "commandstats").text()));
        }
    }

    @Test
    void resp3RepliesWithVerbatimText() throws Exception {
        try (RespClient c = server.client()) {
            c.call("HELLO", "3");
            RespValue v = c.call("INFO", "server");
            assertEquals('=', v.type());
            assertTrue(v.text().startsWith("txt:# Server\r\n"), v.text());
        }
    }

    @Test
    @Covers("config|resetstat")
    void countersMoveAndReset() throws Exception {
        try (RespClient c = server.client()) {
            c.call("FLUSHALL");
            c.call("CONFIG", "RESETSTAT");
            for (int i = 0; i < 20; i++) {
                c.call("SET", "k" + i, "v");
            }
            c.call("SET", "e1", "v", "EX", "100");
            c.call("GET", "k1");
            c.call("GET", "k2");
            c.call("GET", "missing");
            c.call("SELECT", "nope");
            c.call("NOSUCHCMD");
            c.call("SELECT", "3");
            c.call("SET", "x", "1");
            c.call("SELECT", "0");
            String info = c.call("INFO", "all").text();
            Map<String, String> f = fields(info);
            assertEquals("2", f.get("keyspace_hits"));
            assertEquals("1", f.get("keyspace_misses"));
            assertEquals("keys=21,expires=1,avg_ttl=0", f.get("db0"));
            assertEquals("keys=1,expires=0,avg_ttl=0", f.get("db3"));
            assertTrue(Long.parseLong(f.get("total_commands_processed")) >= 26, f.get("total_commands_processed"));
            assertTrue(Long.parseLong(f.get("total_net_input_bytes")) > 0);
            assertEquals("2", f.get("total_error_replies"));
            assertEquals("count=2", f.get("errorstat_ERR"));
            String get = f.get("cmdstat_get");
            assertTrue(get.matches("calls=3,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0"), get);
            assertTrue(f.get("cmdstat_select").contains("failed_calls=1"), f.get("cmdstat_select"));
            assertTrue(Long.parseLong(f.get("rdb_changes_since_last_save")) >= 22);
            assertTrue(Long.parseLong(f.get("connected_clients")) >= 1);
            c.call("CONFIG", "RESETSTAT");
            f = fields(c.call("INFO", "all").text());
            assertEquals("0", f.get("keyspace_hits"));
            assertEquals("0", f.get("total_error_replies"));
            assertFalse(f.containsKey("cmdstat_get"));
            assertFalse(f.containsKey("errorstat_ERR"));
        }
    }

    @Test
    void instantaneousOpsPerSecondFollowsLoad() throws Exception {
        try (RespClient c = server.client()) {
            long end = System.currentTimeMillis() + 1500;
            while (System.currentTimeMillis() < end) {
                c.call("PING");
            }
            long ops = Long.parseLong(fields(c.call("INFO", "stats").text()).get("instantaneous_ops_per_sec"));
            assertTrue(ops > 0, "ops/sec " + ops);
        }
    }
}
