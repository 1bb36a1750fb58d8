package io.jvalkey.server.commands.sets;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Uniform choice of distinct positions, for SPOP and SRANDMEMBER with a count. */
final class Sampling {
    private Sampling() {}

    /**
     * {@code count} distinct indices out of [0, size), each subset equally likely. A large share
     * is picked by one ordered pass (selection sampling); a small one by Floyd's algorithm, which
     * costs O(count) whatever the size.
     */
    static int[] distinct(int size, int count, RandomGenerator rnd) {
        int[] out = new int[count];
        if ((long) count * 3 > size) {
            int needed = count;
            int n = 0;
            for (int i = 0; i < size && needed > 0; i++) {
                if (rnd.nextInt(size - i) < needed) {
                    out[n++] = i;
                    needed--;
                }
            }
            return out;
        }
        Set<Integer> chosen = new HashSet<>(count * 2);
        int n = 0;
        for (int j = size - count; j < size; j++) {
            int t = rnd.nextInt(j + 1);
            int pick = chosen.add(t) ? t : j;
            if (pick == j) {
                chosen.add(j);
            }
            out[n++] = pick;
        }
        return out;
    }
}
