package io.jvalkey.server.info;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.net.Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** SLOWLOG: commands slower than slowlog-log-slower-than, newest first, at most slowlog-max-len. */
public final class SlowLog {
    private static final int MAX_ARGS = 32;
    private static final int MAX_ARG_LEN = 128;

    /** One logged command. */
    public record Entry(long id, long timeSeconds, long micros, byte[][] argv, String addr, String name) {}

    private final ConcurrentLinkedDeque<Entry> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong nextId = new AtomicLong();
    private volatile long slowerThanMicros = 10000;
    private volatile int maxLen = 128;

    public void slowerThan(long micros) {
        this.slowerThanMicros = micros;
    }

    public void maxLen(int maxLen) {
        this.maxLen = maxLen;
        trim();
    }

    public void maybeAdd(long micros, byte[][] argv, Client client) {
        long limit = slowerThanMicros;
        if (limit < 0 || micros < limit) {
            return;
        }
        entries.addFirst(new Entry(nextId.getAndIncrement(), System.currentTimeMillis() / 1000, micros,
                trimmedArgs(argv), client.addr(), client.name()));
        size.incrementAndGet();
        trim();
    }

    private void trim() {
        while (size.get() > maxLen && entries.pollLast() != null) {
            size.decrementAndGet();
        }
    }

    static byte[][] trimmedArgs(byte[][] argv) {
        int n = Math.min(argv.length, MAX_ARGS);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            if (i == n - 1 && argv.length > MAX_ARGS) {
                out[i] = ("... (" + (argv.length - MAX_ARGS + 1) + " more arguments)").getBytes(UTF_8);
            } else if (argv[i].length > MAX_ARG_LEN) {
                byte[] head = Arrays.copyOf(argv[i], MAX_ARG_LEN);
                byte[] tail = ("... (" + (argv[i].length - MAX_ARG_LEN) + " more bytes)").getBytes(UTF_8);
                out[i] = Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, out[i], head.length, tail.length);
            } else {
                out[i] = argv[i];
            }
        }
        return out;
    }

    public List<Entry> newest(int count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    public int length() {
        return Math.max(size.get(), 0);
    }

    public void reset() {
        while (entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }
}
