package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a Java node ships of an outgoing packet: plain arguments as they are, and objects only the
 * server's mapper can write read back from the encoded frames (with their binaries).
 */
class RedisPacketArgsTest {
    record Point(int x, int y) {
    }

    /** A mapper for {@link Point}, as the server's JSON-B mapper would write it. */
    private static void writePoint(Object value, StringBuilder out) {
        Point p = (Point) value;
        out.append("{\"x\":").append(p.x()).append(",\"y\":").append(p.y()).append('}');
    }

    @Test
    void plainArgumentsAreShippedAsTheyAre() {
        List<Object> args = List.of("ev", Map.of("a", List.of(1, "b")), new byte[] {1});
        OutboundPacket p = OutboundPacket.encode(
                new SocketPacket.Event("/", args, SocketPacket.NO_ACK), null);
        assertThat(PacketArgs.of(p)).isSameAs(p.packet() instanceof SocketPacket.Event e
                ? e.args() : null);
    }

    @Test
    void mappedObjectsAreReadBackFromTheFramesWithTheirBinaries() {
        for (String nsp : List.of("/", "/chat")) {
            for (long ackId : new long[] {SocketPacket.NO_ACK, 42}) {
                List<Object> args = List.of("ev", new Point(1, 2), new byte[] {7, 8},
                        Map.of("deep", List.of(new byte[] {9})));
                OutboundPacket p = OutboundPacket.encode(
                        new SocketPacket.Event(nsp, args, ackId), RedisPacketArgsTest::writePoint);
                List<Object> shipped = PacketArgs.of(p);
                assertThat(shipped).hasSize(4);
                assertThat(shipped.get(0)).isEqualTo("ev");
                assertThat(shipped.get(1)).isEqualTo(Map.of("x", 1L, "y", 2L));
                assertThat((byte[]) shipped.get(2)).containsExactly(7, 8);
                Object deep = ((List<?>) ((Map<?, ?>) shipped.get(3)).get("deep")).get(0);
                assertThat((byte[]) deep).containsExactly(9);
            }
        }
    }

    @Test
    void mappedObjectsWithoutBinariesToo() {
        OutboundPacket p = OutboundPacket.encode(new SocketPacket.Event("/chat",
                List.of("ev", new Point(3, 4)), 7), RedisPacketArgsTest::writePoint);
        assertThat(PacketArgs.of(p)).isEqualTo(List.of("ev", Map.of("x", 3L, "y", 4L)));
    }
}
