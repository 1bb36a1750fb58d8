package io.jvalkey.server.types.list;

import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.keyspace.ValueType;

/**
 * A list value. Elements are immutable byte arrays held in a chain of {@link Node}s (circular
 * arrays), so pushes and pops at both ends are O(1) and an index costs a walk over nodes from the
 * nearer end, as in Valkey.
 *
 * <p>Valkey keeps a small list as one listpack and a larger one as a quicklist (a chain of
 * listpacks). This class reproduces that: in the listpack encoding it is one node; in the
 * quicklist encoding its nodes split, merge and hold "plain" large elements exactly where
 * Valkey's quicklist nodes would (same rules, same byte counts from {@link PackRules}), so OBJECT
 * ENCODING changes in both directions after the same history as in Valkey. Commands decide when
 * to check the encoding, as t_list.c does: {@link #growing} before adding, {@link #shrunk} after
 * removing.
 *
 * <p>Not thread-safe: a value is only touched by the thread that holds its shard.
 */
public final class ListValue implements TypedValue, MemoryEstimate.Sized {
    /** This object's own heap bytes. */
    private static final long BASE_BYTES = 48;
    /** A quicklist's fill is kept within Valkey's bit field range. */
    private static final int FILL_MAX = 32767;

    private Node head;
    private Node tail;
    private int nodeCount;
    private long size;
    private boolean listpack;
    /** The quicklist's own fill, fixed when it was created, as Valkey's quicklist keeps it. */
    private int fill;
    private long memory = BASE_BYTES;
    /** Where {@link #seek} found its element inside the returned node. */
    private int seekOffset;
    /** Whether the last {@link #pop} took an integer entry out of a packed quicklist node. */
    private boolean poppedInteger;

    /** A new empty list in the listpack encoding, as a push to a missing key creates it. */
    public ListValue() {
        listpack = true;
    }

    /**
     * A new empty list in the quicklist encoding, for commands that build a list whole (SORT ...
     * STORE): push its elements, then call {@link #built}.
     */
    public static ListValue newQuicklist(int fill) {
        ListValue l = new ListValue();
        l.listpack = false;
        l.fill = clampFill(fill);
        return l;
    }

    private static int clampFill(int fill) {
        return Math.max(-5, Math.min(FILL_MAX, fill));
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "quicklist";
    }

    public boolean isListpack() {
        return listpack;
    }

    @Override
    public long memoryUsage() {
        return memory;
    }

    public long size() {
        return size;
    }

    /** Number of quicklist nodes (1 for a non-empty listpack). */
    public int nodeCount() {
        return nodeCount;
    }

    /** The first node (tests walk the chain to check invariants). */
    Node firstNode() {
        return head;
    }

    /** The fill a quicklist was created with (DEBUG OBJECT's ql_listpack_max). */
    public int quicklistFill() {
        return fill;
    }

    /** Element counts of the nodes from head to tail, plain nodes negative (tests and DEBUG). */
    public long[] nodeLayout() {
        long[] out = new long[nodeCount];
        int i = 0;
        for (Node n = head; n != null; n = n.next) {
            out[i++] = n.plain ? -n.count : n.count;
        }
        return out;
    }

    /** Listpack bytes of each node, as Valkey's node sz (tests). */
    public long[] nodeBytes() {
        long[] out = new long[nodeCount];
        int i = 0;
        for (Node n = head; n != null; n = n.next) {
            out[i++] = n.bytes;
        }
        return out;
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue();
        c.listpack = listpack;
        c.fill = fill;
        c.size = size;
        for (Node n = head; n != null; n = n.next) {
            Node d = n.duplicate();
            c.linkAfter(c.tail, d);
        }
        c.memory = memory;
        return c;
    }

    // ---- encoding conversions (t_list.c listTypeTryConversion*) --------------------------------

    /**
     * Before adding {@code addCount} elements of {@code addBytes} bytes in all: a listpack that
     * would grow past the limit of {@code fill} (list-max-listpack-size) becomes a quicklist.
     * Elements that Valkey holds as integer objects count 0 bytes (see {@link #poppedInteger}).
     */
    public void growing(long addBytes, long addCount, int fill) {
        if (!listpack || !PackRules.exceedsLimit(fill, listpackBytes() + addBytes, size + addCount)) {
            return;
        }
        listpack = false;
        this.fill = clampFill(fill);
        if (head != null && head.count == 0) {
            unlink(head);
        }
    }

    /**
     * After removing elements: a quicklist down to one packed node of at most half the limits
     * becomes a listpack again (half, so a list at the limit doesn't flip at every push and pop).
     */
    public void shrunk(int fill) {
        tryListpack(fill, true);
    }

    /** After building a list whole: a quicklist that fits the limits becomes a listpack. */
    public void built(int fill) {
        tryListpack(fill, false);
    }

    private void tryListpack(int fill, boolean shrinking) {
        if (listpack || nodeCount != 1 || head.plain) {
            return;
        }
        long sizeLimit = PackRules.sizeLimit(fill);
        long countLimit = PackRules.countLimit(fill);
        if (shrinking) {
            sizeLimit /= 2;
            countLimit /= 2;
        }
        if (head.bytes <= sizeLimit && size <= countLimit) {
            listpack = true;
        }
    }

    /** The listpack size of a listpack-encoded list. */
    private long listpackBytes() {
        return head == null ? PackRules.EMPTY_LISTPACK : head.bytes;
    }

    /**
     * Whether Valkey would hold the element the last {@link #pop} returned as an integer object
     * (an integer entry of a packed quicklist node): such a value counts 0 bytes in the
     * {@link #growing} check of the list LMOVE pushes it to.
     */
    public boolean poppedInteger() {
        return poppedInteger;
    }

    // ---- ends ---------------------------------------------------------------------------------

    /** Adds an element at the head ({@code atHead}) or the tail. */
    public void push(byte[] v, boolean atHead) {
        int es = PackRules.entrySize(v);
        if (listpack) {
            Node n = listpackNode();
            long before = n.footprint();
            if (atHead) {
                n.addFirst(v);
            } else {
                n.addLast(v);
            }
            n.bytes += es;
            memory += n.footprint() - before;
        } else {
            Node end = atHead ? head : tail;
            if (PackRules.isLarge(v.length, fill)) {
                Node p = plainNode(v);
                if (atHead) {
                    linkBefore(end, p);
                } else {
                    linkAfter(end, p);
                }
            } else if (allowInsert(end, v.length)) {
                long before = end.footprint();
                if (atHead) {
                    end.addFirst(v);
                } else {
                    end.addLast(v);
                }
                end.bytes += es;
                memory += end.footprint() - before;
            } else {
                Node n = packedNode(v);
                if (atHead) {
                    linkBefore(end, n);
                } else {
                    linkAfter(end, n);
                }
            }
        }
        size++;
        memory += MemoryEstimate.bytes(v);
    }

    /** Removes and returns the head ({@code atHead}) or tail element, or null when empty. */
    public byte[] pop(boolean atHead) {
        if (size == 0) {
            return null;
        }
        Node n = atHead ? head : tail;
        int i = atHead ? 0 : n.count - 1;
        byte[] e = n.get(i);
        poppedInteger = !listpack && !n.plain && e.length <= 20 && e.length > 0 && PackRules.integerSize(e) > 0;
        return deleteAt(n, i);
    }

    // ---- by index -----------------------------------------------------------------------------

    /** The element at {@code index} (0 <= index < size). */
    public byte[] get(long index) {
        Node n = seek(index);
        return n.get(seekOffset);
    }

    /** Replaces the element at {@code index} (0 <= index < size), as LSET. */
    public void set(long index, byte[] v) {
        Node n = seek(index);
        int off = seekOffset;
        int es = PackRules.entrySize(v);
        if (listpack || (!n.plain && !PackRules.isLarge(v.length, fill))) {
            byte[] old = n.set(off, v);
            n.bytes += es - PackRules.entrySize(old);
            memory += MemoryEstimate.bytes(v) - MemoryEstimate.bytes(old);
            return;
        }
        if (n.plain) {
            if (PackRules.isLarge(v.length, fill)) {
                byte[] old = n.set(0, v);
                n.bytes = v.length;
                memory += MemoryEstimate.bytes(v) - MemoryEstimate.bytes(old);
            } else {
                insertAt(n, 0, v, true);
                size--;
                memory -= MemoryEstimate.bytes(n.get(0));
                unlink(n);
            }
            return;
        }
        // A large element replacing one in a packed node: it gets a plain node of its own
        // after the element, which is then deleted; the neighbours may merge afterwards.
        Node split = null;
        if (off != n.count - 1) {
            split = splitNode(n, off, true);
        }
        Node p = plainNode(v);
        linkAfter(n, p);
        if (split != null) {
            linkAfter(p, split);
        }
        memory += MemoryEstimate.bytes(v);
        if (n.count == 1) {
            memory -= MemoryEstimate.bytes(n.get(0));
            unlink(n);
        } else {
            byte[] old = n.remove(n.count - 1);
            n.bytes -= PackRules.entrySize(old);
            memory -= MemoryEstimate.bytes(old);
            mergeAround(p);
        }
    }

    /**
     * Inserts {@code v} before or after the first element equal to {@code pivot}, as LINSERT.
     *
     * @return false when there is no such element
     */
    public boolean insert(byte[] pivot, byte[] v, boolean after) {
        for (Node n = head; n != null; n = n.next) {
            for (int i = 0; i < n.count; i++) {
                if (java.util.Arrays.equals(n.get(i), pivot)) {
                    if (listpack) {
                        long before = n.footprint();
                        n.insert(after ? i + 1 : i, v);
                        n.bytes += PackRules.entrySize(v);
                        memory += n.footprint() - before + MemoryEstimate.bytes(v);
                        size++;
                    } else {
                        insertAt(n, i, v, after);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes {@code count} elements from index {@code start} on (0 <= start < size). */
    public void removeRange(long start, long count) {
        if (count <= 0) {
            return;
        }
        count = Math.min(count, size - start);
        Node n = seek(start);
        int off = seekOffset;
        while (count > 0) {
            Node next = n.next;
            int del = (int) Math.min(count, n.count - off);
            if (!listpack && (del == n.count || n.plain)) {
                unlinkCounted(n);
            } else {
                long freed = 0;
                long lpBytes = 0;
                for (int i = off; i < off + del; i++) {
                    byte[] e = n.get(i);
                    freed += MemoryEstimate.bytes(e);
                    lpBytes += PackRules.entrySize(e);
                }
                long before = n.footprint();
                n.removeRange(off, del);
                n.bytes -= lpBytes;
                size -= del;
                memory += n.footprint() - before - freed;
            }
            count -= del;
            n = next;
            off = 0;
        }
    }

    /**
     * Removes elements equal to {@code v}: all of them when {@code max} is 0, else at most
     * {@code max}, starting from the tail when {@code fromTail}. Returns how many went.
     */
    public long removeMatches(byte[] v, long max, boolean fromTail) {
        long removed = 0;
        Node n = fromTail ? tail : head;
        while (n != null && (max == 0 || removed < max)) {
            Node following = fromTail ? n.prev : n.next;
            boolean[] keep = null;
            int matched = 0;
            long lpBytes = 0;
            long freed = 0;
            for (int k = 0; k < n.count && (max == 0 || removed + matched < max); k++) {
                int i = fromTail ? n.count - 1 - k : k;
                byte[] e = n.get(i);
                if (java.util.Arrays.equals(e, v)) {
                    if (keep == null) {
                        keep = new boolean[n.count];
                        java.util.Arrays.fill(keep, true);
                    }
                    keep[i] = false;
                    matched++;
                    lpBytes += PackRules.entrySize(e);
                    freed += MemoryEstimate.bytes(e);
                }
            }
            if (matched > 0) {
                removed += matched;
                if (!listpack && matched == n.count) {
                    unlinkCounted(n);
                } else {
                    long before = n.footprint();
                    n.retain(keep);
                    n.bytes -= lpBytes;
                    size -= matched;
                    memory += n.footprint() - before - freed;
                }
            }
            n = following;
        }
        return removed;
    }

    // ---- iteration ----------------------------------------------------------------------------

    /** A cursor on the element at {@code index} (0 <= index < size). */
    public Cursor cursor(long index) {
        Node n = seek(index);
        return new Cursor(n, seekOffset);
    }

    /** Walks elements in either direction from a position; the list must not change meanwhile. */
    public static final class Cursor {
        private Node node;
        private int offset;

        private Cursor(Node node, int offset) {
            this.node = node;
            this.offset = offset;
        }

        /** The current element, then moves towards the tail; null past the end. */
        public byte[] next() {
            if (node == null) {
                return null;
            }
            byte[] e = node.get(offset);
            if (++offset >= node.count) {
                node = node.next;
                offset = 0;
            }
            return e;
        }

        /** The current element, then moves towards the head; null past the start. */
        public byte[] prev() {
            if (node == null) {
                return null;
            }
            byte[] e = node.get(offset);
            if (--offset < 0) {
                node = node.prev;
                offset = node == null ? 0 : node.count - 1;
            }
            return e;
        }
    }

    // ---- quicklist mechanics (mirroring quicklist.c) ------------------------------------------

    /** The node holding element {@code index}, walking from the nearer end; sets {@link #seekOffset}. */
    private Node seek(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        if (index <= (size - 1) / 2) {
            long accum = 0;
            Node n = head;
            while (accum + n.count <= index) {
                accum += n.count;
                n = n.next;
            }
            seekOffset = (int) (index - accum);
            return n;
        }
        long fromTail = size - 1 - index;
        long accum = 0;
        Node n = tail;
        while (accum + n.count <= fromTail) {
            accum += n.count;
            n = n.prev;
        }
        seekOffset = (int) (n.count - 1 - (fromTail - accum));
        return n;
    }

    private Node listpackNode() {
        if (head == null) {
            linkAfter(null, new Node(1));
        }
        return head;
    }

    /** Whether {@code n} can take one more element of {@code len} bytes (Valkey's estimate). */
    private boolean allowInsert(Node n, long len) {
        if (n == null || n.plain || PackRules.isLarge(len, fill)) {
            return false;
        }
        return !PackRules.exceedsLimit(fill, n.bytes + len + PackRules.ENTRY_OVERHEAD_ESTIMATE, n.count + 1L);
    }

    private boolean allowMerge(Node a, Node b) {
        if (a == null || b == null || a.plain || b.plain) {
            return false;
        }
        // One listpack header and end marker fewer; Valkey computes it as an unsigned int.
        long merged = (a.bytes + b.bytes - PackRules.EMPTY_LISTPACK) & 0xFFFFFFFFL;
        return !PackRules.exceedsLimit(fill, merged, (long) a.count + b.count);
    }

    /** A new unlinked packed node holding {@code v}. */
    private Node packedNode(byte[] v) {
        Node n = new Node(1);
        n.addLast(v);
        n.bytes = PackRules.EMPTY_LISTPACK + PackRules.entrySize(v);
        return n;
    }

    /** A new unlinked plain node holding the large element {@code v}. */
    private Node plainNode(byte[] v) {
        Node n = new Node(1);
        n.addLast(v);
        n.plain = true;
        n.bytes = v.length;
        return n;
    }

    private void linkAfter(Node at, Node n) {
        if (at == null) {
            // Empty list (or inserting at the very head of an empty chain).
            n.prev = null;
            n.next = head;
            if (head != null) {
                head.prev = n;
            } else {
                tail = n;
            }
            head = n;
        } else {
            n.prev = at;
            n.next = at.next;
            if (at.next != null) {
                at.next.prev = n;
            } else {
                tail = n;
            }
            at.next = n;
        }
        nodeCount++;
        memory += n.footprint();
    }

    private void linkBefore(Node at, Node n) {
        if (at == null) {
            linkAfter(null, n);
            return;
        }
        n.next = at;
        n.prev = at.prev;
        if (at.prev != null) {
            at.prev.next = n;
        } else {
            head = n;
        }
        at.prev = n;
        nodeCount++;
        memory += n.footprint();
    }

    private void linkSide(Node at, Node n, boolean after) {
        if (after) {
            linkAfter(at, n);
        } else {
            linkBefore(at, n);
        }
    }

    /** Takes a node out of the chain (its elements' accounting is the caller's). */
    private void unlink(Node n) {
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            head = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            tail = n.prev;
        }
        n.prev = null;
        n.next = null;
        nodeCount--;
        memory -= n.footprint();
    }

    /** Unlinks a node whose elements leave the list with it (size and element memory adjusted). */
    private void unlinkCounted(Node n) {
        size -= n.count;
        for (int i = 0; i < n.count; i++) {
            memory -= MemoryEstimate.bytes(n.get(i));
        }
        unlink(n);
    }

    /** Deletes element {@code i} of {@code n} (quicklistDelIndex / lpDelete) and returns it. */
    private byte[] deleteAt(Node n, int i) {
        byte[] e;
        if (!listpack && (n.plain || n.count == 1)) {
            e = n.get(i);
            unlink(n);
        } else {
            long before = n.footprint();
            e = n.remove(i);
            n.bytes -= PackRules.entrySize(e);
            memory += n.footprint() - before;
        }
        size--;
        memory -= MemoryEstimate.bytes(e);
        return e;
    }

    /**
     * Splits {@code n} at {@code off}: with {@code after} the new node takes the elements after
     * {@code off}, else those before it. The new node is returned unlinked.
     */
    private Node splitNode(Node n, int off, boolean after) {
        int from = after ? off + 1 : 0;
        int len = after ? n.count - off - 1 : off;
        Node s = n.copyRange(from, len);
        long moved = 0;
        for (int i = 0; i < len; i++) {
            moved += PackRules.entrySize(s.get(i));
        }
        s.bytes = PackRules.EMPTY_LISTPACK + moved;
        long before = n.footprint();
        n.removeRange(from, len);
        n.bytes -= moved;
        memory += n.footprint() - before;
        return s;
    }

    /** Inserts {@code v} before or after element {@code off} of quicklist node {@code n} (_quicklistInsert). */
    private void insertAt(Node n, int off, byte[] v, boolean after) {
        long len = v.length;
        boolean full = !allowInsert(n, len);
        boolean atTail = after && off == n.count - 1;
        boolean atHead = !after && off == 0;
        boolean availNext = atTail && allowInsert(n.next, len);
        boolean availPrev = atHead && allowInsert(n.prev, len);
        size++;
        memory += MemoryEstimate.bytes(v);
        if (PackRules.isLarge(len, fill)) {
            Node p = plainNode(v);
            if (n.plain || atTail || atHead) {
                linkSide(n, p, after);
            } else {
                Node s = splitNode(n, off, after);
                linkSide(n, p, after);
                linkSide(p, s, after);
            }
            return;
        }
        int es = PackRules.entrySize(v);
        if (!full) {
            addInto(n, after ? off + 1 : off, v, es);
        } else if (atTail && availNext) {
            addInto(n.next, 0, v, es);
        } else if (atHead && availPrev) {
            addInto(n.prev, n.prev.count, v, es);
        } else if (atTail || atHead) {
            linkSide(n, packedNode(v), after);
        } else {
            Node s = splitNode(n, off, after);
            if (after) {
                s.addFirst(v);
            } else {
                s.addLast(v);
            }
            s.bytes += es;
            linkSide(n, s, after);
            mergeAround(n);
        }
    }

    private void addInto(Node n, int i, byte[] v, int es) {
        long before = n.footprint();
        n.insert(i, v);
        n.bytes += es;
        memory += n.footprint() - before;
    }

    /** Tries to merge the nodes around {@code center} (_quicklistMergeNodes). */
    private void mergeAround(Node center) {
        Node prev = center.prev;
        Node prevPrev = prev == null ? null : prev.prev;
        Node next = center.next;
        Node nextNext = next == null ? null : next.next;
        if (allowMerge(prev, prevPrev)) {
            merge(prevPrev, prev);
        }
        if (allowMerge(next, nextNext)) {
            merge(next, nextNext);
        }
        Node target = center;
        if (allowMerge(center, center.prev)) {
            target = merge(center.prev, center);
        }
        if (allowMerge(target, target.next)) {
            merge(target, target.next);
        }
    }

    /** Merges {@code b} into {@code a} (b follows a) or the reverse; returns the node kept. */
    private Node merge(Node a, Node b) {
        Node keep;
        Node gone;
        long beforeA = a.footprint();
        long beforeB = b.footprint();
        if (a.count >= b.count) {
            a.appendAll(b);
            keep = a;
            gone = b;
        } else {
            b.prependAll(a);
            keep = b;
            gone = a;
        }
        keep.bytes = a.bytes + b.bytes - PackRules.EMPTY_LISTPACK;
        memory += (keep == a ? a.footprint() - beforeA : b.footprint() - beforeB);
        unlink(gone);
        return keep;
    }
}
