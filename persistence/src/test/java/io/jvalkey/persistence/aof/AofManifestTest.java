package io.jvalkey.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AofManifestTest {
    @Test
    void namesFilesAsValkeyAndFormatsBaseHistoryIncrInThatOrder() {
        AofManifest m = new AofManifest("appendonly.aof");
        assertThat(m.newBase(true)).isEqualTo("appendonly.aof.1.base.rdb");
        assertThat(m.newIncr()).isEqualTo("appendonly.aof.1.incr.aof");
        assertThat(m.newIncr()).isEqualTo("appendonly.aof.2.incr.aof");
        assertThat(m.newBase(false)).isEqualTo("appendonly.aof.2.base.aof");
        m.incrsBeforeLastBecomeHistory(1);
        assertThat(m.format()).isEqualTo("""
                file appendonly.aof.2.base.aof seq 2 type b
                file appendonly.aof.1.base.rdb seq 1 type h
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.2.incr.aof seq 2 type i
                """);
        assertThat(m.manifestName()).isEqualTo("appendonly.aof.manifest");
        assertThat(m.tempManifestName()).isEqualTo("temp-appendonly.aof.manifest");
        assertThat(m.takeHistory()).hasSize(2);
        assertThat(m.loadOrder()).extracting(AofManifest.FileInfo::name)
                .containsExactly("appendonly.aof.2.base.aof", "appendonly.aof.2.incr.aof");
    }

    @Test
    void parsesWhatItWritesAndValkeysVariations() throws Exception {
        String text = "# a comment\nfile appendonly.aof.3.base.rdb seq 3 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.5.incr.aof seq 5 type i newkey newvalue\n"
                + "file \"odd name.aof\" seq 6 type i\n";
        AofManifest m = AofManifest.parse("appendonly.aof", text);
        assertThat(m.base().name()).isEqualTo("appendonly.aof.3.base.rdb");
        assertThat(m.history()).hasSize(1);
        assertThat(m.incrs()).extracting(AofManifest.FileInfo::name)
                .containsExactly("appendonly.aof.5.incr.aof", "odd name.aof");
        // Sequence numbers continue from the highest seen.
        assertThat(m.newIncr()).isEqualTo("appendonly.aof.7.incr.aof");
        assertThat(m.newBase(true)).isEqualTo("appendonly.aof.4.base.rdb");
        assertThat(AofManifest.parse("appendonly.aof", m.format()).format()).isEqualTo(m.format());
        assertThat(m.format()).contains("file \"odd name.aof\" seq 6 type i\n");
    }

    @Test
    void refusesWhatValkeyRefuses() {
        assertThatThrownBy(() -> AofManifest.parse("a", "")).hasMessage("Found an empty AOF manifest");
        assertThatThrownBy(() -> AofManifest.parse("a", "file x seq 1\n")).hasMessage("Invalid AOF manifest file format");
        assertThatThrownBy(() -> AofManifest.parse("a", "\n")).hasMessage("Invalid AOF manifest file format");
        assertThatThrownBy(() -> AofManifest.parse("a", "file x seq 1 type z\n")).hasMessage("Unknown AOF file type");
        assertThatThrownBy(() -> AofManifest.parse("a", "file dir/x seq 1 type b\n"))
                .hasMessage("File can't be a path, just a filename");
        assertThatThrownBy(() -> AofManifest.parse("a", "file x seq 1 type b\nfile y seq 2 type b\n"))
                .hasMessage("Found duplicate base file information");
        assertThatThrownBy(() -> AofManifest.parse("a", "file x seq 2 type i\nfile y seq 2 type i\n"))
                .hasMessage("Found a non-monotonic sequence number")
                .satisfies(e -> assertThat(((AofManifest.FormatException) e).line).isEqualTo(2));
    }
}
