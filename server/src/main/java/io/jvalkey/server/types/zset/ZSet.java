package io.jvalkey.server.types.zset;

import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.types.EncodingLimits;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * A sorted set value. Small sets are two sorted flat arrays (OBJECT ENCODING "listpack"); a set
 * that outgrows zset-max-listpack-entries or gets a member longer than zset-max-listpack-value
 * becomes a hash table with a rank-aware order (OBJECT ENCODING "skiplist") and, as in Valkey,
 * never converts back on its own (only freshly built results start small again).
 */
public final class ZSet implements TypedValue, MemoryEstimate.Sized {
    /** Receives members in order with their scores. */
    @FunctionalInterface
    public interface Visitor {
        void accept(byte[] member, double score);
    }

    private Layout layout;

    private ZSet(Layout layout) {
        this.layout = layout;
    }

    /** An empty set whose encoding is chosen as Valkey's zsetTypeCreate does for the expected size. */
    public static ZSet create(long sizeHint, long longestMember, EncodingLimits limits) {
        if (sizeHint <= limits.zsetMaxListpackEntries && longestMember <= limits.zsetMaxListpackValue) {
            return new ZSet(new SortedArrays());
        }
        return new ZSet(new ScoreTable());
    }

    /**
     * A result set (ZUNIONSTORE, GEOSEARCHSTORE ...) built large and shrunk to the small
     * encoding when it fits, as Valkey's zsetConvertToListpackIfNeeded.
     */
    public static ZSet ofResult(ZSet built, long longestMember, EncodingLimits limits) {
        if (built.layout instanceof ScoreTable && built.size() <= limits.zsetMaxListpackEntries
                && longestMember <= limits.zsetMaxListpackValue) {
            built.convert(new SortedArrays(built.size()));
        }
        return built;
    }

    /** A new set in the large encoding (result building). */
    public static ZSet large() {
        return new ZSet(new ScoreTable());
    }

    /** Orders (score, member) pairs as Valkey's skiplist: by score, then member bytes. */
    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return Arrays.compareUnsigned(m1, m2);
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return isSmall() ? "listpack" : "skiplist";
    }

    public boolean isSmall() {
        return layout instanceof SortedArrays;
    }

    @Override
    public ZSet copy() {
        return new ZSet(layout.copy());
    }

    @Override
    public long memoryUsage() {
        return 16 + layout.memoryUsage();
    }

    public int size() {
        return layout.size();
    }

    /** The member's score, or NaN when absent. */
    public double score(byte[] member) {
        return layout.score(member);
    }

    /**
     * Converts to the large encoding if the set is small and about to get {@code newMembers} more
     * members or a member of {@code longest} bytes (Valkey's zsetTypeMaybeConvert, before a ZADD).
     */
    public void growFor(long newMembers, long longest, EncodingLimits limits) {
        if (layout instanceof SortedArrays
                && (newMembers > limits.zsetMaxListpackEntries || longest > limits.zsetMaxListpackValue)) {
            convert(new ScoreTable());
        }
    }

    /** Adds an absent member, converting first when the small encoding would overflow. */
    public void insert(byte[] member, double score, EncodingLimits limits) {
        if (layout instanceof SortedArrays
                && (layout.size() + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue)) {
            convert(new ScoreTable());
        }
        layout.insert(member, score);
    }

    /** Adds an absent member without any encoding check (results built in the large encoding). */
    public void insertUnchecked(byte[] member, double score) {
        layout.insert(member, score);
    }

    /** Changes a present member's score (nothing to do when equal: 0 and -0 count as equal, as in Valkey). */
    public void rescore(byte[] member, double old, double score) {
        if (old != score) {
            layout.rescore(member, old, score);
        }
    }

    public boolean remove(byte[] member) {
        return layout.delete(member);
    }

    public int rank(byte[] member) {
        return layout.rank(member);
    }

    public byte[] memberAt(int rank) {
        return layout.memberAt(rank);
    }

    public double scoreAt(int rank) {
        return layout.scoreAt(rank);
    }

    /** Members with a score below {@code score} (or equal too, when {@code inclusive}). */
    public int countScoreBelow(double score, boolean inclusive) {
        return layout.countScoreBelow(score, inclusive);
    }

    /** Members sorting before {@code member} by bytes (or equal too, when {@code inclusive}). */
    public int countLexBelow(byte[] member, boolean inclusive) {
        return layout.countLexBelow(member, inclusive);
    }

    /** Visits the ranks from..to inclusive; backwards when reverse (from >= to then). */
    public void visit(int from, int to, boolean reverse, Visitor v) {
        if (reverse ? from >= to : from <= to) {
            layout.visit(from, to, reverse, v);
        }
    }

    public void forEach(Visitor v) {
        visit(0, size() - 1, false, v);
    }

    /** Removes the ranks from..to inclusive; returns how many went. */
    public int removeRanks(int from, int to) {
        if (from > to) {
            return 0;
        }
        byte[][] doomed = new byte[to - from + 1][];
        int[] n = {0};
        visit(from, to, false, (m, s) -> doomed[n[0]++] = m);
        for (byte[] m : doomed) {
            layout.delete(m);
        }
        return doomed.length;
    }

    /** Moves a small set to the large encoding (SORT does this to what it sorts, as Valkey does). */
    public void toLarge() {
        if (layout instanceof SortedArrays) {
            convert(new ScoreTable());
        }
    }

    private void convert(Layout target) {
        Layout from = layout;
        from.visit(0, from.size() - 1, false, target::insert);
        layout = target;
    }

    // ---- SCAN and random members --------------------------------------------------------------

    /**
     * One ZSCAN step over the large encoding: visits entry positions (see {@link #memberAtEntry}).
     * The small encoding is returned whole by the caller, as Valkey does.
     */
    public long scan(long cursor, int count, IntConsumer visit) {
        return ((ScoreTable) layout).scan(cursor, count, visit);
    }

    /** A uniformly random entry position of the large encoding. */
    public int randomEntry(RandomGenerator rnd) {
        return ((ScoreTable) layout).randomIndex(rnd);
    }

    public byte[] memberAtEntry(int entry) {
        return ((ScoreTable) layout).keyAt(entry);
    }

    public double scoreAtEntry(int entry) {
        return ((ScoreTable) layout).scoreOfEntry(entry);
    }

    /** Test hook: checks the large layout's invariants. */
    void checkInvariants() {
        if (layout instanceof ScoreTable t) {
            t.check();
        }
    }
}
