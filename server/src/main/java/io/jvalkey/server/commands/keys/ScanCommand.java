package io.jvalkey.server.commands.keys;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.keyspace.Entry;
import io.jvalkey.server.keyspace.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor comes from
 * {@link io.jvalkey.server.keyspace.Db#scan}: a slot in the low 14 bits and that slot's table
 * cursor above, so it survives resizes and a key present for the whole iteration is returned at
 * least once. Filters apply after COUNT entries were looked at, so a call may return fewer (or
 * no) names while the cursor is not yet 0. Expired keys are deleted, never returned.
 */
final class ScanCommand {
    private ScanCommand() {}

    static void scan(CommandContext c) {
        long cursor = ScanOptions.parseCursor(c.arg(1));
        ScanOptions opts = ScanOptions.parse(c, 2, ScanOptions.Target.KEYSPACE);
        List<byte[]> names = new ArrayList<>();
        int count = (int) Math.min(opts.count(), Integer.MAX_VALUE);
        long next = c.db().scan(cursor, count, e -> {
            if (passes(e, opts)) {
                names.add(e.key());
            }
        });
        c.reply().array(2);
        c.reply().bulkLong(next);
        c.reply().bulks(names);
    }

    private static boolean passes(Entry e, ScanOptions opts) {
        return (opts.type() == null || ValueType.of(e.value()) == opts.type()) && opts.matches(e.key());
    }
}
