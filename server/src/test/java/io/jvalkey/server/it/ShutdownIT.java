package io.jvalkey.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvalkey.server.coverage.Covers;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SHUTDOWN stops the process cleanly; its error cases leave it running. */
class ShutdownIT {
    @Test
    @Covers("shutdown")
    void shutdownStopsTheProcess() throws Exception {
        try (ServerProcess s = ServerProcess.jvalkey(); RespClient c = s.client()) {
            assertEquals("ERR No shutdown in progress.", c.call("SHUTDOWN", "ABORT").text());
            assertEquals("ERR syntax error", c.call("SHUTDOWN", "SAVE", "NOSAVE").text());
            assertTrue(s.isAlive());
            c.send("SHUTDOWN".getBytes(), "NOSAVE".getBytes(), "NOW".getBytes());
            assertTrue(c.closedByServer(10_000), "connection closed without a reply");
            ProcessHandle h = ProcessHandle.of(s.pid()).orElse(null);
            if (h != null) {
                h.onExit().get(20, TimeUnit.SECONDS);
            }
            assertFalse(s.isAlive());
            assertTrue(s.log().contains("User requested shutdown"), s.log());
        }
    }
}
