package io.jvalkey.server.aof;

import io.jvalkey.server.propagation.PropagationStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * {@code appendfsync always}: no reply leaves before the records written before it are on disk,
 * as Valkey writes and fsyncs the AOF before it sends the replies of an event-loop turn. Sits in
 * each connection's pipeline; each outgoing buffer is tagged with the stream position at the time
 * it was written (its commands' records end before that) and held until the AOF writer has
 * fsynced past it. The writer syncs whole batches (group commit) and then wakes the gates that
 * wait. With any other policy buffers pass straight through.
 */
public final class FsyncGate extends ChannelOutboundHandlerAdapter {
    private final Aof aof;
    private final PropagationStream stream;
    private record Held(Object msg, ChannelPromise promise, long position) {}

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean flushWanted;
    private boolean registered;   // waiting for a wake-up (touched on this channel's loop only)
    private final Runnable wake = this::release;

    public FsyncGate(Aof aof, PropagationStream stream) {
        this.aof = aof;
        this.stream = stream;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (held.isEmpty() && !aof.fsyncAlways()) {
            ctx.write(msg, promise);
            return;
        }
        long position = stream.producerPosition();
        if (held.isEmpty() && position <= stream.durablePosition()) {
            ctx.write(msg, promise);
            return;
        }
        held.add(new Held(msg, promise, position));
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            ctx.flush();
            return;
        }
        flushWanted = true;
        release();
    }

    /** Passes on what is durable now; if something is still held, waits for the next sync. */
    private void release() {
        registered = false;
        long durable = stream.durablePosition();
        boolean passed = false;
        while (!held.isEmpty() && held.peek().position() <= durable) {
            Held h = held.poll();
            ctx.write(h.msg(), h.promise());
            passed = true;
        }
        if (passed && flushWanted) {
            ctx.flush();
        }
        if (held.isEmpty()) {
            flushWanted = false;
        } else if (!registered) {
            registered = true;
            aof.waitForSync(this);
        }
    }

    /** Called by the writer thread after an fsync: continue on this channel's loop. */
    void synced() {
        ctx.executor().execute(wake);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        drop();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        drop();
    }

    private void drop() {
        Held h;
        while ((h = held.poll()) != null) {
            ReferenceCountUtil.release(h.msg());
            if (!h.promise().isVoid()) {
                h.promise().tryFailure(new java.nio.channels.ClosedChannelException());
            }
        }
    }
}
