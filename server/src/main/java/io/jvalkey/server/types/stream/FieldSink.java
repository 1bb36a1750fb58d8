package io.jvalkey.server.types.stream;

/** Receives an entry's field and value bytes, alternately, without copying them. */
public interface FieldSink {
    void accept(byte[] b, int off, int len);
}
