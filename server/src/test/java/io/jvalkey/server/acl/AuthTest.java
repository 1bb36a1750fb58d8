package io.jvalkey.server.acl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AuthTest {
    private static InetSocketAddress addr(String ip) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @Test
    void protectedModeDeniesOnlyRemoteClientsWithoutPassword() throws Exception {
        Auth auth = new Auth();
        assertThat(auth.protectedModeDenies(addr("10.1.2.3"))).isTrue();
        assertThat(auth.protectedModeDenies(addr("192.168.0.7"))).isTrue();
        assertThat(auth.protectedModeDenies(addr("2001:db8::1"))).isTrue();
        assertThat(auth.protectedModeDenies(addr("127.0.0.1"))).isFalse();
        assertThat(auth.protectedModeDenies(addr("127.5.6.7"))).isFalse();
        assertThat(auth.protectedModeDenies(addr("::1"))).isFalse();

        auth.requirepass("secret");
        assertThat(auth.protectedModeDenies(addr("10.1.2.3"))).isFalse();
        auth.requirepass("");
        assertThat(auth.protectedModeDenies(addr("10.1.2.3"))).isTrue();

        auth.protectedMode(false);
        assertThat(auth.protectedModeDenies(addr("10.1.2.3"))).isFalse();
    }

    @Test
    void deniedMessageIsOneErrorLine() {
        String s = new String(Auth.PROTECTED_MODE_DENIED, UTF_8);
        assertThat(s).startsWith("-DENIED Running in protected mode").endsWith("\r\n");
        assertThat(s.indexOf('\n')).isEqualTo(s.length() - 1);
    }

    @Test
    void passwordCheck() {
        Auth auth = new Auth();
        assertThat(auth.required()).isFalse();
        assertThat(auth.check("default", "anything".getBytes(UTF_8))).isTrue();
        assertThat(auth.check("other", "anything".getBytes(UTF_8))).isFalse();
        auth.requirepass("secret");
        assertThat(auth.required()).isTrue();
        assertThat(auth.check("default", "secret".getBytes(UTF_8))).isTrue();
        assertThat(auth.check("default", "secreT".getBytes(UTF_8))).isFalse();
        assertThat(auth.check("default", new byte[0])).isFalse();
        assertThat(auth.check("other", "secret".getBytes(UTF_8))).isFalse();
    }

    @Test
    void users() {
        Auth auth = new Auth();
        assertThat(auth.userExists("default")).isTrue();
        assertThat(auth.userExists("Default")).isFalse();
        assertThat(auth.userExists("alice")).isFalse();
    }

    @Test
    void crossProtocolAttackNames() {
        assertThat(Auth.isCrossProtocolAttack("POST".getBytes(UTF_8))).isTrue();
        assertThat(Auth.isCrossProtocolAttack("post".getBytes(UTF_8))).isTrue();
        assertThat(Auth.isCrossProtocolAttack("Host:".getBytes(UTF_8))).isTrue();
        assertThat(Auth.isCrossProtocolAttack("HOST:".getBytes(UTF_8))).isTrue();
        assertThat(Auth.isCrossProtocolAttack("host".getBytes(UTF_8))).isFalse();
        assertThat(Auth.isCrossProtocolAttack("posts".getBytes(UTF_8))).isFalse();
        assertThat(Auth.isCrossProtocolAttack("GET".getBytes(UTF_8))).isFalse();
    }
}
