package io.jvalkey.server.types.set;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.types.BytesTable;
import io.jvalkey.server.types.EncodingLimits;
import io.jvalkey.server.types.SetMembers;
import java.util.function.Consumer;

/**
 * A set value in one of Valkey's three encodings, switching between them exactly where Valkey
 * does: "intset" while every member is a canonical integer and there are at most
 * set-max-intset-entries of them; "listpack" for up to set-max-listpack-entries members of at
 * most set-max-listpack-value bytes; "hashtable" otherwise. Sets only grow into larger encodings;
 * the exceptions (SPOP's rebuild, SINTERSTORE's result) build a new value instead.
 *
 * <p>Every encoding addresses its members by a dense index 0..size-1, which is what random
 * sampling uses. Member arrays are stored as given and never changed.
 */
public final class SetValue implements TypedValue, MemoryEstimate.Sized, SetMembers {
    /** Valkey's encodings of a set, with the names OBJECT ENCODING prints. */
    public enum Encoding {
        INTSET("intset"), LISTPACK("listpack"), HASHTABLE("hashtable");

        private final String wireName;

        Encoding(String wireName) {
            this.wireName = wireName;
        }
    }

    private Encoding encoding;
    private IntsetMembers ints;
    private ListpackMembers small;
    private BytesTable table;

    private SetValue(Encoding encoding) {
        this.encoding = encoding;
        switch (encoding) {
            case INTSET -> ints = new IntsetMembers(0);
            case LISTPACK -> small = new ListpackMembers(0);
            case HASHTABLE -> table = new BytesTable();
        }
    }

    /** An empty set in the given encoding (for results that Valkey starts in a fixed encoding). */
    public static SetValue empty(Encoding encoding) {
        return new SetValue(encoding);
    }

    /**
     * A new empty set able to hold {@code first}, for about {@code sizeHint} members: intset if
     * the member is an integer and the hint fits an intset, else listpack if the hint fits one,
     * else hashtable (Valkey's setTypeCreate).
     */
    public static SetValue create(byte[] first, long sizeHint, EncodingLimits limits) {
        if (Numbers.isCanonicalLong(first) && sizeHint <= limits.setMaxIntsetEntries) {
            return new SetValue(Encoding.INTSET);
        }
        if (sizeHint <= limits.setMaxListpackEntries) {
            return new SetValue(Encoding.LISTPACK);
        }
        return new SetValue(Encoding.HASHTABLE);
    }

    /** Converts to hashtable up front when about {@code sizeHint} members will not fit the current encoding. */
    public void maybeConvert(long sizeHint, EncodingLimits limits) {
        if ((encoding == Encoding.LISTPACK && sizeHint > limits.setMaxListpackEntries)
                || (encoding == Encoding.INTSET && sizeHint > limits.setMaxIntsetEntries)) {
            toHashtable();
        }
    }

    public Encoding encodingKind() {
        return encoding;
    }

    public int size() {
        return switch (encoding) {
            case INTSET -> ints.size();
            case LISTPACK -> small.size();
            case HASHTABLE -> table.size();
        };
    }

    /** Adds a member; true if it was not there. The array is kept as the member: never change it. */
    public boolean add(byte[] m, EncodingLimits limits) {
        switch (encoding) {
            case HASHTABLE -> {
                return table.addIfAbsent(m) >= 0;
            }
            case LISTPACK -> {
                if (small.indexOf(m) >= 0) {
                    return false;
                }
                if (small.size() < limits.setMaxListpackEntries && m.length <= limits.setMaxListpackValue) {
                    small.append(m);
                } else {
                    toHashtable();
                    table.addIfAbsent(m);
                }
                return true;
            }
            default -> {
                long v = Numbers.parseLongOr(m, Long.MIN_VALUE);
                if (v != Long.MIN_VALUE || Numbers.isCanonicalLong(m)) {
                    if (!ints.add(v)) {
                        return false;
                    }
                    if (ints.size() > intsetMaxEntries(limits)) {
                        toHashtable();
                    }
                    return true;
                }
                // Not an integer: listpack if every member, this one included, would fit one.
                long longest = ints.size() == 0 ? 0 : Math.max(digits(ints.min()), digits(ints.max()));
                if (ints.size() < limits.setMaxListpackEntries && m.length <= limits.setMaxListpackValue
                        && longest <= limits.setMaxListpackValue) {
                    toListpack();
                    small.append(m);
                } else {
                    toHashtable();
                    table.addIfAbsent(m);
                }
                return true;
            }
        }
    }

    public boolean remove(byte[] m) {
        switch (encoding) {
            case HASHTABLE -> {
                return table.remove(m);
            }
            case LISTPACK -> {
                int i = small.indexOf(m);
                if (i < 0) {
                    return false;
                }
                small.removeAt(i);
                return true;
            }
            default -> {
                long v = Numbers.parseLongOr(m, Long.MIN_VALUE);
                return (v != Long.MIN_VALUE || Numbers.isCanonicalLong(m)) && ints.remove(v);
            }
        }
    }

    public boolean contains(byte[] m) {
        return switch (encoding) {
            case HASHTABLE -> table.find(m) >= 0;
            case LISTPACK -> small.indexOf(m) >= 0;
            case INTSET -> {
                long v = Numbers.parseLongOr(m, Long.MIN_VALUE);
                yield (v != Long.MIN_VALUE || Numbers.isCanonicalLong(m)) && ints.contains(v);
            }
        };
    }

    /**
     * The member at a dense index (0..size-1). Intset members are created as text on the way out;
     * the order is ascending for intsets, insertion order for listpacks, table order otherwise.
     */
    public byte[] memberAt(int index) {
        return switch (encoding) {
            case HASHTABLE -> table.keyAt(index);
            case LISTPACK -> small.get(index);
            case INTSET -> text(ints.get(index));
        };
    }

    /** Visits every member in {@link #memberAt} order. */
    @Override
    public void forEachMember(Consumer<byte[]> action) {
        forEach(action);
    }

    public void forEach(Consumer<byte[]> out) {
        int n = size();
        for (int i = 0; i < n; i++) {
            out.accept(memberAt(i));
        }
    }

    /**
     * One SSCAN step. A hashtable is walked bucket by bucket with a reverse-binary cursor (members
     * present for the whole scan are returned at least once); the small encodings return all
     * members at once with cursor 0, as Valkey does.
     */
    public long scan(long cursor, int count, Consumer<byte[]> out) {
        if (encoding != Encoding.HASHTABLE) {
            forEach(out);
            return 0;
        }
        return table.scan(cursor, count, i -> out.accept(table.keyAt(i)));
    }

    /**
     * Turns a set known to hold only integers into an intset when it has few enough members
     * (Valkey's maybeConvertToIntset, used for SINTERSTORE results).
     */
    public void maybeConvertToIntset(EncodingLimits limits) {
        if (encoding == Encoding.INTSET || size() > intsetMaxEntries(limits)) {
            return;
        }
        IntsetMembers is = new IntsetMembers(size());
        forEach(m -> is.add(Numbers.parseLong(m)));
        small = null;
        table = null;
        ints = is;
        encoding = Encoding.INTSET;
    }

    private void toHashtable() {
        BytesTable t = new BytesTable();
        forEach(t::addIfAbsent);
        ints = null;
        small = null;
        table = t;
        encoding = Encoding.HASHTABLE;
    }

    private void toListpack() {
        ListpackMembers l = new ListpackMembers(size() + 1);
        forEach(l::append);
        ints = null;
        table = null;
        small = l;
        encoding = Encoding.LISTPACK;
    }

    /** Valkey caps intsets at 2^30 entries whatever the config says. */
    private static long intsetMaxEntries(EncodingLimits limits) {
        return Math.min(limits.setMaxIntsetEntries, 1L << 30);
    }

    /** Characters of a long's decimal text, sign included. */
    static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        for (long a = Math.abs(v); a >= 10; a /= 10) {
            n++;
        }
        return n;
    }

    static byte[] text(long v) {
        return Long.toString(v).getBytes(US_ASCII);
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return encoding.wireName;
    }

    @Override
    public SetValue copy() {
        SetValue c = new SetValue(encoding);
        switch (encoding) {
            case INTSET -> c.ints = ints.copy();
            case LISTPACK -> c.small = small.copy();
            case HASHTABLE -> forEach(c.table::addIfAbsent);
        }
        return c;
    }

    @Override
    public long memoryUsage() {
        long rep = switch (encoding) {
            case INTSET -> ints.memoryUsage();
            case LISTPACK -> small.memoryUsage();
            case HASHTABLE -> table.memoryUsage() + 16;
        };
        return 24 + rep;
    }
}
