package io.jvalkey.server.commands.sets;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.commands.keys.ScanOptions;
import io.jvalkey.server.types.set.SetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]. As in Valkey the cursor is checked first, then
 * the key (a missing one ends the scan at once, whatever the options), then the options.
 * Intsets and listpacks come back whole with cursor 0; a hashtable is walked by its buckets.
 */
final class SscanCommand {
    private SscanCommand() {}

    static void sscan(CommandContext c) {
        long cursor = ScanOptions.parseCursor(c.arg(2));
        SetValue set = SetCommands.readSet(c, c.arg(1));
        if (set == null) {
            c.reply().array(2);
            c.reply().bulk(ZERO);
            c.reply().array(0);
            return;
        }
        ScanOptions opts = ScanOptions.parse(c, 3, ScanOptions.Target.SET);
        List<byte[]> found = new ArrayList<>();
        int count = (int) Math.min(opts.count(), Integer.MAX_VALUE);
        long next = set.scan(cursor, count, m -> {
            if (opts.matches(m)) {
                found.add(m);
            }
        });
        c.reply().array(2);
        c.reply().bulkLong(next);
        c.reply().bulks(found);
    }

    private static final byte[] ZERO = {'0'};
}
