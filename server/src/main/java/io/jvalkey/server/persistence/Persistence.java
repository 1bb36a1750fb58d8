package io.jvalkey.server.persistence;

import io.jvalkey.persistence.rdb.RdbFormatException;
import io.jvalkey.persistence.rdb.RdbWriter;
import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.config.Config;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The server's RDB persistence: SAVE and BGSAVE through {@link Snapshot}, save points, startup
 * loading and DEBUG RELOAD through {@link RdbLoader}, and the state INFO persistence, LASTSAVE
 * and the MISCONF / LOADING refusals report. Methods that say "all shards held" run inside a
 * barrier (an ALL_SHARDS command or {@link AllShards}).
 */
public final class Persistence {
    /** Valkey's shared.loadingerr. */
    private static final String LOADING_ERROR = "LOADING Valkey is loading the dataset in memory";
    private static final String LOADING_ERROR_REDIS = "LOADING Redis is loading the dataset in memory";
    /** Valkey's shared.bgsaveerr (stop-writes-on-bgsave-error). */
    public static final String MISCONF_ERROR = "MISCONF Valkey is configured to save RDB snapshots, but it's"
            + " currently unable to persist to disk. Commands that may modify the data set are disabled,"
            + " because this instance is configured to report errors during writes if RDB snapshotting"
            + " fails (stop-writes-on-bgsave-error option). Please check the Valkey logs for details about"
            + " the RDB error.";
    /** Valkey retries a failed automatic BGSAVE after this many seconds. */
    private static final long BGSAVE_RETRY_DELAY = 5;

    private final Server server;
    private volatile boolean loading;
    private volatile boolean denyWrites;
    private volatile Snapshot bgsave;
    private volatile boolean bgsaveCancelled;
    private volatile boolean lastBgsaveOk = true;
    private volatile long lastBgsaveTry;
    private volatile long lastBgsaveTimeSec = -1;
    private volatile long bgsaveStartMillis;
    private volatile boolean scheduled;
    private final AtomicBoolean starting = new AtomicBoolean();
    private final AtomicLong saves = new AtomicLong();
    private volatile long dirtyBeforeBgsave;
    private volatile long lastLoadLoaded;
    private volatile long lastLoadExpired;

    private volatile long[] savePoints = new long[0];
    private volatile boolean stopWritesOnError = true;
    private volatile boolean compression = true;
    private volatile boolean checksum = true;
    private volatile int keySaveDelay;
    private volatile int keyLoadDelay;
    private volatile int rdbVersion = 11;

    public Persistence(Server server) {
        this.server = server;
    }

    /** Subscribes to the configs this part uses; called once before start. */
    public void wire(Config c) {
        c.subscribe("save", v -> {
            String[] f = v.isEmpty() ? new String[0] : v.split(" ");
            long[] points = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                points[i] = Long.parseLong(f[i]);
            }
            savePoints = points;
            updateDenyWrites();
        });
        c.subscribe("stop-writes-on-bgsave-error", v -> {
            stopWritesOnError = v.equals("yes");
            updateDenyWrites();
        });
        c.subscribe("rdbcompression", v -> compression = v.equals("yes"));
        c.subscribe("rdbchecksum", v -> checksum = v.equals("yes"));
        c.subscribe("rdb-key-save-delay", v -> keySaveDelay = Integer.parseInt(v));
        c.subscribe("key-load-delay", v -> keyLoadDelay = Integer.parseInt(v));
        c.subscribe("rdb-version", v -> rdbVersion = Integer.parseInt(v));
    }

    // ---- refusals (checked before every command) -----------------------------------------------

    /** The error refusing {@code spec} right now (MISCONF, LOADING), or null. Two volatile reads. */
    public String refusal(CommandSpec spec) {
        if (denyWrites && (spec.has(CommandFlag.WRITE) || spec.name().equals("ping"))) {
            return MISCONF_ERROR;
        }
        if (loading && !spec.has(CommandFlag.LOADING)) {
            return server.config().getBool("extended-redis-compatibility") ? LOADING_ERROR_REDIS : LOADING_ERROR;
        }
        return null;
    }

    public boolean loading() {
        return loading;
    }

    private void updateDenyWrites() {
        denyWrites = stopWritesOnError && savePoints.length > 0 && !lastBgsaveOk;
    }

    public boolean hasSavePoints() {
        return savePoints.length > 0;
    }

    // ---- files and options ------------------------------------------------------------------------

    /** dir/dbfilename. */
    public Path rdbPath() {
        return Path.of(server.config().get("dir")).resolve(server.config().get("dbfilename"));
    }

    RdbWriter.Options writeOptions() {
        return RdbWriter.Options.DEFAULT.withVersion(rdbVersion).withCompression(compression).withChecksum(checksum)
                .withListMaxListpackSize(server.encodingLimits().listMaxListpackSize)
                .withStreamNodeLimits(server.encodingLimits().streamNodeMaxBytes,
                        server.encodingLimits().streamNodeMaxEntries);
    }

    /** The options of DUMP payloads (version, compression). */
    public RdbWriter.Options dumpOptions() {
        return writeOptions().withChecksum(true);
    }

    private Snapshot newSnapshot() {
        Snapshot.Header h = new Snapshot.Header(Server.VERSION, System.currentTimeMillis() / 1000,
                server.keyspace().usedMemory(), false);
        return new Snapshot(server.keyspace(), writeOptions(), h, rdbPath(), keySaveDelay);
    }

    // ---- SAVE and BGSAVE -----------------------------------------------------------------------------

    public boolean bgsaveInProgress() {
        return bgsave != null;
    }

    /** Counts a SAVE command (Valkey's rdb_saves counts SAVE and BGSAVE). */
    public void countSave() {
        saves.incrementAndGet();
    }

    /**
     * A synchronous save (SAVE, SHUTDOWN, FLUSHALL with save points, DEBUG RELOAD): the caller
     * holds every shard and waits; the file I/O happens on the snapshot's writer thread.
     *
     * @return true when the file was written
     */
    public boolean saveWithAllShardsHeld() {
        Snapshot s = newSnapshot();
        s.start();
        s.walkHereAndWait();
        if (s.done.isCompletedExceptionally()) {
            server.log().warning("Write error saving DB on disk: " + cause(s));
            return false;
        }
        server.log().notice("DB saved on disk");
        server.stats().dirty.reset();
        server.stats().lastSaveSeconds = System.currentTimeMillis() / 1000;
        lastBgsaveOk = true;
        updateDenyWrites();
        return true;
    }

    private static String cause(Snapshot s) {
        try {
            s.done.join();
            return "none";
        } catch (CompletionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return c.getMessage() != null ? c.getMessage() : c.toString();
        }
    }

    /**
     * Starts a background save; all shards held.
     *
     * @return false if one is already running
     */
    public boolean startBgsave() {
        if (bgsave != null || server.aof().rewriteInProgress()) { // one snapshot at a time
            return false;
        }
        saves.incrementAndGet();
        dirtyBeforeBgsave = server.stats().dirty.sum();
        lastBgsaveTry = System.currentTimeMillis() / 1000;
        scheduled = false;
        bgsaveCancelled = false;
        Snapshot s = newSnapshot();
        bgsave = s;
        bgsaveStartMillis = System.currentTimeMillis();
        s.start();
        s.walkInBackground();
        server.log().notice("Background saving started");
        s.done.whenComplete((ok, err) -> bgsaveDone(s, err));
        return true;
    }

    private void bgsaveDone(Snapshot s, Throwable err) {
        long end = System.currentTimeMillis();
        if (err == null) {
            server.log().notice("Background saving terminated with success");
            server.stats().dirty.add(-dirtyBeforeBgsave);
            server.stats().lastSaveSeconds = end / 1000;
            lastBgsaveOk = true;
        } else if (bgsaveCancelled) {
            server.log().warning("Background saving terminated: cancelled");
        } else {
            Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            server.log().warning("Background saving error: " + c.getMessage());
            lastBgsaveOk = false;
        }
        lastBgsaveTimeSec = (end - bgsaveStartMillis) / 1000;
        bgsave = null;
        updateDenyWrites();
    }

    /** BGSAVE SCHEDULE while one runs: start another when it is over. */
    public void schedule() {
        scheduled = true;
    }

    public boolean scheduled() {
        return scheduled;
    }

    public void unschedule() {
        scheduled = false;
    }

    /**
     * Stops a running background save (BGSAVE CANCEL, FLUSHALL, SHUTDOWN, DEBUG RELOAD); all
     * shards held. A cancelled save is not an error (Valkey kills its child with SIGUSR1).
     *
     * @return false if none was running
     */
    public boolean cancelBgsave() {
        Snapshot s = bgsave;
        if (s == null) {
            return false;
        }
        bgsaveCancelled = true;
        s.abort();
        for (ShardPart p : s.parts) {
            p.detach();
        }
        try {
            s.done.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the writer thread notices the abort at its next chunk; the file is deleted then
        }
        return true;
    }

    // ---- save points ------------------------------------------------------------------------------

    /** Checks the save points and a scheduled BGSAVE hz times a second (on shard 0's thread). */
    public void startCron() {
        Shard home = server.keyspace().shard(0);
        server.worker(0).loop().scheduleAtFixedRate(this::cron, 100, 100, TimeUnit.MILLISECONDS);
        assert home != null;
    }

    private void cron() {
        if (bgsave != null || loading || starting.get()) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        String reason = null;
        if (scheduled) {
            reason = "scheduled";
        } else {
            long dirty = server.stats().dirty.sum();
            long[] points = savePoints;
            for (int i = 0; i + 1 < points.length; i += 2) {
                long seconds = points[i];
                long changes = points[i + 1];
                if (dirty >= changes && now - server.stats().lastSaveSeconds > seconds
                        && (now - lastBgsaveTry > BGSAVE_RETRY_DELAY || lastBgsaveOk)) {
                    reason = changes + " changes in " + seconds + " seconds. Saving...";
                    break;
                }
            }
        }
        if (reason == null) {
            return;
        }
        if (!reason.equals("scheduled")) {
            server.log().notice(reason);
        }
        starting.set(true);
        AllShards.run(server, this::startBgsave).whenComplete((v, e) -> starting.set(false));
    }

    // ---- the AOF's RDB base (aof-use-rdb-preamble yes) --------------------------------------------

    /**
     * Starts a snapshot of this instant into {@code target}, as an AOF base (aux aof-base 1); all
     * shards held. The shards serialize in the background.
     *
     * @return its completion, or null while a BGSAVE holds the snapshot hooks
     */
    public java.util.concurrent.CompletableFuture<Void> startAofBase(Path target) {
        if (bgsave != null) {
            return null;
        }
        Snapshot.Header h = new Snapshot.Header(Server.VERSION, System.currentTimeMillis() / 1000,
                server.keyspace().usedMemory(), true);
        Snapshot s = new Snapshot(server.keyspace(), writeOptions(), h, target, 0);
        s.start();
        s.walkInBackground();
        return s.done;
    }

    /** Loads an AOF's RDB base file into the keyspace; the caller holds every shard. */
    public void loadAofBase(Path file) throws IOException {
        load(file, true, true);
    }

    // ---- loading ----------------------------------------------------------------------------------

    /** Marks the server as loading before it accepts clients, if there is something to load. */
    public boolean prepareStartupLoad() {
        if (server.config().get("appendonly").equals("yes")) {
            return false; // the AOF (io.jvalkey.server.aof) holds the dataset: its loader restores it
        }
        if (!Files.exists(rdbPath())) {
            return false;
        }
        loading = true;
        return true;
    }

    /**
     * Loads dir/dbfilename into the empty keyspace (startup, clients get -LOADING meanwhile).
     *
     * @throws IllegalStateException with a message naming the file and the offset when the file
     *     is unreadable or corrupt (the server must not start)
     */
    public void loadAtStartup() {
        if (!loading) {
            return;
        }
        Path file = rdbPath();
        try {
            load(file, false, false);
        } catch (NoSuchFileException e) {
            server.log().notice("No RDB file found at " + file);
        } catch (IOException e) {
            String msg = failureMessage(file, e);
            server.log().warning(msg);
            throw new IllegalStateException(msg);
        } finally {
            loading = false;
        }
    }

    /** A load failure as the operator should read it: which file, what, and where. */
    public static String failureMessage(Path file, IOException e) {
        if (e instanceof RdbFormatException f) {
            return "Fatal error loading the RDB file " + file.toAbsolutePath() + ": " + f.reason()
                    + (f.offset() >= 0 ? " at byte offset " + f.offset() : "")
                    + ". The file is corrupt or truncated; refusing to start with a partial dataset.";
        }
        return "Fatal error loading the RDB file " + file.toAbsolutePath() + ": " + e
                + ". Refusing to start with a partial dataset.";
    }

    private void load(Path file, boolean direct, boolean merge) throws IOException {
        long start = System.currentTimeMillis();
        RdbLoader.Result r = new RdbLoader(server.keyspace(), server.encodingLimits(), direct, merge, keyLoadDelay)
                .load(file, checksum);
        lastLoadLoaded = r.loaded();
        lastLoadExpired = r.expired();
        server.stats().lastSaveSeconds = System.currentTimeMillis() / 1000;
        server.log().notice("Done loading RDB, keys loaded: " + r.loaded() + ", keys expired: " + r.expired() + ".");
        server.log().notice("DB loaded from disk: " + String.format("%.3f", (System.currentTimeMillis() - start) / 1000.0)
                + " seconds");
    }

    /**
     * DEBUG RELOAD: save (unless {@code nosave}), empty the keyspace (unless {@code merge}) and
     * load the file again; all shards held.
     *
     * @return null on success, else the error reply
     */
    public String reload(boolean save, boolean flush, boolean merge) {
        cancelBgsave();
        if (save && !saveWithAllShardsHeld()) {
            return "ERR Error trying to save the DB";
        }
        Keyspace ks = server.keyspace();
        if (flush) {
            ks.flushAll();
            server.keyHooks().flushed(-1);
        }
        try {
            load(rdbPath(), true, merge);
        } catch (IOException e) {
            String msg = failureMessage(rdbPath(), e);
            server.log().warning(msg);
            return "ERR Error trying to load the RDB dump, check server logs.";
        }
        return null;
    }

    // ---- FLUSHALL and shutdown -----------------------------------------------------------------------

    /** FLUSHALL with save points writes the (now empty) dataset at once, as Valkey; all shards held. */
    public void afterFlushAll() {
        if (hasSavePoints()) {
            saveWithAllShardsHeld();
        }
    }

    private final AtomicBoolean finalSaveDone = new AtomicBoolean();

    /**
     * The save before exiting (SHUTDOWN, SIGTERM); all shards held. A running BGSAVE is stopped
     * first. Saves when asked ({@code save}) or when save points exist, unless {@code nosave} or
     * loading.
     *
     * @return false if the save failed and {@code force} was not given (the server must not exit)
     */
    public boolean finalSave(boolean save, boolean nosave, boolean force) {
        if (loading) {
            save = false;
            nosave = true;
        }
        if (bgsave != null) {
            server.log().warning("There is a background save in progress. Stopping it!");
            cancelBgsave();
        }
        if ((hasSavePoints() && !nosave) || save) {
            server.log().notice("Saving the final RDB snapshot before exiting.");
            if (!saveWithAllShardsHeld()) {
                if (!force) {
                    server.log().warning("Error trying to save the DB, can't exit.");
                    return false;
                }
                server.log().warning("Error trying to save the DB. Exit anyway.");
            }
        }
        finalSaveDone.set(true);
        return true;
    }

    /**
     * SIGTERM / SIGINT (the JVM's shutdown hook, any thread): the final save as
     * shutdown-on-sigterm says ({@code default}: save if there are save points). Does nothing if
     * SHUTDOWN already did it.
     */
    public void finalSaveOnSignal(String flags) {
        if (finalSaveDone.get() || server.keyspace() == null) {
            return;
        }
        boolean save = flags.contains("save") && !flags.contains("nosave");
        boolean nosave = flags.contains("nosave");
        boolean force = flags.contains("force");
        try {
            AllShards.run(server, () -> finalSave(save, nosave, force)).get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            server.log().warning("Error trying to save the DB on shutdown: " + e);
        }
    }

    // ---- INFO ---------------------------------------------------------------------------------------

    /** The RDB lines of INFO persistence, in Valkey's order. */
    public void info(BiConsumer<String, Object> line) {
        Snapshot s = bgsave;
        long now = System.currentTimeMillis();
        line.accept("loading", loading ? 1 : 0);
        line.accept("async_loading", 0);
        line.accept("current_cow_peak", 0);
        line.accept("current_cow_size", 0);
        line.accept("current_cow_size_age", 0);
        line.accept("current_fork_perc", "0.00");
        line.accept("current_save_keys_processed", 0);
        line.accept("current_save_keys_total", 0);
        line.accept("rdb_changes_since_last_save", Math.max(0, server.stats().dirty.sum()));
        line.accept("rdb_bgsave_in_progress", s != null ? 1 : 0);
        line.accept("rdb_last_save_time", server.stats().lastSaveSeconds);
        line.accept("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        line.accept("rdb_last_bgsave_time_sec", lastBgsaveTimeSec);
        line.accept("rdb_current_bgsave_time_sec", s != null ? (now - bgsaveStartMillis) / 1000 : -1);
        line.accept("rdb_saves", saves.get());
        line.accept("rdb_last_cow_size", 0);
        line.accept("rdb_last_load_keys_expired", lastLoadExpired);
        line.accept("rdb_last_load_keys_loaded", lastLoadLoaded);
    }
}
