package io.jvalkey.server.aof;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.persistence.aof.AofManifest;
import io.jvalkey.server.Server;
import io.jvalkey.server.config.Config;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.propagation.PropagationStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The multi-part append-only file (Valkey 7+ layout in {@code dir/appenddirname}): a base file, incremental
 * files and the manifest listing them. Loads it at startup (instead of the RDB), appends the
 * propagation stream to the last incr file through {@link AofWriter}, and rewrites it
 * (BGREWRITEAOF, auto-aof-rewrite-*, switching {@code appendonly} on at runtime): at one instant,
 * with every shard held, the stream moves on to a new incr file and a {@link BaseImage} captures
 * the dataset; the base is written in the background, then the manifest names the new base and
 * the new incr file and the old files are deleted.
 */
public final class Aof {
    private final Server server;
    private final AofState state = new AofState();
    private final AofWriter writer;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jvalkey-aof-rewrite");
        t.setDaemon(true);
        return t;
    });
    private AofManifest manifest;          // guarded by this
    private volatile boolean on;           // appendonly yes and the writer subscribed
    private volatile boolean loadTruncated = true;
    private volatile boolean loadedAtStartup;
    private volatile int autoPercentage = 100;
    private volatile long autoMinSize = 64L << 20;

    private final java.util.concurrent.ConcurrentLinkedQueue<FsyncGate> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public Aof(Server server) {
        this.server = server;
        this.writer = new AofWriter(server.log(), state);
        server.propagation().stream().onBatchDone(this::wakeWaiting);
    }

    /** A connection holds replies until the next fsync (appendfsync always). */
    void waitForSync(FsyncGate gate) {
        waiting.add(gate);
        stream().nudge();
    }

    /** Drain thread, after each batch went through the writer (and its fsync). */
    private void wakeWaiting() {
        FsyncGate g;
        while ((g = waiting.poll()) != null) {
            g.synced();
        }
    }

    /** A new handler for a connection's pipeline (see {@link FsyncGate}). */
    public FsyncGate gate() {
        return new FsyncGate(this, stream());
    }

    /** The base writer {@code aof-use-rdb-preamble} asks for. */
    private BaseImage image() {
        return config().getBool("aof-use-rdb-preamble") ? new RdbImage() : new CommandImage();
    }

    private PropagationStream stream() {
        return server.propagation().stream();
    }

    private Config config() {
        return server.config();
    }

    private Path dir() {
        return Path.of(config().get("dir")).resolve(config().get("appenddirname"));
    }

    private String fileName() {
        return config().get("appendfilename");
    }

    /** Wires the config parameters; called once the server's workers exist. */
    public void wire(Config c) {
        c.subscribe("appendfsync", v -> writer.fsync = AofWriter.Fsync.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
        c.subscribe("aof-timestamp-enabled", v -> writer.timestamps = v.equals("yes"));
        c.subscribe("aof-load-truncated", v -> loadTruncated = v.equals("yes"));
        c.subscribe("auto-aof-rewrite-percentage", v -> autoPercentage = Integer.parseInt(v));
        c.subscribe("auto-aof-rewrite-min-size", v -> autoMinSize = Long.parseLong(v));
        server.worker(0).loop().scheduleAtFixedRate(this::cron, 100, 100, TimeUnit.MILLISECONDS);
        c.subscribe("appendonly", v -> {
            if (!loadedAtStartup) {
                return; // startup: handled by loadAtStartup
            }
            if (v.equals("yes") && !state.enabled) {
                startAtRuntime();
            } else if (v.equals("no") && state.enabled) {
                stop();
            }
        });
    }

    public boolean enabled() {
        return state.enabled;
    }

    /** True when a write's reply must wait for its record's fsync ({@code appendfsync always}). */
    public boolean fsyncAlways() {
        return on && writer.fsync == AofWriter.Fsync.ALWAYS;
    }

    // ---- startup -------------------------------------------------------------------------------

    /**
     * With {@code appendonly yes}: loads the AOF (base + incr files per the manifest, or an old
     * single file, which is moved into the directory first), then opens it for appending, creating
     * a base if there is none. Runs before clients are served.
     *
     * @return true if an AOF was in charge of the dataset (the RDB must not be loaded)
     * @throws IllegalStateException with the message to print when the AOF cannot be used
     */
    public boolean loadAtStartup() {
        loadedAtStartup = true;
        if (!config().getBool("appendonly")) {
            return false;
        }
        try {
            AofManifest[] loaded = new AofManifest[1];
            BaseImage.Pending[] base = new BaseImage.Pending[1];
            runWithAllShards(() -> {
                try {
                    loaded[0] = load();
                    base[0] = startBaseIfNone(loaded[0]);
                } catch (IOException e) {
                    throw new AofLoader.Failure("Can't open or create append-only dir " + dir() + ": " + e.getMessage());
                }
            }).get();
            // No client is served yet: the base can be finished and the incr file opened outside the barrier.
            if (base[0] != null) {
                base[0].await();
            }
            open(loaded[0]);
        } catch (IOException e) {
            String msg = "Can't create the AOF base or incr file in " + dir() + ": " + e.getMessage();
            server.log().warning(msg);
            throw new IllegalStateException(msg, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String msg = cause instanceof AofLoader.Failure ? cause.getMessage() : String.valueOf(cause);
            server.log().warning(msg);
            throw new IllegalStateException(msg, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the AOF");
        }
        server.stats().dirty.reset();
        return true;
    }

    /** With every shard held: reads the manifest (upgrading an old single file) and replays the files. */
    private AofManifest load() throws IOException {
        Path dir = dir();
        String name = fileName();
        Path manifestPath = dir.resolve(name + AofManifest.MANIFEST_SUFFIX);
        AofManifest m;
        if (Files.exists(manifestPath)) {
            m = readManifest(manifestPath, name);
        } else {
            m = new AofManifest(name);
            Path old = Path.of(config().get("dir")).resolve(name);
            if (Files.isRegularFile(old)) {
                // An AOF of the single-file era: it becomes the base of a manifest in the directory.
                Files.createDirectories(dir);
                m.adoptBase(name);
                persistManifest(dir, m);
                Files.move(old, dir.resolve(name));
                server.log().notice("Successfully migrated an old-style AOF file (" + name + ") into the AOF directory ("
                        + config().get("appenddirname") + ").");
            }
        }
        long start = System.nanoTime();
        if (m.base() != null || !m.incrs().isEmpty()) {
            AofLoader loader = new AofLoader(server, server.worker(0));
            loader.load(dir, m, loadTruncated);
            server.log().notice("DB loaded from append only file: " + String.format(java.util.Locale.ROOT, "%.3f",
                    (System.nanoTime() - start) / 1e9) + " seconds");
        }
        return m;
    }

    /** With every shard held: an AOF with no file yet gets a base of the (empty) dataset, as Valkey does. */
    private BaseImage.Pending startBaseIfNone(AofManifest m) throws IOException {
        if (m.base() != null || !m.incrs().isEmpty()) {
            return null;
        }
        Path dir = dir();
        Files.createDirectories(dir);
        BaseImage image = image();
        String base = m.newBase(image.rdb());
        server.log().notice("Creating AOF base file " + base + " on server start");
        return image.start(server, dir.resolve(base));
    }

    /** Opens the last incr file (creating one if needed) and starts appending the stream to it. */
    private void open(AofManifest m) throws IOException {
        Path dir = dir();
        Files.createDirectories(dir);
        String incr;
        if (m.lastIncr() == null) {
            incr = m.newIncr();
            server.log().notice("Creating AOF incr file " + incr + " on server start");
        } else {
            incr = m.lastIncr().name();
            server.log().notice("Opening AOF incr file " + incr + " on server start");
        }
        persistManifest(dir, m);
        synchronized (this) {
            manifest = m;
        }
        sizesFrom(dir, m);
        writer.open(dir.resolve(incr));
        state.rewriteBaseSize = state.currentSize();
        state.enabled = true;
        on = true;
        stream().subscribe(writer);
    }

    private AofManifest readManifest(Path path, String name) throws IOException {
        try {
            return AofManifest.parse(name, Files.readString(path, UTF_8));
        } catch (AofManifest.FormatException e) {
            StringBuilder sb = new StringBuilder("*** FATAL AOF MANIFEST FILE ERROR ***");
            if (e.text != null) {
                sb.append("\nReading the manifest file ").append(path).append(", at line ").append(e.line)
                        .append("\n>>> '").append(e.text).append("'");
            }
            sb.append('\n').append(e.getMessage());
            throw new AofLoader.Failure(sb.toString());
        }
    }

    private void sizesFrom(Path dir, AofManifest m) {
        state.baseSize = m.base() == null ? 0 : sizeOf(dir.resolve(m.base().name()));
        long closed = 0;
        var incrs = m.incrs();
        for (int i = 0; i < incrs.size() - 1; i++) {
            closed += sizeOf(dir.resolve(incrs.get(i).name()));
        }
        state.closedIncrSize = closed;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Writes the manifest as Valkey does: a temp file, fsync, rename over the old one. */
    static void persistManifest(Path dir, AofManifest m) throws IOException {
        Path tmp = dir.resolve(m.tempManifestName());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(m.format().getBytes(UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(m.manifestName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(m.manifestName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---- switching on and off at runtime --------------------------------------------------------

    private void startAtRuntime() {
        state.enabled = true;
        state.rewriteScheduled = true;
        rewrite(true);
    }

    private void stop() {
        state.enabled = false;
        on = false;
        // In stream order: what was appended before this point still reaches the file.
        stream().appendCall(() -> {
            stream().unsubscribe(writer);
            writer.closeFile();
        });
    }

    /** Flushes and fsyncs on shutdown. */
    public void shutdown() {
        if (on) {
            stream().awaitDrained(5000);
            stream().appendCall(writer::sync);
            stream().awaitDrained(5000);
        }
    }

    // ---- rewrite --------------------------------------------------------------------------------

    /** BGREWRITEAOF: null if started, else the error text. */
    public String bgrewrite() {
        if (state.rewriteInProgress) {
            return "ERR Background append only file rewriting already in progress";
        }
        if (server.persistence().bgsaveInProgress()) {
            state.rewriteScheduled = true; // the cron starts it once the BGSAVE is over
            return "+Background append only file rewriting scheduled";
        }
        rewrite(false);
        return null;
    }

    public boolean rewriteInProgress() {
        return state.rewriteInProgress;
    }

    /** Checks auto-aof-rewrite-percentage/min-size; called periodically. */
    public void cron() {
        if (state.rewriteScheduled && !state.rewriteInProgress && !server.persistence().bgsaveInProgress()) {
            rewrite(state.enabled && !on);
            return;
        }
        if (!on || state.rewriteInProgress || autoPercentage <= 0) {
            return;
        }
        long size = state.currentSize();
        long base = Math.max(state.rewriteBaseSize, 1);
        if (size >= autoMinSize && (size - base) * 100 / base >= autoPercentage) {
            server.log().notice("Starting automatic rewriting of AOF on " + (size - base) * 100 / base + "% growth");
            rewrite(false);
        }
    }

    private synchronized void rewrite(boolean turningOn) {
        if (state.rewriteInProgress) {
            return;
        }
        state.rewriteInProgress = true;
        state.rewriteStartMillis = System.currentTimeMillis();
        state.rewriteScheduled = false;
        runWithAllShards(() -> startRewrite(turningOn)).whenComplete((v, err) -> {
            if (err != null) {
                rewriteFailed(err);
            }
        });
    }

    /** With every shard held: the new incr file starts here, and the image is taken here. */
    private void startRewrite(boolean turningOn) {
        Path dir = dir();
        AofManifest next;
        String incr;
        try {
            Files.createDirectories(dir);
            synchronized (this) {
                if (manifest == null) {
                    Path mp = dir.resolve(fileName() + AofManifest.MANIFEST_SUFFIX);
                    manifest = Files.exists(mp) ? readManifest(mp, fileName()) : new AofManifest(fileName());
                }
                next = manifest.copy();
            }
            incr = state.enabled ? next.newIncr() : null;
        } catch (IOException e) {
            throw new AofLoader.Failure("Can't open or create append-only dir " + dir + ": " + e.getMessage());
        }
        BaseImage image = image();
        Path tmp = dir.resolve("temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof");
        BaseImage.Pending base = image.start(server, tmp);
        if (base == null) {
            // A BGSAVE holds the snapshot engine: try again when it is over (Valkey schedules it too).
            state.rewriteInProgress = false;
            state.rewriteScheduled = true;
            return;
        }
        if (incr != null) {
            Path incrPath = dir.resolve(incr);
            AofManifest withIncr = next.copy();
            Runnable switchFile = () -> {
                try {
                    long before = state.incrSize;
                    writer.open(incrPath);
                    state.closedIncrSize += before;
                    persistManifest(dir, withIncr);
                    synchronized (this) {
                        manifest = withIncr;
                    }
                    server.log().notice("Creating AOF incr file " + incr + " on background rewrite");
                } catch (IOException e) {
                    state.lastWriteOk = false;
                    server.log().warning("Can't open the append-only file " + incr + ": " + e.getMessage());
                }
            };
            if (turningOn) {
                // Records from this instant on go to the new incr file, which the call opens first.
                stream().subscribe(writer);
                on = true;
            }
            stream().appendCall(switchFile); // records before this point stay in the old file
        }
        boolean rdb = image.rdb();
        background.execute(() -> finishRewrite(dir, tmp, base, rdb, incr));
    }

    /** Background: writes the base, then makes the manifest point at it and drops the old files. */
    private void finishRewrite(Path dir, Path tmp, BaseImage.Pending image, boolean rdb, String incr) {
        try {
            image.await();
            if (incr != null) {
                stream().awaitDrained(10_000); // the incr switch has happened on the drain thread
            }
            java.util.List<AofManifest.FileInfo> history;
            synchronized (this) {
                AofManifest m = manifest.copy();
                String base = m.newBase(rdb);
                Files.move(tmp, dir.resolve(base), StandardCopyOption.REPLACE_EXISTING);
                m.incrsBeforeLastBecomeHistory(incr != null ? 1 : 0);
                persistManifest(dir, m);
                history = m.takeHistory();
                manifest = m;
                state.baseSize = sizeOf(dir.resolve(base));
                state.closedIncrSize = 0;
            }
            for (AofManifest.FileInfo h : history) {
                server.log().notice("Removing the history file " + h.name() + " in the background");
                Files.deleteIfExists(dir.resolve(h.name()));
            }
            synchronized (this) {
                persistManifest(dir, manifest);
            }
            state.rewriteBaseSize = state.currentSize();
            state.lastRewriteSeconds = (System.currentTimeMillis() - state.rewriteStartMillis) / 1000;
            state.lastRewriteOk = true;
            state.rewrites++;
            state.consecutiveFailures = 0;
            server.log().notice("Background AOF rewrite finished successfully");
        } catch (IOException | RuntimeException e) {
            rewriteFailed(e);
            return;
        } finally {
            state.rewriteInProgress = false;
        }
    }

    private void rewriteFailed(Throwable e) {
        state.rewriteInProgress = false;
        state.lastRewriteOk = false;
        state.consecutiveFailures++;
        server.log().warning("Background AOF rewrite failed: " + e);
    }

    /** Runs {@code op} on worker 0's thread with every other shard parked; retries while the barrier is busy. */
    private CompletableFuture<Void> runWithAllShards(Runnable op) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Worker w = server.worker(0);
        Shard[] others = new Shard[server.workers().length - 1];
        for (int i = 1; i < server.workers().length; i++) {
            others[i - 1] = server.worker(i).shard();
        }
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                try {
                    boolean ran = server.keyspace().barrier().tryRun(others, op);
                    if (ran) {
                        done.complete(null);
                    } else {
                        Runnable self = this;
                        server.keyspace().barrier().awaitTurn(() -> w.loop().execute(self));
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }
        };
        w.loop().execute(attempt);
        return done;
    }

    /** Waits for a running rewrite to end (tests, shutdown). */
    public void awaitRewrite(long timeoutMillis) throws TimeoutException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (state.rewriteInProgress) {
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * DEBUG LOADAOF (every shard held): writes out what is pending, empties the dataset and loads
     * it back from the AOF files, as a restart would.
     */
    public void debugLoadAof(io.jvalkey.server.command.CommandContext c) {
        io.jvalkey.server.protocol.Reply reply = c.reply(); // the loader's commands reuse the context
        if (on) {
            stream().appendCall(writer::sync);
            stream().awaitDrained(10_000);
        }
        server.keyspace().flushAll();
        Path dir = dir();
        AofManifest m;
        synchronized (this) {
            m = manifest;
        }
        if (m == null) {
            reply.ok();
            return;
        }
        stream().suspend(true);
        try {
            new AofLoader(server, c.worker()).load(dir, m, loadTruncated);
        } catch (AofLoader.Failure f) {
            server.log().warning(f.getMessage());
            throw new io.jvalkey.server.command.CommandError("ERR Error loading the AOF: " + f.getMessage());
        } finally {
            stream().suspend(false);
            c.propagation().discardChanges(); // a reload changes nothing to propagate or to save
        }
        server.stats().dirty.reset();
        reply.ok();
    }

    // ---- INFO ----------------------------------------------------------------------------------

    /** The aof_* fields of INFO persistence, in Valkey's order. */
    public void info(BiConsumer<String, Object> line) {
        line.accept("aof_enabled", state.enabled ? 1 : 0);
        line.accept("aof_rewrite_in_progress", state.rewriteInProgress ? 1 : 0);
        line.accept("aof_rewrite_scheduled", state.rewriteScheduled ? 1 : 0);
        line.accept("aof_last_rewrite_time_sec", state.lastRewriteSeconds);
        line.accept("aof_current_rewrite_time_sec", state.rewriteInProgress
                ? (System.currentTimeMillis() - state.rewriteStartMillis) / 1000 : -1);
        line.accept("aof_last_bgrewrite_status", state.lastRewriteOk ? "ok" : "err");
        line.accept("aof_rewrites", state.rewrites);
        line.accept("aof_rewrites_consecutive_failures", state.consecutiveFailures);
        line.accept("aof_last_write_status", state.lastWriteOk ? "ok" : "err");
        line.accept("aof_last_cow_size", 0);
    }

    /** The fields INFO adds when AOF is on. */
    public void infoWhenEnabled(BiConsumer<String, Object> line) {
        if (!state.enabled) {
            return;
        }
        line.accept("aof_current_size", state.currentSize());
        line.accept("aof_base_size", state.rewriteBaseSize);
        line.accept("aof_pending_rewrite", state.rewriteScheduled ? 1 : 0);
        line.accept("aof_buffer_length", 0);
        line.accept("aof_pending_bio_fsync", 0);
        line.accept("aof_delayed_fsync", 0);
    }
}
