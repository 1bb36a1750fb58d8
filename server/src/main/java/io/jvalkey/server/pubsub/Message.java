package io.jvalkey.server.pubsub;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.net.Push;
import io.netty.buffer.ByteBuf;

/**
 * A push whose RESP3 form is its RESP2 form with the outer array marker '*' turned into the push
 * marker '>': encoded once, shared by every receiver whatever protocol it speaks.
 */
final class Message implements Push {
    private final byte[] frame; // RESP2 encoding

    private Message(byte[] frame) {
        this.frame = frame;
    }

    /** An array of bulk strings, the form of every pub/sub message. */
    static Message of(byte[]... parts) {
        int size = header(parts.length);
        for (byte[] p : parts) {
            size += bulkSize(p.length);
        }
        byte[] f = new byte[size];
        int at = put(f, 0, '*', parts.length);
        for (byte[] p : parts) {
            at = put(f, at, '$', p.length);
            System.arraycopy(p, 0, f, at, p.length);
            at += p.length;
            f[at++] = '\r';
            f[at++] = '\n';
        }
        return new Message(f);
    }

    @Override
    public void write(ByteBuf out, int resp) {
        if (resp == 3) {
            out.writeByte('>');
            out.writeBytes(frame, 1, frame.length - 1);
        } else {
            out.writeBytes(frame);
        }
    }

    private static int header(long n) {
        return 3 + Long.toString(n).length();
    }

    private static int bulkSize(int len) {
        return header(len) + len + 2;
    }

    private static int put(byte[] f, int at, char type, int n) {
        f[at++] = (byte) type;
        byte[] digits = Integer.toString(n).getBytes(US_ASCII);
        System.arraycopy(digits, 0, f, at, digits.length);
        at += digits.length;
        f[at++] = '\r';
        f[at++] = '\n';
        return at;
    }
}
