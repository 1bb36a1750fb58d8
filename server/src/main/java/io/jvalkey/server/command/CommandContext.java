package io.jvalkey.server.command;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.Server;
import io.jvalkey.server.keyspace.Clock;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.propagation.PropagationUnit;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.EncodingLimits;
import java.util.Locale;

/**
 * What a handler sees while it runs: the arguments, the client, the selected database and the
 * reply writer. One instance per thread is reused for every command it runs.
 */
public final class CommandContext {
    private final Server server;
    private final Worker worker;
    private byte[][] argv;
    private CommandSpec spec;
    private Client client;
    private Reply reply;
    private BlockRequest block;
    private final PropagationUnit propagation;

    public CommandContext(Server server, Worker worker) {
        this.server = server;
        this.worker = worker;
        this.propagation = new PropagationUnit(server.propagation().stream());
    }

    /** This thread's share of the propagation stream (see {@link PropagationUnit}). */
    public PropagationUnit propagation() {
        return propagation;
    }

    /** The thread (and its shard) running this command. */
    public Worker worker() {
        return worker;
    }

    public CommandContext reset(byte[][] argv, CommandSpec spec, Client client, Reply reply) {
        this.argv = argv;
        this.spec = spec;
        this.client = client;
        this.reply = reply;
        this.block = null;
        return this;
    }

    public Server server() {
        return server;
    }

    public Client client() {
        return client;
    }

    public Reply reply() {
        return reply;
    }

    public CommandSpec spec() {
        return spec;
    }

    public byte[][] argv() {
        return argv;
    }

    public int argc() {
        return argv.length;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    public String argString(int i) {
        return new String(argv[i], UTF_8);
    }

    /** An argument lower-cased, for matching options. */
    public String option(int i) {
        return argString(i).toLowerCase(Locale.ROOT);
    }

    public Db db() {
        return server.keyspace().db(client.db());
    }

    /** A 64-bit integer argument, or "ERR value is not an integer or out of range". */
    public long longArg(int i) {
        return Numbers.parseLong(argv[i]);
    }

    /** An integer argument with its own error text. */
    public long longArg(int i, String error) {
        long v = Numbers.parseLongOr(argv[i], Long.MIN_VALUE);
        if (v == Long.MIN_VALUE && !argString(i).equals("-9223372036854775808")) {
            throw new CommandError(error);
        }
        return v;
    }

    public double doubleArg(int i) {
        return Numbers.parseDouble(argv[i]);
    }

    // ---- what a write must announce (Valkey's signalModifiedKey / notifyKeyspaceEvent) ---------

    /** The key's value changed or it was deleted: fails WATCHers' transactions, invalidates caches. */
    public void signalModifiedKey(byte[] key) {
        propagation.signalled();
        server.keyHooks().modified(client, client.db(), key);
    }

    // ---- what a write propagates (AOF, replication): Valkey's server.dirty and call() rules ------

    /**
     * The command changed {@code n} things (Valkey's {@code server.dirty += n}). Without a call
     * here each {@link #signalModifiedKey} counts one; a command that changed nothing is not
     * propagated.
     */
    public void dirty(long n) {
        propagation.dirty(n);
    }

    /** The id of the client that replays an AOF at startup (Valkey's CLIENT_ID_AOF, UINT64_MAX). */
    public static final long LOADER_CLIENT_ID = -1L;

    /**
     * True for a client whose commands must be obeyed as recorded (the AOF loader; later a
     * primary): limits meant for users, such as XADD's LIMIT without ~, do not apply.
     */
    public boolean mustObey() {
        return client.id() == LOADER_CLIENT_ID;
    }

    /** True when propagation records are wanted: build rewritten argv only then. */
    public boolean propagating() {
        return propagation.active();
    }

    /** Also propagate {@code argv} (in the current db) before this command's own record (alsoPropagate). */
    public void propagate(byte[]... argv) {
        propagation.add(client.db(), argv);
    }

    /** Propagate {@code argv} instead of this command's argv (rewriteClientCommandVector). */
    public void rewriteArgv(byte[]... argv) {
        propagation.rewrite(argv);
    }

    /** Propagate this command with argument {@code i} replaced (rewriteClientCommandArgument); may extend argv. */
    public void rewriteArg(int i, byte[] value) {
        byte[][] cur = propagation.rewritten();
        byte[][] next = cur != null ? cur : argv;
        if (i >= next.length) {
            next = java.util.Arrays.copyOf(next, i + 1);
        } else if (cur == null) {
            next = next.clone();
        }
        next[i] = value;
        propagation.rewrite(next);
    }

    /** Do not propagate this command's own argv (its {@link #propagate} records still go). */
    public void preventPropagation() {
        propagation.prevent();
    }

    /** Propagate this command even if it changed nothing (FLUSHALL on an empty dataset). */
    public void forcePropagation() {
        propagation.force();
    }

    /** Raises a keyspace notification of class {@code type} (a {@link io.jvalkey.server.pubsub.Notify} bit). */
    public void notifyKeyspaceEvent(int type, String event, byte[] key) {
        server.keyspaceEvents().notify(type, event, key, client.db());
    }

    /**
     * The key may now serve clients blocked on it. Adding a new key does this by itself; call it
     * where a key that already existed becomes servable (XADD, XGROUP CREATE ...).
     */
    public void signalKeyAsReady(byte[] key) {
        server.keyHooks().ready(client.db(), key);
    }

    /** The collection encoding thresholds (hash-max-listpack-entries ...). */
    public EncodingLimits encodings() {
        return server.encodingLimits();
    }

    // ---- blocking commands --------------------------------------------------------------------

    /** True where a command must not block (inside MULTI or a script): answer as on timeout instead. */
    public boolean blockingDenied() {
        return client.denyBlocking();
    }

    /**
     * Parses a blocking timeout argument as Valkey does: seconds with decimals ({@code seconds}
     * true, BLPOP) or whole milliseconds (XREAD BLOCK).
     *
     * @return the absolute deadline in Unix milliseconds, or 0 for "block forever"
     */
    public long timeoutArg(int i, boolean seconds) {
        long millis;
        if (seconds) {
            double v = Numbers.parseDoubleOr(argv[i], Double.NaN);
            if (Double.isNaN(v)) {
                throw new CommandError("ERR timeout is not a float or out of range");
            }
            v *= 1000.0;
            if (v > Long.MAX_VALUE) {
                throw new CommandError("ERR timeout is out of range");
            }
            millis = (long) Math.ceil(v);
        } else {
            millis = longArg(i, "ERR timeout is not an integer or out of range");
        }
        if (millis < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        if (millis == 0) {
            return 0;
        }
        long now = Clock.nowMillis();
        if (millis > Long.MAX_VALUE - now) {
            throw new CommandError("ERR timeout is out of range");
        }
        return millis + now;
    }

    /**
     * Blocks the client until one of {@code keys} holds a value of {@code type} again or the deadline passes (0:
     * never). Call it instead of writing a reply. When a key turns ready the same command runs
     * again from the start (with {@link #argv()} as it is then); on timeout the client gets a null
     * array. With {@code unblockOnDeletedKey} the command also re-runs when a key is deleted
     * (XREADGROUP must then fail). Check {@link #blockingDenied()} first.
     */
    public void blockForKeys(ValueType type, byte[][] keys, long deadlineMillis, boolean unblockOnDeletedKey) {
        block = new BlockRequest(type, keys.clone(), deadlineMillis, unblockOnDeletedKey);
    }

    /** What a handler asked to block on, cleared by taking it; null if it did not block. */
    public BlockRequest takeBlock() {
        BlockRequest b = block;
        block = null;
        return b;
    }

    public boolean blockRequested() {
        return block != null;
    }

    /** A handler's request to block (see {@link #blockForKeys}). */
    public record BlockRequest(ValueType type, byte[][] keys, long deadlineMillis, boolean unblockOnDeletedKey) {}

    /** Replaces an argument for a later re-run of a blocked command (XREAD's {@code $}). */
    public void replaceArg(int i, byte[] value) {
        argv[i] = value;
    }

    /** The error Valkey gives for a wrong argument count. */
    public static String arityError(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }
}
