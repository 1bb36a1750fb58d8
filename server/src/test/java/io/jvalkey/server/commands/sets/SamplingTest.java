package io.jvalkey.server.commands.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The distinct picks behind SPOP and SRANDMEMBER with a count: distinct, in range, uniform. */
class SamplingTest {
    @Test
    void picksAreDistinctAndInRange() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int size : new int[] {1, 2, 10, 100, 1000}) {
            for (int count = 1; count <= size; count = count * 2 + 1) {
                int[] picks = Sampling.distinct(size, count, rnd);
                assertEquals(count, picks.length);
                Set<Integer> seen = new HashSet<>();
                for (int p : picks) {
                    assertTrue(p >= 0 && p < size, "in range: " + p);
                    assertTrue(seen.add(p), "distinct: " + p);
                }
            }
        }
    }

    /** Chi-square over 30 positions for both strategies (few picks and most of the set). */
    @Test
    void everyPositionIsEquallyLikely() {
        SplittableRandom rnd = new SplittableRandom(7);
        int size = 30;
        for (int count : new int[] {2, 5, 20, 29}) {
            long[] hits = new long[size];
            int rounds = 20000;
            for (int r = 0; r < rounds; r++) {
                for (int p : Sampling.distinct(size, count, rnd)) {
                    hits[p]++;
                }
            }
            double expected = (double) rounds * count / size;
            double chi = 0;
            for (long h : hits) {
                chi += (h - expected) * (h - expected) / expected;
            }
            // 29 degrees of freedom: 73 is a 1-in-100000 event for a fair sampler
            assertTrue(chi < 73, "count " + count + ": chi-square " + chi);
        }
    }
}
