package io.jvalkey.server.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real server process on a free loopback port: jvalkey (the shaded jar built by this module)
 * or Debian's redis-server for differential tests. {@link #close} ends it by pid, also when the
 * test failed; a JVM shutdown hook is the last resort so no server outlives the test run.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final String name;

    private final boolean acceptLoading;

    private ServerProcess(String name, List<String> command, int port) throws IOException {
        this(name, command, port, false);
    }

    private ServerProcess(String name, List<String> command, int port, boolean acceptLoading) throws IOException {
        this.acceptLoading = acceptLoading;
        this.name = name;
        this.port = port;
        this.log = Files.createTempFile("it-" + name + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        this.process = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        awaitPing(Duration.ofSeconds(30));
    }

    /** Starts jvalkey with extra config arguments (e.g. "--shards", "1"). */
    public static ServerProcess jvalkey(String... args) throws IOException {
        return jvalkeyWithConfig("", args);
    }

    /** Starts jvalkey and returns as soon as it listens, possibly still loading its data file (-LOADING). */
    public static ServerProcess jvalkeyLoading(String... args) throws IOException {
        ServerProcess probe = jvalkeyWithConfig("", true, args);
        return probe;
    }

    /** Starts jvalkey with a config file (valkey-server's first argument) and extra config arguments. */
    public static ServerProcess jvalkeyWithConfig(String configFile, String... args) throws IOException {
        return jvalkeyWithConfig(configFile, false, args);
    }

    private static ServerProcess jvalkeyWithConfig(String configFile, boolean acceptLoading, String... args)
            throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : System.getProperty("jvalkey.jvm.flags", "").trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                cmd.add(flag);
            }
        }
        cmd.add("-XX:+UseCompactObjectHeaders");
        cmd.add("-ea"); // keyspace thread-ownership assertions
        cmd.add("-Xmx512m");
        cmd.add("-jar");
        cmd.add(jar());
        if (!configFile.isEmpty()) {
            cmd.add(configFile);
        }
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.add("--bind");
        cmd.add("127.0.0.1");
        // A private directory, so no test loads or overwrites another's dump.rdb; and, as for
        // redis-server below, no save points unless the test asks (its own --save / --dir win).
        cmd.add("--dir");
        cmd.add(Files.createTempDirectory("it-jvalkey-").toString());
        if (configFile.isEmpty()) {
            cmd.add("--save");
            cmd.add("");
        }
        cmd.addAll(Arrays.asList(args));
        return new ServerProcess("jvalkey", cmd, port, acceptLoading);
    }

    /** Starts Debian's redis-server with no persistence. */
    public static ServerProcess redis(String... args) throws IOException {
        String exe = findOnPath("redis-server");
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                // A private directory: a dump.rdb left in a shared one would be loaded at start.
                "--dir", Files.createTempDirectory("it-redis-").toString()));
        cmd.addAll(Arrays.asList(args));
        return new ServerProcess("redis", cmd, port);
    }

    public static String jar() {
        String jar = System.getProperty("jvalkey.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("jvalkey.jar not built (" + jar + "): run the integration tests with mvn verify");
        }
        return jar;
    }

    public static String findOnPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException(exe + " is not installed (apt-get install redis-server redis-tools); .ci/run installs it");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private void awaitPing(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited at start (" + process.exitValue() + "):\n" + Files.readString(log));
            }
            try (RespClient c = new RespClient("127.0.0.1", port)) {
                String reply = c.call("PING").text();
                if ("PONG".equals(reply) || (reply != null && (reply.startsWith("NOAUTH")
                        || (acceptLoading && reply.startsWith("LOADING"))))) {
                    return; // NOAUTH: up, with requirepass; LOADING (if asked): up, still loading its data file
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IOException(name + " did not answer PING within " + timeout + ":\n" + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public RespClient client() throws IOException {
        return new RespClient("127.0.0.1", port);
    }

    /** Resident set size of the process in bytes, from /proc. */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    public Socket rawSocket() throws IOException {
        return new Socket("127.0.0.1", port);
    }

    /** Stops every given server that was started (nulls are skipped: a start that failed). */
    public static void closeAll(ServerProcess... servers) {
        for (ServerProcess s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
