package io.jvalkey.server.types.zset;

/**
 * One representation of a sorted set: members ordered by score, then by member bytes (unsigned,
 * shorter first on a common prefix, as Valkey's sdscmp). Ranks are 0-based in that order.
 * Scores are never NaN, so NaN serves as "absent".
 */
sealed interface Layout permits SortedArrays, ScoreTable {
    int size();

    /** The member's score, or NaN when it is absent. */
    double score(byte[] member);

    /** Adds a member known to be absent. The layout keeps the array: it must not change. */
    void insert(byte[] member, double score);

    /** Changes the score of a present member whose current score is {@code old}. */
    void rescore(byte[] member, double old, double score);

    /** Removes a member; true if it was present. */
    boolean delete(byte[] member);

    /** The member's rank, or -1 when it is absent. */
    int rank(byte[] member);

    byte[] memberAt(int rank);

    double scoreAt(int rank);

    /** How many members have a score below {@code score} (or equal to it too, when {@code inclusive}). */
    int countScoreBelow(double score, boolean inclusive);

    /** How many members sort before {@code member} by bytes alone (or equal to it too, when {@code inclusive}). */
    int countLexBelow(byte[] member, boolean inclusive);

    /** Visits ranks {@code from..to} (inclusive, in range), backwards when {@code reverse} (then from >= to). */
    void visit(int from, int to, boolean reverse, ZSet.Visitor v);

    /** Heap bytes, kept as a running figure. */
    long memoryUsage();

    Layout copy();
}
