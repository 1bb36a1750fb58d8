package io.jvalkey.server.commands.connection;

import io.jvalkey.server.net.Client;

/** The one-line description of a connection that CLIENT LIST and CLIENT INFO print. */
final class ClientInfo {
    private ClientInfo() {}

    /**
     * Valkey's fields in Valkey's order. Fields for features jvalkey does not have yet (MULTI,
     * WATCH, output buffer lists) show their idle values.
     */
    static String line(Client cl) {
        long nowSeconds = System.currentTimeMillis() / 1000;
        int qbuf = cl.queryBufferBytes();
        return "id=" + cl.id()
                + " addr=" + cl.addr()
                + " laddr=" + cl.laddr()
                + " fd=" + cl.fd()
                + " name=" + cl.name()
                + " age=" + (nowSeconds - cl.createdMillis() / 1000)
                + " idle=" + (nowSeconds - cl.lastInteractionMillis() / 1000)
                + " flags=" + cl.flags()
                + " db=" + cl.db()
                + " sub=" + cl.subscribedChannels()
                + " psub=" + cl.subscribedPatterns()
                + " ssub=" + cl.subscribedShardChannels()
                + " multi=" + (cl.transaction().active() ? cl.transaction().size() : -1)
                + " watch=" + cl.transaction().watchCount()
                + " qbuf=" + qbuf
                + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0"
                + " tot-mem=" + (1024 + qbuf)
                + " events=r"
                + " cmd=" + cl.lastCommand()
                + " user=" + cl.user()
                + " redir=" + (cl.trackingHas(Client.TRACKING_ON) ? cl.trackingRedirect() : -1)
                + " resp=" + cl.resp()
                + " lib-name=" + cl.libName()
                + " lib-ver=" + cl.libVer()
                + " tot-net-in=" + cl.netInputBytes()
                + " tot-net-out=" + cl.netOutputBytes()
                + " tot-cmds=" + cl.commandsProcessed();
    }
}
