package io.github.socketiojakarta.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a change of a socket's data is: the copy compares the contents of nested maps, lists and
 * arrays (a change inside them is seen), leaves the UI's metadata out, and gives up on data
 * larger than its bound.
 */
class DataSnapshotTest {

    @Test
    void changesInsideNestedValuesAreSeenAndTheMetadataIsNot() {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>(List.of(1));
        byte[] bytes = {1, 2};
        data.put("list", list);
        data.put("bytes", bytes);
        data.put("nested", new LinkedHashMap<>(Map.of("a", new int[] {1})));
        data.put(Serialized.ADMIN_KEY, Map.of("transport", "polling"));
        Object before = DataSnapshot.of(data);
        assertThat(before.toString()).doesNotContain("polling");

        data.put(Serialized.ADMIN_KEY, Map.of("transport", "websocket"));
        assertThat(DataSnapshot.of(data)).isEqualTo(before);
        list.add(2);
        Object afterList = DataSnapshot.of(data);
        assertThat(afterList).isNotEqualTo(before);
        bytes[0] = 9;
        assertThat(DataSnapshot.of(data)).isNotEqualTo(afterList);
    }

    @Test
    void dataLargerThanTheBoundIsNotWatched() {
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < DataSnapshot.MAX_NODES; i++) {
            big.add(i);
        }
        assertThat(DataSnapshot.of(Map.of("big", big))).isSameAs(DataSnapshot.TOO_LARGE);
        assertThat(DataSnapshot.of(Map.of("bytes", new byte[64 * DataSnapshot.MAX_NODES])))
                .isSameAs(DataSnapshot.TOO_LARGE);
        assertThat(DataSnapshot.of(Map.of("small", big.subList(0, 100))))
                .isNotSameAs(DataSnapshot.TOO_LARGE);
    }
}
