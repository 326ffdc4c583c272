package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session ids: their form, their uniqueness across pool refills, and where their bytes come from. */
class SessionIdsTest {

    @Test
    void idsAcrossManyPoolRefillsAreDistinctUrlSafeAndCarry120Bits() {
        // 273 ids per refill: this spans more than 36 refills
        int n = 10_000;
        Set<String> ids = new HashSet<>();
        int[] bitCounts = new int[120];
        for (int i = 0; i < n; i++) {
            String id = SessionIds.next();
            ids.add(id);
            byte[] raw = Base64.getUrlDecoder().decode(id);
            assertThat(raw).hasSize(15);
            for (int bit = 0; bit < 120; bit++) {
                if ((raw[bit / 8] >> (bit % 8) & 1) != 0) {
                    bitCounts[bit]++;
                }
            }
        }
        assertThat(ids).hasSize(n).allMatch(s -> s.matches("[A-Za-z0-9_-]{20}"));
        // every bit position is random: a zeroed or repeated pool would fail this by far
        for (int count : bitCounts) {
            assertThat(count).isBetween(n / 2 - 400, n / 2 + 400);
        }
    }

    @Test
    void bytesComeFromTheOperatingSystemWhereItHasUrandom() {
        assertThat(SessionIds.fromOperatingSystem())
                .isEqualTo(Files.isReadable(Path.of("/dev/urandom")));
    }
}
