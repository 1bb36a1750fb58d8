package io.jvalkey.server.commands.pubsub;

import static io.jvalkey.server.command.CommandFlag.FAST;
import static io.jvalkey.server.command.CommandFlag.LOADING;
import static io.jvalkey.server.command.CommandFlag.MAY_REPLICATE;
import static io.jvalkey.server.command.CommandFlag.NOSCRIPT;
import static io.jvalkey.server.command.CommandFlag.PUBSUB;
import static io.jvalkey.server.command.CommandFlag.SENTINEL;
import static io.jvalkey.server.command.CommandFlag.STALE;
import static io.jvalkey.server.command.CommandSpec.command;
import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Routing;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.pubsub.PubSub;
import java.util.List;
import java.util.Locale;

/**
 * SUBSCRIBE PSUBSCRIBE SSUBSCRIBE, their UNSUBSCRIBE counterparts, PUBLISH SPUBLISH and PUBSUB.
 * All run on the connection's own thread: the registry is shared and safe from any thread. The
 * subscribe family answers with one push-shaped reply per channel, as Valkey does.
 */
public final class PubSubCommands {
    private static final byte[] SUBSCRIBE = "subscribe".getBytes(US_ASCII);
    private static final byte[] UNSUBSCRIBE = "unsubscribe".getBytes(US_ASCII);
    private static final byte[] PSUBSCRIBE = "psubscribe".getBytes(US_ASCII);
    private static final byte[] PUNSUBSCRIBE = "punsubscribe".getBytes(US_ASCII);
    private static final byte[] SSUBSCRIBE = "ssubscribe".getBytes(US_ASCII);
    private static final byte[] SUNSUBSCRIBE = "sunsubscribe".getBytes(US_ASCII);

    private PubSubCommands() {}

    public static void register(CommandTable t) {
        t.add(command("subscribe", -2).flags(PUBSUB, NOSCRIPT, LOADING, STALE, SENTINEL)
                .doc("pubsub", "2.0.0", "Listens for messages published to channels.")
                .complexity("O(N) where N is the number of channels to subscribe to.")
                .handler(c -> subscribe(c, false)).build());
        t.add(command("unsubscribe", -1).flags(PUBSUB, NOSCRIPT, LOADING, STALE, SENTINEL)
                .doc("pubsub", "2.0.0", "Stops listening to messages posted to channels.")
                .complexity("O(N) where N is the number of channels to unsubscribe.")
                .handler(c -> unsubscribe(c, false)).build());
        t.add(command("psubscribe", -2).flags(PUBSUB, NOSCRIPT, LOADING, STALE, SENTINEL)
                .doc("pubsub", "2.0.0", "Listens for messages published to channels that match one or more patterns.")
                .complexity("O(N) where N is the number of patterns to subscribe to.")
                .handler(PubSubCommands::psubscribe).build());
        t.add(command("punsubscribe", -1).flags(PUBSUB, NOSCRIPT, LOADING, STALE, SENTINEL)
                .doc("pubsub", "2.0.0",
                        "Stops listening to messages published to channels that match one or more patterns.")
                .complexity("O(N) where N is the number of patterns to unsubscribe.")
                .handler(PubSubCommands::punsubscribe).build());
        t.add(command("publish", 3).flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE, SENTINEL)
                .doc("pubsub", "2.0.0", "Posts a message to a channel.")
                .complexity("O(N+M) where N is the number of clients subscribed to the receiving channel and M is "
                        + "the total number of subscribed patterns (by any client).")
                .handler(c -> c.reply().integer(c.server().pubSub().publish(c.arg(1), c.arg(2), false))).build());
        // Shard channels are declared as (not-)keys, as Valkey does for cluster routing; the
        // commands still run on the connection's thread.
        t.add(command("ssubscribe", -2).flags(PUBSUB, NOSCRIPT, LOADING, STALE).keys(1, -1, 1)
                .keySpec(KeySpec.range(1, -1, 1, "not_key")).routing(Routing.LOCAL)
                .doc("pubsub", "7.0.0", "Listens for messages published to shard channels.")
                .complexity("O(N) where N is the number of shard channels to subscribe to.")
                .handler(c -> subscribe(c, true)).build());
        t.add(command("sunsubscribe", -1).flags(PUBSUB, NOSCRIPT, LOADING, STALE).keys(1, -1, 1)
                .keySpec(KeySpec.range(1, -1, 1, "not_key")).routing(Routing.LOCAL)
                .doc("pubsub", "7.0.0", "Stops listening to messages posted to shard channels.")
                .complexity("O(N) where N is the number of shard channels to unsubscribe.")
                .handler(c -> unsubscribe(c, true)).build());
        t.add(command("spublish", 3).flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE).keys(1, 1, 1)
                .keySpec(KeySpec.range(1, 0, 1, "not_key")).routing(Routing.LOCAL)
                .doc("pubsub", "7.0.0", "Post a message to a shard channel")
                .complexity("O(N) where N is the number of clients subscribed to the receiving shard channel.")
                .handler(c -> c.reply().integer(c.server().pubSub().publish(c.arg(1), c.arg(2), true))).build());
        t.add(command("pubsub", -2).doc("pubsub", "2.8.0", "A container for Pub/Sub commands.")
                .complexity("Depends on subcommand.")
                .sub(sub("channels", -2, "2.8.0", "Returns the active channels.",
                        "O(N) where N is the number of active channels, and assuming constant time pattern matching "
                                + "(relatively short channels and patterns)")
                        .handler(c -> channels(c, false)))
                .sub(sub("numsub", -2, "2.8.0", "Returns a count of subscribers to channels.",
                        "O(N) for the NUMSUB subcommand, where N is the number of requested channels")
                        .handler(c -> numsub(c, false)))
                .sub(sub("numpat", 2, "2.8.0", "Returns a count of unique pattern subscriptions.", "O(1)")
                        .handler(c -> c.reply().integer(c.server().pubSub().patternCount())))
                .sub(sub("shardchannels", -2, "7.0.0", "Returns the active shard channels.",
                        "O(N) where N is the number of active shard channels, and assuming constant time pattern "
                                + "matching (relatively short shard channels).")
                        .handler(c -> channels(c, true)))
                .sub(sub("shardnumsub", -2, "7.0.0", "Returns the count of subscribers of shard channels.",
                        "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")
                        .handler(c -> numsub(c, true)))
                .sub(command("help", 2).flags(LOADING, STALE)
                        .doc("pubsub", "6.2.0", "Returns helpful text about the different subcommands.")
                        .complexity("O(1)").handler(PubSubCommands::help))
                .build());
    }

    private static io.jvalkey.server.command.CommandSpec.Builder sub(String name, int arity, String since,
            String summary, String complexity) {
        return command(name, arity).flags(PUBSUB, LOADING, STALE).doc("pubsub", since, summary).complexity(complexity);
    }

    /** The count a subscribe-family reply carries: channels + patterns, or shard channels. */
    private static int count(Client cl, boolean shard) {
        return shard ? cl.subscribedShardChannels() : cl.subscribedChannels() + cl.subscribedPatterns();
    }

    private static void subscribe(CommandContext c, boolean shard) {
        PubSub ps = c.server().pubSub();
        Client cl = c.client();
        for (int i = 1; i < c.argc(); i++) {
            ps.subscribe(cl, c.arg(i), shard);
            confirm(c.reply(), shard ? SSUBSCRIBE : SUBSCRIBE, c.arg(i), count(cl, shard));
        }
    }

    private static void unsubscribe(CommandContext c, boolean shard) {
        PubSub ps = c.server().pubSub();
        Client cl = c.client();
        byte[] kind = shard ? SUNSUBSCRIBE : UNSUBSCRIBE;
        if (c.argc() == 1) {
            List<byte[]> all = ps.channelsOf(cl, shard);
            if (all.isEmpty()) {
                confirm(c.reply(), kind, null, count(cl, shard));
            }
            for (byte[] ch : all) {
                ps.unsubscribe(cl, ch, shard);
                confirm(c.reply(), kind, ch, count(cl, shard));
            }
            return;
        }
        for (int i = 1; i < c.argc(); i++) {
            ps.unsubscribe(cl, c.arg(i), shard);
            confirm(c.reply(), kind, c.arg(i), count(cl, shard));
        }
    }

    private static void psubscribe(CommandContext c) {
        PubSub ps = c.server().pubSub();
        Client cl = c.client();
        for (int i = 1; i < c.argc(); i++) {
            ps.psubscribe(cl, c.arg(i));
            confirm(c.reply(), PSUBSCRIBE, c.arg(i), count(cl, false));
        }
    }

    private static void punsubscribe(CommandContext c) {
        PubSub ps = c.server().pubSub();
        Client cl = c.client();
        if (c.argc() == 1) {
            List<byte[]> all = ps.patternsOf(cl);
            if (all.isEmpty()) {
                confirm(c.reply(), PUNSUBSCRIBE, null, count(cl, false));
            }
            for (byte[] p : all) {
                ps.punsubscribe(cl, p);
                confirm(c.reply(), PUNSUBSCRIBE, p, count(cl, false));
            }
            return;
        }
        for (int i = 1; i < c.argc(); i++) {
            ps.punsubscribe(cl, c.arg(i));
            confirm(c.reply(), PUNSUBSCRIBE, c.arg(i), count(cl, false));
        }
    }

    /** [kind, channel (null when there was nothing to leave), count]: a push in RESP3. */
    private static void confirm(Reply r, byte[] kind, byte[] channel, int count) {
        r.push(3);
        r.bulk(kind);
        r.bulk(channel);
        r.integer(count);
    }

    private static void channels(CommandContext c, boolean shard) {
        if (c.argc() > 3) {
            throw syntax(c);
        }
        List<byte[]> found = c.server().pubSub().activeChannels(c.argc() == 3 ? c.arg(2) : null, shard);
        c.reply().bulks(found);
    }

    private static void numsub(CommandContext c, boolean shard) {
        PubSub ps = c.server().pubSub();
        c.reply().array((c.argc() - 2) * 2);
        for (int i = 2; i < c.argc(); i++) {
            c.reply().bulk(c.arg(i));
            c.reply().integer(ps.subscribers(c.arg(i), shard));
        }
    }

    private static CommandError syntax(CommandContext c) {
        String sub = c.argString(1);
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try "
                + c.argString(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static void help(CommandContext c) {
        String[] lines = {
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    List the channels with at least one subscriber, those matching <pattern> if given.",
            "NUMPAT",
            "    Count the distinct patterns clients are subscribed to.",
            "NUMSUB [<channel> ...]",
            "    Count the subscribers of each channel (pattern subscribers are not counted).",
            "SHARDCHANNELS [<pattern>]",
            "    List the shard channels with at least one subscriber, those matching <pattern> if given.",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Count the subscribers of each shard channel.",
            "HELP",
            "    Print this help."
        };
        c.reply().array(lines.length);
        for (String l : lines) {
            c.reply().simple(l);
        }
    }
}
