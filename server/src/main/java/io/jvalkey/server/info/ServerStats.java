package io.jvalkey.server.info;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for INFO stats and errorstats, updated from any thread. */
public final class ServerStats {
    public final LongAdder totalConnections = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder commandsProcessed = new LongAdder();
    public final LongAdder netInputBytes = new LongAdder();
    public final LongAdder netOutputBytes = new LongAdder();
    public final LongAdder totalErrorReplies = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

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

    public void reset() {
        totalConnections.reset();
        rejectedConnections.reset();
        commandsProcessed.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        totalErrorReplies.reset();
        errors.clear();
    }
}
