package io.jvalkey.server.tracking;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.net.Push;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * An invalidation message: in RESP3 the push {@code >2 invalidate [keys]}, in RESP2 (only to a
 * redirect target in pub/sub mode) a message on {@code __redis__:invalidate}. A null key list
 * means "every key" (after a flush).
 */
final class Invalidation implements Push {
    private static final byte[] RESP3_HEAD = ">2\r\n$10\r\ninvalidate\r\n".getBytes(US_ASCII);
    private static final byte[] RESP2_HEAD = "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n".getBytes(US_ASCII);

    private final byte[] keys; // the key array in RESP, or null for "all keys"

    private Invalidation(byte[] keys) {
        this.keys = keys;
    }

    static final Invalidation ALL = new Invalidation(null);

    static Invalidation of(List<byte[]> keys) {
        int size = header(keys.size());
        for (byte[] k : keys) {
            size += header(k.length) + k.length + 2;
        }
        byte[] f = new byte[size];
        int at = put(f, 0, '*', keys.size());
        for (byte[] k : keys) {
            at = put(f, at, '$', k.length);
            System.arraycopy(k, 0, f, at, k.length);
            at += k.length;
            f[at++] = '\r';
            f[at++] = '\n';
        }
        return new Invalidation(f);
    }

    @Override
    public void write(ByteBuf out, int resp) {
        out.writeBytes(resp == 3 ? RESP3_HEAD : RESP2_HEAD);
        if (keys != null) {
            out.writeBytes(keys);
        } else {
            out.writeBytes(resp == 3 ? "_\r\n".getBytes(US_ASCII) : "$-1\r\n".getBytes(US_ASCII));
        }
    }

    private static int header(int n) {
        return 3 + Integer.toString(n).length();
    }

    private static int put(byte[] f, int at, char type, int n) {
        f[at++] = (byte) type;
        byte[] d = Integer.toString(n).getBytes(US_ASCII);
        System.arraycopy(d, 0, f, at, d.length);
        at += d.length;
        f[at++] = '\r';
        f[at++] = '\n';
        return at;
    }
}
