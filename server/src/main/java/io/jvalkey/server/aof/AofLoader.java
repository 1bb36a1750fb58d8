package io.jvalkey.server.aof;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jvalkey.persistence.aof.AofManifest;
import io.jvalkey.persistence.aof.AofReader;
import io.jvalkey.server.Server;
import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandRunner;
import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.net.Worker;
import io.jvalkey.server.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays the AOF files of a manifest (base, then incr files) through the server's normal command
 * path with a loader client, on one worker thread holding every shard. A file cut short in the
 * middle of a command (or of a MULTI block) is, for the last file and with
 * {@code aof-load-truncated yes}, truncated to its last complete command; anything else that is
 * not an AOF stops the server with a message naming the file and offset.
 */
final class AofLoader {
    /** Loading failed: the server must not start. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private final Server server;
    private final Worker worker;
    private final Client client;
    private final ByteBuf replies = Unpooled.buffer(256);
    private final Reply reply = new Reply(replies);
    long commands;

    AofLoader(Server server, Worker worker) {
        this.server = server;
        this.worker = worker;
        this.client = new Client(CommandContext.LOADER_CLIENT_ID, new EmbeddedChannel());
        this.client.authenticated(true);
    }

    /** Loads every file of {@code manifest} in order; call with every shard held. */
    void load(Path dir, AofManifest manifest, boolean truncatedOk) {
        List<AofManifest.FileInfo> files = manifest.loadOrder();
        for (int i = 0; i < files.size(); i++) {
            AofManifest.FileInfo f = files.get(i);
            Path file = dir.resolve(f.name());
            boolean last = i == files.size() - 1;
            if (!Files.exists(file)) {
                throw new Failure("Fatal error: can't open the append log file " + f.name() + " for reading: No such file or directory");
            }
            loadFile(file, f.name(), last, truncatedOk);
        }
        client.db(0);
    }

    /** Replays one file. */
    void loadFile(Path file, String name, boolean last, boolean truncatedOk) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new Failure("Fatal error: can't open the append log file " + name + " for reading: " + e.getMessage());
        }
        if (size == 0) {
            return; // an empty incr file (just opened before a restart) is fine
        }
        List<byte[][]> queued = null;  // inside MULTI
        long beforeMulti = 0;
        try (AofReader r = AofReader.open(file)) {
            if (r.startsWithRdbPreamble()) {
                // A base written as RDB (aof-use-rdb-preamble yes): the RDB loader takes the whole file.
                try {
                    server.persistence().loadAofBase(file);
                } catch (IOException e) {
                    throw new Failure(io.jvalkey.server.persistence.Persistence.failureMessage(file, e)
                            .replace("RDB file", "AOF base file"));
                }
                return;
            }
            byte[][] argv;
            while (true) {
                long start = r.validOffset();
                try {
                    argv = r.next();
                } catch (AofReader.Truncated t) {
                    truncated(file, name, last, truncatedOk, queued != null ? beforeMulti : t.validOffset);
                    return;
                }
                if (argv == null) {
                    break;
                }
                String cmd = new String(argv[0], UTF_8).toLowerCase(Locale.ROOT);
                if (cmd.equals("multi")) {
                    queued = new ArrayList<>();
                    beforeMulti = start;
                    continue;
                }
                if (cmd.equals("exec") && queued != null) {
                    for (byte[][] q : queued) {
                        run(q, name, r.offset());
                    }
                    queued = null;
                    continue;
                }
                if (queued != null) {
                    queued.add(argv);
                } else {
                    run(argv, name, r.offset());
                }
            }
            if (queued != null) {
                server.log().warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
                truncated(file, name, last, truncatedOk, beforeMulti);
            }
        } catch (AofReader.Corrupt c) {
            throw new Failure("Bad file format reading the append only file " + name + " at offset " + c.offset
                    + ": make a backup of your AOF file, then use ./valkey-check-aof --fix <filename.manifest>");
        } catch (IOException e) {
            throw new Failure("Unrecoverable error reading the append only file " + name + ": " + e.getMessage());
        }
    }

    private void truncated(Path file, String name, boolean last, boolean truncatedOk, long validOffset) {
        if (last && truncatedOk) {
            server.log().warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
            server.log().warning("!!! Truncating the AOF " + name + " at offset " + validOffset + " !!!");
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(validOffset);
                raf.getFD().sync();
            } catch (IOException e) {
                throw new Failure("Error truncating the AOF file " + name + ": " + e.getMessage());
            }
            server.log().warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
            return;
        }
        if (!last) {
            throw new Failure("Fatal error: the AOF file " + name + " is truncated at offset " + validOffset
                    + " but it is not the last file of the manifest");
        }
        throw new Failure("Unexpected end of file reading the append only file " + name + " (valid up to offset "
                + validOffset + "). You can: 1) Make a backup of your AOF file, then use ./valkey-check-aof --fix "
                + "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option "
                + "to yes and restart the server.");
    }

    private void run(byte[][] argv, String name, long offset) {
        CommandSpec spec = server.commands().lookup(argv[0]);
        if (spec != null && !spec.subcommands().isEmpty() && argv.length >= 2) {
            spec = spec.subcommand(new String(argv[1], UTF_8).toLowerCase(Locale.ROOT));
        }
        if (spec == null) {
            throw new Failure("Unknown command '" + new String(argv[0], UTF_8) + "' reading the append only file "
                    + name + " at offset " + offset);
        }
        if (!spec.arityOk(argv.length)) {
            throw new Failure("Bad arity for command '" + spec.fullName() + "' reading the append only file " + name
                    + " at offset " + offset);
        }
        CommandRunner.run(server, worker, spec, argv, client, reply);
        replies.clear();
        commands++;
    }
}
