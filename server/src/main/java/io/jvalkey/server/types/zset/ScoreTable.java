package io.jvalkey.server.types.zset;

import io.jvalkey.server.types.BytesTable;
import java.util.Arrays;

/**
 * The large layout (Valkey's "skiplist"): a {@link BytesTable} from member to entry index, with
 * the score in a parallel array, and the order kept by a treap threaded through the same entry
 * indices (left child, right child, subtree size, priority: four ints per member, no node
 * objects). Subtree sizes give ranks; the random priorities keep the expected depth logarithmic.
 *
 * <p>When the table moves its last entry into a hole, the treap node follows: the parent's link
 * (found by searching the moved entry's own key) is re-pointed at the new index.
 */
final class ScoreTable extends BytesTable implements Layout {
    private static final int NIL = -1;
    private static final double[] NO_SCORES = new double[0];
    private static final int[] NO_INTS = new int[0];

    private double[] scores = NO_SCORES;
    private int[] left = NO_INTS;
    private int[] right = NO_INTS;
    private int[] count = NO_INTS;
    private int[] priority = NO_INTS;
    private int root = NIL;
    private long seed = 0x2545F4914F6CDD1DL ^ System.nanoTime();

    // ---- the table's hooks ------------------------------------------------------------------------

    @Override
    protected void resizeValues(int capacity) {
        scores = capacity == 0 ? NO_SCORES : Arrays.copyOf(scores, capacity);
        left = capacity == 0 ? NO_INTS : Arrays.copyOf(left, capacity);
        right = capacity == 0 ? NO_INTS : Arrays.copyOf(right, capacity);
        count = capacity == 0 ? NO_INTS : Arrays.copyOf(count, capacity);
        priority = capacity == 0 ? NO_INTS : Arrays.copyOf(priority, capacity);
        if (capacity == 0) {
            root = NIL;
        }
    }

    @Override
    protected void moveValue(int from, int to) {
        scores[to] = scores[from];
        left[to] = left[from];
        right[to] = right[from];
        count[to] = count[from];
        priority[to] = priority[from];
        if (root == from) {
            root = to;
            return;
        }
        // The parent is on the search path of the moved entry's key (still readable at 'from').
        double s = scores[from];
        byte[] m = keyAt(to);
        int t = root;
        while (true) {
            boolean goLeft = ZSet.compare(s, m, scores[t], keyAt(t)) < 0;
            int child = goLeft ? left[t] : right[t];
            if (child == from) {
                if (goLeft) {
                    left[t] = to;
                } else {
                    right[t] = to;
                }
                return;
            }
            t = child;
        }
    }

    // ---- Layout ------------------------------------------------------------------------------

    @Override
    public double score(byte[] member) {
        int i = find(member);
        return i < 0 ? Double.NaN : scores[i];
    }

    @Override
    public void insert(byte[] member, double score) {
        int i = addIfAbsent(member);
        scores[i] = score;
        left[i] = NIL;
        right[i] = NIL;
        count[i] = 1;
        priority[i] = nextPriority();
        root = insert(root, i);
    }

    private int nextPriority() {
        long x = seed;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        seed = x;
        return (int) (x >>> 32);
    }

    private int insert(int t, int x) {
        if (t == NIL) {
            return x;
        }
        count[t]++;
        if (before(x, t)) {
            int l = insert(left[t], x);
            left[t] = l;
            if (priority[l] > priority[t]) {
                return rotateRight(t);
            }
        } else {
            int r = insert(right[t], x);
            right[t] = r;
            if (priority[r] > priority[t]) {
                return rotateLeft(t);
            }
        }
        return t;
    }

    /** Entry a sorts before entry b. */
    private boolean before(int a, int b) {
        return ZSet.compare(scores[a], keyAt(a), scores[b], keyAt(b)) < 0;
    }

    private int size(int t) {
        return t == NIL ? 0 : count[t];
    }

    private int rotateRight(int t) {
        int l = left[t];
        left[t] = right[l];
        right[l] = t;
        count[l] = count[t];
        count[t] = size(left[t]) + size(right[t]) + 1;
        return l;
    }

    private int rotateLeft(int t) {
        int r = right[t];
        right[t] = left[r];
        left[r] = t;
        count[r] = count[t];
        count[t] = size(left[t]) + size(right[t]) + 1;
        return r;
    }

    /** Unlinks entry x (present) from the subtree at t; returns the new subtree root. */
    private int unlink(int t, int x) {
        if (t == x) {
            return merge(left[t], right[t]);
        }
        count[t]--;
        if (before(x, t)) {
            left[t] = unlink(left[t], x);
        } else {
            right[t] = unlink(right[t], x);
        }
        return t;
    }

    private int merge(int a, int b) {
        if (a == NIL) {
            return b;
        }
        if (b == NIL) {
            return a;
        }
        if (priority[a] > priority[b]) {
            count[a] += count[b];
            right[a] = merge(right[a], b);
            return a;
        }
        count[b] += count[a];
        left[b] = merge(a, left[b]);
        return b;
    }

    @Override
    public void rescore(byte[] member, double old, double score) {
        int i = find(member);
        root = unlink(root, i);
        scores[i] = score;
        left[i] = NIL;
        right[i] = NIL;
        count[i] = 1;
        root = insert(root, i);
    }

    @Override
    public boolean delete(byte[] member) {
        int i = find(member);
        if (i < 0) {
            return false;
        }
        root = unlink(root, i);
        removeAt(i); // may move the last entry into i (see moveValue)
        return true;
    }

    @Override
    public int rank(byte[] member) {
        int x = find(member);
        if (x < 0) {
            return -1;
        }
        int r = 0;
        int t = root;
        while (t != x) {
            if (before(x, t)) {
                t = left[t];
            } else {
                r += size(left[t]) + 1;
                t = right[t];
            }
        }
        return r + size(left[x]);
    }

    /** The entry at a rank. */
    private int select(int rank) {
        int t = root;
        while (true) {
            int l = size(left[t]);
            if (rank < l) {
                t = left[t];
            } else if (rank == l) {
                return t;
            } else {
                rank -= l + 1;
                t = right[t];
            }
        }
    }

    @Override
    public byte[] memberAt(int rank) {
        return keyAt(select(rank));
    }

    @Override
    public double scoreAt(int rank) {
        return scores[select(rank)];
    }

    @Override
    public int countScoreBelow(double score, boolean inclusive) {
        int n = 0;
        int t = root;
        while (t != NIL) {
            double s = scores[t];
            if (s < score || (inclusive && s == score)) {
                n += size(left[t]) + 1;
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return n;
    }

    @Override
    public int countLexBelow(byte[] member, boolean inclusive) {
        int n = 0;
        int t = root;
        while (t != NIL) {
            int c = Arrays.compareUnsigned(keyAt(t), member);
            if (c < 0 || (inclusive && c == 0)) {
                n += size(left[t]) + 1;
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return n;
    }

    @Override
    public void visit(int from, int to, boolean reverse, ZSet.Visitor v) {
        if (reverse) {
            visitBackward(root, 0, to, from, v);
        } else {
            visitForward(root, 0, from, to, v);
        }
    }

    /** In-order walk of the ranks lo..hi of subtree t, whose first rank is {@code base}. */
    private void visitForward(int t, int base, int lo, int hi, ZSet.Visitor v) {
        while (t != NIL) {
            int r = base + size(left[t]);
            if (lo < r) {
                visitForward(left[t], base, lo, hi, v);
            }
            if (r > hi) {
                return;
            }
            if (r >= lo) {
                v.accept(keyAt(t), scores[t]);
            }
            base = r + 1;
            t = right[t];
        }
    }

    private void visitBackward(int t, int base, int lo, int hi, ZSet.Visitor v) {
        while (t != NIL) {
            int r = base + size(left[t]);
            if (hi > r) {
                visitBackward(right[t], r + 1, lo, hi, v);
            }
            if (r < lo) {
                return;
            }
            if (r <= hi) {
                v.accept(keyAt(t), scores[t]);
            }
            t = left[t];
        }
    }

    /** The entry index at the table's position {@code i} (SCAN and random picks walk the table). */
    double scoreOfEntry(int i) {
        return scores[i];
    }

    @Override
    public long memoryUsage() {
        // The table's figure plus five 4/8-byte parallel slots per capacity unit (score, links, size, priority).
        return super.memoryUsage() + 24L * scores.length + 5 * 16;
    }

    @Override
    public ScoreTable copy() {
        ScoreTable c = new ScoreTable();
        visit(0, size() - 1, false, (m, s) -> c.insert(m.clone(), s));
        return c;
    }

    /** Checks the treap's invariants (tests): order, sizes, heap property. Returns the node count. */
    int check() {
        int n = check(root, NIL, NIL);
        if (n != size()) {
            throw new IllegalStateException("treap holds " + n + " of " + size());
        }
        return n;
    }

    private int check(int t, int lo, int hi) {
        if (t == NIL) {
            return 0;
        }
        if ((lo != NIL && !before(lo, t)) || (hi != NIL && !before(t, hi))) {
            throw new IllegalStateException("order broken at " + t);
        }
        if ((left[t] != NIL && priority[left[t]] > priority[t]) || (right[t] != NIL && priority[right[t]] > priority[t])) {
            throw new IllegalStateException("heap broken at " + t);
        }
        int n = check(left[t], lo, t) + check(right[t], t, hi) + 1;
        if (n != count[t]) {
            throw new IllegalStateException("size wrong at " + t);
        }
        return n;
    }
}
