package io.jvalkey.server.commands.sort;

import java.util.function.Consumer;

/**
 * What SORT needs from a list or sorted set value (sets are read directly). The list and sorted
 * set representations implement it; SORT never changes the elements.
 */
public interface SortSource {
    /** The number of elements. */
    int sortLength();

    /** Every element in the value's own order: a list from head to tail, a sorted set by rank. */
    void sortElements(Consumer<byte[]> out);

    /**
     * Called once before SORT reads the value. Valkey converts a listpack sorted set to a
     * skiplist here (OBJECT ENCODING shows it afterwards); lists need nothing.
     */
    default void beforeSort() {}
}
