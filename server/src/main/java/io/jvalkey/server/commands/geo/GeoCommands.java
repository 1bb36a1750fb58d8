package io.jvalkey.server.commands.geo;

import static io.jvalkey.server.command.CommandFlag.DENYOOM;
import static io.jvalkey.server.command.CommandFlag.MOVABLEKEYS;
import static io.jvalkey.server.command.CommandFlag.READONLY;
import static io.jvalkey.server.command.CommandFlag.WRITE;
import static io.jvalkey.server.command.CommandSpec.command;

import io.jvalkey.server.command.CommandContext;
import io.jvalkey.server.command.CommandError;
import io.jvalkey.server.command.CommandTable;
import io.jvalkey.server.command.KeySpec;
import io.jvalkey.server.command.Numbers;
import io.jvalkey.server.commands.zsets.ZAddCommands;
import io.jvalkey.server.commands.zsets.ZArgs;
import io.jvalkey.server.commands.zsets.ZSets;
import io.jvalkey.server.protocol.Reply;
import io.jvalkey.server.types.zset.ZSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The geo family on top of sorted sets: a position is stored as the member's score, its 52-bit
 * geohash (see {@link GeoHash}). GEOADD is ZADD with computed scores; searches scan the score
 * ranges of nine geohash cells and keep the members inside the shape, as Valkey's geo.c does.
 */
public final class GeoCommands {
    private GeoCommands() {}

    public static void register(CommandTable t) {
        t.add(command("geoadd", -5).flags(WRITE, DENYOOM).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RW", "update"))
                .acl("write", "geo", "slow")
                .doc("geo", "3.2.0", "Adds members with their longitude and latitude to a geospatial index, creating the key if missing.")
                .handler(GeoCommands::geoadd).build());
        read(t, "geodist", -4, "3.2.0", "Returns the distance between two members of a geospatial index.", GeoCommands::geodist);
        read(t, "geohash", -2, "3.2.0", "Returns members of a geospatial index as geohash strings.", GeoCommands::geohash);
        read(t, "geopos", -2, "3.2.0", "Returns the longitude and latitude of members of a geospatial index.", GeoCommands::geopos);
        read(t, "geosearch", -7, "6.2.0", "Queries a geospatial index for members inside an area of a box or a circle.",
                c -> search(c, 1, GEOSEARCH));
        t.add(command("geosearchstore", -8).flags(WRITE, DENYOOM).keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 0, 1, "OW", "update")).keySpec(KeySpec.range(2, 0, 1, "RO", "access"))
                .acl("write", "geo", "slow")
                .doc("geo", "6.2.0", "Queries a geospatial index for members inside an area of a box or a circle and stores the result.")
                .handler(c -> search(c, 2, GEOSEARCH | GEOSEARCHSTORE)).build());
        radius(t, "georadius", -6, 6, "3.2.0", "Queries a geospatial index for members within a distance from a coordinate, optionally storing the result.",
                c -> search(c, 1, RADIUS_COORDS));
        radius(t, "georadiusbymember", -5, 5, "3.2.0", "Queries a geospatial index for members within a distance from a member, optionally storing the result.",
                c -> search(c, 1, RADIUS_MEMBER));
        t.add(command("georadius_ro", -6).flags(READONLY).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .docFlags("deprecated").acl("read", "geo", "slow")
                .doc("geo", "3.2.10", "Returns members of a geospatial index that are within a distance from a coordinate.")
                .handler(c -> search(c, 1, RADIUS_COORDS | RADIUS_NOSTORE)).build());
        t.add(command("georadiusbymember_ro", -5).flags(READONLY).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .docFlags("deprecated").acl("read", "geo", "slow")
                .doc("geo", "3.2.10", "Returns members of a geospatial index that are within a distance from a member.")
                .handler(c -> search(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE)).build());
    }

    private static void read(CommandTable t, String name, int arity, String since, String summary,
            io.jvalkey.server.command.Handler h) {
        t.add(command(name, arity).flags(READONLY).keys(1, 1, 1).keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .acl("read", "geo", "slow").doc("geo", since, summary).handler(h).build());
    }

    /** GEORADIUS and GEORADIUSBYMEMBER: the STORE key may be anywhere, so every shard is held. */
    private static void radius(CommandTable t, String name, int arity, int storeFrom, String since, String summary,
            io.jvalkey.server.command.Handler h) {
        t.add(command(name, arity).flags(WRITE, DENYOOM, MOVABLEKEYS).keys(1, 1, 1)
                .keySpec(KeySpec.range(1, 0, 1, "RO", "access"))
                .keySpec(KeySpec.keyword("STORE", storeFrom, 0, 1, "OW", "update"))
                .keySpec(KeySpec.keyword("STOREDIST", storeFrom, 0, 1, "OW", "update"))
                .docFlags("deprecated").acl("write", "geo", "slow").doc("geo", since, summary).handler(h).build());
    }

    // ---- GEOADD, GEOPOS, GEOHASH, GEODIST -----------------------------------------------------

    static void geoadd(CommandContext c) {
        byte[][] argv = c.argv();
        boolean nx = false;
        boolean xx = false;
        int at = 2;
        for (; at < argv.length; at++) {
            String opt = argv[at].length == 2 ? c.option(at) : "";
            if (opt.equals("nx")) {
                nx = true;
            } else if (opt.equals("xx")) {
                xx = true;
            } else if (!opt.equals("ch")) {
                break;
            }
        }
        if ((argv.length - at) % 3 != 0 || (xx && nx)) {
            throw CommandError.SYNTAX;
        }
        int elements = (argv.length - at) / 3;
        byte[][] zadd = new byte[at + elements * 2][];
        zadd[0] = "zadd".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(argv, 1, zadd, 1, at - 1);
        for (int i = 0; i < elements; i++) {
            double[] xy = lonLat(argv, at + i * 3);
            zadd[at + i * 2] = Long.toString(GeoHash.score(xy[0], xy[1])).getBytes(StandardCharsets.US_ASCII);
            zadd[at + i * 2 + 1] = argv[at + i * 3 + 2];
        }
        c.reset(zadd, c.spec(), c.client(), c.reply());
        ZAddCommands.add(c, false);
    }

    /** A longitude and latitude at argv[i], argv[i + 1], checked against Valkey's limits. */
    private static double[] lonLat(byte[][] argv, int i) {
        double lon = ZArgs.score(argv[i], null);
        double lat = ZArgs.score(argv[i + 1], null);
        if (lon < GeoHash.LONG_MIN || lon > GeoHash.LONG_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw new CommandError("ERR invalid longitude,latitude pair " + fixed6(lon) + "," + fixed6(lat));
        }
        return new double[] {lon, lat};
    }

    /** C's "%f". */
    private static String fixed6(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        return Double.doubleToRawLongBits(d) < 0 && !s.startsWith("-") ? "-" + s : s;
    }

    static void geopos(CommandContext c) {
        ZSet z = ZSets.read(c, c.arg(1));
        Reply r = c.reply();
        r.array(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            double score = z == null ? Double.NaN : z.score(c.arg(j));
            if (Double.isNaN(score)) {
                r.nullArray();
                continue;
            }
            double[] xy = GeoHash.decodeScore(score);
            r.array(2);
            humanDouble(r, xy[0]);
            humanDouble(r, xy[1]);
        }
    }

    static void geohash(CommandContext c) {
        ZSet z = ZSets.read(c, c.arg(1));
        Reply r = c.reply();
        r.array(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            double score = z == null ? Double.NaN : z.score(c.arg(j));
            if (Double.isNaN(score)) {
                r.nullBulk();
            } else {
                r.bulk(GeoHash.text(score));
            }
        }
    }

    static void geodist(CommandContext c) {
        double unit = 1;
        if (c.argc() == 5) {
            unit = unit(c, 4);
        } else if (c.argc() > 5) {
            throw CommandError.SYNTAX;
        }
        ZSet z = ZSets.read(c, c.arg(1));
        if (z == null) {
            c.reply().nullBulk();
            return;
        }
        double s1 = z.score(c.arg(2));
        double s2 = z.score(c.arg(3));
        if (Double.isNaN(s1) || Double.isNaN(s2)) {
            c.reply().nullBulk();
            return;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        c.reply().bulk(distanceText(GeoHash.distance(a[0], a[1], b[0], b[1]) / unit));
    }

    private static double unit(CommandContext c, int i) {
        return switch (c.option(i)) {
            case "m" -> 1;
            case "km" -> 1000;
            case "ft" -> 0.3048;
            case "mi" -> 1609.34;
            default -> throw new CommandError("ERR unsupported unit provided. please use M, KM, FT, MI");
        };
    }

    /** A distance with four decimals, rounded half to even as llrint does. */
    static String distanceText(double d) {
        if (d == 0) {
            return "0.0000";
        }
        long v = (long) Math.rint(d * 10000.0);
        boolean negative = v < 0;
        long abs = Math.abs(v);
        String frac = Long.toString(abs % 10000);
        StringBuilder sb = new StringBuilder();
        if (negative) {
            sb.append('-');
        }
        sb.append(abs / 10000).append('.');
        for (int i = frac.length(); i < 4; i++) {
            sb.append('0');
        }
        return sb.append(frac).toString();
    }

    /** A coordinate as Valkey's addReplyHumanLongDouble: "%.17Lf" without trailing zeros. */
    static void humanDouble(Reply r, double d) {
        String text = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        if (r.resp3()) {
            r.raw((',' + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            r.bulk(text);
        }
    }

    // ---- searches -----------------------------------------------------------------------------

    private static final int RADIUS_COORDS = 1;
    private static final int RADIUS_MEMBER = 2;
    private static final int RADIUS_NOSTORE = 4;
    private static final int GEOSEARCH = 8;
    private static final int GEOSEARCHSTORE = 16;

    /** A member found by a search. */
    private record Point(byte[] member, double score, double lon, double lat, double dist) {}

    private static final CommandError NO_MEMBER = new CommandError("ERR could not decode requested zset member");

    /** Valkey's georadiusGeneric. */
    private static void search(CommandContext c, int srcAt, int flags) {
        byte[][] argv = c.argv();
        ZSet z = ZSets.read(c, argv[srcAt]);
        byte[] storeKey = null;
        boolean storeDist = false;
        int base;
        double lon = 0;
        double lat = 0;
        boolean box = false;
        double radius = 0;
        double width = 0;
        double height = 0;
        double unit = 0;
        if ((flags & RADIUS_COORDS) != 0) {
            base = 6;
            double[] xy = lonLat(argv, 2);
            lon = xy[0];
            lat = xy[1];
            radius = distanceArg(c, 4);
            unit = unit(c, 5);
        } else if ((flags & RADIUS_MEMBER) != 0 && z == null) {
            base = 5;
        } else if ((flags & RADIUS_MEMBER) != 0) {
            base = 5;
            double[] xy = memberPosition(z, argv[2]);
            lon = xy[0];
            lat = xy[1];
            radius = distanceArg(c, 3);
            unit = unit(c, 4);
        } else {
            base = 2;
            if ((flags & GEOSEARCHSTORE) != 0) {
                base = 3;
                storeKey = argv[1];
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0; // 1 asc, 2 desc
        boolean any = false;
        long count = 0;
        int remaining = argv.length - base;
        for (int i = 0; i < remaining; i++) {
            int a = base + i;
            String arg = c.option(a);
            boolean search = (flags & GEOSEARCH) != 0;
            boolean mayStore = (flags & RADIUS_NOSTORE) == 0 && !search;
            if (arg.equals("withdist")) {
                withDist = true;
            } else if (arg.equals("withhash")) {
                withHash = true;
            } else if (arg.equals("withcoord")) {
                withCoord = true;
            } else if (arg.equals("any")) {
                any = true;
            } else if (arg.equals("asc")) {
                sort = 1;
            } else if (arg.equals("desc")) {
                sort = 2;
            } else if (arg.equals("count") && i + 1 < remaining) {
                count = Numbers.parseLong(argv[a + 1]);
                if (count <= 0) {
                    throw new CommandError("ERR COUNT must be > 0");
                }
                i++;
            } else if (arg.equals("store") && i + 1 < remaining && mayStore) {
                storeKey = argv[a + 1];
                storeDist = false;
                i++;
            } else if (arg.equals("storedist") && i + 1 < remaining && mayStore) {
                storeKey = argv[a + 1];
                storeDist = true;
                i++;
            } else if (arg.equals("storedist") && search && (flags & GEOSEARCHSTORE) != 0) {
                storeDist = true;
            } else if (arg.equals("frommember") && i + 1 < remaining && search && !fromLonLat) {
                if (z != null) {
                    double[] xy = memberPosition(z, argv[a + 1]);
                    lon = xy[0];
                    lat = xy[1];
                }
                fromMember = true;
                i++;
            } else if (arg.equals("fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = lonLat(argv, a + 1);
                lon = xy[0];
                lat = xy[1];
                fromLonLat = true;
                i += 2;
            } else if (arg.equals("byradius") && i + 2 < remaining && search && !byBox) {
                radius = distanceArg(c, a + 1);
                unit = unit(c, a + 2);
                byRadius = true;
                i += 2;
            } else if (arg.equals("bybox") && i + 3 < remaining && search && !byRadius) {
                width = ZArgs.score(argv[a + 1], new CommandError("ERR need numeric width"));
                height = ZArgs.score(argv[a + 2], new CommandError("ERR need numeric height"));
                if (height < 0 || width < 0) {
                    throw new CommandError("ERR height or width cannot be negative");
                }
                unit = unit(c, a + 3);
                box = true;
                byBox = true;
                i += 3;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (storeKey != null && (withDist || withHash || withCoord)) {
            throw new CommandError("ERR " + ((flags & GEOSEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if ((flags & GEOSEARCH) != 0 && !(fromMember || fromLonLat)) {
            throw new CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + c.argString(0));
        }
        if ((flags & GEOSEARCH) != 0 && !(byRadius || byBox)) {
            throw new CommandError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + c.argString(0));
        }
        if (any && count == 0) {
            throw new CommandError("ERR the ANY argument requires COUNT argument");
        }
        Reply r = c.reply();
        if (z == null) {
            if (storeKey != null) {
                ZSets.store(c, storeKey, ZSet.large(), "");
                r.integer(0);
            } else {
                r.array(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        GeoHash.Shape shape = new GeoHash.Shape(lon, lat, box, radius, width, height, unit);
        List<Point> found = collect(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            r.array(0);
            return;
        }
        if (sort == 1) {
            found.sort(Comparator.comparingDouble(Point::dist));
        } else if (sort == 2) {
            found.sort(Comparator.comparingDouble(Point::dist).reversed());
        }
        int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
            r.array(returned);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                if (options > 0) {
                    r.array(options + 1);
                }
                r.bulk(p.member());
                if (withDist) {
                    r.bulk(distanceText(p.dist() / unit));
                }
                if (withHash) {
                    r.integer((long) p.score());
                }
                if (withCoord) {
                    r.array(2);
                    humanDouble(r, p.lon());
                    humanDouble(r, p.lat());
                }
            }
            return;
        }
        ZSet result = ZSet.large();
        long longest = 0;
        for (int i = 0; i < returned; i++) {
            Point p = found.get(i);
            result.insertUnchecked(p.member(), storeDist ? p.dist() / unit : p.score());
            longest = Math.max(longest, p.member().length);
        }
        ZSet stored = ZSet.ofResult(result, longest, c.encodings());
        ZSets.store(c, storeKey, stored, (flags & GEOSEARCH) != 0 ? "geosearchstore" : "georadiusstore");
        r.integer(returned);
    }

    private static double distanceArg(CommandContext c, int i) {
        double d = ZArgs.score(c.arg(i), new CommandError("ERR need numeric radius"));
        if (d < 0) {
            throw new CommandError("ERR radius cannot be negative");
        }
        return d;
    }

    private static double[] memberPosition(ZSet z, byte[] member) {
        double score = z.score(member);
        if (Double.isNaN(score)) {
            throw NO_MEMBER;
        }
        return GeoHash.decodeScore(score);
    }

    /** The members inside the shape, cell by cell in Valkey's order; stops at {@code limit} (ANY). */
    private static List<Point> collect(ZSet z, GeoHash.Shape shape, long limit) {
        List<Point> out = new ArrayList<>();
        GeoHash.Cell[] cells = GeoHash.searchCells(shape);
        int lastProcessed = 0;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Cell cell = cells[i];
            if (cell.bits() == 0 && cell.step() == 0) {
                continue;
            }
            if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
                continue; // huge radius: neighbouring cells may be the same one
            }
            if (!out.isEmpty() && limit > 0 && out.size() >= limit) {
                break;
            }
            long[] range = GeoHash.scoreRange(cell);
            int first = z.countScoreBelow(range[0], false);
            int end = z.countScoreBelow(range[1], false);
            for (int rank = first; rank < end; rank++) {
                double score = z.scoreAt(rank);
                double[] xy = GeoHash.decodeScore(score);
                double d = GeoHash.distanceIfInside(shape, xy[0], xy[1]);
                if (!Double.isNaN(d)) {
                    out.add(new Point(z.memberAt(rank), score, xy[0], xy[1], d));
                }
                if (!out.isEmpty() && limit > 0 && out.size() >= limit) {
                    break;
                }
            }
            lastProcessed = i;
        }
        return out;
    }
}
