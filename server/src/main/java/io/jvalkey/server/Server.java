package io.jvalkey.server;

import io.jvalkey.server.acl.Auth;
import io.jvalkey.server.aof.Aof;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeyHooks;
import io.jvalkey.server.commands.Commands;
import io.jvalkey.server.commands.hashes.FieldExpiry;
import io.jvalkey.server.config.Config;
import io.jvalkey.server.config.ServerConfigs;
import io.jvalkey.server.info.MonitorFeed;
import io.jvalkey.server.info.ServerStats;
import io.jvalkey.server.info.SlowLog;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.keyspace.KeyspaceListener;
import io.jvalkey.server.keyspace.MemoryLimits;
import io.jvalkey.server.net.ClientRegistry;
import io.jvalkey.server.net.NetLimits;
import io.jvalkey.server.net.NettyServer;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.persistence.Persistence;
import io.jvalkey.server.pubsub.KeyspaceEvents;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.propagation.Propagation;
import io.jvalkey.server.pubsub.PubSub;
import io.jvalkey.server.tracking.Tracking;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.util.Log;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The running server: wires config, keyspace, event loops and commands together, and owns the
 * periodic jobs (active expiry, idle-client timeouts). Everything else reaches shared state
 * through the accessors here.
 */
public final class Server {
    public static final String VERSION = Version.VERSION;

    private final Config config;
    private final Log log = new Log();
    private final ServerStats stats = new ServerStats();
    private final SlowLog slowLog = new SlowLog();
    private final ClientRegistry clients = new ClientRegistry();
    private final MonitorFeed monitorFeed = new MonitorFeed(clients);
    private final Auth auth = new Auth();
    private final NetLimits limits = new NetLimits();
    private final MemoryLimits memoryLimits = new MemoryLimits();
    private final CommandTable commands = new CommandTable();
    private final EncodingLimits encodingLimits = new EncodingLimits();
    private final PubSub pubSub = new PubSub(stats.pubsubClients);
    private final KeyspaceEvents keyspaceEvents = new KeyspaceEvents(pubSub);
    private final Tracking tracking = new Tracking(clients);
    private final KeyHooks keyHooks = new KeyHooks(this);
    private final Propagation propagation = new Propagation(this);
    private final Aof aof = new Aof(this);
    private final Persistence persistence = new Persistence(this);
    private final String runId;
    private volatile String replId = randomHex();
    private final long startMillis = System.currentTimeMillis();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private NettyServer net;
    private Keyspace keyspace;
    private Worker[] workers;
    private volatile int port;
    private volatile int hz = 10;

    public Server(Config config) {
        this.config = config;
        this.runId = randomHex();
        Commands.registerAll(commands);
    }

    /** Starts the event loops and listeners; returns once clients can connect. */
    public void start() throws InterruptedException {
        ServerConfigs.wire(this);
        propagation.wire(config);
        persistence.wire(config);
        int shards = (int) config.getLong("shards");
        if (shards <= 0) {
            shards = Runtime.getRuntime().availableProcessors();
        }
        net = new NettyServer(shards, config.get("io-transport"));
        List<EventLoop> loops = net.loops();
        keyspace = new Keyspace(loops.toArray(new Executor[0]), (int) config.getLong("databases"), memoryLimits);
        keyspace.listener(new KeyEvents());
        tracking.start(keyspace);
        clients.onClose(c -> {
            pubSub.unsubscribeAll(c);
            tracking.disable(c);
        });
        workers = new Worker[loops.size()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this, loops.get(i), keyspace.shard(i));
            scheduleCron(workers[i]);
        }
        stats.startSampling(loops.get(0));
        aof.wire(config);
        aof.loadAtStartup(); // appendonly yes: the AOF, not the RDB, holds the dataset
        persistence.prepareStartupLoad(); // clients connecting while the RDB loads get -LOADING
        List<String> bind = List.of(config.get("bind").trim().split("\\s+"));
        port = net.bind(this, bind, (int) config.getLong("port"), (int) config.getLong("tcp-backlog"));
        log.notice("jvalkey " + VERSION + " started: port " + port + ", " + shards + " shard(s), transport "
                + net.transport().name().toLowerCase(java.util.Locale.ROOT) + ", pid " + ProcessHandle.current().pid());
        persistence.loadAtStartup(); // throws IllegalStateException (naming file and offset) if it is corrupt
        persistence.startCron();
        log.notice("Ready to accept connections tcp");
    }

    /** Per-shard periodic work, hz times a second on the shard's own thread. */
    private void scheduleCron(Worker w) {
        long periodMicros = 1_000_000L / Math.max(hz, 1);
        w.loop().scheduleAtFixedRate(() -> {
            Clock.tick();
            // Active expiry gets at most a quarter of each tick, as Valkey's slow cycle.
            w.activeExpiry().run(periodMicros * 1000 / 4);
            FieldExpiry.run(this, w.shard(), periodMicros * 1000 / 10);
            tracking.enforceLimit(w.shard().id());
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        w.loop().scheduleAtFixedRate(() -> Timeouts.check(w, limits.timeoutMillis), 1, 1, TimeUnit.SECONDS);
    }

    /** What the keyspace reports by itself: keyspace events, and WATCH / tracking for lost keys. */
    private final class KeyEvents implements KeyspaceListener {
        @Override
        public void created(int db, byte[] key) {
            keyspaceEvents.notify(Notify.NEW, "new", key, db);
        }

        @Override
        public void expired(int db, byte[] key) {
            keyspaceEvents.notify(Notify.EXPIRED, "expired", key, db);
            keyHooks.modified(db, key);
            propagation.expired(db, key);
        }

        @Override
        public void evicted(int db, byte[] key) {
            keyHooks.modified(db, key);
            keyspaceEvents.notify(Notify.EVICTED, "evicted", key, db);
            propagation.evicted(db, key);
        }

        @Override
        public void missed(int db, byte[] key) {
            keyspaceEvents.notify(Notify.KEY_MISS, "keymiss", key, db);
        }
    }

    /** Stops listening, closes clients and event loops; {@link #awaitStop} returns afterwards. */
    public void shutdown() {
        log.warning("User requested shutdown...");
        aof.shutdown();
        for (var c : clients.all()) {
            c.kill();
        }
        if (net != null) {
            net.shutdown();
        }
        log.warning("jvalkey is now ready to exit, bye bye...");
        stopped.countDown();
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public Worker workerFor(EventLoop loop) {
        for (Worker w : workers) {
            if (w.loop() == loop) {
                return w;
            }
        }
        throw new IllegalStateException("not a worker loop: " + loop);
    }

    public Worker worker(int shard) {
        return workers[shard];
    }

    public Worker[] workers() {
        return workers;
    }

    public Config config() { return config; }
    public Log log() { return log; }
    public ServerStats stats() { return stats; }
    public SlowLog slowLog() { return slowLog; }
    public ClientRegistry clients() { return clients; }
    public MonitorFeed monitorFeed() { return monitorFeed; }
    public Auth auth() { return auth; }
    public NetLimits limits() { return limits; }
    public MemoryLimits memoryLimits() { return memoryLimits; }
    public CommandTable commands() { return commands; }
    public EncodingLimits encodingLimits() { return encodingLimits; }
    public KeyspaceEvents keyspaceEvents() { return keyspaceEvents; }
    public KeyHooks keyHooks() { return keyHooks; }
    public Propagation propagation() { return propagation; }
    public Aof aof() { return aof; }
    public Persistence persistence() { return persistence; }
    public PubSub pubSub() { return pubSub; }
    public Tracking tracking() { return tracking; }
    public Keyspace keyspace() { return keyspace; }
    public String runId() { return runId; }
    /** The replication id (INFO master_replid); DEBUG CHANGE-REPL-ID draws a new one. */
    public String replId() { return replId; }
    public void changeReplId() { replId = randomHex(); }

    private static String randomHex() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
    public long startMillis() { return startMillis; }
    public int port() { return port; }
    public String transport() { return net.transport().name().toLowerCase(java.util.Locale.ROOT); }
    public int hz() { return hz; }
    public void hz(int hz) { this.hz = hz; }
}
