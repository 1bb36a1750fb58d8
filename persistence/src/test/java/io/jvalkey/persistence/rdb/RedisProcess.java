package io.jvalkey.persistence.rdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian redis-server on a free 127.0.0.1 port with its own directory, plus a minimal RESP2
 * client. {@link #close} stops it by pid.
 */
final class RedisProcess implements AutoCloseable {
    final Path dir;
    final int port;
    private final Process process;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** Error reply. */
    record Err(String message) {}

    static String exe(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static boolean available() {
        return exe("redis-server") != null;
    }

    /** Starts redis-server in {@code dir} loading {@code dbfilename} if it exists. */
    RedisProcess(Path dir, String dbfilename, String... extra) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        List<String> cmd = new ArrayList<>(List.of(exe("redis-server"), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename", dbfilename, "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + log());
            }
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                in = new BufferedInputStream(socket.getInputStream());
                out = new BufferedOutputStream(socket.getOutputStream());
                Object pong = call("PING");
                if ("PONG".equals(pong)) {
                    return;
                }
                socket.close();
            } catch (IOException e) {
                // not up yet (or still loading)
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IOException("redis-server did not start: " + log());
            }
            Thread.sleep(50);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            Path p = dir.resolve("redis.log");
            return Files.exists(p) ? Files.readString(p) : Files.readString(dir.resolve("redis.out"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Object call(Object... args) throws IOException {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.ISO_8859_1);
            out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        return read();
    }

    /** Like {@link #call} but an error reply throws. */
    Object ok(Object... args) throws IOException {
        Object r = call(args);
        if (r instanceof Err e) {
            throw new IOException("redis error for " + args[0] + ": " + e.message());
        }
        return r;
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Err(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                in.readNBytes(2);
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("bad reply type " + type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
