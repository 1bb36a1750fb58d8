package io.jvalkey.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import java.util.Collection;

/**
 * Writes replies in the connection's protocol (RESP2 or RESP3) straight into an output buffer.
 * RESP3-only types degrade to their RESP2 forms (map -> flat array, double -> bulk, null -> $-1 ...).
 * Error replies are reported to an {@link ErrorListener} so INFO errorstats sees every one.
 */
public final class Reply {
    /** Told about every error reply, with its code (the first word, e.g. ERR or WRONGTYPE). */
    public interface ErrorListener {
        void onError(String code);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final short CRLF_SHORT = ('\r' << 8) | '\n';
    private static final byte[] OK = "+OK\r\n".getBytes(UTF_8);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(UTF_8);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(UTF_8);
    private static final byte[] NULL3 = "_\r\n".getBytes(UTF_8);
    private static final byte[] TRUE3 = "#t\r\n".getBytes(UTF_8);
    private static final byte[] FALSE3 = "#f\r\n".getBytes(UTF_8);
    private static final byte[][] SMALL_INTS = new byte[512][];
    /** Bulks up to this length are assembled whole in {@link #scratch} and written with one call. */
    private static final int SMALL_BULK = 64;

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = (":" + (i - 1) + "\r\n").getBytes(UTF_8);
        }
    }

    private ByteBuf out;
    /**
     * Where a reply's pieces are put together before one write to the buffer: each ByteBuf write
     * pays for bounds, capacity and reference-count checks, so one write beats five.
     */
    private final byte[] scratch = new byte[SMALL_BULK + 32];
    private int resp = 2;
    private ErrorListener errors;
    private int errorCount;

    public Reply(ByteBuf out) {
        this.out = out;
    }

    public ByteBuf buffer() {
        return out;
    }

    public void buffer(ByteBuf out) {
        this.out = out;
    }

    public int resp() {
        return resp;
    }

    public void resp(int resp) {
        this.resp = resp;
    }

    public boolean resp3() {
        return resp == 3;
    }

    public void errorListener(ErrorListener errors) {
        this.errors = errors;
    }

    /** Number of error replies written so far; a command compares before/after to know it failed. */
    public int errorCount() {
        return errorCount;
    }

    public void ok() {
        out.writeBytes(OK);
    }

    public void simple(String s) {
        out.writeByte('+');
        out.writeCharSequence(s, UTF_8);
        out.writeBytes(CRLF);
    }

    /**
     * An error reply. The text starts with its code ("ERR ...", "WRONGTYPE ..."); a text given
     * without a leading code word in capitals gets "ERR " as Valkey's addReplyError does.
     */
    public void error(String message) {
        String code = errorCode(message);
        if (code == null) {
            message = "ERR " + message;
            code = "ERR";
        }
        errorCount++;
        if (errors != null) {
            errors.onError(code);
        }
        out.writeByte('-');
        // Newlines would break the protocol: Valkey replaces them with spaces.
        out.writeCharSequence(message.replace('\r', ' ').replace('\n', ' '), UTF_8);
        out.writeBytes(CRLF);
    }

    /** The leading all-capitals word of an error text, or null when there is none. */
    static String errorCode(String message) {
        int space = message.indexOf(' ');
        int end = space < 0 ? message.length() : space;
        if (end == 0) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            char c = message.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c == '_' || c == '-' || (c >= '0' && c <= '9'))) {
                return null;
            }
        }
        return message.substring(0, end);
    }

    public void integer(long v) {
        if (v >= -1 && v < SMALL_INTS.length - 1) {
            out.writeBytes(SMALL_INTS[(int) v + 1]);
            return;
        }
        out.writeBytes(scratch, 0, putHeader(':', v));
    }

    public void bulk(byte[] b) {
        if (b == null) {
            nullBulk();
            return;
        }
        bulk(b, 0, b.length);
    }

    public void bulk(byte[] b, int from, int len) {
        int n = putHeader('$', len);
        if (len <= SMALL_BULK) {
            byte[] s = scratch;
            System.arraycopy(b, from, s, n, len);
            n += len;
            s[n++] = '\r';
            s[n++] = '\n';
            out.writeBytes(s, 0, n);
            return;
        }
        out.writeBytes(scratch, 0, n);
        out.writeBytes(b, from, len);
        out.writeShort(CRLF_SHORT);
    }

    public void bulk(String s) {
        if (s == null) {
            nullBulk();
            return;
        }
        bulk(s.getBytes(UTF_8));
    }

    /** A long as a bulk string (e.g. INCRBYFLOAT-style replies and CONFIG values). */
    public void bulkLong(long v) {
        // The digits go to the end of the scratch first: their count decides the header.
        byte[] s = scratch;
        int start = digitsBackwards(s, s.length, v);
        int len = s.length - start;
        int n = putHeader('$', len);
        System.arraycopy(s, start, s, n, len);
        n += len;
        s[n++] = '\r';
        s[n++] = '\n';
        out.writeBytes(s, 0, n);
    }

    public void nullBulk() {
        out.writeBytes(resp == 3 ? NULL3 : NULL_BULK);
    }

    public void nullArray() {
        out.writeBytes(resp == 3 ? NULL3 : NULL_ARRAY);
    }

    public void array(int n) {
        header('*', n);
    }

    /** A map of n pairs: RESP3 {@code %n}, RESP2 a flat array of 2n elements. */
    public void map(int n) {
        if (resp == 3) {
            header('%', n);
        } else {
            header('*', 2L * n);
        }
    }

    public void set(int n) {
        header(resp == 3 ? '~' : '*', n);
    }

    /** Out-of-band push (RESP3 {@code >n}); in RESP2 pushes are plain arrays. */
    public void push(int n) {
        header(resp == 3 ? '>' : '*', n);
    }

    public void bool(boolean b) {
        if (resp == 3) {
            out.writeBytes(b ? TRUE3 : FALSE3);
        } else {
            integer(b ? 1 : 0);
        }
    }

    /** A double: RESP3 {@code ,x}, RESP2 a bulk string, both in Valkey's shortest form. */
    public void doubleValue(double d) {
        String text = Doubles.format(d);
        if (resp == 3) {
            out.writeByte(',');
            out.writeCharSequence(text, UTF_8);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    /** Human-readable text (INFO, CLIENT LIST ...): RESP3 verbatim string of type txt, RESP2 bulk. */
    public void verbatim(String text) {
        if (resp != 3) {
            bulk(text);
            return;
        }
        byte[] b = text.getBytes(UTF_8);
        out.writeBytes(scratch, 0, putHeader('=', b.length + 4));
        out.writeCharSequence("txt:", UTF_8);
        out.writeBytes(b);
        out.writeBytes(CRLF);
    }

    public void bulks(Collection<byte[]> items) {
        array(items.size());
        for (byte[] b : items) {
            bulk(b);
        }
    }

    /** Bytes already in RESP form, copied as they are. */
    public void raw(byte[] encoded) {
        out.writeBytes(encoded);
    }

    private void header(char type, long n) {
        out.writeBytes(scratch, 0, putHeader(type, n));
    }

    /** Puts {@code type}, n's digits and CRLF at the start of the scratch; returns their length. */
    private int putHeader(char type, long n) {
        byte[] s = scratch;
        s[0] = (byte) type;
        int p;
        if (n >= 0 && n < 10) {
            s[1] = (byte) ('0' + n);
            p = 2;
        } else if (n >= 10 && n < 100) {
            s[1] = (byte) ('0' + n / 10);
            s[2] = (byte) ('0' + n % 10);
            p = 3;
        } else {
            int start = digitsBackwards(s, 24, n);
            p = 1 + 24 - start;
            System.arraycopy(s, start, s, 1, p - 1);
        }
        s[p] = '\r';
        s[p + 1] = '\n';
        return p + 2;
    }

    /** Writes v in decimal so that it ends just before {@code end}; returns where it starts. */
    private static int digitsBackwards(byte[] dst, int end, long v) {
        // Works on the non-positive value, so Long.MIN_VALUE needs no special case.
        long n = v < 0 ? v : -v;
        int i = end;
        do {
            dst[--i] = (byte) ('0' - n % 10);
            n /= 10;
        } while (n != 0);
        if (v < 0) {
            dst[--i] = '-';
        }
        return i;
    }
}
