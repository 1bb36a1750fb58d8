package io.jvalkey.server.commands.bitmaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitsTest {
    private static boolean bitAt(byte[] p, long i) {
        return ((p[(int) (i >> 3)] >> (7 - (i & 7))) & 1) != 0;
    }

    private static byte[] random(Random rnd, int n) {
        byte[] p = new byte[n];
        int style = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            p[i] = switch (style) {
                case 0 -> (byte) rnd.nextInt(256);
                case 1 -> rnd.nextInt(40) == 0 ? (byte) (1 << rnd.nextInt(8)) : 0;
                default -> rnd.nextInt(40) == 0 ? (byte) ~(1 << rnd.nextInt(8)) : (byte) 0xFF;
            };
        }
        return p;
    }

    @Test
    void popcountAndPositionAgreeWithBitByBit() {
        Random rnd = new Random(11);
        for (int round = 0; round < 3000; round++) {
            byte[] p = random(rnd, rnd.nextInt(100));
            int from = p.length == 0 ? 0 : rnd.nextInt(p.length + 1);
            int count = rnd.nextInt(p.length - from + 1);
            long ones = 0;
            long first1 = -1;
            long first0 = count * 8L;
            for (long i = 0; i < count * 8L; i++) {
                boolean set = bitAt(p, from * 8L + i);
                if (set) {
                    ones++;
                    first1 = first1 < 0 ? i : first1;
                } else if (first0 == count * 8L) {
                    first0 = i;
                }
            }
            assertEquals(ones, Bits.popcount(p, from, count));
            assertEquals(first1, Bits.position(p, from, count, 1));
            assertEquals(first0, Bits.position(p, from, count, 0));
        }
        for (int b = 0; b < 256; b++) {
            assertEquals(b == 0 ? -1 : Integer.numberOfLeadingZeros(b) - 24, Bits.position(b, 1));
            assertEquals(b == 255 ? 8 : Integer.numberOfLeadingZeros(~b & 0xFF) - 24, Bits.position(b, 0));
        }
    }

    @Test
    void fieldsRoundTripAtAnyOffsetAndWidth() {
        Random rnd = new Random(12);
        for (int round = 0; round < 5000; round++) {
            int bits = 1 + rnd.nextInt(64);
            long offset = rnd.nextInt(100);
            byte[] p = random(rnd, 30);
            byte[] before = p.clone();
            long v = rnd.nextLong();
            Bits.setField(p, offset, bits, v);
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            assertEquals(v & mask, Bits.getUnsigned(p, offset, bits) & mask);
            long signed = bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
            assertEquals(signed, Bits.getSigned(p, offset, bits));
            for (long i = 0; i < 240; i++) {
                if (i < offset || i >= offset + bits) {
                    assertEquals(bitAt(before, i), bitAt(p, i), "bit " + i + " outside the field");
                }
            }
        }
        assertEquals(0, Bits.getUnsigned(new byte[1], 5, 20), "bits past the end read as 0");
    }

    /** INCRBY with an in-range current value: overflow and wrap must match exact arithmetic. */
    @Test
    void overflowOfIncrementsMatchesExactArithmetic() {
        Random rnd = new Random(13);
        for (int round = 0; round < 20000; round++) {
            int bits = 1 + rnd.nextInt(64);
            boolean signed = bits == 64 || rnd.nextBoolean();
            BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
            BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            BigInteger span = max.subtract(min).add(BigInteger.ONE);
            long value = new BigInteger(bits, rnd).mod(span).add(min).longValue();
            long incr = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextLong();
                case 1 -> rnd.nextInt(2000) - 1000;
                default -> rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            };
            BigInteger sum = BigInteger.valueOf(value).add(BigInteger.valueOf(incr));
            int expected = sum.compareTo(max) > 0 ? 1 : sum.compareTo(min) < 0 ? -1 : 0;
            int got = signed ? BitfieldCommand.signedOverflow(value, incr, bits)
                    : BitfieldCommand.unsignedOverflow(value, incr, bits);
            assertEquals(expected, got, (signed ? "i" : "u") + bits + " " + value + " + " + incr);
            if (expected != 0) {
                long wrapped = BitfieldCommand.limit(value, incr, bits, signed, 0, expected);
                BigInteger w = sum.subtract(min).mod(span).add(min);
                assertEquals(w.longValue(), wrapped, "wrap of " + sum + " in " + (signed ? "i" : "u") + bits);
                long sat = BitfieldCommand.limit(value, incr, bits, signed, 1, expected);
                assertEquals((expected > 0 ? max : min).longValue(), sat);
            }
        }
    }
}
