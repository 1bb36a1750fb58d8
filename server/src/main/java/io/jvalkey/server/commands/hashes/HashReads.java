package io.jvalkey.server.commands.hashes;

import static io.jvalkey.server.commands.hashes.HashCommands.hash;
import static io.jvalkey.server.commands.hashes.HashCommands.read;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.keys.ScanOptions;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.hash.HashValue;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** HGET HMGET HEXISTS HLEN HSTRLEN HKEYS HVALS HGETALL HRANDFIELD HSCAN. */
final class HashReads {
    private HashReads() {}

    static void hget(CommandContext c) {
        Entry e = read(c, c.arg(1));
        c.reply().bulk(e == null ? null : hash(e).get(c.arg(2)));
    }

    static void hmget(CommandContext c) {
        Entry e = read(c, c.arg(1));
        HashValue h = e == null ? null : hash(e);
        c.reply().array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            c.reply().bulk(h == null ? null : h.get(c.arg(i)));
        }
    }

    static void hexists(CommandContext c) {
        Entry e = read(c, c.arg(1));
        c.reply().integer(e != null && hash(e).find(c.arg(2)) >= 0 ? 1 : 0);
    }

    static void hlen(CommandContext c) {
        Entry e = read(c, c.arg(1));
        c.reply().integer(e == null ? 0 : hash(e).size());
    }

    static void hstrlen(CommandContext c) {
        Entry e = read(c, c.arg(1));
        byte[] v = e == null ? null : hash(e).get(c.arg(2));
        c.reply().integer(v == null ? 0 : v.length);
    }

    static void hkeys(CommandContext c) {
        all(c, true, false);
    }

    static void hvals(CommandContext c) {
        all(c, false, true);
    }

    static void hgetall(CommandContext c) {
        all(c, true, true);
    }

    private static void all(CommandContext c, boolean fields, boolean values) {
        Entry e = read(c, c.arg(1));
        Reply r = c.reply();
        int n = e == null ? 0 : hash(e).size();
        if (fields && values) {
            r.map(n);
        } else {
            r.array(n);
        }
        if (e == null) {
            return;
        }
        HashValue h = hash(e);
        for (int i = 0; i < n; i++) {
            if (fields) {
                r.bulk(h.fieldAt(i));
            }
            if (values) {
                r.bulk(h.valueAt(i));
            }
        }
    }

    // ---- HRANDFIELD ----------------------------------------------------------------------------

    /** Below this many times the count, HRANDFIELD copies the hash and removes random fields. */
    private static final int SUB_STRATEGY_MUL = 3;

    static void hrandfield(CommandContext c) {
        if (c.argc() == 2) {
            Entry e = read(c, c.arg(1));
            if (e == null) {
                c.reply().nullBulk();
                return;
            }
            HashValue h = hash(e);
            c.reply().bulk(h.fieldAt(h.randomIndex(ThreadLocalRandom.current())));
            return;
        }
        long l = Numbers.parseLong(c.arg(2));
        if (l == Long.MIN_VALUE) {
            throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        boolean withValues = false;
        if (c.argc() > 4 || (c.argc() == 4 && !c.option(3).equals("withvalues"))) {
            throw CommandError.SYNTAX;
        } else if (c.argc() == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new CommandError("ERR value is out of range");
            }
        }
        Entry e = read(c, c.arg(1));
        Reply r = c.reply();
        if (e == null || l == 0) {
            r.array(0);
            return;
        }
        HashValue h = hash(e);
        int size = h.size();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean pairs = withValues && r.resp3();
        int perItem = withValues && !pairs ? 2 : 1;
        if (l < 0 || l == 1) {
            // Repetitions allowed: independent picks, in the order drawn.
            long count = l < 0 ? -l : 1;
            if (count > Integer.MAX_VALUE / 2) {
                throw CommandError.OOM; // a reply this long could never be sent anyway
            }
            r.array((int) count * perItem);
            for (long k = 0; k < count; k++) {
                randomItem(r, h, h.randomIndex(rnd), withValues, pairs);
            }
            return;
        }
        if (l >= size) {
            r.array(size * perItem);
            for (int i = 0; i < size; i++) {
                randomItem(r, h, i, withValues, pairs);
            }
            return;
        }
        int count = (int) l;
        r.array(count * perItem);
        if (h.isListpack()) {
            // Selection sampling: distinct fields, in the hash's own order, as Valkey's listpack.
            int remaining = count;
            for (int i = 0; i < size && remaining > 0; i++) {
                if (rnd.nextInt(size - i) < remaining) {
                    randomItem(r, h, i, withValues, pairs);
                    remaining--;
                }
            }
        } else if ((long) count * SUB_STRATEGY_MUL > size) {
            // Close to the whole hash: shuffle positions and take a prefix.
            int[] idx = new int[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(size - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            for (int i = 0; i < count; i++) {
                randomItem(r, h, idx[i], withValues, pairs);
            }
        } else {
            // Much smaller than the hash: draw until enough distinct positions came up.
            Set<Integer> seen = new HashSet<>(count * 2);
            while (seen.size() < count) {
                int i = h.randomIndex(rnd);
                if (seen.add(i)) {
                    randomItem(r, h, i, withValues, pairs);
                }
            }
        }
    }

    private static void randomItem(Reply r, HashValue h, int i, boolean withValues, boolean pairs) {
        if (pairs) {
            r.array(2);
        }
        r.bulk(h.fieldAt(i));
        if (withValues) {
            r.bulk(h.valueAt(i));
        }
    }

    // ---- HSCAN ---------------------------------------------------------------------------------

    static void hscan(CommandContext c) {
        long cursor = ScanOptions.parseCursor(c.arg(2));
        Entry e = read(c, c.arg(1));
        Reply r = c.reply();
        if (e == null) {
            r.array(2);
            r.bulk(ZERO);
            r.array(0);
            return;
        }
        ScanOptions opts = ScanOptions.parse(c, 3, ScanOptions.Target.HASH);
        HashValue h = hash(e);
        int[] found;
        int n = 0;
        long next;
        if (h.isListpack()) {
            // The small encoding is returned whole in one call, whatever the cursor.
            found = new int[h.size()];
            for (int i = 0; i < h.size(); i++) {
                if (opts.matches(h.fieldAt(i))) {
                    found[n++] = i;
                }
            }
            next = 0;
        } else {
            int[][] box = {new int[16]};
            int[] count = {0};
            next = h.scan(cursor, (int) Math.min(opts.count(), Integer.MAX_VALUE), i -> {
                if (opts.matches(h.fieldAt(i))) {
                    if (count[0] == box[0].length) {
                        box[0] = Arrays.copyOf(box[0], count[0] * 2);
                    }
                    box[0][count[0]++] = i;
                }
            });
            found = box[0];
            n = count[0];
        }
        r.array(2);
        r.bulk(Long.toUnsignedString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        r.array(opts.onlyKeys() ? n : 2 * n);
        for (int k = 0; k < n; k++) {
            r.bulk(h.fieldAt(found[k]));
            if (!opts.onlyKeys()) {
                r.bulk(h.valueAt(found[k]));
            }
        }
    }

    private static final byte[] ZERO = {'0'};
}
