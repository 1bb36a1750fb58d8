package io.jvalkey.persistence.rdb;

import static io.jvalkey.persistence.rdb.Model.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jvalkey.persistence.Crc64;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RdbCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A dataset with every type, small and large. */
    static Model dataset() {
        Model m = new Model();
        Random rnd = new Random(3);
        m.put(0, "str", "hello", -1);
        m.put(0, "int", "-123456", -1);
        m.put(0, "big", "12345678901234", 1_900_000_000_000L);
        m.put(0, "zeros", "0".repeat(100), -1);
        m.put(0, "empty", "", -1);
        List<String> small = new ArrayList<>(List.of("a", "1", "-70000", "x".repeat(100)));
        m.put(0, "list", small, -1);
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            big.add(i % 2 == 0 ? Integer.toString(i) : "e" + i + "y".repeat(i % 300));
        }
        m.put(0, "biglist", big, -1);
        m.put(0, "ints", new LinkedHashSet<>(List.of("5", "-1", "70000", "9223372036854775807")), -1);
        m.put(0, "smallset", new LinkedHashSet<>(List.of("a", "b", "3")), -1);
        LinkedHashSet<String> bigSet = new LinkedHashSet<>();
        for (int i = 0; i < 700; i++) {
            bigSet.add(i % 3 == 0 ? Integer.toString(i) : "m" + i);
        }
        m.put(0, "bigset", bigSet, -1);
        Model.Hash h = new Model.Hash();
        h.put("f", "v");
        h.put("n", "42");
        m.put(1, "hash", h, 1_900_000_000_123L);
        Model.Hash bh = new Model.Hash();
        for (int i = 0; i < 400; i++) {
            bh.put("field:" + i, "value:" + rnd.nextInt());
        }
        m.put(1, "bighash", bh, -1);
        Model.ZSet z = new Model.ZSet();
        z.put("a", 1.0);
        z.put("b", -2.5);
        z.put("c", Double.POSITIVE_INFINITY);
        z.put("d", 1e-30);
        z.put("e", 3.0e200);
        m.put(1, "zset", z, -1);
        Model.ZSet bz = new Model.ZSet();
        for (int i = 0; i < 300; i++) {
            bz.put("member" + i, rnd.nextGaussian());
        }
        m.put(2, "bigzset", bz, -1);
        List<Model.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 330; i++) {
            entries.add(new Model.Entry(1000 + i, i % 3, i % 5 == 0
                    ? List.of("other", "o" + i) : List.of("f", "v".repeat(i % 40), "n", Integer.toString(i))));
        }
        StreamId last = new StreamId(1330, 0);
        List<StreamMeta.PendingEntry> pel = List.of(
                new StreamMeta.PendingEntry(new StreamId(1001, 1), 1_700_000_000_000L, 2, b("alice")),
                new StreamMeta.PendingEntry(new StreamId(1002, 2), 1_700_000_000_001L, 1, b("bob")));
        List<StreamMeta.Consumer> consumers = List.of(
                new StreamMeta.Consumer(b("alice"), 1_700_000_000_100L, 1_700_000_000_050L, List.of(new StreamId(1001, 1))),
                new StreamMeta.Consumer(b("bob"), 1_700_000_000_200L, 1_700_000_000_150L, List.of(new StreamId(1002, 2))),
                new StreamMeta.Consumer(b("idle"), 1_700_000_000_300L, 1_700_000_000_300L, List.of()));
        StreamMeta sm = new StreamMeta(330, last, new StreamId(1001, 1), new StreamId(900, 0), 345, List.of(
                new StreamMeta.Group(b("g1"), new StreamId(1002, 2), 2, pel, consumers),
                new StreamMeta.Group(b("g2"), last, -1, List.of(), List.of())));
        m.put(0, "stream", new Model.Stream(entries, sm), -1);
        m.put(3, "emptystream", new Model.Stream(List.of(), new StreamMeta(0, new StreamId(5, 5), StreamId.ZERO,
                new StreamId(5, 5), 1, List.of())), -1);
        m.functions.add("#!lua name=lib1\nredis.register_function('f1', function() return 1 end)");
        return m;
    }

    static byte[] write(Model m, RdbWriter.Options o, RdbWriter.Encoding enc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(out, o);
        w.standardAux("8.0.0", 1_700_000_000L, 12345, false);
        m.writeTo(w, enc);
        w.endOfFile();
        return out.toByteArray();
    }

    @Test
    void everyEncodingRoundTrips() throws IOException {
        Model m = dataset();
        for (RdbWriter.Options o : List.of(RdbWriter.Options.DEFAULT, RdbWriter.Options.DEFAULT.withVersion(10),
                RdbWriter.Options.DEFAULT.withCompression(false).withChecksum(false),
                RdbWriter.Options.DEFAULT.withListMaxListpackSize(7).withStreamNodeLimits(0, 3))) {
            for (RdbWriter.Encoding enc : RdbWriter.Encoding.values()) {
                byte[] rdb = write(m, o, enc);
                Model back = Model.read(rdb);
                assertThat(back.comparable()).as(o + " " + enc).isEqualTo(m.comparable());
                assertThat(back.version).isEqualTo(o.version());
                assertThat(back.aux).containsEntry("redis-bits", "64").containsEntry("ctime", "1700000000");
                // Streaming from an InputStream of unknown size gives the same.
                Model.Recorder rec = new Model.Recorder();
                new RdbReader(new ByteArrayInputStream(rdb), -1).read(rec);
                assertThat(rec.m.comparable()).isEqualTo(m.comparable());
            }
        }
    }

    @Test
    void streamTimesSurviveVersion11AndActiveTimeFallsBackToSeenTimeInVersion10() throws IOException {
        Model m = dataset();
        Model v11 = Model.read(write(m, RdbWriter.Options.DEFAULT, null));
        StreamMeta.Consumer alice = ((Model.Stream) v11.db(0).get("stream")).meta().groups().get(0).consumers().get(0);
        assertThat(alice.seenTimeMs()).isEqualTo(1_700_000_000_100L);
        assertThat(alice.activeTimeMs()).isEqualTo(1_700_000_000_050L);
        StreamMeta.PendingEntry p = ((Model.Stream) v11.db(0).get("stream")).meta().groups().get(0).pending().get(0);
        assertThat(p.deliveryTimeMs()).isEqualTo(1_700_000_000_000L);
        Model v10 = Model.read(write(m, RdbWriter.Options.DEFAULT.withVersion(10), null));
        StreamMeta.Consumer alice10 = ((Model.Stream) v10.db(0).get("stream")).meta().groups().get(0).consumers().get(0);
        assertThat(alice10.activeTimeMs()).isEqualTo(alice10.seenTimeMs()).isEqualTo(1_700_000_000_100L);
    }

    @Test
    void keyMetadataRoundTrips() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(out, RdbWriter.Options.DEFAULT);
        w.selectDb(5);
        w.string(new KeyMeta(5, 1_800_000_000_000L, 3600, -1), b("lru"), b("v"));
        w.string(new KeyMeta(5, -1, -1, 200), b("lfu"), b("v"));
        w.endOfFile();
        Model.Recorder rec = new Model.Recorder();
        RdbReader.read(out.toByteArray(), true, rec);
        assertThat(rec.metas).containsExactly(new KeyMeta(5, 1_800_000_000_000L, 3600, -1), new KeyMeta(5, -1, -1, 200));
    }

    /** Byte-level checks of the layout Valkey 8 writes (rdb.c / listpack.c). */
    @Test
    void bytesMatchValkeysFormat() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(out, RdbWriter.Options.DEFAULT);
        w.selectDb(0);
        w.resizeDb(4, 1);
        w.string(KeyMeta.of(0, 0x0102030405060708L), b("k"), b("12345"));
        w.hashBegin(KeyMeta.NONE, b("h"), 1, RdbWriter.Encoding.LISTPACK);
        w.hashField(b("a"), b("1"), -1);
        w.hashEnd();
        w.setBegin(KeyMeta.NONE, b("s"), 2, RdbWriter.Encoding.INTSET);
        w.setMember(b("300"));
        w.setMember(b("-2"));
        w.setEnd();
        w.setBegin(KeyMeta.NONE, b("t"), 1, RdbWriter.Encoding.LISTPACK);
        w.setMember(b("x"));
        w.setEnd();
        w.endOfFile();
        byte[] rdb = out.toByteArray();
        String hex = HEX.formatHex(rdb);
        String expected = HEX.formatHex("REDIS0011".getBytes())
                + "fe00" + "fb0401"
                + "fc0807060504030201" + "00" + "016b" + "c13930"
                + "10" + "0168" + "0c" + "0c000000020081610201" + "01ff"
                + "0b" + "0173" + "0c" + "0200000002000000" + "feff" + "2c01"
                + "14" + "0174" + "0a" + "0a00000001008178" + "02ff"
                + "ff";
        assertThat(hex).startsWith(expected);
        long crc = Crc64.update(0, rdb, 0, rdb.length - 8);
        byte[] tail = Arrays.copyOfRange(rdb, rdb.length - 8, rdb.length);
        for (int i = 0; i < 8; i++) {
            assertThat(tail[i]).isEqualTo((byte) (crc >>> (8 * i)));
        }
    }

    @Test
    void version10WritesPlainSetsAndStreamsV2() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(out, RdbWriter.Options.DEFAULT.withVersion(10));
        w.setBegin(KeyMeta.NONE, b("t"), 1, RdbWriter.Encoding.LISTPACK);
        w.setMember(b("x"));
        w.setEnd();
        w.streamBegin(KeyMeta.NONE, b("s"));
        w.streamEnd(new StreamMeta(0, StreamId.ZERO, StreamId.ZERO, StreamId.ZERO, 0, List.of()));
        w.endOfFile();
        String hex = HEX.formatHex(out.toByteArray());
        assertThat(hex).startsWith(HEX.formatHex("REDIS0010".getBytes()) + "02" + "0174" + "01" + "0178"
                + "13" + "0173" + "00");
    }

    @Test
    void compressionFollowsTheOption() throws IOException {
        byte[] value = "abc".repeat(100).getBytes();
        for (boolean on : new boolean[] {true, false}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RdbWriter w = RdbWriter.file(out, RdbWriter.Options.DEFAULT.withCompression(on));
            w.string(KeyMeta.NONE, b("k"), value);
            w.endOfFile();
            byte[] rdb = out.toByteArray();
            assertThat(rdb[12] == (byte) 0xC3).isEqualTo(on); // after header, type, key: the LZF marker
            assertThat(rdb.length < 100).isEqualTo(on);
            Model.Recorder rec = new Model.Recorder();
            RdbReader.read(rdb, true, rec);
            assertThat(rec.m.db(0).get("k")).isEqualTo("abc".repeat(100));
        }
    }

    @Test
    void checksumIsVerifiedUnlessZeroOrDisabled() throws IOException {
        Model m = new Model();
        m.put(0, "k", "v", -1);
        byte[] rdb = write(m, RdbWriter.Options.DEFAULT, null);
        rdb[rdb.length - 1] ^= 1;
        byte[] bad = rdb;
        assertThatThrownBy(() -> Model.read(bad)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("Wrong RDB checksum")
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isEqualTo(bad.length - 8));
        RdbReader.read(bad, false, new Model.Recorder());
        byte[] unchecked = write(m, RdbWriter.Options.DEFAULT.withChecksum(false), null);
        assertThat(Arrays.copyOfRange(unchecked, unchecked.length - 8, unchecked.length)).containsOnly(0);
        assertThat(Model.read(unchecked).db(0)).containsEntry("k", "v");
    }

    @Test
    void errorsNameTheProblemAndOffset() {
        byte[] wrongMagic = "RADIS0011\u00ff".getBytes();
        assertThatThrownBy(() -> Model.read(wrongMagic)).hasMessageContaining("Wrong signature");
        byte[] future = "REDIS0012\u00ff".getBytes();
        assertThatThrownBy(() -> Model.read(future)).hasMessageContaining("Can't handle RDB format version 12");
        byte[] truncated = HEX.parseHex(HEX.formatHex("REDIS0011".getBytes()) + "00036b6579");
        assertThatThrownBy(() -> Model.read(truncated)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("Unexpected EOF").hasMessageContaining("offset 14");
        byte[] unknownType = HEX.parseHex(HEX.formatHex("REDIS0011".getBytes()) + "1e");
        assertThatThrownBy(() -> Model.read(unknownType)).hasMessageContaining("Unknown RDB encoding type 30")
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isEqualTo(9));
        byte[] hugeLength = HEX.parseHex(HEX.formatHex("REDIS0011".getBytes()) + "0001" + "6b" + "81ffffffffffffff00");
        assertThatThrownBy(() -> Model.read(hugeLength)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("exceeds the remaining input");
        byte[] module = HEX.parseHex(HEX.formatHex("REDIS0011".getBytes()) + "07016b" + "81" + "0123456789abcdef");
        assertThatThrownBy(() -> Model.read(module)).hasMessageContaining("module data I can't load");
    }

    @Test
    void duplicatesRefusedByTheVisitorGetAnOffset() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(out, RdbWriter.Options.DEFAULT);
        w.setBegin(KeyMeta.NONE, b("s"), 2, RdbWriter.Encoding.HASHTABLE);
        w.setMember(b("a"));
        w.setMember(b("a"));
        w.setEnd();
        w.endOfFile();
        assertThatThrownBy(() -> Model.read(out.toByteArray())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("Duplicate set members detected")
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isPositive());
    }

    @Test
    void moduleAuxIsSkippedAndReported() throws IOException {
        String body = HEX.formatHex("REDIS0011".getBytes())
                + "f7" + "81" + "0000000000000400" + "02" + "01" // module id, UINT opcode, when=1
                + "02" + "05" + "05" + "0568656c6c6f" + "03" + "00000000" + "04" + "0000000000000000" + "00"
                + "00" + "016b" + "0176" + "ff" + "0000000000000000";
        List<String> seen = new ArrayList<>();
        Model.Recorder rec = new Model.Recorder() {
            @Override
            public void moduleAux(String name, int version, int when) {
                seen.add(name + "/" + version + "/" + when);
            }
        };
        RdbReader.read(HEX.parseHex(body), true, rec);
        assertThat(seen).containsExactly("AAAAAAAAB/0/1");
        assertThat(rec.m.db(0)).containsEntry("k", "v");
    }

    @Test
    void dumpPayloadsRoundTripAndVerify() throws IOException {
        Model m = dataset();
        for (var e : m.db(0).entrySet()) {
            byte[] payload = DumpPayload.create(RdbWriter.Options.DEFAULT,
                    w -> Model.writeValue(w, KeyMeta.NONE, b(e.getKey()), e.getValue(), null));
            assertThat(DumpPayload.verify(payload, false)).isEqualTo(11);
            Model.Recorder rec = new Model.Recorder();
            DumpPayload.read(payload, b(e.getKey()), rec);
            Model one = new Model();
            one.put(0, e.getKey(), e.getValue(), -1);
            assertThat(rec.m.comparable()).isEqualTo(one.comparable());
        }
        byte[] payload = DumpPayload.create(RdbWriter.Options.DEFAULT, w -> w.string(KeyMeta.NONE, b("k"), b("v")));
        assertThat(HEX.formatHex(payload)).startsWith("0001760b00");
        payload[2] ^= 1;
        byte[] corrupt = payload;
        assertThatThrownBy(() -> DumpPayload.read(corrupt, b("k"), new Model.Recorder()))
                .hasMessageStartingWith(DumpPayload.BAD_PAYLOAD);
        assertThat(DumpPayload.verify(corrupt, true)).isEqualTo(11);
        byte[] tooNew = DumpPayload.create(RdbWriter.Options.DEFAULT, w -> w.string(KeyMeta.NONE, b("k"), b("v")));
        tooNew[tooNew.length - 10] = 12;
        assertThatThrownBy(() -> DumpPayload.verify(tooNew, true)).hasMessageStartingWith(DumpPayload.BAD_PAYLOAD);
        assertThatThrownBy(() -> DumpPayload.verify(new byte[9], true)).hasMessageStartingWith(DumpPayload.BAD_PAYLOAD);
    }

    @Test
    void pipingAReaderIntoAWriterCopiesAFile() throws IOException {
        byte[] original = write(dataset(), RdbWriter.Options.DEFAULT, RdbWriter.Encoding.LISTPACK);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        RdbWriter w = RdbWriter.file(copy, RdbWriter.Options.DEFAULT);
        RdbReader.read(original, true, w);
        assertThat(Model.read(copy.toByteArray()).comparable()).isEqualTo(dataset().comparable());
    }

    /** Encodings only old servers write (RDB 6): plain LIST, ziplist, quicklist v1, zipmap, text scores, EXPIRETIME. */
    @Test
    void oldFormatsFromHandBuiltBytes() throws IOException {
        String ziplist = "14000000" + "0f000000" + "0300" + "000161" + "03f6" + "02c02c01" + "ff"; // a, 5, 300
        String zipmap = "01" + "0166" + "010076" + "ff"; // f -> v
        String rdb = HEX.formatHex("REDIS0006".getBytes())
                + "0a" + "017a" + "14" + ziplist
                + "0e" + "0171" + "01" + "14" + ziplist
                + "fd" + "00e1f505" + "09" + "0168" + "07" + zipmap
                + "03" + "0173" + "02" + "016d" + "03312e35" + "016e" + "fe"
                + "01" + "016c" + "02" + "0161" + "c0ff"
                + "ff" + "0000000000000000";
        Model.Recorder rec = new Model.Recorder();
        RdbReader.read(HEX.parseHex(rdb), true, rec);
        Model m = rec.m;
        assertThat(m.version).isEqualTo(6);
        assertThat(m.db(0).get("z")).isEqualTo(List.of("a", "5", "300"));
        assertThat(m.db(0).get("q")).isEqualTo(List.of("a", "5", "300"));
        assertThat(m.db(0).get("h")).isEqualTo(java.util.Map.of("f", "v"));
        assertThat(m.expires.get(0)).containsEntry("h", 100_000_000_000L);
        assertThat(m.db(0).get("s")).isEqualTo(java.util.Map.of("m", 1.5, "n", Double.POSITIVE_INFINITY));
        assertThat(m.db(0).get("l")).isEqualTo(List.of("a", "-1"));
        // A ziplist whose tail offset is wrong is refused.
        String badTail = rdb.replace("0f000000", "0e000000");
        assertThatThrownBy(() -> RdbReader.read(HEX.parseHex(badTail), true, new Model.Recorder()))
                .hasMessageContaining("List ziplist integrity check failed").hasMessageContaining("offset 12");
    }
}
