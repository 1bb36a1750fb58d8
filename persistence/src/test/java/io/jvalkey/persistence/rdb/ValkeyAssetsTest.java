package io.jvalkey.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Old-format files from Valkey's source tree (tests/assets, read in place, not copied): zipmap,
 * ziplist, intset, text-score sorted sets, quicklist v1, RDB versions 3-10. Skipped when the
 * source tree is absent (set -Dvalkey.src=DIR to point elsewhere).
 */
class ValkeyAssetsTest {
    private static Model read(String name) throws IOException {
        Path dir = Path.of(System.getProperty("valkey.src", "/work/valkey-src"), "tests", "assets");
        Path file = dir.resolve(name);
        assumeTrue(Files.exists(file), file + " not present: Valkey asset test skipped");
        Model.Recorder rec = new Model.Recorder();
        RdbReader.read(file, true, rec);
        return rec.m;
    }

    @Test
    void zipmapHashFromRdb3() throws IOException {
        Model m = read("hash-zipmap.rdb");
        assertThat(m.version).isEqualTo(3);
        assertThat(m.db(0).get("hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void ziplistEncodingsFromRdb4() throws IOException {
        Model m = read("encodings.rdb");
        Map<String, Object> db = m.db(0);
        assertThat(db.get("list_zipped")).isEqualTo(List.of("1", "2", "3", "a", "b", "c", "100000", "6000000000"));
        assertThat(db.get("set_zipped_3")).isEqualTo(Set.of("1000000000", "2000000000", "3000000000", "4000000000",
                "5000000000", "6000000000"));
        assertThat(db.get("hash_zipped")).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(db.get("zset_zipped")).isEqualTo(Map.of("a", 1.0, "b", 2.0, "c", 3.0));
        assertThat((Map<Object, Object>) db.get("zset")).containsEntry("bbbb", 5.0e9).containsEntry("cccc", 123456789.0);
        assertThat((Map<Object, Object>) db.get("hash")).containsEntry("eee", "5000000000").hasSize(11);
        assertThat((String) db.get("compressible")).hasSize(137);
        assertThat(db.get("number")).isEqualTo("10");
    }

    @Test
    void quicklistWithZiplistNodesAndZiplistPairs() throws IOException {
        assertThat(read("list-quicklist.rdb").db(0)).containsEntry("list", List.of("7")).containsEntry("x", "7");
        assertThat(read("hash-ziplist.rdb").db(0).get("hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
        assertThat(read("zset-ziplist.rdb").db(0).get("zset")).isEqualTo(Map.of("one", 1.0, "two", 2.0));
    }

    @Test
    void emptyKeysAreSkippedAsValkeyDoes() throws IOException {
        Model m = read("corrupt_empty_keys.rdb");
        assertThat(m.db(0)).isEmpty();
    }

    @Test
    void corruptZiplistIsRefusedWithAnOffset() {
        assertThatThrownBy(() -> read("corrupt_ziplist.rdb")).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("ziplist integrity check failed")
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isEqualTo(488));
    }
}
