package io.jvalkey.server.commands.sort;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.MOVABLEKEYS;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Routing;
import java.util.List;

/**
 * SORT and SORT_RO. BY and GET patterns name keys derived from the elements, anywhere in the
 * keyspace, so both run with every shard held.
 */
public final class SortCommands {
    private SortCommands() {}

    private static final String PATTERN_NOTES = "For the optional BY/GET keyword. It is marked 'unknown' because the key "
            + "names derive from the content of the key we sort";
    private static final String STORE_NOTES = "For the optional STORE keyword. It is marked 'unknown' because the "
            + "keyword can appear anywhere in the argument array";

    public static void register(CommandTable t) {
        t.add(command("sort", -2).flags(WRITE, DENYOOM, MOVABLEKEYS).keys(1, 1, 1).routing(Routing.ALL_SHARDS)
                .keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .keySpec(unknown(PATTERN_NOTES, "RO", "access"))
                .keySpec(unknown(STORE_NOTES, "OW", "update").withFinder(SortCommands::storeKey))
                .acl("set", "sortedset", "list", "dangerous")
                .doc("generic", "1.0.0", "Sorts the elements of a list, set or sorted set, optionally storing the result as a list.")
                .handler(c -> SortCommand.sort(c, false)).build());
        t.add(command("sort_ro", -2).flags(READONLY, MOVABLEKEYS).keys(1, 1, 1).routing(Routing.ALL_SHARDS)
                .keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .keySpec(unknown(PATTERN_NOTES, "RO", "access"))
                .acl("set", "sortedset", "list", "dangerous")
                .doc("generic", "7.0.0", "Sorts the elements of a list, set or sorted set and replies them (SORT without STORE).")
                .handler(c -> SortCommand.sort(c, true)).build());
    }

    /**
     * Where SORT's STORE key is, found as Valkey's sortGetKeys does: LIMIT skips two arguments,
     * GET and BY one, and the last STORE wins.
     */
    static int[] storeKey(byte[][] argv) {
        int found = -1;
        for (int i = 2; i < argv.length; i++) {
            String a = new String(argv[i], java.nio.charset.StandardCharsets.UTF_8);
            if (a.equalsIgnoreCase("limit")) {
                i += 2;
            } else if (a.equalsIgnoreCase("get") || a.equalsIgnoreCase("by")) {
                i += 1;
            } else if (a.equalsIgnoreCase("store") && i + 1 < argv.length) {
                found = i + 1;
            }
        }
        return found < 0 ? new int[0] : new int[] {found};
    }

    private static KeySpec unknown(String notes, String... flags) {
        return new KeySpec(List.of(flags), notes, new KeySpec.BeginSearch("unknown", 0, null, 0),
                new KeySpec.FindKeys("unknown", 0, 0, 0, 0, 0));
    }
}
