package io.jvalkey.benchmarks;

import io.jvalkey.server.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** Reply encoding into a buffer from Netty's default allocator, as the connection's output. Score: ns per reply. */
public class ReplyBench extends ShortRun {
    private ByteBuf out;
    private Reply reply;
    private final byte[] small = Frames.value(3);
    private final byte[] medium = Frames.value(100);
    private final byte[][] ten = new byte[10][];
    private long big = 1_234_567_890_123L;

    @Setup
    public void setup() {
        out = ByteBufAllocator.DEFAULT.ioBuffer(64 * 1024);
        reply = new Reply(out);
        for (int i = 0; i < ten.length; i++) {
            ten[i] = Frames.key(i);
        }
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    @Benchmark
    public int ok() {
        out.clear();
        reply.ok();
        return out.writerIndex();
    }

    @Benchmark
    public int bulk3() {
        out.clear();
        reply.bulk(small);
        return out.writerIndex();
    }

    @Benchmark
    public int bulk100() {
        out.clear();
        reply.bulk(medium);
        return out.writerIndex();
    }

    @Benchmark
    public int nullBulk() {
        out.clear();
        reply.nullBulk();
        return out.writerIndex();
    }

    @Benchmark
    public int integerSmall() {
        out.clear();
        reply.integer(42);
        return out.writerIndex();
    }

    @Benchmark
    public int integerLarge() {
        out.clear();
        reply.integer(big);
        return out.writerIndex();
    }

    @Benchmark
    public int bulkLong() {
        out.clear();
        reply.bulkLong(big);
        return out.writerIndex();
    }

    @Benchmark
    public int arrayOf10Bulks() {
        out.clear();
        reply.array(ten.length);
        for (byte[] b : ten) {
            reply.bulk(b);
        }
        return out.writerIndex();
    }

    @Benchmark
    public int bool() {
        out.clear();
        reply.resp(3);
        reply.bool(true);
        reply.resp(2);
        return out.writerIndex();
    }
}
