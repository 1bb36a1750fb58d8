package io.jvalkey.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.command.CommandSpec;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.commands.Commands;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** CommandTable.lookup on the raw name bytes of a request, as every request does. Score: ns per lookup. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseCompactObjectHeaders")
@State(Scope.Thread)
public class CommandLookupBench {
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
