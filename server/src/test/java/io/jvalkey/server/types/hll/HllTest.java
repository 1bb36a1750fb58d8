package io.jvalkey.server.types.hll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HllTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] sparse(String opcodes) {
        byte[] h = b("HYLL\u0001\0\0\0\0\0\0\0\0\0\0\u0080" + opcodes);
        return h;
    }

    @Test
    void emptyValueIsOneXzeroOverAllRegisters() {
        byte[] v = Hll.create(3000).bytes();
        assertArrayEquals(b("HYLL\u0001\0\0\0\0\0\0\0\0\0\0\0\u007f\u00ff"), v);
        assertTrue(Hll.isValid(v));
        assertEquals("Z:16384", Hll.decode(v));
        assertEquals(0, Hll.count(v));
    }

    /** Register and value per element, read from redis-server with PFADD then PFDEBUG GETREG. */
    @Test
    void elementsLandWhereValkeyPutsThem() {
        Object[][] vectors = {
            {"a", 12711, 2}, {"hello", 9216, 1}, {"", 5938, 2}, {"12345678", 10579, 3},
            {"123456789abcdef", 1977, 3}, {"\0\u00ff", 3937, 1},
        };
        for (Object[] v : vectors) {
            byte[] ele = b((String) v[0]);
            int pat = Hll.pattern(ele, 0, ele.length);
            assertEquals(v[1], pat >>> 8, "register of '" + v[0] + "'");
            assertEquals(v[2], pat & 0xFF, "value of '" + v[0] + "'");
        }
    }

    @Test
    void sparseSplitsAndMergesOpcodes() {
        Hll h = Hll.create(3000);
        assertEquals(1, h.set(1000, 2));
        assertEquals("Z:1000 v:2,1 Z:15383", Hll.decode(h.bytes()));
        assertEquals(1, h.set(1020, 3));
        assertEquals(1, h.set(1021, 3));
        // Runs up to 64 zeros are one-byte ZERO opcodes; equal neighbours merge into one VAL.
        assertEquals("Z:1000 v:2,1 z:19 v:3,2 Z:15362", Hll.decode(h.bytes()));
        assertEquals(0, h.set(1020, 3));
        assertEquals(0, h.set(1021, 1));
        assertEquals(1, h.set(1022, 3));
        assertEquals(1, h.set(1023, 3));
        assertEquals("Z:1000 v:2,1 z:19 v:3,4 Z:15360", Hll.decode(h.bytes()));
        assertEquals(1, h.set(1024, 3)); // a VAL holds at most 4 registers
        assertEquals("Z:1000 v:2,1 z:19 v:3,4 v:3,1 Z:15359", Hll.decode(h.bytes()));
        assertEquals(1, h.set(1021, 5)); // splitting a VAL run; its right part merges with the next VAL
        assertEquals("Z:1000 v:2,1 z:19 v:3,1 v:5,1 v:3,3 Z:15359", Hll.decode(h.bytes()));
        assertEquals(1, h.set(0, 1));
        assertEquals(1, h.set(16383, 1));
        assertEquals("v:1,1 Z:999 v:2,1 z:19 v:3,1 v:5,1 v:3,3 Z:15358 v:1,1", Hll.decode(h.bytes()));
        assertEquals(Hll.SPARSE, h.encoding());
    }

    @Test
    void valuesAbove32AndTheSizeLimitTurnDense() {
        Hll h = Hll.create(3000);
        h.set(5, 3);
        assertEquals(1, h.set(7, 33));
        assertEquals(Hll.DENSE, h.encoding());
        byte[] v = h.bytes();
        assertEquals(Hll.DENSE_SIZE, v.length);
        assertEquals(3, Hll.register(v, 5));
        assertEquals(33, Hll.register(v, 7));

        Hll small = Hll.create(30);
        int n = 0;
        while (small.encoding() == Hll.SPARSE) {
            small.add(b("e" + n++));
            assertTrue(small.bytes().length <= 30 || small.encoding() == Hll.DENSE);
        }
        assertTrue(n > 2 && n < 10, "promoted after " + n);
    }

    @Test
    void denseRegistersDoNotTouchTheirNeighbours() {
        Random rnd = new Random(1);
        byte[] dense = new byte[Hll.DENSE_SIZE];
        int[] expect = new int[Hll.REGISTERS];
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                expect[i] = rnd.nextInt(64);
                Hll.setRegister(dense, i, expect[i]);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) {
                assertEquals(expect[i], Hll.register(dense, i), "register " + i);
            }
        }
        for (int i = 0; i < Hll.HEADER; i++) {
            assertEquals(0, dense[i], "header byte " + i);
        }
    }

    @Test
    void sparseAndDenseCountTheSameAndWithinTheStandardError() {
        Hll sparse = Hll.create(1 << 20); // never promoted by size
        Hll dense = Hll.create(3000);
        assertTrue(dense.toDense());
        Random rnd = new Random(3);
        Set<Long> seen = new HashSet<>();
        for (int target : new int[] {1, 10, 100, 1000, 10000, 100000}) {
            while (seen.size() < target) {
                long x = rnd.nextLong();
                if (seen.add(x)) {
                    byte[] ele = b(Long.toHexString(x));
                    int a = sparse.add(ele);
                    int d = dense.add(ele);
                    assertEquals(a, d);
                }
            }
            long cs = Hll.count(sparse.bytes());
            long cd = Hll.count(dense.bytes());
            assertEquals(cd, cs, "sparse and dense estimates at " + target);
            double err = Math.abs(cd - target) / (double) target;
            assertTrue(err <= 6 * 1.04 / Math.sqrt(Hll.REGISTERS) || Math.abs(cd - target) <= 1,
                    "estimate " + cd + " for " + target);
        }
        assertEquals(Hll.SPARSE, sparse.encoding(), "registers stayed <= 32");
    }

    @Test
    void estimatorMatchesValkeyOnKnownHistograms() {
        int[] histo = new int[64];
        histo[0] = Hll.REGISTERS;
        assertEquals(0, Hll.estimate(histo));
        histo[0] = Hll.REGISTERS - 1;
        histo[1] = 1;
        assertEquals(1, Hll.estimate(histo));
        assertEquals(Double.POSITIVE_INFINITY, Hll.sigma(1.0));
        assertEquals(0.0, Hll.tau(0.0));
        assertEquals(0.0, Hll.tau(1.0));
        // All registers at the maximum value: the tau term alone.
        int[] full = new int[64];
        full[51] = Hll.REGISTERS;
        assertTrue(Hll.estimate(full) > 0);
    }

    @Test
    void mergeTakesTheMaximumOfEveryRegister() {
        Hll a = Hll.create(3000);
        Hll d = Hll.create(3000);
        a.set(10, 5);
        a.set(11, 2);
        d.toDense();
        d.set(11, 7);
        d.set(16383, 40);
        byte[] max = new byte[Hll.REGISTERS];
        assertTrue(Hll.mergeInto(max, a.bytes()));
        assertTrue(Hll.mergeInto(max, d.bytes()));
        assertEquals(5, max[10]);
        assertEquals(7, max[11]);
        assertEquals(40, max[16383]);
        assertEquals(3, Hll.countRaw(max));
    }

    @Test
    void storedValuesAreNeverWritten() {
        Hll made = Hll.create(3000);
        made.add(b("x"));
        byte[] stored = made.bytes();
        byte[] before = stored.clone();
        Hll edit = Hll.of(stored, 3000);
        assertEquals(0, edit.add(b("x")));
        assertFalse(edit.modified());
        assertEquals(1, edit.add(b("y")));
        edit.invalidateCache();
        assertTrue(edit.modified());
        assertArrayEquals(before, stored);
        assertNotSame(stored, edit.bytes());

        byte[] dense = Hll.of(stored, 3000).bytes();
        Hll dEdit = Hll.of(dense, 3000);
        assertTrue(dEdit.toDense());
        byte[] d = dEdit.bytes();
        byte[] dBefore = d.clone();
        Hll again = Hll.of(d, 3000);
        again.add(b("z"));
        assertArrayEquals(dBefore, d);
    }

    @Test
    void cachedCardinalityAndItsStaleBit() {
        byte[] v = Hll.create(3000).bytes();
        assertTrue(Hll.cacheValid(v));
        Hll h = Hll.of(v, 3000);
        h.add(b("a"));
        byte[] changed = h.bytes();
        assertFalse(Hll.cacheValid(changed));
        byte[] cached = Hll.withCachedCount(changed, 0x0102030405L);
        assertTrue(Hll.cacheValid(cached));
        assertEquals(0x0102030405L, Hll.cachedCount(cached));
        assertEquals(0x05, cached[8]);
        assertEquals(0x01, cached[12]);
    }

    @Test
    void corruptSparseValuesAreDetected() {
        assertEquals(-1, Hll.count(sparse("")));
        assertEquals(-1, Hll.count(sparse("\u007f\u00ff\0")));  // one register too many
        assertEquals(-1, Hll.count(sparse("\u007f\u00fe")));    // one too few
        assertEquals(-1, Hll.count(sparse("\u007f")));          // truncated XZERO
        assertFalse(Hll.of(sparse("\u007f\u00fe\u0083"), 3000).toDense()); // VAL past the end
        assertFalse(Hll.mergeInto(new byte[Hll.REGISTERS], sparse("\u007f\u00fe\u0083")));
        assertEquals(-1, Hll.of(sparse(""), 3000).add(b("a")));
        assertEquals("Z:16129", Hll.decode(sparse("\u007f")));
        // A truncated last XZERO is split as if its missing byte were 0; what passes the end is cut off.
        Hll trunc = Hll.of(sparse("\u007f"), 3000);
        assertEquals(1, trunc.add(b("a")));
        assertEquals("Z:12711 v:2,1 Z:3329", Hll.decode(trunc.bytes()));
    }

    @Test
    void validityFollowsValkeysChecks() {
        assertTrue(Hll.isValid(sparse("")));
        assertFalse(Hll.isValid(b("HYLL")));
        assertFalse(Hll.isValid(b("HYLX\u0001\0\0\0\0\0\0\0\0\0\0\0\u007f\u00ff")));
        assertFalse(Hll.isValid(b("HYLL\u0002\0\0\0\0\0\0\0\0\0\0\0\u007f\u00ff")));
        assertFalse(Hll.isValid(b("HYLL\0\0\0\0\0\0\0\0\0\0\0\0\u007f\u00ff")));
        byte[] dense = new byte[Hll.DENSE_SIZE];
        System.arraycopy(b("HYLL"), 0, dense, 0, 4);
        assertTrue(Hll.isValid(dense));
        assertEquals(0, Hll.count(dense));
    }
}
