package io.jvalkey.server.commands.strings;

import static io.jvalkey.server.commands.strings.StringOptions.is;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.keyspace.Db;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence
 * of two strings by the classic dynamic programme, walked back from the end exactly as Valkey
 * walks it so that the same subsequence and the same ranges come out.
 *
 * <p>Valkey keeps the whole table of lengths (4 bytes a cell). The walk back only needs, at a
 * cell whose characters differ, which neighbour is longer, so this keeps one bit per cell and
 * two rows of lengths: 1/32 of the memory. Valkey's limit on the table size (it must fit in
 * proto-max-bulk-len) is still applied, with its error, so the same requests are refused.
 */
final class LcsCommand {
    private LcsCommand() {}

    private static final byte[] EMPTY = new byte[0];

    static void lcs(CommandContext c) {
        Db db = c.db();
        boolean noTouch = c.client().noTouch();
        Entry ea = db.lookupRead(c.arg(1), noTouch);
        Entry eb = db.lookupRead(c.arg(2), noTouch);
        if ((ea != null && !(ea.value() instanceof byte[])) || (eb != null && !(eb.value() instanceof byte[]))) {
            throw new CommandError("ERR The specified keys must contain string values");
        }
        byte[] a = ea == null ? EMPTY : (byte[]) ea.value();
        byte[] b = eb == null ? EMPTY : (byte[]) eb.value();

        boolean len = false;
        boolean idx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < c.argc(); i++) {
            byte[] opt = c.arg(i);
            if (is(opt, "idx")) {
                idx = true;
            } else if (is(opt, "len")) {
                len = true;
            } else if (is(opt, "withmatchlen")) {
                withMatchLen = true;
            } else if (is(opt, "minmatchlen") && i + 1 < c.argc()) {
                minMatchLen = Math.max(Numbers.parseLong(c.arg(++i)), 0);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (len && idx) {
            throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
        }
        long cells = (a.length + 1L) * (b.length + 1L); // 4 bytes each in Valkey's table
        if (cells > c.server().limits().protoMaxBulkLen / 4) {
            throw new CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }

        boolean walk = idx || !len;
        long[] longerAbove = null;
        if (walk) {
            long bits = (long) a.length * b.length;
            if ((bits + 63) / 64 > Integer.MAX_VALUE - 8) {
                throw new CommandError("ERR Insufficient memory, failed allocating transient memory for LCS");
            }
            try {
                longerAbove = new long[(int) ((bits + 63) / 64)];
            } catch (OutOfMemoryError e) {
                throw new CommandError("ERR Insufficient memory, failed allocating transient memory for LCS");
            }
        }
        int total = table(a, b, longerAbove);
        Reply r = c.reply();
        if (!walk) {
            r.integer(total);
            return;
        }
        walkBack(a, b, longerAbove, total, idx, withMatchLen, minMatchLen, r);
    }

    /**
     * Fills the table of LCS lengths row by row and returns the length of the whole LCS. For a
     * cell (i, j), i and j from 1, whose characters differ, bit (i-1)*blen + (j-1) of
     * {@code longerAbove} (if given) says LCS(i-1, j) > LCS(i, j-1).
     */
    private static int table(byte[] a, byte[] b, long[] longerAbove) {
        int blen = b.length;
        int[] prev = new int[blen + 1];
        int[] cur = new int[blen + 1];
        for (int i = 1; i <= a.length; i++) {
            byte ai = a[i - 1];
            long rowBase = (long) (i - 1) * blen;
            for (int j = 1; j <= blen; j++) {
                if (ai == b[j - 1]) {
                    cur[j] = prev[j - 1] + 1;
                } else {
                    int up = prev[j];
                    int left = cur[j - 1];
                    if (up > left) {
                        cur[j] = up;
                        if (longerAbove != null) {
                            long bit = rowBase + j - 1;
                            longerAbove[(int) (bit >>> 6)] |= 1L << bit;
                        }
                    } else {
                        cur[j] = left;
                    }
                }
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[blen];
    }

    /**
     * Walks from the end of both strings back to the start, collecting the LCS and, with IDX,
     * replying each run of consecutive matches (as ranges in both strings) as it is closed.
     */
    private static void walkBack(byte[] a, byte[] b, long[] longerAbove, int total, boolean idx,
            boolean withMatchLen, long minMatchLen, Reply r) {
        byte[] result = new byte[total];
        int k = total;
        int blen = b.length;
        int alen = a.length;
        // A range is open when aStart != alen.
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        // Ranges are found last to first and counted before being written, so they are kept here.
        int[] ranges = idx ? new int[16] : null;
        int count = 0;
        int i = alen;
        int j = blen;
        while (i > 0 && j > 0) {
            boolean close = false;
            if (a[i - 1] == b[j - 1]) {
                result[--k] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    close = true;
                }
                if (aStart == 0 || bStart == 0) {
                    close = true;
                }
                i--;
                j--;
            } else {
                long bit = (long) (i - 1) * blen + (j - 1);
                if ((longerAbove[(int) (bit >>> 6)] & (1L << bit)) != 0) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    close = true;
                }
            }
            if (close) {
                long matchLen = (long) aEnd - aStart + 1;
                if (idx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    if (count * 4 + 4 > ranges.length) {
                        ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
                    }
                    ranges[count * 4] = aStart;
                    ranges[count * 4 + 1] = aEnd;
                    ranges[count * 4 + 2] = bStart;
                    ranges[count * 4 + 3] = bEnd;
                    count++;
                }
                aStart = alen;
            }
        }
        if (!idx) {
            r.bulk(result);
            return;
        }
        r.map(2);
        r.bulk("matches");
        r.array(count);
        for (int m = 0; m < count; m++) {
            int as = ranges[m * 4];
            int ae = ranges[m * 4 + 1];
            r.array(withMatchLen ? 3 : 2);
            r.array(2);
            r.integer(as);
            r.integer(ae);
            r.array(2);
            r.integer(ranges[m * 4 + 2]);
            r.integer(ranges[m * 4 + 3]);
            if (withMatchLen) {
                r.integer((long) ae - as + 1);
            }
        }
        r.bulk("len");
        r.integer(total);
    }
}
