package io.jvalkey.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.ByteBuf;

/** Request bytes shaped like redis-benchmark's ({@code key:} + 12 digits, values of 'x'). */
final class Frames {
    private Frames() {}

    static byte[] key(long n) {
        return String.format("key:%012d", n).getBytes(US_ASCII);
    }

    static byte[] value(int size) {
        byte[] v = new byte[size];
        java.util.Arrays.fill(v, (byte) 'x');
        return v;
    }

    /** Appends one multibulk request. */
    static void write(ByteBuf out, byte[]... args) {
        out.writeByte('*').writeBytes(Integer.toString(args.length).getBytes(US_ASCII)).writeByte('\r').writeByte('\n');
        for (byte[] a : args) {
            out.writeByte('$').writeBytes(Integer.toString(a.length).getBytes(US_ASCII)).writeByte('\r').writeByte('\n');
            out.writeBytes(a).writeByte('\r').writeByte('\n');
        }
    }

    /** {@code pairs} SET requests followed by as many GETs of the same keys, as a -P pipeline sends them. */
    static void setGetPipeline(ByteBuf out, int pairs, int valueSize) {
        byte[] value = value(valueSize);
        for (int i = 0; i < pairs; i++) {
            write(out, "SET".getBytes(US_ASCII), key(i * 7919L), value);
        }
        for (int i = 0; i < pairs; i++) {
            write(out, "GET".getBytes(US_ASCII), key(i * 7919L));
        }
    }
}
