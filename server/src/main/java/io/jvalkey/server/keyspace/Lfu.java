package io.jvalkey.server.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Valkey's LFU counter in the 32-bit access field: 16 bits of minutes (last decrement time)
 * and an 8-bit logarithmic counter that starts at 5 and decays one step per lfu-decay-time minutes.
 */
public final class Lfu {
    public static final int INIT_VAL = 5;

    private Lfu() {}

    static int minutes() {
        return (int) ((System.currentTimeMillis() / 60000) & 0xFFFF);
    }

    public static int initial() {
        return (minutes() << 8) | INIT_VAL;
    }

    public static int counter(int access) {
        return access & 0xFF;
    }

    /** The counter after decay, without changing anything (OBJECT FREQ, eviction ranking). */
    public static int decayed(int access, int decayTime) {
        int last = (access >>> 8) & 0xFFFF;
        int now = minutes();
        int elapsed = now >= last ? now - last : 65535 - last + now;
        int periods = decayTime > 0 ? elapsed / decayTime : 0;
        int counter = counter(access);
        return periods > counter ? 0 : counter - periods;
    }

    static int incremented(int access, int logFactor, int decayTime) {
        int counter = decayed(access, decayTime);
        if (counter < 255) {
            double r = ThreadLocalRandom.current().nextDouble();
            double base = Math.max(counter - INIT_VAL, 0);
            double p = 1.0 / (base * logFactor + 1);
            if (r < p) {
                counter++;
            }
        }
        return (minutes() << 8) | counter;
    }
}
