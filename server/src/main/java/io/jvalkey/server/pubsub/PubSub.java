package io.jvalkey.server.pubsub;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.util.ByteKey;
import io.jvalkey.server.util.Glob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide pub/sub registry: who listens to which channel, pattern and shard channel.
 * Publishers on any event-loop thread read it without locks (concurrent maps of concurrent
 * sets); subscribing and unsubscribing change a channel's set atomically with
 * {@link ConcurrentHashMap#compute}, so a channel's entry disappears with its last subscriber.
 * Messages reach subscribers through {@link Client#push}, which keeps each connection's order.
 * A client's own list of subscriptions is touched only by its home thread (the subscribe family
 * runs there, and so does the close of its connection).
 */
public final class PubSub {
    private static final byte[] MESSAGE = "message".getBytes(US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(US_ASCII);
    private static final byte[] SMESSAGE = "smessage".getBytes(US_ASCII);

    private final ConcurrentHashMap<ByteKey, Set<Client>> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteKey, Set<Client>> shardChannels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteKey, Set<Client>> patterns = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Subscriptions> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger subscribedClients;

    /** One client's subscriptions, in the order it made them (its home thread only). */
    private static final class Subscriptions {
        final LinkedHashSet<ByteKey> channels = new LinkedHashSet<>();
        final LinkedHashSet<ByteKey> patterns = new LinkedHashSet<>();
        final LinkedHashSet<ByteKey> shardChannels = new LinkedHashSet<>();

        boolean empty() {
            return channels.isEmpty() && patterns.isEmpty() && shardChannels.isEmpty();
        }
    }

    /** @param subscribedClients the INFO pubsub_clients counter this registry keeps */
    public PubSub(AtomicInteger subscribedClients) {
        this.subscribedClients = subscribedClients;
    }

    // ---- subscribing (on the client's home thread) --------------------------------------------

    /** Subscribes to a channel (or shard channel); a no-op if already subscribed. */
    public void subscribe(Client c, byte[] channel, boolean shard) {
        Subscriptions s = subscriptions(c);
        ByteKey k = new ByteKey(channel);
        if ((shard ? s.shardChannels : s.channels).add(k)) {
            join(shard ? shardChannels : channels, k, c);
            updated(c, s, true);
        }
    }

    /** @return false if the client was not subscribed to it */
    public boolean unsubscribe(Client c, byte[] channel, boolean shard) {
        Subscriptions s = byClient.get(c.id());
        ByteKey k = new ByteKey(channel);
        if (s == null || !(shard ? s.shardChannels : s.channels).remove(k)) {
            return false;
        }
        leave(shard ? shardChannels : channels, k, c);
        updated(c, s, false);
        return true;
    }

    public void psubscribe(Client c, byte[] pattern) {
        Subscriptions s = subscriptions(c);
        ByteKey k = new ByteKey(pattern);
        if (s.patterns.add(k)) {
            join(patterns, k, c);
            updated(c, s, true);
        }
    }

    public boolean punsubscribe(Client c, byte[] pattern) {
        Subscriptions s = byClient.get(c.id());
        ByteKey k = new ByteKey(pattern);
        if (s == null || !s.patterns.remove(k)) {
            return false;
        }
        leave(patterns, k, c);
        updated(c, s, false);
        return true;
    }

    /** The client's channels (or shard channels), in subscription order: for UNSUBSCRIBE with no argument. */
    public List<byte[]> channelsOf(Client c, boolean shard) {
        Subscriptions s = byClient.get(c.id());
        return s == null ? List.of() : names(shard ? s.shardChannels : s.channels);
    }

    public List<byte[]> patternsOf(Client c) {
        Subscriptions s = byClient.get(c.id());
        return s == null ? List.of() : names(s.patterns);
    }

    /** Drops every subscription without replies (RESET, a closed connection). */
    public void unsubscribeAll(Client c) {
        Subscriptions s = byClient.get(c.id());
        if (s == null) {
            return;
        }
        for (ByteKey k : s.channels) {
            leave(channels, k, c);
        }
        for (ByteKey k : s.patterns) {
            leave(patterns, k, c);
        }
        for (ByteKey k : s.shardChannels) {
            leave(shardChannels, k, c);
        }
        boolean was = !s.empty();
        byClient.remove(c.id());
        c.subscriptionCounts(0, 0, 0);
        if (was) {
            subscribedClients.decrementAndGet();
        }
    }

    private Subscriptions subscriptions(Client c) {
        return byClient.computeIfAbsent(c.id(), id -> new Subscriptions());
    }

    private void updated(Client c, Subscriptions s, boolean added) {
        boolean wasSubscribed = c.subscribed();
        c.subscriptionCounts(s.channels.size(), s.patterns.size(), s.shardChannels.size());
        if (added && !wasSubscribed) {
            subscribedClients.incrementAndGet();
        } else if (!added && wasSubscribed && s.empty()) {
            subscribedClients.decrementAndGet();
            byClient.remove(c.id());
        }
    }

    private static void join(ConcurrentHashMap<ByteKey, Set<Client>> map, ByteKey k, Client c) {
        map.compute(k, (key, set) -> {
            Set<Client> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(c);
            return s;
        });
    }

    private static void leave(ConcurrentHashMap<ByteKey, Set<Client>> map, ByteKey k, Client c) {
        map.computeIfPresent(k, (key, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    private static List<byte[]> names(Set<ByteKey> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (ByteKey k : keys) {
            out.add(k.bytes());
        }
        return out;
    }

    // ---- publishing (any thread) --------------------------------------------------------------

    /** True if anyone listens to a channel or pattern (keyspace events skip all work otherwise). */
    public boolean anyListener() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    /**
     * Sends a message to the channel's subscribers and, unless it is a shard channel, to every
     * subscriber of a matching pattern (once per matching pattern).
     *
     * @return the number of deliveries, as PUBLISH replies
     */
    public int publish(byte[] channel, byte[] message, boolean shard) {
        int receivers = 0;
        Set<Client> subs = (shard ? shardChannels : channels).get(new ByteKey(channel));
        if (subs != null) {
            Message m = Message.of(shard ? SMESSAGE : MESSAGE, channel, message);
            for (Client c : subs) {
                c.push(m);
                receivers++;
            }
        }
        if (shard || patterns.isEmpty()) {
            return receivers;
        }
        for (Map.Entry<ByteKey, Set<Client>> e : patterns.entrySet()) {
            byte[] pattern = e.getKey().bytes();
            if (!Glob.matches(pattern, channel, false)) {
                continue;
            }
            Message m = Message.of(PMESSAGE, pattern, channel, message);
            for (Client c : e.getValue()) {
                c.push(m);
                receivers++;
            }
        }
        return receivers;
    }

    // ---- introspection (PUBSUB, INFO) ---------------------------------------------------------

    /** Active channels (with at least one subscriber) matching a pattern (null: all). */
    public List<byte[]> activeChannels(byte[] pattern, boolean shard) {
        List<byte[]> out = new ArrayList<>();
        for (ByteKey k : (shard ? shardChannels : channels).keySet()) {
            if (pattern == null || Glob.matches(pattern, k.bytes(), false)) {
                out.add(k.bytes());
            }
        }
        return out;
    }

    public int subscribers(byte[] channel, boolean shard) {
        Set<Client> s = (shard ? shardChannels : channels).get(new ByteKey(channel));
        return s == null ? 0 : s.size();
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }

    // ---- RESP2 subscribed mode ----------------------------------------------------------------

    /**
     * Valkey's pub/sub context checks before a command runs: a RESP2 client with subscriptions
     * may only use the subscribe family, PING, QUIT and RESET; the unsubscribe family needs a
     * subscription. Call only when the client is subscribed or the command has the PUBSUB flag.
     *
     * @return the error to reply, or null if the command may run
     */
    public static String refusal(Client c, CommandSpec spec) {
        String name = spec.parent() == null ? spec.name() : "";
        if (c.subscribed()) {
            if (c.resp() != 2) {
                return null;
            }
            return switch (name) {
                case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                        "quit", "reset" -> null;
                default -> "ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / "
                        + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
            };
        }
        return switch (name) {
            case "unsubscribe", "sunsubscribe", "punsubscribe" ->
                    "NOSUB '" + name + "' command executed not in subscribed mode";
            default -> null;
        };
    }
}
