package io.jvalkey.server.command;

/** Executes one command, writing its reply through the context. */
@FunctionalInterface
public interface Handler {
    void execute(CommandContext c);
}
