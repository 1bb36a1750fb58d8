package io.jvalkey.server.net;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The state of one connection that commands read and change: selected db, protocol, name,
 * authentication, reply mode. Mutated only on the connection's own thread; other threads
 * (CLIENT LIST, a shard running a hopped command while the connection waits) read it.
 */
public final class Client {
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final Channel channel;
    private final String addr;
    private final String laddr;
    private final long createdMillis;
    volatile int db;
    volatile int resp = 2;
    volatile String name = "";
    volatile String libName = "";
    volatile String libVer = "";
    volatile boolean authenticated;
    volatile String user = "default";
    volatile ReplyMode replyMode = ReplyMode.ON;
    volatile boolean skipNext;
    volatile boolean noEvict;
    volatile boolean noTouch;
    volatile long lastInteractionMillis;
    volatile String lastCommand = "NULL";
    volatile boolean monitor;
    volatile int queryBufferBytes;
    volatile boolean killed;
    volatile boolean closeAfterReply;
    private final Transaction transaction = new Transaction();
    volatile Waiter waiter;          // set while blocked on keys
    volatile boolean denyBlocking;   // inside EXEC or a script: blocking commands answer at once
    volatile boolean reprocessing;   // a shard is re-running its blocked command
    // Per-client traffic for CLIENT LIST (tot-net-in, tot-net-out, tot-cmds); one writer at a time.
    volatile long netInputBytes;
    volatile long netOutputBytes;
    volatile long commandsProcessed;
    Connection connection;  // set once when the connection becomes active
    // Pub/sub subscription counts (channels, patterns, shard channels), kept by the pub/sub registry.
    volatile int subChannels;
    volatile int subPatterns;
    volatile int subShardChannels;
    // Client-side caching state, kept by the tracking registry (TRACKING_* bits, redirect client id).
    volatile int tracking;
    volatile long trackingRedirect;

    /** Tracking bits: on, BCAST, OPTIN, OPTOUT, NOLOOP, CLIENT CACHING given, redirect target gone. */
    public static final int TRACKING_ON = 1;
    public static final int TRACKING_BCAST = 1 << 1;
    public static final int TRACKING_OPTIN = 1 << 2;
    public static final int TRACKING_OPTOUT = 1 << 3;
    public static final int TRACKING_NOLOOP = 1 << 4;
    public static final int TRACKING_CACHING = 1 << 5;
    public static final int TRACKING_BROKEN_REDIR = 1 << 6;

    public Client(long id, Channel channel) {
        this.id = id;
        this.channel = channel;
        this.addr = format(channel.remoteAddress());
        this.laddr = format(channel.localAddress());
        this.createdMillis = System.currentTimeMillis();
        this.lastInteractionMillis = createdMillis;
    }

    private static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            if (host.contains(":") && host.contains("%")) {
                host = host.substring(0, host.indexOf('%'));
            }
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    public long id() { return id; }
    /** The socket's file descriptor as CLIENT LIST shows it, -1 where the transport hides it. */
    public int fd() {
        return channel instanceof io.netty.channel.unix.UnixChannel u && u.fd() != null ? u.fd().intValue() : -1;
    }
    public long netInputBytes() { return netInputBytes; }
    public long netOutputBytes() { return netOutputBytes; }
    public long commandsProcessed() { return commandsProcessed; }
    /** Counts one executed command; called by the thread running it while the connection waits. */
    public void commandProcessed() { commandsProcessed++; }
    public Channel channel() { return channel; }
    public String addr() { return addr; }
    public String laddr() { return laddr; }
    public long createdMillis() { return createdMillis; }
    public int db() { return db; }
    public void db(int db) { this.db = db; }
    public int resp() { return resp; }
    public void resp(int resp) { this.resp = resp; }
    public String name() { return name; }
    public void name(String name) { this.name = name; }
    public String libName() { return libName; }
    public void libName(String v) { this.libName = v; }
    public String libVer() { return libVer; }
    public void libVer(String v) { this.libVer = v; }
    public boolean authenticated() { return authenticated; }
    public void authenticated(boolean a) { this.authenticated = a; }
    public String user() { return user; }
    public void user(String u) { this.user = u; }
    public ReplyMode replyMode() { return replyMode; }
    public void replyMode(ReplyMode m) { this.replyMode = m; }
    /** CLIENT REPLY SKIP: the reply of the next command is dropped. */
    public void skipNext(boolean s) { this.skipNext = s; }
    public boolean noEvict() { return noEvict; }
    public void noEvict(boolean v) { this.noEvict = v; }
    public boolean noTouch() { return noTouch; }
    public void noTouch(boolean v) { this.noTouch = v; }
    public long lastInteractionMillis() { return lastInteractionMillis; }
    public String lastCommand() { return lastCommand; }
    public boolean monitor() { return monitor; }
    public void monitor(boolean m) { this.monitor = m; }
    public int queryBufferBytes() { return queryBufferBytes; }
    public boolean killed() { return killed; }
    /** The blocked-on-keys state, or null when not blocked (CLIENT UNBLOCK, CLIENT LIST's 'b'). */
    public Waiter waiter() { return waiter; }
    public boolean denyBlocking() { return denyBlocking; }
    public boolean reprocessing() { return reprocessing; }
    /** MULTI and WATCH state. */
    public Transaction transaction() { return transaction; }
    public void denyBlocking(boolean v) { this.denyBlocking = v; }
    /** Killed, or closing once its last reply is sent (QUIT): as good as gone for redirects. */
    public boolean closing() { return killed || closeAfterReply; }
    /** QUIT: the connection closes once this command's reply is sent. */
    public void closeAfterReply() { this.closeAfterReply = true; }

    /**
     * Sends an out-of-band message (pub/sub, keyspace event, invalidation) from any thread, in
     * order with this connection's replies; dropped if the connection is gone.
     */
    public void push(Push p) {
        Connection c = connection;
        if (c != null) {
            c.push(p);
        }
    }

    public int subscribedChannels() { return subChannels; }
    public int subscribedPatterns() { return subPatterns; }
    public int subscribedShardChannels() { return subShardChannels; }
    /** Valkey's pubsub flag: subscribed to anything (RESP2 then only accepts the subscribe family). */
    public boolean subscribed() { return (subChannels | subPatterns | subShardChannels) != 0; }
    public void subscriptionCounts(int channels, int patterns, int shardChannels) {
        subChannels = channels;
        subPatterns = patterns;
        subShardChannels = shardChannels;
    }

    public int tracking() { return tracking; }
    public boolean trackingHas(int bit) { return (tracking & bit) != 0; }
    public void trackingSet(int bits) { this.tracking = bits; }
    /** Sets bits from any thread (a broken redirect is found by whoever sends an invalidation). */
    public void trackingAdd(int bits) {
        TRACKING_UPDATER.getAndUpdate(this, t -> (t & TRACKING_ON) != 0 ? t | bits : t);
    }
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Client> TRACKING_UPDATER =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Client.class, "tracking");
    /** The client invalidations are redirected to, 0 for none. */
    public long trackingRedirect() { return trackingRedirect; }
    public void trackingRedirect(long id) { this.trackingRedirect = id; }

    /** Closes the connection from any thread (CLIENT KILL, timeouts, shutdown). */
    public void kill() {
        killed = true;
        channel.close();
    }

    /** Valkey's flags letters for CLIENT LIST (N = none). */
    public String flags() {
        StringBuilder f = new StringBuilder();
        if (monitor) {
            f.append('O');
        }
        if (subscribed()) {
            f.append('P');
        }
        if (transaction.active()) {
            f.append('x');
        }
        if (waiter != null) {
            f.append('b');
        }
        int t = tracking;
        if ((t & TRACKING_ON) != 0) {
            f.append('t');
        }
        if ((t & TRACKING_BROKEN_REDIR) != 0) {
            f.append('R');
        }
        if ((t & TRACKING_BCAST) != 0) {
            f.append('B');
        }
        if (transaction.watchDirty()) {
            f.append('d');
        }
        if (closeAfterReply) {
            f.append('c');
        }
        if (killed) {
            f.append('A');
        }
        if (noEvict) {
            f.append('e');
        }
        if (noTouch) {
            f.append('T');
        }
        return f.isEmpty() ? "N" : f.toString();
    }
}
