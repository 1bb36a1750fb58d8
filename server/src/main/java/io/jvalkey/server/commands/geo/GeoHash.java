package io.jvalkey.server.commands.geo;

/**
 * Valkey's geohash arithmetic: 26 bits of latitude and 26 of longitude interleaved into the
 * 52-bit integer a geo set stores as a member's score (latitude bits in the even positions), the
 * haversine distance on a sphere of Valkey's radius, and the nine cells a search scans.
 */
public final class GeoHash {
    private GeoHash() {}

    public static final int STEP_MAX = 26;
    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LONG_MIN = -180;
    public static final double LONG_MAX = 180;
    /** The quadratic mean radius of WGS-84, in meters. */
    public static final double EARTH_RADIUS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    /** A cell: {@code step} bits per axis, interleaved in {@code bits}. A zero cell (both 0) is "none". */
    public record Cell(long bits, int step) {
        static final Cell NONE = new Cell(0, 0);

        boolean isNone() {
            return bits == 0 && step == 0;
        }
    }

    /** A decoded cell's extent. */
    public record Area(double lonMin, double lonMax, double latMin, double latMax) {}

    // ---- bit interleaving ---------------------------------------------------------------------

    static long interleave(long xlo, long ylo) {
        long x = xlo & 0xFFFFFFFFL;
        long y = ylo & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        y = (y | (y << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        y = (y | (y << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        y = (y | (y << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        y = (y | (y << 1)) & 0x5555555555555555L;
        return x | (y << 1);
    }

    /** The two halves: the even bits in the low 32, the odd bits in the high 32. */
    static long deinterleave(long v) {
        long x = v;
        long y = v >>> 1;
        x &= 0x5555555555555555L;
        y &= 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        y = (y | (y >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        y = (y | (y >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        y = (y | (y >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        y = (y | (y >>> 16)) & 0x00000000FFFFFFFFL;
        return x | (y << 32);
    }

    // ---- encode / decode ----------------------------------------------------------------------

    /** Encodes within the given ranges, or returns null for a position outside them. */
    static Cell encode(double lonMin, double lonMax, double latMin, double latMax, double lon, double lat, int step) {
        if (step > 32 || step == 0) {
            return null;
        }
        if (lon > LONG_MAX || lon < LONG_MIN || lat > LAT_MAX || lat < LAT_MIN) {
            return null;
        }
        if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) {
            return null;
        }
        double latOffset = (lat - latMin) / (latMax - latMin);
        double lonOffset = (lon - lonMin) / (lonMax - lonMin);
        latOffset *= (double) (1L << step);
        lonOffset *= (double) (1L << step);
        return new Cell(interleave((long) latOffset, (long) lonOffset), step);
    }

    /** The cell of a position at a precision, on Valkey's (Mercator-limited) ranges. */
    public static Cell encode(double lon, double lat, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, lon, lat, step);
    }

    /** The 52-bit score of a position. */
    public static long score(double lon, double lat) {
        return align52(encode(lon, lat, STEP_MAX));
    }

    static long align52(Cell c) {
        return c.bits() << (52 - c.step() * 2);
    }

    static Area decode(double lonMin, double lonMax, double latMin, double latMax, Cell cell) {
        long sep = deinterleave(cell.bits());
        double latScale = latMax - latMin;
        double lonScale = lonMax - lonMin;
        long ilat = sep & 0xFFFFFFFFL;
        long ilon = sep >>> 32;
        double div = (double) (1L << cell.step());
        return new Area(
                lonMin + (ilon * 1.0 / div) * lonScale,
                lonMin + ((ilon + 1) * 1.0 / div) * lonScale,
                latMin + (ilat * 1.0 / div) * latScale,
                latMin + ((ilat + 1) * 1.0 / div) * latScale);
    }

    static Area decode(Cell cell) {
        return decode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, cell);
    }

    /** The position (longitude, latitude) a score stands for: the center of its cell, clamped. */
    public static double[] decodeScore(double score) {
        Area a = decode(new Cell(toUnsigned(score), STEP_MAX));
        double lon = (a.lonMin() + a.lonMax()) / 2;
        lon = Math.min(LONG_MAX, Math.max(LONG_MIN, lon));
        double lat = (a.latMin() + a.latMax()) / 2;
        lat = Math.min(LAT_MAX, Math.max(LAT_MIN, lat));
        return new double[] {lon, lat};
    }

    /** C's (uint64_t) conversion of a score as x86-64 does it. */
    private static long toUnsigned(double d) {
        if (d >= 0x1p63) {
            return (long) (d - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** The 11-character standard geohash text of a score (re-encoded on the -90..90 latitude range). */
    public static String text(double score) {
        double[] xy = decodeScore(score);
        Cell c = encode(-180, 180, -90, 90, xy[0], xy[1], 26);
        String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        char[] buf = new char[11];
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((c.bits() >>> (52 - (i + 1) * 5)) & 0x1f);
            buf[i] = alphabet.charAt(idx);
        }
        return new String(buf);
    }

    // ---- neighbours ---------------------------------------------------------------------------

    private static Cell moveX(Cell h, int d) {
        if (d == 0) {
            return h;
        }
        long x = h.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = h.bits() & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - h.step() * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= 0xaaaaaaaaaaaaaaaaL >>> (64 - h.step() * 2);
        return new Cell(x | y, h.step());
    }

    private static Cell moveY(Cell h, int d) {
        if (d == 0) {
            return h;
        }
        long x = h.bits() & 0xaaaaaaaaaaaaaaaaL;
        long y = h.bits() & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - h.step() * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= 0x5555555555555555L >>> (64 - h.step() * 2);
        return new Cell(x | y, h.step());
    }

    // ---- search areas -------------------------------------------------------------------------

    /** A search shape: a circle (radius) or a box (width, height), sizes in {@code unit}s of meters. */
    public record Shape(double lon, double lat, boolean box, double radius, double width, double height, double unit) {}

    static int estimateSteps(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    /** {min lon, min lat, max lon, max lat} around the shape. */
    static double[] boundingBox(Shape s) {
        double height = s.unit() * (s.box() ? s.height() / 2 : s.radius());
        double width = s.unit() * (s.box() ? s.width() / 2 : s.radius());
        double latDelta = radDeg(height / EARTH_RADIUS);
        double lonDeltaTop = radDeg(width / EARTH_RADIUS / Math.cos(degRad(s.lat() + latDelta)));
        double lonDeltaBottom = radDeg(width / EARTH_RADIUS / Math.cos(degRad(s.lat() - latDelta)));
        boolean south = s.lat() < 0;
        return new double[] {
            south ? s.lon() - lonDeltaBottom : s.lon() - lonDeltaTop,
            s.lat() - latDelta,
            south ? s.lon() + lonDeltaBottom : s.lon() + lonDeltaTop,
            s.lat() + latDelta
        };
    }

    /**
     * The cells to scan, in Valkey's order: center, N, S, E, W, NE, NW, SE, SW; cells found
     * useless are {@link Cell#NONE}.
     */
    public static Cell[] searchCells(Shape s) {
        double[] b = boundingBox(s);
        double minLon = b[0];
        double minLat = b[1];
        double maxLon = b[2];
        double maxLat = b[3];
        double radiusMeters = s.box()
                ? Math.sqrt((s.width() / 2) * (s.width() / 2) + (s.height() / 2) * (s.height() / 2))
                : s.radius();
        radiusMeters *= s.unit();
        int steps = estimateSteps(radiusMeters, s.lat());
        Cell hash = encode(s.lon(), s.lat(), steps);
        Cell[] n = neighbours(hash);
        Area area = decode(hash);
        boolean decrease = decode(n[1]).latMax() < maxLat
                || decode(n[2]).latMin() > minLat
                || decode(n[3]).lonMax() < maxLon
                || decode(n[4]).lonMin() > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encode(s.lon(), s.lat(), steps);
            n = neighbours(hash);
            area = decode(hash);
        }
        if (steps >= 2) {
            if (area.latMin() < minLat) {
                n[2] = n[7] = n[8] = Cell.NONE; // south, south-east, south-west
            }
            if (area.latMax() > maxLat) {
                n[1] = n[5] = n[6] = Cell.NONE; // north, north-east, north-west
            }
            if (area.lonMin() < minLon) {
                n[4] = n[8] = n[6] = Cell.NONE; // west, south-west, north-west
            }
            if (area.lonMax() > maxLon) {
                n[3] = n[7] = n[5] = Cell.NONE; // east, south-east, north-east
            }
        }
        return n;
    }

    /** {self, N, S, E, W, NE, NW, SE, SW}. */
    private static Cell[] neighbours(Cell h) {
        return new Cell[] {
            h,
            moveY(h, 1),
            moveY(h, -1),
            moveX(h, 1),
            moveX(h, -1),
            moveY(moveX(h, 1), 1),
            moveY(moveX(h, -1), 1),
            moveY(moveX(h, 1), -1),
            moveY(moveX(h, -1), -1)
        };
    }

    /** The score range [min, max) of the positions inside a cell. */
    public static long[] scoreRange(Cell c) {
        long min = align52(c);
        long max = align52(new Cell(c.bits() + 1, c.step()));
        return new long[] {min, max};
    }

    // ---- distances ----------------------------------------------------------------------------

    private static double degRad(double ang) {
        return ang * D_R;
    }

    private static double radDeg(double ang) {
        return ang / D_R;
    }

    static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS * Math.abs(degRad(lat2) - degRad(lat1));
    }

    /** The haversine distance in meters. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = degRad(lon1);
        double lon2r = degRad(lon2);
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1, lat2);
        }
        double lat1r = degRad(lat1);
        double lat2r = degRad(lat2);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS * Math.asin(Math.sqrt(a));
    }

    /**
     * The distance from the shape's center to a point if the point is inside the shape, else NaN.
     */
    public static double distanceIfInside(Shape s, double lon, double lat) {
        if (!s.box()) {
            double d = distance(s.lon(), s.lat(), lon, lat);
            return d > s.radius() * s.unit() ? Double.NaN : d;
        }
        double w = s.width() * s.unit();
        double h = s.height() * s.unit();
        if (latDistance(lat, s.lat()) > h / 2) {
            return Double.NaN;
        }
        if (distance(lon, lat, s.lon(), lat) > w / 2) {
            return Double.NaN;
        }
        return distance(s.lon(), s.lat(), lon, lat);
    }
}
