package io.github.socketiojakarta.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboundPacket#withAckId}: the renumbered event is exactly what encoding it with the
 * new id gives, with the binary frames shared rather than copied (the text itself is rewritten
 * by {@link io.github.socketiojakarta.protocol.PacketEncoder#withAckId}, see WithAckIdTest).
 */
class OutboundPacketTest {

    @Test
    void renumbersTheHeaderOnly() {
        OutboundPacket p = OutboundPacket.encode(
                new SocketPacket.Event("/admin", List.of("ev", 9, "12"), 9), null);

        OutboundPacket q = p.withAckId(1234);

        assertThat(text(p)).isEqualTo("2/admin,9[\"ev\",9,\"12\"]");
        assertThat(text(q)).isEqualTo("2/admin,1234[\"ev\",9,\"12\"]");
        assertThat(((SocketPacket.Event) q.packet()).ackId()).isEqualTo(1234);
        assertThat(p.withAckId(9)).isSameAs(p);
    }

    @Test
    void aBinaryEventKeepsItsAttachmentsAsTheSameObjects() {
        List<Object> args = new ArrayList<>(List.of("ev"));
        for (int i = 0; i < 11; i++) {
            args.add(new byte[] {(byte) i});
        }
        OutboundPacket p = OutboundPacket.encode(new SocketPacket.Event("/", args, 7), null);

        OutboundPacket q = p.withAckId(70);

        assertThat(text(q)).startsWith("511-70[\"ev\",{\"_placeholder\":true,\"num\":0}");
        assertThat(q.frames()).hasSize(12);
        for (int i = 1; i < 12; i++) {
            assertThat(q.frames().get(i)).isSameAs(p.frames().get(i));
        }
    }

    @Test
    void onlyAnEventAskingForAnAckCanBeRenumbered() {
        OutboundPacket noAck = OutboundPacket.encode(new SocketPacket.Event("/", List.of("e")),
                null);
        assertThatThrownBy(() -> noAck.withAckId(1)).isInstanceOf(IllegalStateException.class);
    }

    @Property
    void equalsEncodingWithTheNewId(@ForAll("namespaces") String namespace,
            @ForAll @LongRange(max = SocketPacket.MAX_ACK_ID) long before,
            @ForAll @LongRange(max = SocketPacket.MAX_ACK_ID) long after,
            @ForAll @IntRange(max = 12) int attachments,
            @ForAll @StringLength(max = 20) String text) {
        List<Object> args = new ArrayList<>(List.of("ev", text));
        for (int i = 0; i < attachments; i++) {
            args.add(new byte[] {(byte) i, 1});
        }

        OutboundPacket renumbered = OutboundPacket.encode(
                new SocketPacket.Event(namespace, args, before), null).withAckId(after);
        OutboundPacket fresh = OutboundPacket.encode(
                new SocketPacket.Event(namespace, args, after), null);

        assertThat(text(renumbered)).isEqualTo(text(fresh));
        assertThat(renumbered.frames()).hasSameSizeAs(fresh.frames());
        assertThat(renumbered.packet()).isEqualTo(fresh.packet());
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.of("/", "/admin", "/a-b_c", "/" + "n".repeat(40));
    }

    private static String text(OutboundPacket p) {
        return ((EnginePacket.TextMessage) p.frames().get(0)).text();
    }
}
