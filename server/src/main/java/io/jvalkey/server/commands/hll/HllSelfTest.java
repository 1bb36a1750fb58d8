package io.jvalkey.server.commands.hll;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.types.hll.Hll;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PFSELFTEST: checks the dense register packing with random values, then adds ten million
 * distinct elements to a dense and a sparse HyperLogLog side by side, requiring at each power
 * of ten that they agree, that the sparse one is still sparse while small, and that the error
 * stays within six standard errors. CPU-bound for a few seconds, as in Valkey.
 */
final class HllSelfTest {
    private HllSelfTest() {}

    private static final int CYCLES = 1000;

    static void run(CommandContext c) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] dense = new byte[Hll.DENSE_SIZE];
        byte[] expected = new byte[Hll.REGISTERS];
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int r = rnd.nextInt(64);
                expected[i] = (byte) r;
                Hll.setRegister(dense, i, r);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int got = Hll.register(dense, i);
                if (got != expected[i]) {
                    throw new CommandError("ERR TESTFAILED Register " + i + " should be " + expected[i] + " but is " + got);
                }
            }
        }

        long maxBytes = c.encodings().hllSparseMaxBytes;
        Hll d = Hll.create(maxBytes);
        d.toDense();
        Hll s = Hll.create(maxBytes);
        double relErr = 1.04 / Math.sqrt(Hll.REGISTERS);
        long checkpoint = 1;
        long seed = rnd.nextLong();
        byte[] ele = new byte[8];
        for (long j = 1; j <= 10_000_000; j++) {
            long v = j ^ seed;
            for (int k = 0; k < 8; k++) {
                ele[k] = (byte) (v >>> (8 * k)); // the integer's bytes in memory order (little-endian)
            }
            d.add(ele);
            s.add(ele);
            if (j != checkpoint) {
                continue;
            }
            if (j < maxBytes / 2 && s.encoding() != Hll.SPARSE) {
                throw new CommandError("ERR TESTFAILED sparse encoding not used");
            }
            long denseCount = Hll.count(d.bytes());
            if (denseCount != Hll.count(s.bytes())) {
                throw new CommandError("ERR TESTFAILED dense/sparse disagree");
            }
            long maxErr = (long) Math.ceil(relErr * 6 * checkpoint);
            if (j == 10) {
                maxErr = 1; // a collision at 10 elements is likely enough to allow one
            }
            long absErr = Math.abs(checkpoint - denseCount);
            if (absErr > maxErr) {
                throw new CommandError("ERR TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absErr);
            }
            checkpoint *= 10;
        }
        c.reply().ok();
    }
}
