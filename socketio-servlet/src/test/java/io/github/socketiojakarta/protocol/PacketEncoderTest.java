package io.github.socketiojakarta.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.protocol.SocketPacket.Ack;
import io.github.socketiojakarta.protocol.SocketPacket.Connect;
import io.github.socketiojakarta.protocol.SocketPacket.ConnectError;
import io.github.socketiojakarta.protocol.SocketPacket.Disconnect;
import io.github.socketiojakarta.protocol.SocketPacket.Event;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacketEncoderTest {

    private static final String P0 = "{\"_placeholder\":true,\"num\":0}";
    private static final String P1 = "{\"_placeholder\":true,\"num\":1}";
    private static final String P2 = "{\"_placeholder\":true,\"num\":2}";

    private static String text(SocketPacket packet) {
        EncodedPacket encoded = PacketEncoder.encode(packet);
        assertThat(encoded.attachments()).isEmpty();
        assertThat(encoded.binary()).isFalse();
        return encoded.text();
    }

    @Test
    void connectToMainNamespaceIsJustTheType() {
        assertThat(text(new Connect("/", null))).isEqualTo("0");
        assertThat(text(new Connect("/"))).isEqualTo("0");
    }

    @Test
    void connectWithNamespaceAndAuth() {
        assertThat(text(new Connect("/admin", Map.of("token", "123")))).isEqualTo("0/admin,{\"token\":\"123\"}");
    }

    @Test
    void connectAnswerCarriesTheSocketId() {
        assertThat(text(new Connect("/", Map.of("sid", "abc")))).isEqualTo("0{\"sid\":\"abc\"}");
        assertThat(text(new Connect("/admin", Map.of("sid", "oSO0OpakMV_3jnilAAAA"))))
                .isEqualTo("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}");
    }

    @Test
    void connectAnswerWithRecoveryKeepsKeyOrder() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sid", "s");
        data.put("pid", "p");
        assertThat(text(new Connect("/", data))).isEqualTo("0{\"sid\":\"s\",\"pid\":\"p\"}");
    }

    @Test
    void connectToCustomNamespaceWithoutDataEndsWithComma() {
        assertThat(text(new Connect("/admin"))).isEqualTo("0/admin,");
    }

    @Test
    void disconnect() {
        assertThat(text(new Disconnect("/"))).isEqualTo("1");
        assertThat(text(new Disconnect("/admin"))).isEqualTo("1/admin,");
    }

    @Test
    void event() {
        assertThat(text(new Event("/", List.of("chat", Map.of("text", "hi")), SocketPacket.NO_ACK)))
                .isEqualTo("2[\"chat\",{\"text\":\"hi\"}]");
        assertThat(text(new Event("/admin", List.of("bar")))).isEqualTo("2/admin,[\"bar\"]");
        assertThat(text(new Event("/", List.of("hey", "Jude")))).isEqualTo("2[\"hey\",\"Jude\"]");
    }

    @Test
    void eventWithAckId() {
        assertThat(text(new Event("/", List.of("foo"), 12))).isEqualTo("212[\"foo\"]");
        assertThat(text(new Event("/admin", List.of("foo"), 13))).isEqualTo("2/admin,13[\"foo\"]");
        assertThat(text(new Event("/", List.of("x"), 0))).isEqualTo("20[\"x\"]");
    }

    @Test
    void eventWithNullAndNumericArguments() {
        assertThat(text(new Event("/", Arrays.asList("message-back", 1, "2", Map.of("3", List.of(true)), null))))
                .isEqualTo("2[\"message-back\",1,\"2\",{\"3\":[true]},null]");
        assertThat(text(new Event("/", List.of(42L, "x")))).isEqualTo("2[42,\"x\"]");
    }

    @Test
    void ack() {
        assertThat(text(new Ack("/admin", List.of("bar"), 13))).isEqualTo("3/admin,13[\"bar\"]");
        assertThat(text(new Ack("/", List.of(), 12))).isEqualTo("312[]");
        assertThat(text(new Ack("/", List.of(1, "2", Map.of("3", List.of(false))), 456)))
                .isEqualTo("3456[1,\"2\",{\"3\":[false]}]");
    }

    @Test
    void connectError() {
        assertThat(text(new ConnectError("/random", Map.of("message", "Invalid namespace"))))
                .isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
        assertThat(text(new ConnectError("/", Map.of("message", "Not authorized"))))
                .isEqualTo("4{\"message\":\"Not authorized\"}");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", "m");
        data.put("data", Map.of("code", 7));
        assertThat(text(new ConnectError("/", data))).isEqualTo("4{\"message\":\"m\",\"data\":{\"code\":7}}");
        assertThat(text(new ConnectError("/", null))).isEqualTo("4");
        assertThat(text(new ConnectError("/", "legacy string"))).isEqualTo("4\"legacy string\"");
    }

    @Test
    void binaryEventWithTwoBuffers() {
        byte[] first = {1, 2};
        byte[] second = {3, 4};
        EncodedPacket encoded = PacketEncoder.encode(new Event("/", List.of("img", first, second)));
        assertThat(encoded.text()).isEqualTo("52-[\"img\"," + P0 + "," + P1 + "]");
        assertThat(encoded.attachments()).containsExactly(first, second);
        assertThat(encoded.binary()).isTrue();
    }

    @Test
    void binaryEventWithNamespaceAndAckId() {
        EncodedPacket encoded = PacketEncoder.encode(new Event("/admin", List.of("baz", new byte[] {1}), 7));
        assertThat(encoded.text()).isEqualTo("51-/admin,7[\"baz\"," + P0 + "]");
    }

    @Test
    void binaryAck() {
        EncodedPacket encoded = PacketEncoder.encode(new Ack("/admin", List.of(new byte[] {9}), 15));
        assertThat(encoded.text()).isEqualTo("61-/admin,15[" + P0 + "]");
        assertThat(encoded.attachments()).hasSize(1);
        assertThat(PacketEncoder.encode(new Ack("/", List.of("bar", new byte[] {1, 2, 3, 4}), 15)).text())
                .isEqualTo("61-15[\"bar\"," + P0 + "]");
    }

    @Test
    void placeholdersAreNumberedDepthFirst() {
        byte[] a = {1};
        byte[] b = {2};
        byte[] c = {3};
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("x", List.of(a, Map.of("y", b)));
        inner.put("z", "plain");
        EncodedPacket encoded = PacketEncoder.encode(new Event("/", List.of("deep", inner, new Object[] {c})));
        assertThat(encoded.text()).isEqualTo(
                "53-[\"deep\",{\"x\":[" + P0 + ",{\"y\":" + P1 + "}],\"z\":\"plain\"},[" + P2 + "]]");
        assertThat(encoded.attachments()).containsExactly(a, b, c);
    }

    @Test
    void sameArrayTwiceBecomesTwoAttachments() {
        byte[] a = {1};
        EncodedPacket encoded = PacketEncoder.encode(new Event("/", List.of("x", a, a)));
        assertThat(encoded.text()).isEqualTo("52-[\"x\"," + P0 + "," + P1 + "]");
        assertThat(encoded.attachments()).hasSize(2);
    }

    @Test
    void elevenAttachmentsUseATwoDigitCount() {
        List<Object> args = new ArrayList<>();
        args.add("many");
        for (int i = 0; i < 11; i++) {
            args.add(new byte[] {(byte) i});
        }
        EncodedPacket encoded = PacketEncoder.encode(new Event("/", args, 3));
        assertThat(encoded.text()).startsWith("511-3[\"many\"," + P0);
        assertThat(encoded.attachments()).hasSize(11);
    }

    @Test
    void byteBufferContributesItsRemainingBytesWithoutMovingItsPosition() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4});
        buffer.position(1).limit(4);
        EncodedPacket encoded = PacketEncoder.encode(new Event("/", List.of("buf", buffer)));
        assertThat(encoded.text()).isEqualTo("51-[\"buf\"," + P0 + "]");
        assertThat(encoded.attachments().get(0)).containsExactly(1, 2, 3);
        assertThat(buffer.position()).isEqualTo(1);
        assertThat(buffer.limit()).isEqualTo(4);
    }

    @Test
    void readOnlyAndDirectBuffersAreCopied() {
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put(new byte[] {5, 6}).flip();
        ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {7}).asReadOnlyBuffer();
        EncodedPacket encoded = PacketEncoder.encode(new Ack("/", List.of(direct, readOnly), 1));
        assertThat(encoded.attachments().get(0)).containsExactly(5, 6);
        assertThat(encoded.attachments().get(1)).containsExactly(7);
    }

    @Test
    void emptyByteArrayIsStillAnAttachment() {
        EncodedPacket encoded = PacketEncoder.encode(new Event("/", List.of("e", new byte[0])));
        assertThat(encoded.text()).isEqualTo("51-[\"e\"," + P0 + "]");
    }

    @Test
    void binariesAreRejectedOutsideEventsAndAcks() {
        assertThatThrownBy(() -> PacketEncoder.encode(new Connect("/", Map.of("b", new byte[1]))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.encode(new ConnectError("/", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholderLookalikesAreRefusedInBinaryPackets() {
        Map<String, Object> lookalike = Map.of("_placeholder", true, "num", 0);
        assertThatThrownBy(() -> PacketEncoder.encode(new Event("/", List.of("x", lookalike, new byte[1]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("_placeholder");
        Ack ack = new Ack("/", List.of(new byte[1], Map.of("_placeholder", true)), 1);
        assertThatThrownBy(() -> PacketEncoder.encode(ack))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placeholderLookalikesArePlainDataInTextPackets() {
        assertThat(text(new Event("/", List.of("x", Map.of("_placeholder", true)))))
                .isEqualTo("2[\"x\",{\"_placeholder\":true}]");
        assertThat(PacketEncoder.encode(new Event("/", List.of("x", Map.of("_placeholder", false), new byte[1])))
                .text()).isEqualTo("51-[\"x\",{\"_placeholder\":false}," + P0 + "]");
    }

    @Test
    void unknownTypesGoThroughTheFallback() {
        ValueWriter fallback = (value, out) -> Json.write(value.toString(), out);
        Event event = new Event("/", List.of("day", LocalDate.of(2024, 2, 29)));
        assertThat(PacketEncoder.encode(event, fallback).text()).isEqualTo("2[\"day\",\"2024-02-29\"]");
        assertThatThrownBy(() -> PacketEncoder.encode(event)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unicodeIsWrittenRawExceptLoneSurrogates() {
        assertThat(text(new Event("/ünï", List.of("日本", "😀", "\ud800"))))
                .isEqualTo("2/ünï,[\"日本\",\"😀\",\"\\ud800\"]");
    }

    @Test
    void packetsValidateTheirFields() {
        assertThatThrownBy(() -> new Event("/", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Event("/", Arrays.asList((Object) null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Event("/", List.of("x"), -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Event("/", List.of("x"), SocketPacket.MAX_ACK_ID + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ack("/", List.of(), SocketPacket.NO_ACK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Disconnect(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Disconnect("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Disconnect("admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Disconnect("/a,b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void packetsCopyTheirTopLevelCollections() {
        List<Object> args = new ArrayList<>(List.of("x"));
        Event event = new Event("/", args);
        args.add("later");
        assertThat(event.args()).containsExactly("x");
        assertThatThrownBy(() -> event.args().add("y")).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Object> data = new LinkedHashMap<>(Map.of("a", 1));
        Connect connect = new Connect("/", data);
        data.put("b", 2);
        assertThat(connect.data()).containsOnlyKeys("a");
    }

    @Test
    void typesAreTheNonBinaryOnes() {
        assertThat(new Event("/", List.of("x", new byte[1])).type()).isEqualTo(SocketPacketType.EVENT);
        assertThat(new Ack("/", List.of(), 1).type()).isEqualTo(SocketPacketType.ACK);
        assertThat(new Connect("/").type()).isEqualTo(SocketPacketType.CONNECT);
        assertThat(new Disconnect("/").type()).isEqualTo(SocketPacketType.DISCONNECT);
        assertThat(new ConnectError("/", null).type()).isEqualTo(SocketPacketType.CONNECT_ERROR);
        assertThat(SocketPacketType.forCode(6)).isEqualTo(SocketPacketType.BINARY_ACK);
        assertThat(SocketPacketType.BINARY_EVENT.code()).isEqualTo(5);
        assertThatThrownBy(() -> SocketPacketType.forCode(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventAccessors() {
        Event event = new Event("/", List.of("name", 1), 4);
        assertThat(event.name()).isEqualTo("name");
        assertThat(event.wantsAck()).isTrue();
        assertThat(new Event("/", List.of("n")).wantsAck()).isFalse();
    }
}
