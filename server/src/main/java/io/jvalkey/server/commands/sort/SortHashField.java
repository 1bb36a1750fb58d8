package io.jvalkey.server.commands.sort;

/** A hash value as SORT's {@code key->field} patterns read it; the hash representation implements it. */
public interface SortHashField {
    /** The value of a field, or null if the hash has no such field. */
    byte[] sortField(byte[] field);
}
