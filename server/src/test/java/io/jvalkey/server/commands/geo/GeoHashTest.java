package io.jvalkey.server.commands.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Geohash arithmetic against values Valkey (and Redis) give for the same input. */
class GeoHashTest {
    @Test
    void scoresAndDecodingMatchValkey() {
        // GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
        assertThat(GeoHash.score(13.361389, 38.115556)).isEqualTo(3479099956230698L);
        assertThat(GeoHash.score(15.087269, 37.502669)).isEqualTo(3479447370796909L);
        double[] xy = GeoHash.decodeScore(3479099956230698L);
        assertThat(new java.math.BigDecimal(xy[0]).setScale(17, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString()).isEqualTo("13.36138933897018433");
        assertThat(new java.math.BigDecimal(xy[1]).setScale(17, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString()).isEqualTo("38.11555639549629859");
    }

    @Test
    void standardGeohashText() {
        assertThat(GeoHash.text(3479099956230698L)).isEqualTo("sqc8b49rny0");
        assertThat(GeoHash.text(3479447370796909L)).isEqualTo("sqdtr74hyu0");
    }

    @Test
    void haversineDistanceAndFormatting() {
        double[] a = GeoHash.decodeScore(3479099956230698L);
        double[] b = GeoHash.decodeScore(3479447370796909L);
        double d = GeoHash.distance(a[0], a[1], b[0], b[1]);
        assertThat(GeoCommands.distanceText(d)).isEqualTo("166274.1516");
        assertThat(GeoCommands.distanceText(d / 1000)).isEqualTo("166.2742");
        assertThat(GeoCommands.distanceText(0)).isEqualTo("0.0000");
        assertThat(GeoCommands.distanceText(0.00004)).isEqualTo("0.0000");
        assertThat(GeoCommands.distanceText(1.23456)).isEqualTo("1.2346");
        assertThat(GeoCommands.distanceText(-2.5)).isEqualTo("-2.5000");
        // Same longitude: the latitude-only shortcut.
        assertThat(GeoHash.distance(10, 0, 10, 1)).isEqualTo(GeoHash.EARTH_RADIUS * Math.PI / 180.0);
    }

    @Test
    void interleavingRoundTrips() {
        Random rnd = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            long x = rnd.nextInt() & 0xFFFFFFFFL;
            long y = rnd.nextInt() & 0xFFFFFFFFL;
            long v = GeoHash.interleave(x, y);
            assertThat(GeoHash.deinterleave(v)).isEqualTo(x | (y << 32));
        }
    }

    @Test
    void encodedPositionsDecodeInsideTheirCell() {
        Random rnd = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            double lon = rnd.nextDouble() * 360 - 180;
            double lat = rnd.nextDouble() * 2 * GeoHash.LAT_MAX - GeoHash.LAT_MAX;
            double[] xy = GeoHash.decodeScore(GeoHash.score(lon, lat));
            // A 26-bit cell is under a meter wide.
            assertThat(GeoHash.distance(lon, lat, xy[0], xy[1])).isLessThan(1.0);
        }
    }

    @Test
    void searchCellsCoverTheShape() {
        GeoHash.Shape s = new GeoHash.Shape(15, 37, false, 200, 0, 0, 1000);
        GeoHash.Cell[] cells = GeoHash.searchCells(s);
        assertThat(cells).hasSize(9);
        // Every point within the radius falls in one of the cells' score ranges.
        Random rnd = new Random(9);
        for (int i = 0; i < 2_000; i++) {
            double lon = 15 + rnd.nextDouble() * 4 - 2;
            double lat = 37 + rnd.nextDouble() * 4 - 2;
            if (GeoHash.distance(15, 37, lon, lat) > 200_000) {
                continue;
            }
            long score = GeoHash.score(lon, lat);
            boolean covered = false;
            for (GeoHash.Cell c : cells) {
                if (c.bits() == 0 && c.step() == 0) {
                    continue;
                }
                long[] r = GeoHash.scoreRange(c);
                covered |= score >= r[0] && score < r[1];
            }
            assertThat(covered).as("point %s,%s", lon, lat).isTrue();
        }
    }
}
