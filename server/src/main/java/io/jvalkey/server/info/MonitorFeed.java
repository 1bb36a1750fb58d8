package io.jvalkey.server.info;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.server.net.Client;
import io.jvalkey.server.net.ClientRegistry;
import io.netty.buffer.Unpooled;

/** MONITOR: every command, as Valkey prints it, to every monitoring client. */
public final class MonitorFeed {
    private final ClientRegistry clients;

    public MonitorFeed(ClientRegistry clients) {
        this.clients = clients;
    }

    public void publish(Client from, byte[][] argv) {
        java.time.Instant now = java.time.Instant.now();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        StringBuilder line = new StringBuilder("+");
        line.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000));
        line.append(" [").append(from.db()).append(' ').append(from.addr()).append(']');
        for (byte[] a : argv) {
            line.append(' ');
            Repr.append(line, a);
        }
        line.append("\r\n");
        byte[] bytes = line.toString().getBytes(UTF_8);
        for (Client m : clients.monitors()) {
            m.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
        }
    }
}
