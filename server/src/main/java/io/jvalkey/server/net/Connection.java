package io.jvalkey.server.net;

import io.jvalkey.server.Server;
import io.jvalkey.server.acl.Auth;
import io.jvalkey.server.command.CommandContext.BlockRequest;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandFlag;
import io.jvalkey.server.command.CommandRunner;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.keyspace.Eviction;
import io.jvalkey.server.keyspace.Shard;
import io.jvalkey.server.protocol.ProtocolException;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.protocol.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, living on its event loop ("home" worker). It parses requests in order
 * and runs each where its keys live:
 * <ul>
 *   <li>keys on the home shard, or no keys: inline, no hand-off at all;</li>
 *   <li>keys on one other shard: a run of consecutive requests for that shard is sent to its
 *       owner as one task, which writes their replies into one buffer and hands it back;</li>
 *   <li>keys on several shards, or the whole keyspace: run here with the other shards parked
 *       at the {@link io.jvalkey.server.keyspace.ShardBarrier}.</li>
 * </ul>
 * While a hand-off is out, parsing pauses, so replies always leave in request order.
 */
public final class Connection extends ChannelInboundHandlerAdapter {
    private static final int MAX_BATCH = 128;
    /** While waiting with this much unparsed input, stop reading: a flooding client can't fill memory. */
    private static final int PAUSE_READING_AT = 256 * 1024;

    private final Server server;
    private final Worker home;
    private final RespDecoder decoder = new RespDecoder();
    private Client client;
    private ChannelHandlerContext ctx;
    private ByteBuf in;
    private ByteBuf out;
    private Reply reply;
    private boolean waiting;     // a hand-off or pause is outstanding
    private byte[][] pending;    // a parsed request not yet run
    private ArrayDeque<byte[][]> requeued; // requests of a hand-off that stopped early, to run next
    private boolean evicting;    // making room before a command: its eviction pushes precede its reply
    private boolean closing;
    private boolean unregistered;
    private final HandOff handOff = new HandOff();
    private Waiter blocked;      // blocked on keys: `out` is lent to whichever shard serves it
    private BlockRequest barrierBlock; // a block asked for by a command run with every shard held
    private String pendingProtocolError; // met while reading ahead for a hand-off
    // Out-of-band pushes (see push()). commandThread is the thread running one of this connection's
    // commands right now, else null; it needs no volatile: a thread compares it only with itself,
    // and it always sees its own last write.
    private Thread commandThread;
    private final ArrayDeque<Push> deferredPushes = new ArrayDeque<>(); // only touched by commandThread
    private boolean holdPushes;          // CLIENT REPLY OFF/SKIP run: pushes go out after the truncation
    private boolean flushScheduled;
    private final Runnable flushTask = this::scheduledFlush;
    private final ConcurrentLinkedQueue<Push> inbox = new ConcurrentLinkedQueue<>(); // pushed by other threads
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainTaskRun;
    private long softLimitSince;         // when the output first went over the soft limit, 0 if under

    public Connection(Server server, Worker home) {
        this.server = server;
        this.home = home;
    }

    public Client client() {
        return client;
    }

    Server server() {
        return server;
    }

    /** The reply writer; used by another thread only while `out` is lent to it. */
    Reply reply() {
        return reply;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ByteBufAllocator alloc = ctx.alloc();
        in = alloc.heapBuffer(1024); // on the heap: GC-managed, and the decoder scans it as an array
        out = alloc.ioBuffer(1024);
        reply = new Reply(out);
        reply.errorListener(server.stats()::onError);
        client = new Client(server.clients().nextId(), ctx.channel());
        client.connection = this;
        client.authenticated(!server.auth().required());
        decoder.authRequired(server.auth().required());
        decoder.maxBulkLen(server.limits().protoMaxBulkLen);
        server.stats().totalConnections.increment();
        if (server.clients().count() >= server.limits().maxClients) {
            server.stats().rejectedConnections.increment();
            reply.error("ERR max number of clients reached");
            closeAfterFlush();
            return;
        }
        if (server.auth().protectedModeDenies(ctx.channel().remoteAddress())) {
            reply.raw(Auth.PROTECTED_MODE_DENIED);
            closeAfterFlush();
            return;
        }
        server.clients().add(client);
        home.connections().add(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        unregister();
        client.transaction().unwatchAll(server);
        if (in != null) {
            in.release();
            in = null;
        }
        Waiter w = blocked;
        if (w != null && w.claim(Waiter.WAITING, Waiter.DONE)) {
            Blocking.unregister(server, w);
            blocked = null;
            client.waiter = null;
        }
        // While a hand-off is out or a shard is serving this blocked client, another thread is
        // writing into `out`: it is released when that comes back.
        if (out != null && !outLent()) {
            out.release();
            out = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        try {
            if (closing || in == null) {
                return;
            }
            server.stats().netInputBytes.add(data.readableBytes());
            client.netInputBytes += data.readableBytes();
            in.writeBytes(data);
        } finally {
            data.release();
        }
        client.lastInteractionMillis = System.currentTimeMillis();
        client.queryBufferBytes = in.readableBytes();
        if (in.readableBytes() > server.limits().clientQueryBufferLimit) {
            // As Valkey: the client is closed, the server logs it; no reply.
            server.log().warning("Closing client that reached max query buffer length: id=" + client.id());
            client.kill();
            return;
        }
        if (!inbox.isEmpty()) {
            drainInbox();
        }
        process();
        if (waiting && in != null && in.readableBytes() > PAUSE_READING_AT) {
            ctx.channel().config().setAutoRead(false); // resumed by compactInput once caught up
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection resets and the like: just close.
        ctx.close();
    }

    /** Runs parsed requests until input runs out or a hand-off is outstanding. */
    private void process() {
        try {
            while (!waiting && !closing) {
                byte[][] argv = pending;
                pending = null;
                if (argv == null && requeued != null) {
                    argv = requeued.poll();
                }
                if (argv == null && pendingProtocolError != null) {
                    // Met while reading ahead for a hand-off: answered after the replies before it.
                    reply.error(pendingProtocolError);
                    pendingProtocolError = null;
                    closeAfterFlush();
                    return;
                }
                if (argv == null) {
                    argv = decoder.decode(in);
                    if (argv == null) {
                        break;
                    }
                    // As Valkey, a command runs with only the unparsed rest (often nothing) in its query buffer
                    client.queryBufferBytes = in.readableBytes();
                }
                if (argv.length == 0) {
                    continue;
                }
                if (Auth.isCrossProtocolAttack(argv[0])) {
                    // As Valkey: no reply at all, not even for earlier requests; just close.
                    server.log().warning("Possible SECURITY ATTACK detected: POST or Host: command from "
                            + client.addr() + ". Connection aborted.");
                    out.clear();
                    closing = true;
                    ctx.close();
                    return;
                }
                dispatch(argv);
                if (client.closeAfterReply) {
                    closeAfterFlush(); // flushes what is queued and this reply, then closes
                    // Gone for everyone else at once (CLIENT LIST, tracking, pub/sub), as in Valkey,
                    // not only once the socket has closed.
                    unregister();
                    return;
                }
                decoder.authRequired(!client.authenticated());
            }
        } catch (ProtocolException e) {
            server.log().verbose("Protocol error from client id=" + client.id() + ": " + e.getMessage());
            if (repliesOn()) {
                reply.error(e.getMessage());
            }
            closeAfterFlush();
            return;
        }
        compactInput();
        if (!outLent()) {
            writeOut(); // never while another shard may be writing into `out`
        }
    }

    /** True while another thread may write into `out`: a hand-off is out, or the client is blocked. */
    private boolean outLent() {
        return handOff.out || blocked != null;
    }

    private void dispatch(byte[][] argv) {
        if (!repliesOn()) {
            runDiscardingReply(argv);
            return;
        }
        if (execWithBadArity(argv)) {
            return;
        }
        CommandSpec spec = CommandRunner.resolve(server, client, argv, reply);
        if (spec == null) {
            client.transaction().abort(); // a rejected command dooms the transaction being queued
            return; // rejected before running: the error is written
        }
        if (queuedInTransaction(spec, argv)) {
            return;
        }
        if (waitForPause(spec, argv)) {
            return;
        }
        client.lastCommand = spec.fullName();
        Routing routing = spec.routing();
        if (routing == Routing.TRANSACTION) {
            Transaction tx = client.transaction();
            Shard where = tx.active() ? tx.shard(server, home.shard()) : home.shard();
            if (where == null) {
                runWithAllShards(spec, argv);
            } else if (where == home.shard()) {
                runHere(spec, argv);
            } else {
                handOff(where, spec, argv);
            }
            return;
        }
        if (routing == Routing.LOCAL) {
            runHere(spec, argv);
            return;
        }
        if (routing == Routing.ALL_SHARDS) {
            runWithAllShards(spec, argv);
            return;
        }
        Shard target = CommandRunner.singleShard(server, spec, argv);
        if (target == null) {
            runWithAllShards(spec, argv); // keys on several shards
        } else if (target == home.shard()) {
            runHere(spec, argv);
        } else {
            handOff(target, spec, argv);
        }
    }

    /** Runs a command on the home thread, then blocks the client or serves blocked ones as it asks. */
    private void runHere(CommandSpec spec, byte[][] argv) {
        if (execute(home, spec, argv, true)) {
            runWithAllShards(spec, argv);
            return;
        }
        BlockRequest b = home.context().takeBlock();
        if (home.shard().blocked().hasReady()) {
            Blocking.serveReady(server, home);
        }
        if (b != null) {
            beginBlock(spec, argv, b);
        }
    }

    /**
     * Runs one command of this connection on the current thread (home, a shard owner during a
     * hand-off or re-running a blocked command, or the barrier holder), marking the thread so pushes meant for this connection
     * raised meanwhile wait until the command's reply is written (see {@link #push}).
     */
    void execute(Worker w, CommandSpec spec, byte[][] argv) {
        execute(w, spec, argv, false);
    }

    /**
     * The same; with {@code reroutable}, a command that finds memory full while only the other
     * shards have keys to evict does not run here.
     *
     * @return true if the command did not run and must be run with every shard held
     */
    private boolean execute(Worker w, CommandSpec spec, byte[][] argv, boolean reroutable) {
        commandThread = Thread.currentThread();
        try {
            Eviction.Room room;
            evicting = true; // as in Valkey, eviction runs before the command: its pushes go first
            try {
                room = CommandRunner.makeRoom(server, w, reroutable);
            } finally {
                evicting = false;
            }
            if (room == Eviction.Room.NEEDS_ALL_SHARDS) {
                return true;
            }
            CommandRunner.run(server, w, spec, argv, client, reply, room);
        } finally {
            commandThread = null;
        }
        if (!holdPushes) {
            drainPushes();
        }
        return false;
    }

    /** Writes the pushes deferred during a command after its reply; the running thread owns `out`. */
    private void drainPushes() {
        Push p;
        while ((p = deferredPushes.poll()) != null) {
            if (out != null && !closing) {
                p.write(reply.buffer(), client.resp());
            }
        }
    }

    // ---- out-of-band pushes ------------------------------------------------------------------

    /**
     * Delivers an out-of-band message (pub/sub message, keyspace event, invalidation) to this
     * connection; callable from any thread. Order is kept as Valkey keeps it:
     * <ul>
     *   <li>raised by one of this connection's own commands (PUBLISH to itself, a write to a key it
     *       tracks): written right after that command's reply, by the thread running it, which owns
     *       `out` at that moment;</li>
     *   <li>from another thread: queued in the inbox, which the home thread drains (in order, so
     *       one publisher's messages arrive in publish order) from a task and before it reads the
     *       next requests. It lands after everything this connection had written when the message
     *       was published (the SUBSCRIBE reply included: home threads write their replies out
     *       before taking tasks);</li>
     *   <li>on the home thread: appended to `out` and written out, or, while a hand-off owns `out`,
     *       written to the channel directly: every earlier reply is already there.</li>
     * </ul>
     */
    void push(Push p) {
        if (commandThread == Thread.currentThread()) {
            if (evicting && !holdPushes && out != null && !closing) {
                p.write(reply.buffer(), client.resp()); // this thread owns `out`; no reply written yet
            } else {
                deferredPushes.add(p);
            }
            return;
        }
        if (!home.inLoop()) {
            inbox.add(p);
            if (!drainScheduled.getAndSet(true)) {
                home.loop().execute(drainTask);
            }
            return;
        }
        drainInbox(); // what other threads pushed earlier goes first
        deliver(p);
    }

    /**
     * Delivers what other threads pushed, on the home thread. Besides its own task, this runs
     * before each read of new requests: Netty handles socket reads before queued tasks, and a
     * message published before the client sent its next request must precede that reply.
     */
    private void drainInbox() {
        Push p;
        while ((p = inbox.poll()) != null) {
            deliver(p);
        }
    }

    private void drainTaskRun() {
        drainScheduled.set(false); // before polling: a push racing with this drain schedules another
        drainInbox();
    }

    /** Writes a push on the home thread, outside any command of this connection. */
    private void deliver(Push p) {
        if (closing || out == null || ctx == null) {
            return;
        }
        if (outLent()) {
            ByteBuf b = ctx.alloc().ioBuffer(64);
            p.write(b, client.resp());
            server.stats().netOutputBytes.add(b.readableBytes());
            client.netOutputBytes += b.readableBytes();
            ctx.write(b, ctx.voidPromise());
        } else {
            p.write(out, client.resp());
            writeOut();
        }
        if (!flushScheduled) {
            // One flush for a burst of pushes delivered together, not one syscall per message.
            flushScheduled = true;
            home.loop().execute(flushTask);
        }
        checkOutputLimits();
    }

    private void scheduledFlush() {
        flushScheduled = false;
        if (!closing && ctx != null) {
            ctx.flush();
        }
    }

    /**
     * Inside MULTI every command but the transaction's own controls is queued and answered
     * QUEUED; one flagged NO_MULTI is refused and dooms the transaction, as in Valkey.
     */
    private boolean queuedInTransaction(CommandSpec spec, byte[][] argv) {
        Transaction tx = client.transaction();
        if (!tx.active()) {
            return false;
        }
        if (spec.has(CommandFlag.NO_MULTI)) {
            spec.rejectedCalls.increment();
            reply.error("ERR Command not allowed inside a transaction");
            tx.abort();
            return true;
        }
        switch (spec.name()) {
            case "exec", "discard", "quit", "reset" -> {
                return false;
            }
            default -> {
                if (spec.has(CommandFlag.DENYOOM) && server.keyspace().limits().maxmemory > 0
                        && !Eviction.makeRoom(server.keyspace(), home.shard())) {
                    spec.rejectedCalls.increment();
                    reply.error(CommandError.OOM.getMessage());
                    tx.abort();
                    return true;
                }
                tx.queue(spec, argv);
                reply.simple("QUEUED");
                return true;
            }
        }
    }

    /** EXEC with arguments inside MULTI: Valkey discards the transaction with the arity error as reason. */
    private boolean execWithBadArity(byte[][] argv) {
        Transaction tx = client.transaction();
        if (!tx.active() || argv.length == 1 || argv[0].length != 4
                || !new String(argv[0], java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("exec")) {
            return false;
        }
        reply.error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command");
        tx.discard();
        tx.unwatchAll(server);
        return true;
    }

    /**
     * client-output-buffer-limit for pub/sub clients: a subscriber whose unsent output passes the
     * hard limit, or stays over the soft limit for the soft seconds, is closed as Valkey does.
     */
    private void checkOutputLimits() {
        if (!client.subscribed()) {
            return;
        }
        NetLimits l = server.limits();
        if (l.pubsubHard == 0 && l.pubsubSoft == 0) {
            return;
        }
        ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
        long pending = ob == null ? 0 : ob.totalPendingWriteBytes();
        boolean hard = l.pubsubHard > 0 && pending >= l.pubsubHard;
        boolean soft = false;
        if (l.pubsubSoft > 0 && pending >= l.pubsubSoft) {
            long now = System.currentTimeMillis();
            if (softLimitSince == 0) {
                softLimitSince = now;
            } else {
                soft = now - softLimitSince >= l.pubsubSoftSeconds * 1000;
            }
        } else {
            softLimitSince = 0;
        }
        if (hard || soft) {
            server.log().warning("Client id=" + client.id() + " addr=" + client.addr()
                    + " scheduled to be closed ASAP for overcoming of output buffer limits.");
            server.stats().outputBufferLimitDisconnections.increment();
            closing = true;
            client.kill();
        }
    }

    /** False under CLIENT REPLY OFF, and for the one request after CLIENT REPLY SKIP. */
    private boolean repliesOn() {
        return client.replyMode == Client.ReplyMode.ON && !client.skipNext;
    }

    /** CLIENT PAUSE: every command (ALL) or those that may write (WRITE) wait, CLIENT itself included. */
    private boolean waitForPause(CommandSpec spec, byte[][] argv) {
        long pausedFor = server.clients().pausedFor(spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE));
        if (pausedFor > 0) {
            postpone(argv, Math.min(pausedFor, 10));
            return true;
        }
        return false;
    }

    /**
     * CLIENT REPLY OFF/SKIP: the request runs (with all shards held, so routing never matters) and
     * all it writes is dropped, rejections included.
     */
    private void runDiscardingReply(byte[][] argv) {
        boolean skipping = client.skipNext;
        client.skipNext = false; // consumed by this request; CLIENT REPLY SKIP re-arms it
        int mark = out.writerIndex();
        holdPushes = true;
        try {
            runSilenced(argv, skipping, mark);
        } finally {
            holdPushes = false;
        }
        drainPushes(); // out-of-band messages are not replies: CLIENT REPLY OFF does not drop them
    }

    private void runSilenced(byte[][] argv, boolean skipping, int mark) {
        CommandSpec spec = CommandRunner.resolve(server, client, argv, reply);
        if (spec == null) {
            client.transaction().abort();
        }
        if (spec != null && !queuedInTransaction(spec, argv)) {
            if (waitForPause(spec, argv)) {
                client.skipNext = skipping; // not run yet: the skip still applies to it
                return;
            }
            client.lastCommand = spec.fullName();
            if (spec.routing() == Routing.LOCAL) {
                execute(home, spec, argv);
            } else {
                runWithAllShards(spec, argv);
                if (waiting) {
                    client.skipNext = skipping; // barrier busy: retried later, reply still to be dropped
                    return;
                }
            }
        }
        // Valkey drops what is written while replies are off or skipped. CLIENT REPLY ON switches both
        // back on before its OK; RESET switches OFF back on (not a pending skip) before its reply.
        boolean replyOn = spec != null && spec.fullName().equals("client|reply")
                && new String(argv[2], java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("on");
        // The subscribe family answers with pushes, which Valkey sends whatever the reply mode.
        boolean pushReply = spec != null && spec.has(CommandFlag.PUBSUB) && spec.name().contains("subscribe");
        if (!replyOn && !pushReply && (skipping || client.replyMode != Client.ReplyMode.ON)) {
            out.writerIndex(mark);
        }
    }

    private void postpone(byte[][] argv, long millis) {
        pending = argv;
        waiting = true;
        home.loop().schedule(() -> {
            waiting = false;
            process();
            ctx.flush();
        }, Math.max(millis, 1), TimeUnit.MILLISECONDS);
    }

    private void runWithAllShards(CommandSpec spec, byte[][] argv) {
        Shard[] all = server.keyspace().shards();
        Shard[] others = new Shard[all.length - 1];
        int i = 0;
        for (Shard s : all) {
            if (s != home.shard()) {
                others[i++] = s;
            }
        }
        boolean ran = server.keyspace().barrier().tryRun(others, () -> {
            execute(home, spec, argv);
            barrierBlock = home.context().takeBlock();
        });
        if (ran) {
            Blocking.afterAllShards(server, home);
            BlockRequest b = barrierBlock;
            barrierBlock = null;
            if (b != null) {
                beginBlock(spec, argv, b);
            }
        } else {
            // Another multi-shard command holds the barrier: its holder re-posts us when done,
            // and meanwhile this thread keeps serving (and parks when the holder asks).
            pending = argv;
            waiting = true;
            server.keyspace().barrier().awaitTurn(() -> home.loop().execute(this::resumeAfterBarrier));
        }
    }

    private void resumeAfterBarrier() {
        waiting = false;
        process();
        if (!waiting) {
            ctx.flush();
        }
    }

    /** Sends this request, and the following ones for the same shard, to that shard's thread. */
    private void handOff(Shard target, CommandSpec first, byte[][] firstArgv) {
        handOff.clear();
        handOff.add(first, firstArgv);
        try {
            // A command that may block ends the batch: nothing after it may run before it is served.
            while (handOff.size() < MAX_BATCH && client.replyMode == Client.ReplyMode.ON
                    && !first.has(CommandFlag.BLOCKING)) {
                byte[][] next = requeued != null && !requeued.isEmpty() ? requeued.poll() : decoder.decode(in);
                if (next == null) {
                    break;
                }
                if (next.length == 0) {
                    continue;
                }
                CommandSpec spec = CommandRunner.peek(server, client, next);
                if (spec == null || spec.routing() != Routing.KEYS
                        || CommandRunner.singleShard(server, spec, next) != target
                        || server.clients().paused()) {
                    pending = next;
                    break;
                }
                client.lastCommand = spec.fullName();
                handOff.add(spec, next);
                if (spec.has(CommandFlag.BLOCKING)) {
                    break;
                }
            }
        } catch (ProtocolException e) {
            // Run what was parsed; the protocol error is answered after their replies.
            decoder.reset();
            in.readerIndex(in.writerIndex());
            pendingProtocolError = e.getMessage();
        }
        writeOut(); // replies so far go first; from here until it returns, `out` belongs to the owner
        waiting = true;
        handOff.send(server.worker(target.id()));
    }

    /**
     * The one hand-off a connection can have out, reused for every hop so hopping allocates nothing.
     * It runs first on the owner shard's loop, which writes the replies straight into this
     * connection's output buffer (the connection touches nothing while it waits), then back home.
     */
    private final class HandOff implements Runnable {
        private final List<byte[][]> argvs = new ArrayList<>();
        private final List<CommandSpec> specs = new ArrayList<>();
        private Worker owner;
        private boolean ran;
        boolean out;   // sent and not yet back home
        BlockRequest block;  // the batch's last command asked to block
        int stoppedAt = -1;  // the request that needs every shard held (memory full); it and the rest rerun from home

        void clear() {
            argvs.clear();
            specs.clear();
            block = null;
        }

        void add(CommandSpec spec, byte[][] argv) {
            specs.add(spec);
            argvs.add(argv);
        }

        int size() {
            return specs.size();
        }

        void send(Worker to) {
            owner = to;
            ran = false;
            out = true;
            to.loop().execute(this);
        }

        @Override
        public void run() {
            if (!ran) {
                ran = true;
                for (int i = 0; i < specs.size(); i++) {
                    if (execute(owner, specs.get(i), argvs.get(i), true)) {
                        stoppedAt = i;
                        break;
                    }
                    block = owner.context().takeBlock();
                    // As after every command in Valkey: clients blocked on keys it made ready go
                    // first, before the next request of this batch (fairness with pipelines).
                    if (owner.shard().blocked().hasReady()) {
                        Blocking.serveReady(server, owner);
                    }
                }
                home.loop().execute(this);
            } else {
                out = false;
                BlockRequest b = block;
                CommandSpec lastSpec = specs.get(specs.size() - 1);
                byte[][] lastArgv = argvs.get(argvs.size() - 1);
                if (stoppedAt >= 0) {
                    // Memory is full and only other shards can evict: that request runs with every
                    // shard held, the ones after it are dispatched again as usual.
                    CommandSpec stoppedSpec = specs.get(stoppedAt);
                    byte[][] stoppedArgv = argvs.get(stoppedAt);
                    requeue(argvs.subList(stoppedAt + 1, argvs.size()));
                    stoppedAt = -1;
                    clear();
                    waiting = false;
                    if (ctx.channel().isActive() && !closing && Connection.this.out != null) {
                        runWithAllShards(stoppedSpec, stoppedArgv);
                    }
                    if (!waiting) {
                        handOffDone();
                    }
                    return;
                }
                clear();
                if (b != null && ctx.channel().isActive() && !closing) {
                    waiting = false;
                    beginBlock(lastSpec, lastArgv, b);
                    return;
                }
                handOffDone();
            }
        }
    }

    /** Puts requests back to run next, before anything parsed after them. */
    private void requeue(List<byte[][]> requests) {
        if (requeued == null) {
            requeued = new ArrayDeque<>();
        }
        if (pending != null) {
            requeued.addFirst(pending);
            pending = null;
        }
        for (int i = requests.size() - 1; i >= 0; i--) {
            requeued.addFirst(requests.get(i));
        }
    }

    private void handOffDone() {
        waiting = false;
        if (!ctx.channel().isActive()) {
            if (out != null) {
                out.release(); // the connection closed while the hand-off was out
                out = null;
            }
            return;
        }
        if (closing || out == null) {
            return;
        }
        process();
        if (!waiting) {
            ctx.flush(); // one syscall per pipeline, not one per hand-off
        }
    }

    // ---- blocked on keys ----------------------------------------------------------------------

    /**
     * The command asked to block: what was answered so far goes out, then `out` is lent to the
     * shards (one of them may write the reply) until the client is served, times out, is
     * unblocked or disconnects.
     */
    private void beginBlock(CommandSpec spec, byte[][] argv, BlockRequest b) {
        writeOut();
        ctx.flush();
        Waiter w = new Waiter(server, this, spec, argv, client.db(), b.type(), b.keys(), b.deadlineMillis(),
                b.unblockOnDeletedKey());
        blocked = w;
        client.waiter = w;
        waiting = true;
        if (b.deadlineMillis() > 0) {
            scheduleTimeout(w, b.deadlineMillis() - System.currentTimeMillis());
        }
        Blocking.register(server, w);
    }

    private void scheduleTimeout(Waiter w, long delayMillis) {
        home.loop().schedule(() -> {
            if (w.claim(Waiter.WAITING, Waiter.DONE)) {
                w.countAnswered(server, false);
                unblockedHere(w, null);
            } else if (w.state() == Waiter.RUNNING) {
                scheduleTimeout(w, 1); // being re-run; look again once that is over
            }
        }, Math.max(delayMillis, 0), TimeUnit.MILLISECONDS);
    }

    /** A shard re-ran the command and it answered (any thread): carry on at home. */
    void finishServed(Waiter w) {
        home.loop().execute(() -> resumeAfterBlock(w, null));
    }

    /** The waiter was claimed for a timeout-style end (any thread): answer at home. */
    void finishUnblocked(Waiter w, String error) {
        home.loop().execute(() -> unblockedHere(w, error));
    }

    /** The waiter's keys span shards: run the command again from home, through the barrier. */
    void retryBlocked(Waiter w) {
        home.loop().execute(() -> resumeAfterBlock(w, w.argv));
    }

    private void unblockedHere(Waiter w, String error) {
        if (blocked != w) {
            return;
        }
        Blocking.unregister(server, w);
        if (out != null) {
            if (error != null) {
                reply.error(error);
            } else {
                reply.nullArray();
            }
        }
        resumeAfterBlock(w, null);
    }

    /** The client is no longer blocked: carry on with its requests, first {@code rerun} if given. */
    private void resumeAfterBlock(Waiter w, byte[][] rerun) {
        if (blocked != w) {
            return;
        }
        blocked = null;
        client.waiter = null;
        waiting = false;
        if (!ctx.channel().isActive() || closing || out == null) {
            releaseOutIfClosed();
            return;
        }
        writeOut();
        if (rerun != null) {
            pending = rerun;
        }
        process();
        if (!waiting) {
            ctx.flush();
        }
    }

    private void releaseOutIfClosed() {
        if (!ctx.channel().isActive() && out != null && !outLent()) {
            out.release();
            out = null;
        }
    }

    /** Moves the reply bytes written so far onto the channel (flushed later). */
    private void writeOut() {
        if (out == null || !out.isReadable()) {
            return;
        }
        server.stats().netOutputBytes.add(out.readableBytes());
        client.netOutputBytes += out.readableBytes();
        ctx.write(out, ctx.voidPromise());
        out = ctx.alloc().ioBuffer(1024);
        reply.buffer(out);
    }

    private void compactInput() {
        if (in == null) {
            return;
        }
        if (!in.isReadable()) {
            in.clear();
            if (in.capacity() > 64 * 1024 && !decoder.midRequest()) {
                in.release();
                in = ctx.alloc().heapBuffer(1024);
            }
        } else if (in.readerIndex() > 16 * 1024) {
            in.discardReadBytes();
        }
        client.queryBufferBytes = in.readableBytes();
        if (!waiting && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Drops the client from the registries (once: on QUIT, and when the channel closes). */
    private void unregister() {
        if (!unregistered) {
            unregistered = true;
            server.clients().remove(client);
            home.connections().remove(this);
        }
    }

    /** Sends what is buffered, then closes (protocol errors, QUIT, rejected connections). */
    public void closeAfterFlush() {
        closing = true;
        ByteBuf last = Unpooled.EMPTY_BUFFER;
        if (out != null && out.isReadable()) {
            last = out;
            out = ctx.alloc().ioBuffer(16);
            reply.buffer(out);
        }
        // Also when nothing is left in out: replies already written (QUIT's OK) must reach the client first.
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes idle clients (the {@code timeout} config); called on the home thread once a second. */
    void closeIfIdle(long now, long timeoutMillis) {
        if (timeoutMillis > 0 && !waiting && !client.monitor()
                && now - client.lastInteractionMillis > timeoutMillis) {
            server.log().verbose("Closing idle client id=" + client.id());
            client.kill();
        }
    }
}
