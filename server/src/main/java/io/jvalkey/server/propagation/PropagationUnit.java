package io.jvalkey.server.propagation;

import java.util.Arrays;

/**
 * One worker thread's view of the propagation stream: the records of the execution unit it is
 * running (a command, or EXEC with its queued commands), and per running command (nesting:
 * EXEC runs its commands inside itself) its change count and how it asked to be propagated.
 * Handlers reach it through {@code CommandContext}: {@code dirty(n)}, {@code propagate(argv)}
 * (Valkey's alsoPropagate), {@code rewriteArgv}/{@code rewriteArg} (rewriteClientCommandVector /
 * Argument), {@code preventPropagation()}, {@code forcePropagation()}.
 *
 * <p>The default, as Valkey's call(): a command that changed the dataset is propagated with its
 * argv. Records reach the stream when the outermost command ends; more than one record is wrapped
 * in MULTI ... EXEC. Expiry and eviction outside a command are published at once, one per unit.
 * Everything here is reused: with propagation off only a few counters move per command.
 */
public final class PropagationUnit {
    private final PropagationStream stream;
    // records of the current unit
    private int[] dbs = new int[8];
    private byte[][][] ops = new byte[8][][];
    private int[] lens = new int[8];
    private int count;
    // per nesting level
    private int depth;
    private long[] dirty = new long[4];
    private long[] signals = new long[4];
    private boolean[] explicit = new boolean[4];
    private boolean[] prevented = new boolean[4];
    private boolean[] forced = new boolean[4];
    private byte[][][] rewritten = new byte[4][][];
    private boolean noWrap;

    public PropagationUnit(PropagationStream stream) {
        this.stream = stream;
    }

    /** Whether records are wanted at all (someone subscribes). Handlers check it before building argv. */
    public boolean active() {
        return stream.active();
    }

    // ---- command lifecycle (CommandRunner) ------------------------------------------------------

    /** A command starts (possibly inside another: EXEC). */
    public void begin() {
        depth++;
        if (depth >= dirty.length) {
            int n = dirty.length * 2;
            dirty = Arrays.copyOf(dirty, n);
            signals = Arrays.copyOf(signals, n);
            explicit = Arrays.copyOf(explicit, n);
            prevented = Arrays.copyOf(prevented, n);
            forced = Arrays.copyOf(forced, n);
            rewritten = Arrays.copyOf(rewritten, n);
        }
        dirty[depth] = 0;
        signals[depth] = 0;
        explicit[depth] = false;
        prevented[depth] = false;
        forced[depth] = false;
        rewritten[depth] = null;
    }

    /**
     * The command ended. Records its own argv (or its rewrite) if it changed the dataset, and at
     * the outermost level publishes the unit.
     *
     * @param propagateSelf false for commands never propagated themselves (EXEC)
     * @param arbitraryKeys SCAN/KEYS/RANDOMKEY-like commands: their expiry DELs are not wrapped
     * @return the command's change count (Valkey's dirty delta), nested commands included
     */
    public long end(byte[][] argv, int db, boolean propagateSelf, boolean arbitraryKeys) {
        long changes = explicit[depth] ? dirty[depth] : dirty[depth] + signals[depth];
        if (stream.active() && propagateSelf && !prevented[depth] && (changes > 0 || forced[depth])) {
            add(db, rewritten[depth] != null ? rewritten[depth] : argv);
        }
        rewritten[depth] = null;
        if (arbitraryKeys && depth == 1) {
            noWrap = true;
        }
        depth--;
        if (depth > 0) {
            dirty[depth] += changes; // an EXEC counts what its commands changed
        } else {
            publish();
        }
        return changes;
    }

    /** The command is being run from the top (or not at all): nothing must be left over. */
    public int depth() {
        return depth;
    }

    // ---- what handlers call -------------------------------------------------------------------

    /** Valkey's {@code server.dirty += n}: the command changed n things. */
    public void dirty(long n) {
        dirty[depth] += n;
        explicit[depth] = true;
    }

    /** The running command's changes count as none (they were just saved), its records still go. */
    public void resetChanges() {
        dirty[depth] = 0;
        signals[depth] = 0;
        explicit[depth] = true;
    }

    /** Forgets the running command's changes, its nested commands' included (DEBUG LOADAOF). */
    public void discardChanges() {
        dirty[depth] = 0;
        signals[depth] = 0;
        explicit[depth] = true;
        prevented[depth] = true;
    }

    /** A key was signalled as modified: counts as one change unless the handler counts itself. */
    public void signalled() {
        signals[depth]++;
    }

    /** Propagate this command's argv even if it changed nothing (FLUSHALL on an empty server). */
    public void force() {
        forced[depth] = true;
    }

    /** Do not propagate this command's own argv (records added with {@link #add} still go). */
    public void prevent() {
        prevented[depth] = true;
    }

    /** Propagate {@code argv} instead of the command's own. */
    public void rewrite(byte[][] argv) {
        rewritten[depth] = argv;
    }

    /** The argv that would be propagated now for this command (its rewrite, if any). */
    public byte[][] rewritten() {
        return rewritten[depth];
    }

    /** Adds a record to the unit (Valkey's alsoPropagate). Outside any command it is published at once. */
    public void add(int db, byte[][] argv) {
        if (!stream.active()) {
            return;
        }
        if (count == ops.length) {
            ops = Arrays.copyOf(ops, count * 2);
            dbs = Arrays.copyOf(dbs, count * 2);
            lens = new int[count * 2];
        }
        dbs[count] = db;
        ops[count] = argv;
        count++;
        if (depth == 0) {
            publish(); // active expiry, eviction: each deletion on its own, never wrapped
        }
    }

    private void publish() {
        if (count > 0) {
            if (stream.active()) {
                stream.append(dbs, ops, lens, count, count > 1 && !noWrap);
            }
            Arrays.fill(ops, 0, count, null);
            count = 0;
        }
        noWrap = false;
    }
}
