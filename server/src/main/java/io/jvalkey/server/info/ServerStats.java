package io.jvalkey.server.info;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO stats and errorstats, updated from any thread. */
public final class ServerStats {
    public final LongAdder totalConnections = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder commandsProcessed = new LongAdder();
    public final LongAdder netInputBytes = new LongAdder();
    public final LongAdder netOutputBytes = new LongAdder();
    public final LongAdder totalErrorReplies = new LongAdder();
    /** Writes since the last save (rdb_changes_since_last_save). */
    public final LongAdder dirty = new LongAdder();
    /** Hash fields deleted because their TTL passed (expired_fields, Valkey 9). */
    public final LongAdder expiredFields = new LongAdder();
    /** Clients blocked in a blocking command (BLPOP ...), kept by the blocking machinery. */
    public final AtomicInteger blockedClients = new AtomicInteger();
    public final AtomicInteger watchingClients = new AtomicInteger();
    /** Clients subscribed to channels or patterns. */
    public final AtomicInteger pubsubClients = new AtomicInteger();
    /** Clients closed for passing client-output-buffer-limit. */
    public final LongAdder outputBufferLimitDisconnections = new LongAdder();
    public final AtomicLong peakMemory = new AtomicLong();
    public volatile long lastSaveSeconds = System.currentTimeMillis() / 1000;
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    // Instantaneous metrics: 16 samples, one every 100 ms, as Valkey's serverCron.
    private static final int SAMPLES = 16;
    private final long[][] samples = new long[3][SAMPLES];
    private final long[] lastValue = new long[3];
    private long lastSampleMillis;
    private int sampleIdx;

    /** Counts an error reply by its code, as INFO errorstats does (at most 128 distinct codes). */
    public void onError(String code) {
        totalErrorReplies.increment();
        LongAdder n = errors.get(code);
        if (n == null) {
            if (errors.size() >= 128) {
                return;
            }
            n = errors.computeIfAbsent(code, k -> new LongAdder());
        }
        n.increment();
    }

    public Map<String, Long> errorCounts() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Raises the recorded peak to {@code used} if higher; returns the peak. */
    public long notePeak(long used) {
        return peakMemory.accumulateAndGet(used, Math::max);
    }

    /** Starts sampling for instantaneous_ops_per_sec and the kbps figures. */
    public void startSampling(ScheduledExecutorService exec) {
        exec.scheduleAtFixedRate(this::sample, 100, 100, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        long now = System.currentTimeMillis();
        long[] values = {commandsProcessed.sum(), netInputBytes.sum(), netOutputBytes.sum()};
        if (lastSampleMillis != 0) {
            long dt = Math.max(now - lastSampleMillis, 1);
            for (int m = 0; m < 3; m++) {
                samples[m][sampleIdx] = (values[m] - lastValue[m]) * 1000 / dt;
            }
            sampleIdx = (sampleIdx + 1) % SAMPLES;
        }
        lastSampleMillis = now;
        System.arraycopy(values, 0, lastValue, 0, 3);
    }

    private synchronized long instantaneous(int metric) {
        long sum = 0;
        for (long v : samples[metric]) {
            sum += v;
        }
        return sum / SAMPLES;
    }

    public long opsPerSecond() {
        return instantaneous(0);
    }

    public long inputBytesPerSecond() {
        return instantaneous(1);
    }

    public long outputBytesPerSecond() {
        return instantaneous(2);
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        totalConnections.reset();
        rejectedConnections.reset();
        commandsProcessed.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        totalErrorReplies.reset();
        errors.clear();
        peakMemory.set(0);
        synchronized (this) {
            for (long[] s : samples) {
                java.util.Arrays.fill(s, 0);
            }
            lastSampleMillis = 0;
        }
    }
}
