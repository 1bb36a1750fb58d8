package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2/RESP3 client over a real socket. It keeps reply types, so the
 * differential tests can compare jvalkey and redis-server byte for byte, and it can send raw
 * bytes for bad-input tests.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    public RespValue call(String... args) throws IOException {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(UTF_8);
        }
        return call(b);
    }

    public RespValue call(byte[]... args) throws IOException {
        send(args);
        return read();
    }

    public void send(byte[]... args) throws IOException {
        out.write(("*" + args.length + "\r\n").getBytes(UTF_8));
        for (byte[] a : args) {
            out.write(("$" + a.length + "\r\n").getBytes(UTF_8));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public RespValue read() throws IOException {
        int t = in.read();
        if (t < 0) {
            throw new EOFException("connection closed");
        }
        String line = readLine();
        char type = (char) t;
        switch (type) {
            case '+', '-', ':', ',', '#', '(' -> {
                return RespValue.scalar(type, line.getBytes(UTF_8));
            }
            case '_' -> {
                return RespValue.scalar('_', null);
            }
            case '$', '=' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return RespValue.scalar(type, null);
                }
                byte[] data = in.readNBytes(len);
                if (data.length < len) {
                    throw new EOFException("short bulk");
                }
                readLine();
                return RespValue.scalar(type, data);
            }
            case '*', '%', '~', '>', '|' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return RespValue.aggregate(type, null);
                }
                int count = type == '%' || type == '|' ? n * 2 : n;
                List<RespValue> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                if (type == '|') {
                    return read(); // attributes precede the real reply
                }
                return RespValue.aggregate(type, items);
            }
            default -> throw new IOException("bad RESP type byte '" + type + "' followed by " + line);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                int n = in.read();
                if (n == '\n') {
                    break;
                }
                b.write(c);
                if (n < 0) {
                    break;
                }
                b.write(n);
                continue;
            }
            b.write(c);
        }
        if (c < 0) {
            throw new EOFException("connection closed mid-line");
        }
        return b.toString(UTF_8);
    }

    /** True once the server has closed the connection (reads EOF within the timeout). */
    public boolean closedByServer(int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
