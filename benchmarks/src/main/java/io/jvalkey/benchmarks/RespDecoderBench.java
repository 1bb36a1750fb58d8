package io.jvalkey.benchmarks;

import io.jvalkey.server.protocol.ProtocolException;
import io.jvalkey.server.protocol.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RespDecoder on a pipeline of 16 SETs and 16 GETs (redis-benchmark -P 16 -d 3 shapes), read
 * from a buffer of Netty's default allocator, as the connection's input. Score: ns per request.
 */
public class RespDecoderBench extends ShortRun {
    private static final int PAIRS = 16;

    @Param({"direct", "heap"})
    public String buffer;

    private ByteBuf in;
    private final RespDecoder decoder = new RespDecoder();

    @Setup
    public void setup() {
        in = buffer.equals("direct") ? ByteBufAllocator.DEFAULT.directBuffer(4096)
                : ByteBufAllocator.DEFAULT.heapBuffer(4096);
        Frames.setGetPipeline(in, PAIRS, 3);
    }

    @TearDown
    public void tearDown() {
        in.release();
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIRS)
    public void decodePipeline(Blackhole bh) throws ProtocolException {
        in.readerIndex(0);
        byte[][] argv;
        while ((argv = decoder.decode(in)) != null) {
            bh.consume(argv);
        }
    }
}
