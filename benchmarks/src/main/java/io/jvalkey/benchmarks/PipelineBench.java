package io.jvalkey.benchmarks;

import io.jvalkey.server.Server;
import io.jvalkey.server.config.Config;
import io.jvalkey.server.config.ServerConfigs;
import io.jvalkey.server.net.Connection;
import io.jvalkey.server.net.Worker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole server-side path of a request without the socket: a real single-shard server's
 * {@link Connection} in an EmbeddedChannel gets pipelines of 16 SETs + 16 GETs (-P 16 -d 3 shapes)
 * and its replies are drained. Everything runs on the shard's own event loop, as in the server.
 * Score: ns per request (parse, lookup, run, reply, bookkeeping).
 */
public class PipelineBench extends ShortRun {
    private static final int PAIRS = 16;
    private static final int PIPELINES = 64; // per invocation: amortises the hop onto the event loop

    private Server server;
    private Worker worker;
    private EmbeddedChannel channel;
    private ByteBuf pipeline;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Config config = ServerConfigs.declare();
        config.set("port", "0");
        config.set("bind", "127.0.0.1");
        config.set("shards", "1");
        config.set("loglevel", "warning");
        server = new Server(config);
        server.start();
        worker = server.worker(0);
        channel = worker.loop().submit(() -> new EmbeddedChannel(new Connection(server, worker))).get();
        pipeline = Unpooled.directBuffer(4096);
        Frames.setGetPipeline(pipeline, PAIRS, 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        worker.loop().submit(() -> channel.finishAndReleaseAll()).get();
        pipeline.release();
        server.shutdown();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINES * 2 * PAIRS)
    public int setGetPipelines() throws Exception {
        return worker.loop().submit(() -> {
            int replyBytes = 0;
            for (int p = 0; p < PIPELINES; p++) {
                channel.writeInbound(pipeline.retainedDuplicate());
                ByteBuf out;
                while ((out = channel.readOutbound()) != null) {
                    replyBytes += out.readableBytes();
                    out.release();
                }
            }
            return replyBytes;
        }).get();
    }
}
