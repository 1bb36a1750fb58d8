package io.jvalkey.persistence.rdb;

import java.io.IOException;

/**
 * The input is not a valid RDB file or value: carries what is wrong and the byte offset
 * (from the start of the file or payload) where the reader found it.
 *
 * <p>A {@link RdbVisitor} may throw this (with {@link #UNKNOWN_OFFSET}) to refuse what it was
 * given, e.g. a duplicate member; the reader rethrows it with the offset filled in.
 */
public class RdbFormatException extends IOException {
    public static final long UNKNOWN_OFFSET = -1;

    private final long offset;
    private final String reason;

    public RdbFormatException(String reason, long offset) {
        super(offset >= 0 ? reason + " (at byte offset " + offset + ")" : reason);
        this.reason = reason;
        this.offset = offset;
    }

    /** For visitors: the reader adds the offset. */
    public RdbFormatException(String reason) {
        this(reason, UNKNOWN_OFFSET);
    }

    /** Byte offset of the problem, or {@link #UNKNOWN_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** The message without the offset. */
    public String reason() {
        return reason;
    }

    /** This problem located at {@code at} (itself if it already has an offset). */
    public RdbFormatException at(long at) {
        if (offset >= 0) {
            return this;
        }
        RdbFormatException located = new RdbFormatException(reason, at);
        located.initCause(this);
        return located;
    }
}
