package io.jvalkey.server.command;

/**
 * Thrown by a handler to answer with an error reply and stop. The message is Valkey's exact text
 * including its code ("ERR ...", "WRONGTYPE ..."). No stack trace: this is control flow.
 */
public final class CommandError extends RuntimeException {
    public static final CommandError WRONGTYPE =
            new CommandError("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final CommandError NOT_INTEGER = new CommandError("ERR value is not an integer or out of range");
    public static final CommandError NOT_FLOAT = new CommandError("ERR value is not a valid float");
    public static final CommandError SYNTAX = new CommandError("ERR syntax error");
    public static final CommandError NO_SUCH_KEY = new CommandError("ERR no such key");
    public static final CommandError OOM =
            new CommandError("OOM command not allowed when used memory > 'maxmemory'.");

    public CommandError(String message) {
        super(message, null, false, false);
    }
}
