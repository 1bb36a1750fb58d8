package io.jvalkey.server.commands.sort;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.ValueType;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.Notify;
import io.jvalkey.server.types.list.ListValue;
import io.jvalkey.server.types.set.SetValue;
import io.jvalkey.server.types.zset.ZSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO: sorts the elements of a list, set or sorted set numerically (weights read as
 * C's strtod does) or with ALPHA as strings, by the elements or by weights found through a BY
 * pattern; LIMIT picks a range, GET patterns say what to return for each element, and STORE
 * saves the result as a list. A BY pattern without '*' skips sorting: lists and sorted sets keep
 * their order (reversed by DESC); a set is then still sorted (ALPHA) when the result is stored.
 */
final class SortCommand {
    private SortCommand() {}

    /** One element to sort, with its numeric weight or its ALPHA comparison value. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    static void sort(CommandContext c, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontSort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortBy = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            String opt = c.option(j);
            if (opt.equals("asc")) {
                desc = false;
            } else if (opt.equals("desc")) {
                desc = true;
            } else if (opt.equals("alpha")) {
                alpha = true;
            } else if (opt.equals("limit") && left >= 2) {
                limitStart = c.longArg(j + 1);
                limitCount = c.longArg(j + 2);
                j += 2;
            } else if (!readonly && opt.equals("store") && left >= 1) {
                storeKey = c.arg(++j);
            } else if (opt.equals("by") && left >= 1) {
                sortBy = c.arg(++j);
                if (SortPattern.star(sortBy) < 0) {
                    dontSort = true; // a constant weight: nothing to sort by
                }
            } else if (opt.equals("get") && left >= 1) {
                gets.add(c.arg(++j));
            } else {
                throw CommandError.SYNTAX;
            }
        }

        Entry e = c.db().lookupRead(c.arg(1), c.client().noTouch());
        Object value = e == null ? null : e.value();
        ValueType type = value == null ? ValueType.LIST : ValueType.of(value);
        if (type != ValueType.SET && type != ValueType.LIST && type != ValueType.ZSET) {
            throw CommandError.WRONGTYPE;
        }
        // An unsorted set would come out in an order replicas need not share: sort it when storing.
        if (dontSort && type == ValueType.SET && storeKey != null) {
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        List<byte[]> elements = elements(c, e);
        int length = elements.size();

        // LIMIT, clamped to the elements as Valkey clamps it.
        long start = Math.min(Math.max(limitStart, 0), length);
        long count = Math.min(Math.max(limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }

        List<Item> items;
        if (dontSort && type != ValueType.SET) {
            // Keep the value's own order, reversed by DESC, and take just the range.
            if (desc) {
                Collections.reverse(elements);
            }
            items = new ArrayList<>();
            if (end >= start) {
                for (long i = start; i <= end; i++) {
                    items.add(new Item(elements.get((int) i)));
                }
            }
            end -= start;
            start = 0;
        } else {
            items = new ArrayList<>(length);
            for (byte[] el : elements) {
                items.add(new Item(el));
            }
        }

        boolean badScore = false;
        if (!dontSort) {
            for (Item it : items) {
                byte[] weight = sortBy == null ? it.element : SortPattern.lookup(c, sortBy, it.element);
                if (weight == null) {
                    continue;
                }
                if (alpha) {
                    if (sortBy != null) {
                        it.by = weight;
                    }
                } else {
                    it.score = SortScore.parse(weight);
                    if (Double.isNaN(it.score)) {
                        badScore = true;
                    }
                }
            }
            items.sort(comparator(alpha, sortBy != null, storeKey != null, desc));
        }

        int outputLength = (int) ((gets.isEmpty() ? 1 : gets.size()) * Math.max(end - start + 1, 0));
        if (badScore) {
            throw new CommandError("ERR One or more scores can't be converted into double");
        }
        if (storeKey == null) {
            Reply r = c.reply();
            r.array(outputLength);
            for (long j = start; j <= end; j++) {
                byte[] el = items.get((int) j).element;
                if (gets.isEmpty()) {
                    r.bulk(el);
                }
                for (byte[] pattern : gets) {
                    r.bulk(SortPattern.lookup(c, pattern, el));
                }
            }
            return;
        }
        List<byte[]> out = new ArrayList<>(outputLength);
        for (long j = start; j <= end; j++) {
            byte[] el = items.get((int) j).element;
            if (gets.isEmpty()) {
                out.add(el);
            }
            for (byte[] pattern : gets) {
                byte[] v = SortPattern.lookup(c, pattern, el);
                out.add(v == null ? EMPTY : v);
            }
        }
        if (outputLength > 0) {
            // Built as a quicklist, then made a listpack if it fits, as Valkey builds it.
            int fill = c.encodings().listMaxListpackSize;
            ListValue list = ListValue.newQuicklist(fill);
            for (byte[] v : out) {
                list.push(v, false);
            }
            list.built(fill);
            c.db().set(storeKey, list, -1);
            c.signalModifiedKey(storeKey);
            c.notifyKeyspaceEvent(Notify.LIST, "sortstore", storeKey);
        } else if (c.db().delete(storeKey)) {
            c.signalModifiedKey(storeKey);
            c.notifyKeyspaceEvent(Notify.GENERIC, "del", storeKey);
        }
        c.reply().integer(outputLength);
    }

    private static final byte[] EMPTY = new byte[0];

    /**
     * The elements of the value to sort in its own order (a missing key is an empty list). As in
     * Valkey, a sorted set in the small encoding is first converted to the large one.
     */
    private static List<byte[]> elements(CommandContext c, Entry e) {
        List<byte[]> out = new ArrayList<>();
        Object value = e == null ? null : e.value();
        if (value instanceof SetValue set) {
            set.forEach(out::add);
        } else if (value instanceof ListValue list) {
            if (list.size() > 0) {
                ListValue.Cursor cursor = list.cursor(0);
                for (byte[] v = cursor.next(); v != null; v = cursor.next()) {
                    out.add(v);
                }
            }
        } else if (value instanceof ZSet zset) {
            long before = zset.memoryUsage();
            zset.toLarge();
            c.db().valueResized(e, zset.memoryUsage() - before);
            zset.forEach((member, score) -> out.add(member));
        }
        return out;
    }

    /**
     * Valkey's order: numbers by weight with ties broken by the elements' bytes; ALPHA by the
     * BY values (a missing one first) or the elements. Without STORE, ALPHA compares as C
     * strings (strcoll in the C locale: up to the first NUL byte); with STORE, all the bytes.
     */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> cmp;
        if (!alpha) {
            cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
        } else if (byPattern) {
            cmp = (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? Arrays.compareUnsigned(a.by, b.by) : compareC(a.by, b.by);
            };
        } else {
            cmp = store ? (a, b) -> Arrays.compareUnsigned(a.element, b.element)
                    : (a, b) -> compareC(a.element, b.element);
        }
        return desc ? cmp.reversed() : cmp;
    }

    /** strcmp: unsigned bytes up to the first NUL of either string. */
    static int compareC(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = a[i] & 0xFF;
            int y = b[i] & 0xFF;
            if (x != y || x == 0) {
                return x - y;
            }
        }
        int x = a.length > n ? a[n] & 0xFF : 0;
        int y = b.length > n ? b[n] & 0xFF : 0;
        return x - y;
    }
}
