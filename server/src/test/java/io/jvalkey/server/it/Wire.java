package io.jvalkey.server.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Raw byte exchanges with a server: send bytes on a fresh connection, collect everything it
 * answers until it closes the connection or stays quiet for a while. Lets protocol tests compare
 * jvalkey and redis-server byte for byte, including whether the connection was closed.
 */
public final class Wire {
    private Wire() {}

    /** What came back, and whether the server closed the connection. */
    public record Exchange(byte[] reply, boolean closed) {
        public String text() {
            return new String(reply, ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exchange e && e.closed == closed && java.util.Arrays.equals(e.reply, reply);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(reply) * 2 + (closed ? 1 : 0);
        }

        @Override
        public String toString() {
            return "\"" + escape(text()) + "\"" + (closed ? " then closed" : " (still open)");
        }
    }

    public static byte[] bytes(String latin1) {
        return latin1.getBytes(ISO_8859_1);
    }

    public static Exchange exchange(int port, byte[] input, int quietMillis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.getOutputStream().write(input);
            s.getOutputStream().flush();
            return readUntilQuiet(s, quietMillis);
        }
    }

    /** Reads until EOF (closed) or until nothing arrives for {@code quietMillis}. */
    public static Exchange readUntilQuiet(Socket s, int quietMillis) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        s.setSoTimeout(quietMillis);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException quiet) {
                return new Exchange(got.toByteArray(), false);
            } catch (SocketException reset) {
                return new Exchange(got.toByteArray(), true);
            }
            if (n < 0) {
                return new Exchange(got.toByteArray(), true);
            }
            got.write(buf, 0, n);
        }
    }

    /** Control characters and bytes above 0x7e as escapes, for readable failure messages. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
