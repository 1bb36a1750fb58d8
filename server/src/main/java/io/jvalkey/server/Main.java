package io.jvalkey.server;

import io.jvalkey.server.config.Config;
import io.jvalkey.server.config.ConfigFile;
import io.jvalkey.server.config.ServerConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The command line, as valkey-server's: {@code jvalkey-server [config-file] [--name value ...]}. */
@Command(name = "jvalkey-server", mixinStandardHelpOptions = true, usageHelpWidth = 80,
        versionProvider = Main.VersionInfo.class,
        description = {
            "Starts a Valkey-compatible server. After the optional config file",
            "(valkey.conf syntax) any Valkey config parameter can be given as",
            "--<name> <value...>; command-line values override the file. Unknown",
            "parameters are an error, as in Valkey.",
            "",
            "jvalkey's own parameters:",
            "  --shards <n>          keyspace shards, one event-loop thread each",
            "                        (0, the default: one per core)",
            "  --io-transport <t>    epoll (default), io_uring or nio",
            "",
            "Examples:",
            "  jvalkey-server",
            "  jvalkey-server /etc/jvalkey/jvalkey.conf --port 7000 --save ''",
            "  jvalkey-server --port 6380 --maxmemory 1gb --maxmemory-policy allkeys-lru"
        })
public final class Main implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "[config-file] [--name value ...]",
            description = "optional config file, then config parameters")
    List<String> args = new ArrayList<>();

    public static void main(String[] argv) {
        CommandLine cli = new CommandLine(new Main());
        cli.setUnmatchedOptionsArePositionalParams(true);
        cli.setUnmatchedArgumentsAllowed(false);
        cli.setOverwrittenOptionsAllowed(true);
        int code = cli.execute(argv);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Config config = ServerConfigs.declare();
        ConfigFile loader = new ConfigFile(config);
        List<String> rest = args;
        try {
            if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
                Path file = Path.of(rest.get(0));
                if (!Files.isRegularFile(file)) {
                    System.err.println("Fatal error, can't open config file '" + file.toAbsolutePath() + "': No such file or directory");
                    return 1;
                }
                config.configFile(file.toAbsolutePath().toString());
                loader.loadFile(file);
                rest = rest.subList(1, rest.size());
            }
            if (!rest.isEmpty()) {
                loader.load(ConfigFile.fromArguments(rest), null);
            }
        } catch (ConfigFile.Failure f) {
            System.err.println();
            System.err.println("*** FATAL CONFIG FILE ERROR (jvalkey " + Version.VERSION + ") ***");
            System.err.println("Reading the configuration file, at line " + f.line);
            System.err.println(">>> '" + f.text + "'");
            System.err.println(f.getMessage());
            return 1;
        }
        Server server = new Server(config);
        try {
            server.start();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.log().warning("Received SIGTERM scheduling shutdown...");
            server.persistence().finalSaveOnSignal(server.config().get("shutdown-on-sigterm"));
            server.shutdown();
        }, "jvalkey-sigterm"));
        server.awaitStop();
        return 0;
    }

    /** --version, in valkey-server's shape. */
    public static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jvalkey server v=" + Version.VERSION + " valkey-compat=" + Version.VALKEY_COMPAT
                    + " java=" + Runtime.version() + " bits=64"};
        }
    }
}
