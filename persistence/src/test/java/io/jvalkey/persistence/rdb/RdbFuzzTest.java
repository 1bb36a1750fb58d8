package io.jvalkey.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Flipped bytes and truncations of valid files and payloads must end in the codec's exception
 * (with an offset inside the input) or in a successful read, never in another exception, a
 * hang or a huge allocation. Bounded by iterations and time.
 */
class RdbFuzzTest {
    /** -Dfuzz.seconds=N for a longer local run (iterations scale too). */
    private static final long SECONDS = Long.getLong("fuzz.seconds", 3);
    private static final long BUDGET_NANOS = SECONDS * 1_000_000_000L;
    private static final int ITERATIONS = (int) (500 * SECONDS);

    /** A compact file with every type and encoding (small collections so each iteration is quick). */
    private static byte[] sample(RdbWriter.Options options) throws IOException {
        Model m = new Model();
        m.put(0, "s", "hello", 1_900_000_000_000L);
        m.put(0, "i", "123", -1);
        m.put(0, "c", "compress me ".repeat(8), -1);
        m.put(0, "l", new java.util.ArrayList<>(List.of("a", "1", "bb", "-5000", "x".repeat(80))), -1);
        m.put(0, "is", new java.util.LinkedHashSet<>(List.of("1", "2", "70000")), -1);
        m.put(0, "ls", new java.util.LinkedHashSet<>(List.of("a", "b")), -1);
        Model.Hash h = new Model.Hash();
        h.put("f", "v");
        h.put("g", "12");
        m.put(1, "h", h, -1);
        Model.ZSet z = new Model.ZSet();
        z.put("a", 1.5);
        z.put("b", 2.0);
        m.put(1, "z", z, -1);
        Model full = RdbCodecTest.dataset();
        m.put(2, "stream", full.db(0).get("stream"), -1);
        m.functions.add("#!lua name=x\nredis.register_function('f', function() return 1 end)");
        byte[] lp = RdbCodecTest.write(m, options, null);
        byte[] tables = RdbCodecTest.write(m, options, RdbWriter.Encoding.HASHTABLE);
        return options.version() == 11 ? lp : tables;
    }

    @Test
    void corruptFilesFailWithTheCodecsException() throws IOException {
        Random rnd = new Random(42);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        int failures = 0;
        for (RdbWriter.Options o : List.of(RdbWriter.Options.DEFAULT, RdbWriter.Options.DEFAULT.withVersion(10),
                RdbWriter.Options.DEFAULT.withCompression(false))) {
            byte[] valid = sample(o);
            for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++, runs++) {
                byte[] bad = mutate(valid, rnd);
                boolean streamed = (i & 1) == 1;
                try {
                    if (streamed) {
                        new RdbReader(new ByteArrayInputStream(bad), (i & 2) == 0 ? bad.length : -1)
                                .verifyChecksum(false).read(new Model.Recorder());
                    } else {
                        RdbReader.read(bad, (i & 4) == 0, new Model.Recorder());
                    }
                } catch (RdbFormatException e) {
                    failures++;
                    assertThat(e.offset()).as(e.getMessage()).isBetween(0L, (long) bad.length);
                } catch (IOException | RuntimeException | Error e) {
                    fail("input " + i + " gave " + e + " instead of RdbFormatException", e);
                }
            }
        }
        assertThat(runs).isGreaterThan(300);
        assertThat(failures).isGreaterThan(runs / 4);
    }

    @Test
    void corruptDumpPayloadsFailWithTheCodecsException() throws IOException {
        Random rnd = new Random(7);
        Model m = RdbCodecTest.dataset();
        long deadline = System.nanoTime() + BUDGET_NANOS / 2;
        int runs = 0;
        for (var e : m.db(0).entrySet()) {
            byte[] valid = DumpPayload.create(RdbWriter.Options.DEFAULT,
                    w -> Model.writeValue(w, KeyMeta.NONE, Model.b(e.getKey()), e.getValue(), null));
            for (int i = 0; i < ITERATIONS / 15 && System.nanoTime() < deadline; i++, runs++) {
                byte[] bad = mutate(valid, rnd);
                try {
                    RdbReader.readValue(bad, 0, bad.length, Model.b("k"), new Model.Recorder());
                } catch (RdbFormatException ex) {
                    assertThat(ex.offset()).isBetween(0L, (long) bad.length);
                } catch (IOException | RuntimeException | Error ex) {
                    fail(e.getKey() + " payload gave " + ex, ex);
                }
                try {
                    DumpPayload.read(bad, Model.b("k"), new Model.Recorder());
                } catch (RdbFormatException ex) {
                    assertThat(ex.getMessage()).isNotEmpty();
                }
            }
        }
        assertThat(runs).isGreaterThan(50);
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] bad = valid.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                return Arrays.copyOf(bad, rnd.nextInt(valid.length));
            }
            case 1 -> bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            case 2 -> {
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            default -> {
                int at = rnd.nextInt(bad.length);
                bad[at] = (byte) (rnd.nextBoolean() ? 0xFF : 0x80 | rnd.nextInt(2));
            }
        }
        return bad;
    }
}
