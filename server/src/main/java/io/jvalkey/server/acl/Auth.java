package io.jvalkey.server.acl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.MessageDigest;

/**
 * Authentication of the default user (requirepass) and protected mode. Full ACL users come later;
 * this is the one place that decides whether a connection must authenticate.
 */
public final class Auth {
    /** Valkey's reply to a non-loopback client in protected mode; it is sent, then the connection closes. */
    public static final byte[] PROTECTED_MODE_DENIED = ("-DENIED Running in protected mode because protected "
            + "mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers, you "
            + "may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command "
            + "'CONFIG SET protected-mode no' from the loopback interface "
            + "by connecting from the same host the server is "
            + "running, however MAKE SURE it's not publicly accessible "
            + "from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. "
            + "2) Alternatively you can just disable the protected mode by "
            + "editing the configuration file, and setting the protected "
            + "mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart "
            + "it with the '--protected-mode no' option. "
            + "4) Set up an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for "
            + "the server to start accepting connections from the outside.\r\n").getBytes(UTF_8);

    private volatile byte[] password;   // null: the default user needs no password
    private volatile boolean protectedMode = true;

    public void requirepass(String pass) {
        this.password = pass == null || pass.isEmpty() ? null : pass.getBytes(UTF_8);
    }

    public void protectedMode(boolean on) {
        this.protectedMode = on;
    }

    public boolean required() {
        return password != null;
    }

    /** Checks a password for the default user in constant time. */
    public boolean check(String user, byte[] pass) {
        byte[] p = password;
        if (!"default".equals(user)) {
            return false;
        }
        return p == null || MessageDigest.isEqual(p, pass);
    }

    /** Only the default user exists until ACL users do. */
    public boolean userExists(String name) {
        return "default".equals(name);
    }

    public boolean protectedModeDenies(SocketAddress remote) {
        if (!protectedMode || password != null) {
            return false;
        }
        return remote instanceof InetSocketAddress a && a.getAddress() != null && !a.getAddress().isLoopbackAddress();
    }

    /**
     * "POST" and "Host:" as a command name mean an HTTP request sent to the server, the cross
     * protocol scripting attack: Valkey closes such a connection without any reply.
     */
    public static boolean isCrossProtocolAttack(byte[] name) {
        return equalsIgnoreCase(name, "post") || equalsIgnoreCase(name, "host:");
    }

    private static boolean equalsIgnoreCase(byte[] b, String lower) {
        if (b.length != lower.length()) {
            return false;
        }
        for (int i = 0; i < b.length; i++) {
            int c = b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i];
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
