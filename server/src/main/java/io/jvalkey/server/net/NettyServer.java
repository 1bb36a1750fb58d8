package io.jvalkey.server.net;

import io.jvalkey.server.Server;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loops (one per shard, also serving connections) and the listening sockets.
 * Transport: epoll by default (measured faster than io_uring for this request/reply pattern on
 * this kernel), io_uring on request (io-transport), NIO where neither native library loads.
 */
public final class NettyServer {
    /** The transport in use, as its config name. */
    public enum Transport { EPOLL, IO_URING, NIO }

    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();

    public NettyServer(int threads, String requested) {
        this.transport = choose(requested);
        IoHandlerFactory factory = switch (transport) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        this.boss = new MultiThreadIoEventLoopGroup(1, named("jvalkey-accept"), factory);
        this.workers = new MultiThreadIoEventLoopGroup(threads, named("jvalkey-shard"), factory);
    }

    private static Transport choose(String requested) {
        if ("io_uring".equals(requested) && IoUring.isAvailable()) {
            return Transport.IO_URING;
        }
        if (!"nio".equals(requested) && Epoll.isAvailable()) {
            return Transport.EPOLL;
        }
        return Transport.NIO;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.getAndIncrement());
            t.setDaemon(false);
            return t;
        };
    }

    public Transport transport() {
        return transport;
    }

    /** The worker event loops in a fixed order: loop i owns shard i. */
    public List<EventLoop> loops() {
        List<EventLoop> loops = new ArrayList<>();
        workers.forEach(e -> loops.add((EventLoop) e));
        return loops;
    }

    private Class<? extends ServerChannel> channelClass() {
        return switch (transport) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** Binds every address; returns the bound port (useful when port 0 was asked). */
    public int bind(Server server, List<String> addresses, int port, int backlog) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass())
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Worker home = server.workerFor(ch.eventLoop());
                        ch.pipeline().addLast(server.aof().gate()); // appendfsync always: replies wait for fsync
                        ch.pipeline().addLast(new Connection(server, home));
                    }
                });
        int bound = port;
        for (String address : addresses) {
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            if (host.equals("*")) {
                host = "0.0.0.0";
            } else if (host.equals("::*")) {
                host = "::";
            }
            try {
                Channel ch = b.bind(new InetSocketAddress(host, bound)).sync().channel();
                bound = ((InetSocketAddress) ch.localAddress()).getPort();
                listeners.add(ch);
            } catch (Exception e) {
                if (!optional) {
                    throw new IllegalStateException("Could not create server TCP listening socket " + host + ":" + bound
                            + ": " + e.getMessage(), e);
                }
            }
        }
        return bound;
    }

    public void shutdown() {
        for (Channel c : listeners) {
            c.close();
        }
        boss.shutdownGracefully(0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
