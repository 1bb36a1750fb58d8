package io.jvalkey.server.propagation;

import io.jvalkey.persistence.aof.RespCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.agrona.DirectBuffer;

/**
 * Sends the propagation stream to a connection as a replication link carries it (SELECT when the
 * database changes, then the records), after a snapshot payload. What SYNC gives a client until
 * replication proper exists; Valkey's test suite watches the stream this way.
 */
public final class StreamTap implements StreamSubscriber {
    /** An RDB with no keys: header, EOF opcode, and a zero checksum (checksum not computed). */
    private static final byte[] EMPTY_RDB = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '1', (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0};

    private final Channel channel;
    private int selectedDb = -1;

    private StreamTap(Channel channel) {
        this.channel = channel;
    }

    /**
     * Attaches {@code channel} to the stream: on the drain thread, at this point of the stream,
     * the (empty) payload is sent and every later record follows it.
     */
    public static void attach(PropagationStream stream, Channel channel) {
        StreamTap tap = new StreamTap(channel);
        stream.appendCall(() -> {
            if (!channel.isActive()) {
                return;
            }
            stream.subscribe(tap);
            ByteBuf payload = Unpooled.buffer(32);
            payload.writeByte('$').writeBytes(Integer.toString(EMPTY_RDB.length).getBytes()).writeByte('\r').writeByte('\n');
            payload.writeBytes(EMPTY_RDB);
            channel.writeAndFlush(payload);
            channel.closeFuture().addListener(f -> stream.unsubscribe(tap));
        });
    }

    @Override
    public void record(int db, DirectBuffer buffer, int offset, int length) {
        if (db >= 0 && db != selectedDb) {
            channel.write(Unpooled.wrappedBuffer(RespCommand.encode(
                    new byte[][] {"SELECT".getBytes(), Integer.toString(db).getBytes()})));
            selectedDb = db;
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        channel.write(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void endOfBatch() {
        channel.flush();
    }
}
