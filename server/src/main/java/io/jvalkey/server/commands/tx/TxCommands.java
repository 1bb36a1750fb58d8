package io.jvalkey.server.commands.tx;

import static io.jvalkey.server.command.CommandFlag.ALLOW_BUSY;
import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.NO_MULTI;
import static io.jvalkey.server.command.CommandFlag.SKIP_SLOWLOG;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandRunner;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.keyspace.Eviction;
import io.jvalkey.server.keyspace.WatchedKeys.Watch;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.net.Transaction;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.protocol.Reply;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing happens in the connection (a command sent after
 * MULTI is answered QUEUED there); EXEC runs where every queued and watched key can be touched
 * (one shard, or all of them held at the barrier), so a transaction is atomic across shards.
 */
public final class TxCommands {
    private TxCommands() {}

    public static void register(CommandTable t) {
        t.add(command("multi", 1).flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY)
                .acl("fast", "transaction").doc("transactions", "1.2.0", "Starts a transaction.")
                .handler(TxCommands::multi).build());
        t.add(command("exec", 1).flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG).routing(Routing.TRANSACTION)
                .acl("slow", "transaction").doc("transactions", "1.2.0", "Executes all commands in a transaction.")
                .handler(TxCommands::exec).build());
        t.add(command("discard", 1).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                .acl("fast", "transaction").doc("transactions", "2.0.0", "Discards a transaction.")
                .handler(TxCommands::discard).build());
        t.add(command("watch", -2).flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY)
                .keys(1, -1, 1).keySpec(KeySpec.range(1, -1, 1, "RO")).acl("fast", "transaction")
                .doc("transactions", "2.2.0", "Monitors changes to keys to determine the execution of a transaction.")
                .handler(TxCommands::watch).build());
        t.add(command("unwatch", 1).flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
                .acl("fast", "transaction").doc("transactions", "2.2.0", "Forgets about watched keys of a transaction.")
                .handler(c -> {
                    c.client().transaction().unwatchAll(c.server());
                    c.reply().ok();
                }).build());
    }

    private static void multi(CommandContext c) {
        c.client().transaction().begin();
        c.reply().ok();
    }

    private static void discard(CommandContext c) {
        Transaction tx = c.client().transaction();
        if (!tx.active()) {
            throw new CommandError("ERR DISCARD without MULTI");
        }
        tx.discard();
        tx.unwatchAll(c.server());
        c.reply().ok();
    }

    private static void watch(CommandContext c) {
        Transaction tx = c.client().transaction();
        if (!tx.watchDirty()) { // no point watching more once a change already dooms EXEC
            if (!tx.watching()) {
                c.server().stats().watchingClients.incrementAndGet();
            }
            int db = c.client().db();
            for (int i = 1; i < c.argc(); i++) {
                byte[] key = c.arg(i);
                c.server().keyspace().shardOf(key).watched().watch(tx.watches(), db, key);
            }
        }
        c.reply().ok();
    }

    private static void exec(CommandContext c) {
        Server server = c.server();
        Client client = c.client();
        Reply reply = c.reply();
        Worker worker = c.worker();
        Transaction tx = client.transaction();
        if (!tx.active()) {
            throw new CommandError("ERR EXEC without MULTI");
        }
        boolean dirty = tx.watchDirty() || watchedKeyExpired(c, tx);
        try {
            if (tx.aborted()) {
                reply.error("EXECABORT Transaction discarded because of previous errors.");
                return;
            }
            if (dirty) {
                reply.nullArray();
                return;
            }
            if (server.keyspace().limits().maxmemory > 0 && queuedMayUseMemory(tx)
                    && !Eviction.makeRoom(server.keyspace(), worker.shard())) {
                reply.error("EXECABORT Transaction discarded because of: " + CommandError.OOM.getMessage());
                return;
            }
            tx.unwatchAll(server);
            reply.array(tx.size());
            client.denyBlocking(true);
            try {
                for (int i = 0; i < tx.size(); i++) {
                    CommandRunner.run(server, worker, tx.spec(i), tx.argv(i), client, reply);
                }
            } finally {
                client.denyBlocking(false);
            }
        } finally {
            tx.discard();
            tx.unwatchAll(server);
        }
    }

    /** A watched key that was live at WATCH time has logically expired since (Valkey fails EXEC then). */
    private static boolean watchedKeyExpired(CommandContext c, Transaction tx) {
        if (!tx.watching()) {
            return false;
        }
        for (Watch w : tx.watches().watches()) {
            if (!w.expired && c.server().keyspace().shardOf(w.key).watched().expiredNow(w.db, w.key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean queuedMayUseMemory(Transaction tx) {
        for (int i = 0; i < tx.size(); i++) {
            if (tx.spec(i).has(DENYOOM)) {
                return true;
            }
        }
        return false;
    }
}
