package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ClusterAdapter envelope as the sharded adapter writes it: exact JSON strings in Node.js's
 * key order, notepack only for the types that may carry binaries and only when they do, absent
 * fields left out. (The same shapes are compared with real Node.js messages on the wire in
 * {@code ShardedNodeModesTest}.)
 */
class ShardedMessagesTest {
    private static final String UID = "0123456789abcdef";

    private static String json(byte[] bytes) {
        assertThat(bytes[0]).isEqualTo((byte) '{');
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aBroadcastIsJsonInNodeKeyOrder() {
        byte[] m = ClusterMessages.encode(MessageType.BROADCAST, ClusterMessages.broadcast(
                List.of("hello", "world"), null, BroadcastOptions.rooms(Set.of("room1"))),
                UID, "/");
        assertThat(json(m)).isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":"
                + "[\"hello\",\"world\"]},\"opts\":{\"rooms\":[\"room1\"],\"except\":[],"
                + "\"flags\":{}}},\"uid\":\"0123456789abcdef\",\"nsp\":\"/\"}");
    }

    @Test
    void flagsAreOnlyThoseSetAndTheRequestIdOnlyWithAcks() {
        BroadcastOptions o = new BroadcastOptions(Set.of(), Set.of("a"), true, false, false, 5000);
        assertThat(json(ClusterMessages.encode(MessageType.BROADCAST,
                ClusterMessages.broadcast(List.of("e"), "r1", o), UID, "/chat")))
                .isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},"
                        + "\"requestId\":\"r1\",\"opts\":{\"rooms\":[],\"except\":[\"a\"],"
                        + "\"flags\":{\"volatile\":true,\"compress\":false,\"timeout\":5000}}},"
                        + "\"uid\":\"0123456789abcdef\",\"nsp\":\"/chat\"}");
        assertThat(json(ClusterMessages.encode(MessageType.SERVER_SIDE_EMIT,
                ClusterMessages.serverSideEmit(null, List.of("ev", 1)), UID, "/")))
                .isEqualTo("{\"type\":9,\"data\":{\"packet\":[\"ev\",1]},"
                        + "\"uid\":\"0123456789abcdef\",\"nsp\":\"/\"}");
        assertThat(json(ClusterMessages.encode(MessageType.SERVER_SIDE_EMIT_RESPONSE,
                ClusterMessages.answer("r2", List.of()), UID, "/")))
                .isEqualTo("{\"type\":10,\"data\":{\"requestId\":\"r2\"},"
                        + "\"uid\":\"0123456789abcdef\",\"nsp\":\"/\"}");
    }

    @Test
    void binariesSwitchToNotepackOnlyForTypesThatMayCarryThem() throws Exception {
        byte[] m = ClusterMessages.encode(MessageType.BROADCAST_ACK,
                ClusterMessages.answer("r3", List.of(new byte[] {1, 2})), UID, "/");
        assertThat(m[0]).isEqualTo((byte) 0x84); // fixmap of 4: type, data, uid, nsp
        ClusterMessages.Envelope e = ClusterMessages.decode(m);
        assertThat(e.type()).isEqualTo(MessageType.BROADCAST_ACK);
        assertThat(e.requestId()).isEqualTo("r3");
        assertThat((byte[]) e.data().get("packet")).containsExactly(1, 2);
        // requests never carry binaries: JSON whatever the options
        assertThat(json(ClusterMessages.encode(MessageType.SOCKETS_JOIN,
                ClusterMessages.rooms(BroadcastOptions.ALL, List.of("r")), UID, "/")))
                .isEqualTo("{\"type\":4,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],"
                        + "\"flags\":{}},\"rooms\":[\"r\"]},\"uid\":\"0123456789abcdef\","
                        + "\"nsp\":\"/\"}");
    }

    @Test
    void nodeMessagesAreReadWhateverTheirFormat() throws Exception {
        ClusterMessages.Envelope e = ClusterMessages.decode(("{\"type\":7,\"data\":{\"opts\":"
                + "{\"rooms\":[\"x\"],\"except\":[]},\"requestId\":\"q\"},\"uid\":\"u\","
                + "\"nsp\":\"/\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(e.type()).isEqualTo(MessageType.FETCH_SOCKETS);
        assertThat(ClusterMessages.options(e.data()).rooms()).containsExactly("x");
        assertThat(e.uid()).isEqualTo("u");
        assertThat(ClusterMessages.decode("{\"type\":99,\"uid\":\"u\",\"nsp\":\"/\"}"
                .getBytes(StandardCharsets.UTF_8)).type()).isNull();
        assertThat(ClusterMessages.decode(Notepack.encode(Map.of("type", 2L, "uid", "u")))
                .type()).isEqualTo(MessageType.HEARTBEAT);
        assertThatThrownBy(() -> ClusterMessages.decode("{\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MessageCodecException.class);
    }
}
