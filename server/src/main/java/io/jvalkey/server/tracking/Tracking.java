package io.jvalkey.server.tracking;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.keyspace.Keyspace;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.net.ClientRegistry;
import io.jvalkey.server.net.Push;
import io.jvalkey.server.util.ByteKey;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client-side caching (CLIENT TRACKING). Two ways to learn which clients to invalidate:
 * <ul>
 *   <li>default mode: the keys a tracking client reads are remembered, key -> client ids, in one
 *       table per shard. A table is touched only by a thread allowed to touch its shard (the
 *       owner, or the barrier holder), like the keys themselves, so it needs no lock. A change to
 *       the key sends one invalidation to each remembered client and forgets the key;</li>
 *   <li>BCAST mode: clients register key prefixes (a server-wide concurrent map); changed keys
 *       matching a prefix are collected per thread and sent as one message per prefix at the end
 *       of the command (or of the cron task) that changed them.</li>
 * </ul>
 * Invalidations go to the client itself (RESP3 push) or to its redirect target (RESP3 push, or
 * in RESP2 a message on __redis__:invalidate if the target is subscribed).
 */
public final class Tracking {
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(US_ASCII);

    private final ClientRegistry clients;
    private Keyspace keyspace;
    private Map<ByteKey, long[]>[] tables;          // per shard: key -> ids of clients that read it
    private final AtomicLong totalKeys = new AtomicLong();
    private final AtomicLong totalItems = new AtomicLong();
    private final AtomicInteger trackingClients = new AtomicInteger();
    private final ConcurrentHashMap<ByteKey, Set<Client>> prefixes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, List<byte[]>> clientPrefixes = new ConcurrentHashMap<>();
    /** BCAST keys changed by the current thread and not yet sent: prefix -> (key -> last writer). */
    private final ThreadLocal<Map<ByteKey, Map<ByteKey, Client>>> pendingBroadcast =
            ThreadLocal.withInitial(LinkedHashMap::new);
    private volatile long maxKeys = 1_000_000;

    public Tracking(ClientRegistry clients) {
        this.clients = clients;
    }

    /** Creates the per-shard tables once the keyspace exists. */
    @SuppressWarnings("unchecked")
    public void start(Keyspace keyspace) {
        this.keyspace = keyspace;
        tables = new Map[keyspace.shards().length];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = new HashMap<>();
        }
    }

    /** tracking-table-max-keys (0: no limit). */
    public void maxKeys(long n) {
        maxKeys = n;
    }

    // ---- CLIENT TRACKING (on the client's home thread) ----------------------------------------

    /**
     * Switches tracking on with the given option bits (Client.TRACKING_BCAST, OPTIN, OPTOUT,
     * NOLOOP), keeping prefixes already registered; the caller checked the options.
     */
    public void enable(Client c, long redirect, int options, List<byte[]> newPrefixes) {
        int old = c.tracking();
        if ((old & Client.TRACKING_ON) == 0) {
            trackingClients.incrementAndGet();
        }
        c.trackingRedirect(redirect);
        // CLIENT CACHING's one-shot flag survives, as Valkey leaves it alone here.
        c.trackingSet(Client.TRACKING_ON | options | (old & Client.TRACKING_CACHING));
        if ((options & Client.TRACKING_BCAST) != 0) {
            if (newPrefixes.isEmpty()) {
                addPrefix(c, new byte[0]);
            }
            for (byte[] p : newPrefixes) {
                addPrefix(c, p);
            }
        }
    }

    private void addPrefix(Client c, byte[] prefix) {
        ByteKey k = new ByteKey(prefix);
        boolean[] added = {false};
        prefixes.compute(k, (key, set) -> {
            Set<Client> s = set != null ? set : ConcurrentHashMap.newKeySet();
            added[0] = s.add(c);
            return s;
        });
        if (added[0]) {
            clientPrefixes.computeIfAbsent(c.id(), id -> new ArrayList<>()).add(prefix);
        }
    }

    /** CLIENT TRACKING OFF, RESET, a closed connection. Remembered keys are dropped lazily. */
    public void disable(Client c) {
        List<byte[]> mine = clientPrefixes.remove(c.id());
        if (mine != null) {
            for (byte[] p : mine) {
                prefixes.computeIfPresent(new ByteKey(p), (k, set) -> {
                    set.remove(c);
                    return set.isEmpty() ? null : set;
                });
            }
        }
        if ((c.tracking() & Client.TRACKING_ON) != 0) {
            trackingClients.decrementAndGet();
            c.trackingSet(0);
        }
    }

    /** The client's BCAST prefixes, in the order they were added. */
    public List<byte[]> prefixesOf(Client c) {
        List<byte[]> p = clientPrefixes.get(c.id());
        return p == null ? List.of() : List.copyOf(p);
    }

    /**
     * Valkey's check that no two prefixes of a client would both match one key.
     *
     * @return the error text, or null if they don't overlap
     */
    public String prefixCollision(Client c, List<byte[]> given) {
        List<byte[]> existing = prefixesOf(c);
        for (int i = 0; i < given.size(); i++) {
            for (byte[] e : existing) {
                if (overlap(e, given.get(i))) {
                    return "ERR Prefix '" + str(given.get(i)) + "' overlaps with an existing prefix '" + str(e)
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
            for (int j = i + 1; j < given.size(); j++) {
                if (overlap(given.get(i), given.get(j))) {
                    return "ERR Prefix '" + str(given.get(i)) + "' overlaps with another provided prefix '"
                            + str(given.get(j)) + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return java.util.Arrays.equals(a, 0, n, b, 0, n);
    }

    private static String str(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    // ---- after each command (on the thread that ran it) ---------------------------------------

    /** Cheap check before {@link #afterCommand}: is any client tracking? */
    public boolean active() {
        return trackingClients.get() != 0;
    }

    /**
     * Remembers the keys a read-only command read for its tracking client (unless OPTIN/OPTOUT
     * say otherwise), consumes CLIENT CACHING's one-shot flag, and sends the BCAST invalidations
     * this command caused. Runs where the command ran, which may touch its keys' shards.
     */
    public void afterCommand(Client c, CommandSpec spec, byte[][] argv) {
        int t = c.tracking();
        if ((t & Client.TRACKING_ON) != 0 && (t & Client.TRACKING_BCAST) == 0 && spec.has(CommandFlag.READONLY)
                && !spec.has(CommandFlag.PUBSUB)) {
            boolean caching = (t & Client.TRACKING_CACHING) != 0;
            boolean optin = (t & Client.TRACKING_OPTIN) != 0;
            boolean optout = (t & Client.TRACKING_OPTOUT) != 0;
            if (!((optin && !caching) || (optout && caching))) {
                rememberKeys(c, spec, argv);
            }
        }
        if ((t & Client.TRACKING_CACHING) != 0 && !(spec.parent() != null && spec.parent().name().equals("client"))) {
            c.trackingSet(c.tracking() & ~Client.TRACKING_CACHING);
        }
        // Inside EXEC the broadcasts wait for the end of the transaction: one message per prefix.
        if (!prefixes.isEmpty() && !c.transaction().active()) {
            sendBroadcasts();
        }
    }

    private void rememberKeys(Client c, CommandSpec spec, byte[][] argv) {
        for (KeySpec ks : spec.keySpecs()) {
            if (ks.flags().contains("not_key")) {
                continue;
            }
            int[] positions = ks.positions(argv);
            if (positions == null) {
                continue;
            }
            for (int pos : positions) {
                remember(c.id(), argv[pos]);
            }
        }
    }

    private void remember(long id, byte[] key) {
        Map<ByteKey, long[]> table = tables[keyspace.shardOf(key).id()];
        ByteKey k = new ByteKey(key);
        long[] ids = table.get(k);
        if (ids == null) {
            table.put(k, new long[] {id});
            totalKeys.incrementAndGet();
            totalItems.incrementAndGet();
            return;
        }
        for (long x : ids) {
            if (x == id) {
                return;
            }
        }
        long[] more = java.util.Arrays.copyOf(ids, ids.length + 1);
        more[ids.length] = id;
        table.put(k, more);
        totalItems.incrementAndGet();
    }

    // ---- invalidation --------------------------------------------------------------------------

    /**
     * A key changed ({@code by} the client whose command changed it, null for expiry and
     * eviction). Called on a thread that may touch the key's shard.
     */
    public void invalidate(Client by, byte[] key) {
        if (trackingClients.get() == 0) {
            return;
        }
        if (!prefixes.isEmpty()) {
            collectForBroadcast(by, key);
        }
        Map<ByteKey, long[]> table = tables[keyspace.shardOf(key).id()];
        long[] ids = table.remove(new ByteKey(key));
        if (ids == null) {
            return;
        }
        totalKeys.decrementAndGet();
        totalItems.addAndGet(-ids.length);
        Invalidation msg = null;
        for (long id : ids) {
            Client target = clients.byId(id);
            if (target == null) {
                continue;
            }
            int t = target.tracking();
            if ((t & Client.TRACKING_ON) == 0 || (t & Client.TRACKING_BCAST) != 0) {
                continue;
            }
            if ((t & Client.TRACKING_NOLOOP) != 0 && target == by) {
                continue;
            }
            if (msg == null) {
                msg = Invalidation.of(List.of(key));
            }
            send(target, msg);
        }
    }

    /** FLUSHDB / FLUSHALL: every tracking client hears "all keys" (a null); the tables empty. */
    public void invalidateAll() {
        if (tables == null) {
            return;
        }
        if (trackingClients.get() != 0) {
            for (Client c : clients.all()) {
                if ((c.tracking() & Client.TRACKING_ON) != 0) {
                    send(c, Invalidation.ALL);
                }
            }
        }
        // The caller holds every shard (FLUSHALL/FLUSHDB run with all shards parked).
        for (Map<ByteKey, long[]> t : tables) {
            t.clear();
        }
        totalKeys.set(0);
        totalItems.set(0);
    }

    private void send(Client target, Push msg) {
        long redirect = target.trackingRedirect();
        Client dest = target;
        if (redirect != 0) {
            Client r = clients.byId(redirect);
            if (r == null || r.closing()) {
                target.trackingAdd(Client.TRACKING_BROKEN_REDIR);
                if (target.resp() == 3) {
                    target.push(new RedirectBroken(redirect));
                }
                return;
            }
            dest = r;
        }
        if (dest.resp() == 3 || (dest != target && dest.subscribed())) {
            dest.push(msg);
        }
    }

    /** [tracking-redir-broken, id]: the redirect target is gone (RESP3 only). */
    private record RedirectBroken(long id) implements Push {
        @Override
        public void write(ByteBuf out, int resp) {
            out.writeBytes(("" + (resp == 3 ? '>' : '*') + "2\r\n$21\r\n").getBytes(US_ASCII));
            out.writeBytes(REDIR_BROKEN);
            out.writeBytes(("\r\n:" + id + "\r\n").getBytes(US_ASCII));
        }
    }

    // ---- BCAST ---------------------------------------------------------------------------------

    private void collectForBroadcast(Client by, byte[] key) {
        Map<ByteKey, Map<ByteKey, Client>> pending = pendingBroadcast.get();
        boolean wasEmpty = pending.isEmpty();
        ByteKey k = null;
        for (ByteKey p : prefixes.keySet()) {
            byte[] pb = p.bytes();
            if (pb.length > key.length || !java.util.Arrays.equals(pb, 0, pb.length, key, 0, pb.length)) {
                continue;
            }
            if (k == null) {
                k = new ByteKey(key);
            }
            pending.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(k, by);
        }
        if (wasEmpty && !pending.isEmpty()) {
            // Changes outside a command (active expiry, eviction) run on the shard's owner: a task
            // there sends them once the current work is done. Inside a command, afterCommand does.
            keyspace.shardOf(key).owner().execute(this::sendBroadcasts);
        }
    }

    /** Sends the BCAST invalidations collected by this thread: one message per prefix and client. */
    public void sendBroadcasts() {
        Map<ByteKey, Map<ByteKey, Client>> pending = pendingBroadcast.get();
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<ByteKey, Map<ByteKey, Client>> e : pending.entrySet()) {
            Set<Client> subscribers = prefixes.get(e.getKey());
            if (subscribers == null) {
                continue;
            }
            Map<ByteKey, Client> keys = e.getValue();
            Invalidation all = null;
            for (Client c : subscribers) {
                if ((c.tracking() & Client.TRACKING_NOLOOP) != 0) {
                    List<byte[]> mine = new ArrayList<>();
                    for (Map.Entry<ByteKey, Client> k : keys.entrySet()) {
                        if (k.getValue() != c) {
                            mine.add(k.getKey().bytes());
                        }
                    }
                    if (!mine.isEmpty()) {
                        send(c, Invalidation.of(mine));
                    }
                } else {
                    if (all == null) {
                        List<byte[]> list = new ArrayList<>(keys.size());
                        for (ByteKey k : keys.keySet()) {
                            list.add(k.bytes());
                        }
                        all = Invalidation.of(list);
                    }
                    send(c, all);
                }
            }
        }
        pending.clear();
    }

    // ---- table size limit (cron, on each shard's owner) -----------------------------------------

    /**
     * tracking-table-max-keys: while the tables hold too many keys, forget keys of this shard's
     * table, telling their clients as if the keys changed. A shard first claims one unit of the
     * excess (compare-and-set), so shards evicting at the same time never overshoot.
     */
    public void enforceLimit(int shard) {
        long max = maxKeys;
        if (max == 0 || tables == null) {
            return;
        }
        Map<ByteKey, long[]> table = tables[shard];
        Iterator<Map.Entry<ByteKey, long[]>> it = table.entrySet().iterator();
        while (it.hasNext()) {
            long n = totalKeys.get();
            if (n <= max) {
                return;
            }
            if (!totalKeys.compareAndSet(n, n - 1)) {
                continue;
            }
            Map.Entry<ByteKey, long[]> e = it.next();
            it.remove();
            long[] ids = e.getValue();
            totalItems.addAndGet(-ids.length);
            Invalidation msg = Invalidation.of(List.of(e.getKey().bytes()));
            for (long id : ids) {
                Client target = clients.byId(id);
                if (target != null && (target.tracking() & Client.TRACKING_ON) != 0
                        && (target.tracking() & Client.TRACKING_BCAST) == 0) {
                    send(target, msg);
                }
            }
        }
    }

    // ---- INFO ------------------------------------------------------------------------------------

    public int clients() {
        return trackingClients.get();
    }

    public long totalKeys() {
        return totalKeys.get();
    }

    public long totalItems() {
        return totalItems.get();
    }

    public long totalPrefixes() {
        return prefixes.size();
    }
}
