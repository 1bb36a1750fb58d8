package io.jvalkey.server.commands;

import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.commands.bitmaps.BitmapCommands;
import io.jvalkey.server.commands.connection.ConnectionCommands;
import io.jvalkey.server.commands.geo.GeoCommands;
import io.jvalkey.server.commands.hll.HllCommands;
import io.jvalkey.server.commands.hashes.HashCommands;
import io.jvalkey.server.commands.keys.KeyCommands;
import io.jvalkey.server.commands.lists.ListCommands;
import io.jvalkey.server.commands.persistence.PersistenceCommands;
import io.jvalkey.server.commands.pubsub.PubSubCommands;
import io.jvalkey.server.commands.scripting.ScriptingCommands;
import io.jvalkey.server.commands.server.ServerCommands;
import io.jvalkey.server.commands.streams.StreamCommands;
import io.jvalkey.server.commands.sets.SetCommands;
import io.jvalkey.server.commands.sort.SortCommands;
import io.jvalkey.server.commands.strings.StringCommands;
import io.jvalkey.server.commands.tx.TxCommands;
import io.jvalkey.server.commands.zsets.ZSetCommands;

/** The one list of command families; each family declares its own commands. */
public final class Commands {
    private Commands() {}

    public static void registerAll(CommandTable table) {
        ConnectionCommands.register(table);
        ServerCommands.register(table);
        io.jvalkey.server.aof.AofCommands.register(table);
        io.jvalkey.server.propagation.SyncCommand.register(table);
        KeyCommands.register(table);
        TxCommands.register(table);
        PubSubCommands.register(table);
        ScriptingCommands.register(table);
        StringCommands.register(table);
        BitmapCommands.register(table);
        HllCommands.register(table);
        ListCommands.register(table);
        HashCommands.register(table);
        SetCommands.register(table);
        ZSetCommands.register(table);
        GeoCommands.register(table);
        StreamCommands.register(table);
        SortCommands.register(table);
        PersistenceCommands.register(table);
    }
}
