package io.github.socketiojakarta.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@link PacketEncoder#withAckId}: an encoded event renumbered is exactly what encoding it with
 * the new ack id gives.
 */
class WithAckIdTest {

    @Test
    void renumbersTheHeaderOnly() {
        SocketPacket.Event event = new SocketPacket.Event("/admin", List.of("ev", 9, "12"), 9);
        String text = PacketEncoder.encode(event).text();

        assertThat(text).isEqualTo("2/admin,9[\"ev\",9,\"12\"]");
        assertThat(PacketEncoder.withAckId(text, event, 1234))
                .isEqualTo("2/admin,1234[\"ev\",9,\"12\"]");
        assertThat(PacketEncoder.withAckId(text, event, 9)).isSameAs(text);
    }

    @Test
    void aBinaryEventKeepsItsAttachmentCount() {
        List<Object> args = new ArrayList<>(List.of("ev"));
        for (int i = 0; i < 11; i++) {
            args.add(new byte[] {(byte) i});
        }
        SocketPacket.Event event = new SocketPacket.Event("/", args, 7);

        assertThat(PacketEncoder.withAckId(PacketEncoder.encode(event).text(), event, 70))
                .startsWith("511-70[\"ev\",{\"_placeholder\":true,\"num\":0}");
    }

    @Test
    void onlyAnEventAskingForAnAckCanBeRenumbered() {
        SocketPacket.Event noAck = new SocketPacket.Event("/", List.of("e"));
        String text = PacketEncoder.encode(noAck).text();
        assertThatThrownBy(() -> PacketEncoder.withAckId(text, noAck, 1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTextThatIsNotTheEventsEncodingIsRefused() {
        SocketPacket.Event event = new SocketPacket.Event("/", List.of("e"), 5);
        assertThatThrownBy(() -> PacketEncoder.withAckId("26[\"e\"]", event, 1))
                .isInstanceOf(IllegalStateException.class);
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
        SocketPacket.Event event = new SocketPacket.Event(namespace, args, before);

        String renumbered = PacketEncoder.withAckId(PacketEncoder.encode(event).text(), event,
                after);

        assertThat(renumbered).isEqualTo(
                PacketEncoder.encode(new SocketPacket.Event(namespace, args, after)).text());
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.of("/", "/admin", "/a-b_c", "/" + "n".repeat(40));
    }
}
