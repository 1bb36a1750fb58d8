package io.jvalkey.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotHashTest {
    private static int slot(String key) {
        return SlotHash.slot(key.getBytes(UTF_8));
    }

    @Test
    void crc16MatchesTheXmodemCheckValue() {
        byte[] check = "123456789".getBytes(UTF_8);
        assertThat(SlotHash.crc16(check, 0, check.length)).isEqualTo(0x31C3);
    }

    @Test
    void slotsMatchValkeysClusterKeyslot() {
        // Values as printed by CLUSTER KEYSLOT on a real server.
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("bar")).isEqualTo(5061);
        assertThat(slot("")).isEqualTo(0);
    }

    @Test
    void hashTagsSelectTheHashedPart() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("user1000"));
        assertThat(slot("{user1000}.followers")).isEqualTo(slot("{user1000}.following"));
        assertThat(slot("foo{}{bar}")).isEqualTo(slot("foo{}{bar}")).isNotEqualTo(slot("bar"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
        assertThat(slot("{}")).isEqualTo(SlotHash.crc16("{}".getBytes(UTF_8), 0, 2) & 16383);
    }

    @Test
    void shardMapSpreadsSlotsRoundRobin() {
        ShardMap map = new ShardMap(3);
        assertThat(map.shardOfSlot(0)).isZero();
        assertThat(map.shardOfSlot(4)).isEqualTo(1);
        assertThat(map.shardOfSlot(16383)).isEqualTo(16383 % 3);
        assertThatThrownBy(() -> new ShardMap(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
