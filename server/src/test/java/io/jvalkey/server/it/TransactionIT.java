package io.jvalkey.server.it;

import static io.jvalkey.server.it.MultiShardAtomicityIT.onShard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * MULTI/EXEC and WATCH with keys on different shards under concurrent clients: transfers between
 * accounts never create or lose money, an optimistic (WATCH) withdrawal never overdraws, and no
 * client ever waits forever.
 */
class TransactionIT {
    private static final int SHARDS = 4;
    private static final int ACCOUNTS = 8;
    private static final int ROUNDS = 200;

    @Test
    void crossShardTransactionsKeepTheInvariants() throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(onShard("acct" + i + ":", i % SHARDS));
        }
        try (ServerProcess s = ServerProcess.jvalkey("--shards", Integer.toString(SHARDS)); RespClient setup = s.client()) {
            for (String a : accounts) {
                assertEquals("OK", setup.call("SET", a, "100").text());
            }
            List<Callable<Void>> tasks = new ArrayList<>();
            // Blind transfers in MULTI/EXEC: the total must stay constant.
            for (int t = 0; t < 3; t++) {
                long seed = t;
                tasks.add(() -> {
                    Random rnd = new Random(seed);
                    try (RespClient c = s.client()) {
                        for (int i = 0; i < ROUNDS; i++) {
                            String from = accounts.get(rnd.nextInt(ACCOUNTS));
                            String to = accounts.get(rnd.nextInt(ACCOUNTS));
                            assertEquals("OK", c.call("MULTI").text());
                            assertEquals("QUEUED", c.call("DECRBY", from, "1").text());
                            assertEquals("QUEUED", c.call("INCRBY", to, "1").text());
                            assertEquals(2, c.call("EXEC").items().size());
                        }
                    }
                    return null;
                });
            }
            // Observers: the sum read atomically (MGET, or GETs in one EXEC) never changes.
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        List<RespValue> values;
                        if (i % 2 == 0) {
                            List<String> mget = new ArrayList<>(List.of("MGET"));
                            mget.addAll(accounts);
                            values = c.call(mget.toArray(new String[0])).items();
                        } else {
                            c.call("MULTI");
                            for (String a : accounts) {
                                c.call("GET", a);
                            }
                            values = c.call("EXEC").items();
                        }
                        long sum = 0;
                        for (RespValue v : values) {
                            sum += Long.parseLong(v.text());
                        }
                        assertEquals(100L * ACCOUNTS, sum, "a transfer was seen half-applied");
                    }
                }
                return null;
            });
            tasks.add(() -> {
                try (RespClient c = s.client()) {
                    for (int i = 0; i < ROUNDS; i++) {
                        // Check-and-set on two shards: move what is left of acct0 to acct1 only if unchanged.
                        String a = accounts.get(0);
                        String b = accounts.get(1);
                        assertEquals("OK", c.call("WATCH", a, b).text());
                        long balance = Long.parseLong(c.call("GET", a).text());
                        c.call("MULTI");
                        c.call("DECRBY", a, Long.toString(balance));
                        c.call("INCRBY", b, Long.toString(balance));
                        RespValue r = c.call("EXEC");
                        if (!r.isNull()) {
                            assertEquals("0", r.items().get(0).text(), "EXEC ran although the watched key changed");
                        }
                    }
                }
                return null;
            });

            Concurrently.run(tasks, 120);
            long sum = 0;
            for (String a : accounts) {
                sum += Long.parseLong(setup.call("GET", a).text());
            }
            assertEquals(100L * ACCOUNTS, sum);
            assertTrue(s.isAlive());
        }
    }
}
