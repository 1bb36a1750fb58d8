package io.jvalkey.server.net;

import io.jvalkey.cluster.SlotHash;
import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.keyspace.WatchedKeys.Watch;
import io.jvalkey.server.keyspace.WatchedKeys.WatchSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's MULTI state (queued commands, whether queueing failed) and its WATCHed keys.
 * Changed on the connection's thread, or by the thread running its commands while it waits.
 */
public final class Transaction {
    private boolean active;
    private boolean aborted;
    private final List<CommandSpec> specs = new ArrayList<>();
    private final List<byte[][]> argvs = new ArrayList<>();
    private WatchSet watches;

    public boolean active() {
        return active;
    }

    public void begin() {
        active = true;
    }

    /** A command was rejected while queueing: EXEC will answer EXECABORT (Valkey's flagTransaction). */
    public void abort() {
        if (active) {
            aborted = true;
            specs.clear();
            argvs.clear();
        }
    }

    public boolean aborted() {
        return aborted;
    }

    void queue(CommandSpec spec, byte[][] argv) {
        if (!aborted) {
            specs.add(spec);
            argvs.add(argv);
        }
    }

    public int size() {
        return specs.size();
    }

    public CommandSpec spec(int i) {
        return specs.get(i);
    }

    public byte[][] argv(int i) {
        return argvs.get(i);
    }

    /** Ends the MULTI state (EXEC done, DISCARD, RESET); WATCHes are dropped separately. */
    public void discard() {
        active = false;
        aborted = false;
        specs.clear();
        argvs.clear();
    }

    /** The current watch set, created on first WATCH. */
    public WatchSet watches() {
        if (watches == null) {
            watches = new WatchSet();
        }
        return watches;
    }

    /** Number of watched keys (CLIENT LIST's watch=); read racily from other threads. */
    public int watchCount() {
        WatchSet w = watches;
        return w == null ? 0 : w.watches().size();
    }

    public boolean watching() {
        return watches != null && !watches.watches().isEmpty();
    }

    /** A watched key changed since WATCH. */
    public boolean watchDirty() {
        return watches != null && watches.dirty();
    }

    /**
     * Drops every WATCH. Each shard removes its own entries (directly if this thread may touch
     * it, else through its task queue); a later WATCH starts a fresh set, so a late change to an
     * old key cannot mark it dirty.
     */
    public void unwatchAll(Server server) {
        WatchSet set = watches;
        watches = null;
        if (set == null) {
            return;
        }
        if (!set.watches().isEmpty()) {
            server.stats().watchingClients.decrementAndGet();
        }
        for (Watch w : set.watches()) {
            Shard s = server.keyspace().shardOfSlot(SlotHash.slot(w.key));
            Worker owner = server.worker(s.id());
            if (owner.inLoop() || server.keyspace().barrier().heldByCurrentThread()) {
                s.watched().unwatch(w);
            } else {
                owner.loop().execute(() -> s.watched().unwatch(w));
            }
        }
    }

    /**
     * Where EXEC must run: the one shard holding every key of the queued commands and watched
     * keys (the home shard if there are none), or null when they span several shards.
     */
    Shard shard(Server server, Shard home) {
        Shard found = null;
        for (int i = 0; i < specs.size(); i++) {
            CommandSpec spec = specs.get(i);
            byte[][] argv = argvs.get(i);
            if (spec.routing() == io.jvalkey.server.command.Routing.ALL_SHARDS) {
                return null;
            }
            int[] keys = spec.keyPositions(argv);
            if (keys == null || (keys.length == 0 && spec.movableKeys())) {
                return null; // keys not known before it runs: hold every shard
            }
            for (int k : keys) {
                Shard s = server.keyspace().shardOfSlot(SlotHash.slot(argv[k]));
                if (found != null && s != found) {
                    return null;
                }
                found = s;
            }
        }
        if (watches != null) {
            for (Watch w : watches.watches()) {
                Shard s = server.keyspace().shardOfSlot(SlotHash.slot(w.key));
                if (found != null && s != found) {
                    return null;
                }
                found = s;
            }
        }
        return found == null ? home : found;
    }
}
