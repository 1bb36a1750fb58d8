package io.jvalkey.server.net;

import io.netty.buffer.ByteBuf;

/**
 * An out-of-band message for a connection (a pub/sub message, a keyspace event, a tracking
 * invalidation), sent with {@link Client#push}. It is encoded only when it reaches the
 * connection's output, in the protocol the connection speaks at that moment.
 */
public interface Push {
    void write(ByteBuf out, int resp);
}
