package io.jvalkey.server.types;

import java.util.function.Consumer;

/**
 * What the sorted-set commands need from a plain set value: ZUNION, ZINTER, ZDIFF and their
 * STORE forms and ZINTERCARD accept sets as inputs, every member scoring 1. The set type
 * implements this so the zset code does not depend on its representation.
 */
public interface SetMembers {
    int size();

    boolean contains(byte[] member);

    /** Every member once, in any order (the caller does not keep the arrays beyond the command). */
    void forEachMember(Consumer<byte[]> action);
}
