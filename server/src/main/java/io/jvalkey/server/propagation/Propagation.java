package io.jvalkey.server.propagation;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.Server;
import io.jvalkey.server.config.Config;
import io.jvalkey.server.net.Worker;

/**
 * The server's side of the propagation stream: the stream itself, and the deletions nobody
 * asked for (expired and evicted keys) turned into DEL or UNLINK records as Valkey 8 emits them
 * (UNLINK when {@code lazyfree-lazy-expire} / {@code lazyfree-lazy-eviction} is on, the default).
 */
public final class Propagation {
    public static final byte[] DEL = bytes("DEL");
    public static final byte[] UNLINK = bytes("UNLINK");

    private final Server server;
    private final PropagationStream stream;
    private volatile boolean lazyExpire = true;
    private volatile boolean lazyEviction = true;
    private volatile boolean lazyServerDel = true;

    public Propagation(Server server) {
        this.server = server;
        this.stream = new PropagationStream(server.log(), 64 << 20);
    }

    public void wire(Config c) {
        c.subscribe("lazyfree-lazy-expire", v -> lazyExpire = v.equals("yes"));
        c.subscribe("lazyfree-lazy-eviction", v -> lazyEviction = v.equals("yes"));
        c.subscribe("lazyfree-lazy-server-del", v -> lazyServerDel = v.equals("yes"));
    }

    public PropagationStream stream() {
        return stream;
    }

    public boolean active() {
        return stream.active();
    }

    /** DEL or UNLINK for a key a command deletes because its new TTL is in the past (Valkey: lazyfree-lazy-expire). */
    public byte[] expireDeleteCommand() {
        return lazyExpire ? UNLINK : DEL;
    }

    /** DEL or UNLINK for a server-side deletion such as SPOP emptying a set (lazyfree-lazy-server-del). */
    public byte[] serverDeleteCommand() {
        return lazyServerDel ? UNLINK : DEL;
    }

    /** A key expired (lazily inside a command, or actively): the stream gets its deletion. */
    public void expired(int db, byte[] key) {
        if (stream.active()) {
            record(db, new byte[][] {lazyExpire ? UNLINK : DEL, key});
        }
    }

    /** maxmemory evicted a key. */
    public void evicted(int db, byte[] key) {
        if (stream.active()) {
            record(db, new byte[][] {lazyEviction ? UNLINK : DEL, key});
        }
    }

    /** Adds a record to the unit of the worker running on this thread. */
    public void record(int db, byte[][] argv) {
        Worker w = current();
        if (w != null) {
            w.context().propagation().add(db, argv);
        }
    }

    private Worker current() {
        Worker[] ws = server.workers();
        if (ws == null) {
            return null;
        }
        for (Worker w : ws) {
            if (w.inLoop()) {
                return w;
            }
        }
        return null;
    }

    static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }
}
