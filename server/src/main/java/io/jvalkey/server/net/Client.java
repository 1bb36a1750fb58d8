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
    // Per-client traffic for CLIENT LIST (tot-net-in, tot-net-out, tot-cmds); one writer at a time.
    volatile long netInputBytes;
    volatile long netOutputBytes;
    volatile long commandsProcessed;

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
    /** MULTI and WATCH state. */
    public Transaction transaction() { return transaction; }
    public void denyBlocking(boolean v) { this.denyBlocking = v; }
    /** QUIT: the connection closes once this command's reply is sent. */
    public void closeAfterReply() { this.closeAfterReply = true; }

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
        if (transaction.active()) {
            f.append('x');
        }
        if (waiter != null) {
            f.append('b');
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
