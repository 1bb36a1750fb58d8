package io.jvalkey.server.protocol;

/** Malformed or over-limit input: the client gets this error, then the connection is closed. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
