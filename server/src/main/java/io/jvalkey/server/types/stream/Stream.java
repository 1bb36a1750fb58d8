package io.jvalkey.server.types.stream;

import io.jvalkey.server.keyspace.MemoryEstimate;
import io.jvalkey.server.keyspace.TypedValue;
import io.jvalkey.server.keyspace.ValueType;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;

/**
 * A stream value: entries ordered by ID in {@link StreamNode}s (kept in an array ordered by their
 * first ID, the way Valkey's radix tree orders its listpacks), the stream's counters (length,
 * last ID, first ID, max deleted ID, entries added) and its consumer groups. The algorithms
 * follow Valkey's t_stream.c so that node boundaries, tombstones, trimming and the read counters
 * come out the same.
 */
public final class Stream implements TypedValue, MemoryEstimate.Sized {
    /** Valkey never lets one node grow beyond this, whatever stream-node-max-bytes says. */
    static final long NODE_MAX_SIZE = 1L << 30;
    private static final long BASE_BYTES = 96;

    // Nodes live in nodes[head, tail), ordered by master ID.
    private StreamNode[] nodes = new StreamNode[2];
    private int head;
    private int tail;

    private long length;
    private StreamId lastId = StreamId.MIN;
    private StreamId firstId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    private TreeMap<byte[], ConsumerGroup> groups;

    private long nodeBytes;
    long groupBytes;

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public long memoryUsage() {
        return BASE_BYTES + arrayBytes() + nodeBytes + groupBytes;
    }

    private long arrayBytes() {
        return 16 + nodes.length * 4L;
    }

    @Override
    public Stream copy() {
        Stream s = new Stream();
        s.nodes = new StreamNode[nodes.length];
        for (int i = head; i < tail; i++) {
            s.nodes[i - head] = nodes[i].copy();
        }
        s.tail = tail - head;
        s.length = length;
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        s.nodeBytes = nodeBytes;
        s.groupBytes = groupBytes;
        if (groups != null) {
            s.groups = new TreeMap<>(Arrays::compareUnsigned);
            for (ConsumerGroup g : groups.values()) {
                s.groups.put(g.name, g.copy(s));
            }
        }
        return s;
    }

    // ---- counters -------------------------------------------------------------------------------

    public long length() {
        return length;
    }

    public StreamId lastId() {
        return lastId;
    }

    /** The first live entry's ID as recorded (0-0 when empty). */
    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    /** XSETID: the caller has checked the values against the stream. */
    public void setIds(StreamId last, long added, StreamId maxDeleted) {
        lastId = last;
        if (added != -1) {
            entriesAdded = added;
        }
        if (!maxDeleted.isZero()) {
            maxDeletedId = maxDeleted;
        }
    }

    /** Radix tree keys in Valkey: one per node. */
    public int nodeCount() {
        return tail - head;
    }

    /**
     * The number of nodes Valkey's radix tree would have for these node keys (16-byte big-endian
     * IDs): chains of single-child characters make one node, each branching point one, each key one.
     */
    public long radixTreeNodes() {
        int n = tail - head;
        if (n == 0) {
            return 1;
        }
        return raxNodes(head, tail, 0);
    }

    private long raxNodes(int from, int to, int depth) {
        if (to - from == 1) {
            return (depth < 16 ? 1 : 0) + 1;
        }
        int common = commonPrefix(nodes[from], nodes[to - 1]);
        long count = (common > depth ? 1 : 0) + 1;
        int i = from;
        while (i < to) {
            int b = keyByte(nodes[i], common);
            int j = i + 1;
            while (j < to && keyByte(nodes[j], common) == b) {
                j++;
            }
            count += raxNodes(i, j, common + 1);
            i = j;
        }
        return count;
    }

    private static int keyByte(StreamNode n, int i) {
        long v = i < 8 ? n.masterMs : n.masterSeq;
        return (int) (v >>> (56 - 8 * (i & 7))) & 0xFF;
    }

    private static int commonPrefix(StreamNode a, StreamNode b) {
        long x = a.masterMs ^ b.masterMs;
        if (x != 0) {
            return Long.numberOfLeadingZeros(x) / 8;
        }
        x = a.masterSeq ^ b.masterSeq;
        return x == 0 ? 16 : 8 + Long.numberOfLeadingZeros(x) / 8;
    }

    // ---- adding ---------------------------------------------------------------------------------

    /**
     * The ID an XADD would use: {@code given} null means fully automatic (from {@code nowMs}),
     * {@code seqGiven} false means "ms-*". Returns null when that ID is not above the last one
     * (or the sequence would overflow).
     */
    public StreamId nextId(StreamId given, boolean seqGiven, long nowMs) {
        StreamId id;
        if (given == null) {
            if (Long.compareUnsigned(nowMs, lastId.ms()) > 0) {
                id = new StreamId(nowMs, 0);
            } else {
                id = lastId.next();
                if (id == null) {
                    return null;
                }
            }
        } else if (!seqGiven) {
            if (lastId.ms() == given.ms()) {
                if (lastId.seq() == -1L) {
                    return null;
                }
                id = new StreamId(lastId.ms(), lastId.seq() + 1);
            } else {
                id = given;
            }
        } else {
            id = given;
        }
        return id.compareTo(lastId) > 0 ? id : null;
    }

    /**
     * Appends an entry with an ID from {@link #nextId}. The fields and values are
     * argv[from], argv[from+1] ... ({@code nfields} pairs); the arrays are kept, not copied.
     */
    public void append(StreamId id, byte[][] argv, int from, int nfields, long nodeMaxBytes, long nodeMaxEntries) {
        StreamNode last = tail > head ? nodes[tail - 1] : null;
        if (last != null) {
            long total = 0;
            for (int i = 0; i < 2 * nfields; i++) {
                total += argv[from + i].length;
            }
            long maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > NODE_MAX_SIZE ? NODE_MAX_SIZE : nodeMaxBytes;
            if (last.listpackBytes() + total >= maxBytes
                    || (nodeMaxEntries != 0 && last.count >= nodeMaxEntries)) {
                long before = last.memory();
                last.shrink();
                nodeBytes += last.memory() - before;
                last = null;
            }
        }
        if (last == null) {
            last = new StreamNode(id.ms(), id.seq(), argv, from, nfields);
            if (tail == nodes.length) {
                growNodes();
            }
            nodes[tail++] = last;
            nodeBytes += last.memory();
        }
        long before = last.memory();
        last.append(id.ms(), id.seq(), argv, from, nfields);
        nodeBytes += last.memory() - before;
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) {
            firstId = id;
        }
    }

    private void growNodes() {
        int live = tail - head;
        if (head > 0 && live < nodes.length / 2) {
            System.arraycopy(nodes, head, nodes, 0, live);
            Arrays.fill(nodes, live, tail, null);
        } else {
            nodes = Arrays.copyOfRange(nodes, head, head + Math.max(4, nodes.length * 2));
        }
        head = 0;
        tail = live;
    }

    /** True if the entry exists and is not deleted. */
    public boolean contains(StreamId id) {
        int n = floorNode(id.ms(), id.seq());
        if (n < 0) {
            return false;
        }
        StreamNode node = nodes[n];
        int i = node.lowerBound(id.ms(), id.seq());
        return i < node.count && node.ms(i) == id.ms() && node.seq(i) == id.seq() && !node.deleted(i);
    }

    // ---- deleting -------------------------------------------------------------------------------

    /** XDEL: deletes the entries that exist, keeping the first and max deleted IDs right; returns how many. */
    public int delete(StreamId[] ids) {
        int deleted = 0;
        boolean firstDeleted = false;
        for (StreamId id : ids) {
            if (deleteOne(id)) {
                if (id.equals(firstId)) {
                    firstDeleted = true;
                }
                if (id.compareTo(maxDeletedId) > 0) {
                    maxDeletedId = id;
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (length == 0) {
                firstId = StreamId.MIN;
            } else if (firstDeleted) {
                firstId = firstLiveId();
            }
        }
        return deleted;
    }

    private boolean deleteOne(StreamId id) {
        int n = floorNode(id.ms(), id.seq());
        if (n < 0) {
            return false;
        }
        StreamNode node = nodes[n];
        int i = node.lowerBound(id.ms(), id.seq());
        if (i >= node.count || node.ms(i) != id.ms() || node.seq(i) != id.seq() || node.deleted(i)) {
            return false;
        }
        if (node.live == 1) {
            removeNode(n);
        } else {
            node.markDeleted(i);
        }
        length--;
        return true;
    }

    private void removeNode(int n) {
        nodeBytes -= nodes[n].memory();
        if (n == head) {
            nodes[head++] = null;
        } else {
            System.arraycopy(nodes, n + 1, nodes, n, tail - n - 1);
            nodes[--tail] = null;
        }
        if (head == tail) {
            nodes = new StreamNode[2];
            head = 0;
            tail = 0;
        }
    }

    /** Trimming strategy for {@link #trim}. */
    public enum Trim { MAXLEN, MINID }

    /**
     * Valkey's streamTrim: whole nodes go while they can; exact trimming then marks entries of
     * the next node deleted; approximate trimming stops at the first node it cannot drop whole.
     * {@code limit} (0: none) caps the entries removed. Returns the number removed.
     */
    public long trim(Trim strategy, long maxLen, StreamId minId, boolean approx, long limit) {
        long deleted = 0;
        while (head < tail) {
            if (strategy == Trim.MAXLEN && length <= maxLen) {
                break;
            }
            StreamNode node = nodes[head];
            long entries = node.live;
            if (limit != 0 && deleted + entries > limit) {
                break;
            }
            boolean removeNode;
            if (strategy == Trim.MAXLEN) {
                removeNode = length - entries >= maxLen;
            } else {
                int last = node.count - 1;
                removeNode = StreamId.compare(node.ms(last), node.seq(last), minId.ms(), minId.seq()) < 0;
            }
            if (removeNode) {
                removeNode(head);
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) {
                break;
            }
            for (int i = 0; i < node.count; i++) {
                boolean stop = strategy == Trim.MAXLEN ? length <= maxLen
                        : StreamId.compare(node.ms(i), node.seq(i), minId.ms(), minId.seq()) >= 0;
                if (stop) {
                    break;
                }
                if (!node.deleted(i)) {
                    node.markDeleted(i);
                    length--;
                    deleted++;
                }
            }
            break;
        }
        if (length == 0) {
            firstId = StreamId.MIN;
        } else if (deleted > 0) {
            firstId = firstLiveId();
        }
        return deleted;
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Index of the last node whose master ID is <= the given ID, or -1. */
    private int floorNode(long ms, long seq) {
        int lo = head;
        int hi = tail - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            StreamNode n = nodes[mid];
            if (StreamId.compare(n.masterMs, n.masterSeq, ms, seq) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private StreamId firstLiveId() {
        Cursor c = cursor(StreamId.MIN, StreamId.MAX, false);
        return c.next() ? new StreamId(c.ms(), c.seq()) : StreamId.MAX;
    }

    /** The last entry's ID that is not deleted (0-0 when empty). */
    public StreamId lastLiveId() {
        Cursor c = cursor(StreamId.MIN, StreamId.MAX, true);
        return c.next() ? new StreamId(c.ms(), c.seq()) : StreamId.MIN;
    }

    /** Entries with start <= ID <= end, skipping deleted ones, forwards or backwards. */
    public Cursor cursor(StreamId start, StreamId end, boolean reverse) {
        return new Cursor(start, end, reverse);
    }

    /** Walks live entries in a range; {@link #next} must be called before reading an entry. */
    public final class Cursor {
        private final long startMs;
        private final long startSeq;
        private final long endMs;
        private final long endSeq;
        private final boolean reverse;
        private int nodeIndex;
        private int entry;
        private boolean started;
        private boolean done;
        private StreamNode node;

        Cursor(StreamId start, StreamId end, boolean reverse) {
            this.startMs = start.ms();
            this.startSeq = start.seq();
            this.endMs = end.ms();
            this.endSeq = end.seq();
            this.reverse = reverse;
        }

        /** Moves to the next live entry in range; false when there is none. */
        public boolean next() {
            if (done) {
                return false;
            }
            if (!started) {
                started = true;
                if (!position()) {
                    done = true;
                    return false;
                }
            } else if (!step()) {
                done = true;
                return false;
            }
            // Skip tombstones.
            while (node.deleted(entry)) {
                if (!step()) {
                    done = true;
                    return false;
                }
            }
            long ms = node.ms(entry);
            long seq = node.seq(entry);
            boolean out = reverse ? StreamId.compare(ms, seq, startMs, startSeq) < 0
                    : StreamId.compare(ms, seq, endMs, endSeq) > 0;
            if (out) {
                done = true;
                return false;
            }
            return true;
        }

        private boolean position() {
            if (head == tail) {
                return false;
            }
            if (!reverse) {
                int n = floorNode(startMs, startSeq);
                nodeIndex = n < 0 ? head : n;
                node = nodes[nodeIndex];
                entry = node.lowerBound(startMs, startSeq);
                if (entry >= node.count) {
                    return nextNode();
                }
                return true;
            }
            int n = floorNode(endMs, endSeq);
            if (n < 0) {
                return false;
            }
            nodeIndex = n;
            node = nodes[n];
            int i = node.lowerBound(endMs, endSeq);
            if (i < node.count && node.ms(i) == endMs && node.seq(i) == endSeq) {
                entry = i;
            } else {
                entry = i - 1;
            }
            if (entry < 0) {
                return previousNode();
            }
            return true;
        }

        private boolean step() {
            if (!reverse) {
                if (++entry < node.count) {
                    return true;
                }
                return nextNode();
            }
            if (--entry >= 0) {
                return true;
            }
            return previousNode();
        }

        private boolean nextNode() {
            if (++nodeIndex >= tail) {
                return false;
            }
            node = nodes[nodeIndex];
            entry = 0;
            return true;
        }

        private boolean previousNode() {
            if (--nodeIndex < head) {
                return false;
            }
            node = nodes[nodeIndex];
            entry = node.count - 1;
            return true;
        }

        public long ms() {
            return node.ms(entry);
        }

        public long seq() {
            return node.seq(entry);
        }

        public StreamId id() {
            return new StreamId(node.ms(entry), node.seq(entry));
        }

        public int fieldCount() {
            return node.fieldCount(entry);
        }

        /** Hands the entry's fields and values to the sink, alternately. */
        public void fields(FieldSink sink) {
            node.fields(entry, sink);
        }
    }

    // ---- consumer groups' counters --------------------------------------------------------------

    /** True if a deleted entry may lie between start and end (null: no bound). */
    public boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        StreamId s = start == null ? StreamId.MIN : start;
        StreamId e = end == null ? StreamId.MAX : end;
        return s.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(e) <= 0;
    }

    /**
     * How many entries were added up to and including {@code id}, when that can be known;
     * otherwise {@link ConsumerGroup#UNKNOWN_READS}.
     */
    public long estimateDistanceFromFirstEverEntry(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return ConsumerGroup.UNKNOWN_READS;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - length;
            } else if (cmpFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.UNKNOWN_READS;
    }

    /** The group's lag (entries not yet delivered to it), or Long.MIN_VALUE when it cannot be known. */
    public long lag(ConsumerGroup g) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (g.entriesRead != ConsumerGroup.UNKNOWN_READS && !rangeHasTombstones(g.lastId, null)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId);
        return read == ConsumerGroup.UNKNOWN_READS ? Long.MIN_VALUE : entriesAdded - read;
    }

    // ---- consumer groups ------------------------------------------------------------------------

    public ConsumerGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** Creates a group; null if one by that name exists. */
    public ConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>(Arrays::compareUnsigned);
        }
        if (groups.containsKey(name)) {
            return null;
        }
        ConsumerGroup g = new ConsumerGroup(this, name, lastDelivered, entriesRead);
        groups.put(name, g);
        groupBytes += g.memory();
        return g;
    }

    /** Destroys a group with its consumers and pending entries; false if there is none. */
    public boolean destroyGroup(byte[] name) {
        if (groups == null) {
            return false;
        }
        ConsumerGroup g = groups.remove(name);
        if (g == null) {
            return false;
        }
        long bytes = g.memory() + g.pel.size() * ConsumerGroup.PENDING_BYTES;
        for (Consumer c : g.consumers.values()) {
            bytes += ConsumerGroup.CONSUMER_BYTES + c.name.length;
        }
        groupBytes -= bytes;
        return true;
    }

    /** The groups in name order. */
    public Collection<ConsumerGroup> groups() {
        return groups == null ? Collections.emptyList() : Collections.unmodifiableCollection(groups.values());
    }

    public int groupCount() {
        return groups == null ? 0 : groups.size();
    }
}
