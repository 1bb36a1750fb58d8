package io.jvalkey.server.commands.sort;

import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.types.EncodingLimits;
import java.util.List;

/** Builds the list SORT ... STORE saves, in the encoding a list of those elements gets. */
@FunctionalInterface
public interface SortStoreFactory {
    /** A list value holding {@code elements} (never empty) from head to tail. */
    TypedValue list(List<byte[]> elements, EncodingLimits limits);
}
