package io.jvalkey.server;

import io.jvalkey.server.net.Worker;

/** Closes clients idle longer than the {@code timeout} config, once a second per worker. */
final class Timeouts {
    private Timeouts() {}

    static void check(Worker w, long timeoutMillis) {
        if (timeoutMillis > 0) {
            w.closeIdle(System.currentTimeMillis(), timeoutMillis);
        }
    }
}
