package io.jvalkey.server.commands.connection;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.net.Client;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.tracking.Tracking;
import java.util.ArrayList;
import java.util.List;

/** CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO: client-side caching for this connection. */
final class TrackingCommands {
    private TrackingCommands() {}

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
    static void tracking(CommandContext c) {
        Client cl = c.client();
        long redirect = 0;
        int options = 0;
        List<byte[]> prefixes = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            String opt = c.option(i);
            if (opt.equals("redirect") && more) {
                i++;
                if (redirect != 0) {
                    throw new CommandError("ERR A client can only redirect to a single other client");
                }
                redirect = Numbers.parseLong(c.arg(i));
                if (c.server().clients().byId(redirect) == null) {
                    throw new CommandError("ERR The client ID you want redirect to does not exist");
                }
            } else if (opt.equals("bcast")) {
                options |= Client.TRACKING_BCAST;
            } else if (opt.equals("optin")) {
                options |= Client.TRACKING_OPTIN;
            } else if (opt.equals("optout")) {
                options |= Client.TRACKING_OPTOUT;
            } else if (opt.equals("noloop")) {
                options |= Client.TRACKING_NOLOOP;
            } else if (opt.equals("prefix") && more) {
                prefixes.add(c.arg(++i));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Tracking tracking = c.server().tracking();
        switch (c.option(2)) {
            case "on" -> {
                boolean bcast = (options & Client.TRACKING_BCAST) != 0;
                boolean optin = (options & Client.TRACKING_OPTIN) != 0;
                boolean optout = (options & Client.TRACKING_OPTOUT) != 0;
                if (!bcast && !prefixes.isEmpty()) {
                    throw new CommandError("ERR PREFIX option requires BCAST mode to be enabled");
                }
                if (cl.trackingHas(Client.TRACKING_ON) && cl.trackingHas(Client.TRACKING_BCAST) != bcast) {
                    throw new CommandError("ERR You can't switch BCAST mode on/off before disabling tracking for "
                            + "this client, and then re-enabling it with a different mode.");
                }
                if (bcast && (optin || optout)) {
                    throw new CommandError("ERR OPTIN and OPTOUT are not compatible with BCAST");
                }
                if (optin && optout) {
                    throw new CommandError("ERR You can't specify both OPTIN mode and OPTOUT mode");
                }
                if ((optin && cl.trackingHas(Client.TRACKING_OPTOUT)) || (optout && cl.trackingHas(Client.TRACKING_OPTIN))) {
                    throw new CommandError("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for "
                            + "this client, and then re-enabling it with a different mode.");
                }
                if (bcast) {
                    String collision = tracking.prefixCollision(cl, prefixes);
                    if (collision != null) {
                        throw new CommandError(collision);
                    }
                }
                tracking.enable(cl, redirect, options, prefixes);
            }
            case "off" -> tracking.disable(cl);
            default -> throw CommandError.SYNTAX;
        }
        c.reply().ok();
    }

    /** CLIENT CACHING YES|NO: whether the next command's keys are tracked (OPTIN / OPTOUT). */
    static void caching(CommandContext c) {
        Client cl = c.client();
        if (!cl.trackingHas(Client.TRACKING_ON)) {
            throw new CommandError("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        switch (c.option(2)) {
            case "yes" -> {
                if (!cl.trackingHas(Client.TRACKING_OPTIN)) {
                    throw new CommandError("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
                }
            }
            case "no" -> {
                if (!cl.trackingHas(Client.TRACKING_OPTOUT)) {
                    throw new CommandError("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
                }
            }
            default -> throw CommandError.SYNTAX;
        }
        cl.trackingSet(cl.tracking() | Client.TRACKING_CACHING);
        c.reply().ok();
    }

    static void getRedir(CommandContext c) {
        Client cl = c.client();
        c.reply().integer(cl.trackingHas(Client.TRACKING_ON) ? cl.trackingRedirect() : -1);
    }

    static void trackingInfo(CommandContext c) {
        Client cl = c.client();
        Reply r = c.reply();
        r.map(3);
        r.bulk("flags");
        List<String> flags = new ArrayList<>();
        flags.add(cl.trackingHas(Client.TRACKING_ON) ? "on" : "off");
        if (cl.trackingHas(Client.TRACKING_BCAST)) {
            flags.add("bcast");
        }
        if (cl.trackingHas(Client.TRACKING_OPTIN)) {
            flags.add("optin");
            if (cl.trackingHas(Client.TRACKING_CACHING)) {
                flags.add("caching-yes");
            }
        }
        if (cl.trackingHas(Client.TRACKING_OPTOUT)) {
            flags.add("optout");
            if (cl.trackingHas(Client.TRACKING_CACHING)) {
                flags.add("caching-no");
            }
        }
        if (cl.trackingHas(Client.TRACKING_NOLOOP)) {
            flags.add("noloop");
        }
        if (cl.trackingHas(Client.TRACKING_BROKEN_REDIR)) {
            flags.add("broken_redirect");
        }
        r.set(flags.size());
        for (String f : flags) {
            r.bulk(f);
        }
        r.bulk("redirect");
        r.integer(cl.trackingHas(Client.TRACKING_ON) ? cl.trackingRedirect() : -1);
        r.bulk("prefixes");
        List<byte[]> prefixes = c.server().tracking().prefixesOf(cl);
        r.array(prefixes.size());
        for (byte[] p : prefixes) {
            r.bulk(p);
        }
    }
}
