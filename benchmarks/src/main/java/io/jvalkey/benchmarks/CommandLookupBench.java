package io.jvalkey.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.commands.Commands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** CommandTable.lookup on the raw name bytes of a request, as every request does. Score: ns per lookup. */
public class CommandLookupBench extends ShortRun {
    @Param({"GET", "set", "FlushAll", "nosuchcmd"})
    public String name;

    private final CommandTable table = new CommandTable();
    private byte[] bytes;

    @Setup
    public void setup() {
        Commands.registerAll(table);
        bytes = name.getBytes(US_ASCII);
    }

    @Benchmark
    public CommandSpec lookup() {
        return table.lookup(bytes);
    }
}
