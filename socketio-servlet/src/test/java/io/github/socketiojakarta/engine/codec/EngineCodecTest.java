package io.github.socketiojakarta.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact Engine.IO v4 wire strings: packets, polling payloads and the open packet. */
class EngineCodecTest {

    private static EnginePacket decode(String text) {
        try {
            return EngineCodec.decodeText(text);
        } catch (EngineParseException e) {
            throw new AssertionError("should decode: " + text, e);
        }
    }

    private static List<EnginePacket> decodePayload(String payload) {
        try {
            return EngineCodec.decodePayload(payload, 100);
        } catch (EngineParseException e) {
            throw new AssertionError("should decode: " + payload, e);
        }
    }

    // ---------------------------------------------------------------- every packet type

    @Test
    void openIsZeroFollowedByTheHandshakeJson() {
        EnginePacket open = new OpenPacket("abc", List.of(), 1, 2, 3).toPacket();
        String wire = "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":1,\"pingTimeout\":2,"
                + "\"maxPayload\":3}";

        assertThat(EngineCodec.encodeText(open)).isEqualTo(wire);
        assertThat(decode(wire)).isEqualTo(open);
        assertThat(decode(wire).type()).isEqualTo(PacketType.OPEN);
    }

    @Test
    void closeIsOne() {
        assertThat(EngineCodec.encodeText(EnginePacket.CLOSE)).isEqualTo("1");
        assertThat(decode("1")).isEqualTo(EnginePacket.CLOSE);
    }

    @Test
    void pingIsTwoAndProbeIsTwoProbe() {
        assertThat(EngineCodec.encodeText(EnginePacket.PING)).isEqualTo("2");
        assertThat(decode("2")).isEqualTo(EnginePacket.PING);
        assertThat(decode("2probe")).isEqualTo(new EnginePacket.Control(PacketType.PING, "probe"));
    }

    @Test
    void pongIsThreeAndProbeAnswerIsThreeProbe() {
        assertThat(EngineCodec.encodeText(EnginePacket.PONG)).isEqualTo("3");
        assertThat(EngineCodec.encodeText(EnginePacket.PONG_PROBE)).isEqualTo("3probe");
        assertThat(decode("3")).isEqualTo(EnginePacket.PONG);
        assertThat(decode("3probe")).isEqualTo(EnginePacket.PONG_PROBE);
    }

    @Test
    void textMessageIsFourFollowedByTheText() {
        assertThat(EngineCodec.encodeText(EnginePacket.message("hello"))).isEqualTo("4hello");
        assertThat(decode("4hello")).isEqualTo(EnginePacket.message("hello"));
    }

    @Test
    void emptyTextMessageIsAloneFour() {
        assertThat(EngineCodec.encodeText(EnginePacket.message(""))).isEqualTo("4");
        assertThat(decode("4")).isEqualTo(EnginePacket.message(""));
    }

    @Test
    void textMessageKeepsNonAsciiAndDigitsAsIs() {
        String text = "42[\"é€😀\",\"\\n\"]";
        assertThat(EngineCodec.encodeText(EnginePacket.message(text))).isEqualTo("4" + text);
        assertThat(decode("4" + text)).isEqualTo(EnginePacket.message(text));
    }

    @Test
    void upgradeIsFive() {
        assertThat(EngineCodec.encodeText(EnginePacket.UPGRADE)).isEqualTo("5");
        assertThat(decode("5")).isEqualTo(EnginePacket.UPGRADE);
    }

    @Test
    void noopIsSix() {
        assertThat(EngineCodec.encodeText(EnginePacket.NOOP)).isEqualTo("6");
        assertThat(decode("6")).isEqualTo(EnginePacket.NOOP);
    }

    @Test
    void binaryMessageInTextFormIsBFollowedByBase64() {
        EnginePacket bin = EnginePacket.binary(new byte[] {1, 2, 3, 4});
        assertThat(EngineCodec.encodeText(bin)).isEqualTo("bAQIDBA==");
        assertThat(decode("bAQIDBA==")).isEqualTo(bin);
        // whitespace inside base64 is ignored, as the reference decoder does (the Java client
        // ends its attachments with a newline)
        assertThat(decode("bAQID\nBA==\n")).isEqualTo(bin);
        assertThat(decode("bAQ ID\r\nBA==")).isEqualTo(bin);
        assertThat(bin.type()).isEqualTo(PacketType.MESSAGE);
    }

    @Test
    void emptyBinaryMessageIsAloneB() {
        assertThat(EngineCodec.encodeText(EnginePacket.binary(new byte[0]))).isEqualTo("b");
        assertThat(decode("b")).isEqualTo(EnginePacket.binary(new byte[0]));
    }

    @Test
    void binaryFrameIsAMessageOfItsRawBytesWithoutPrefix() {
        byte[] frame = {'4', 0, (byte) 0xff};
        assertThat(EngineCodec.decodeBinaryFrame(frame))
                .isEqualTo(EnginePacket.binary(new byte[] {'4', 0, (byte) 0xff}));
    }

    @Test
    void controlPacketsKeepTheirData() {
        assertThat(decode("6extra")).isEqualTo(new EnginePacket.Control(PacketType.NOOP, "extra"));
        assertThat(EngineCodec.encodeText(new EnginePacket.Control(PacketType.CLOSE, "x")))
                .isEqualTo("1x");
    }

    @Test
    void messageTypeCannotBeAControlPacket() {
        assertThatThrownBy(() -> new EnginePacket.Control(PacketType.MESSAGE, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeDigitsAreTheWireDigits() {
        assertThat(PacketType.values()).extracting(PacketType::digit)
                .containsExactly('0', '1', '2', '3', '4', '5', '6');
        assertThat(PacketType.ofDigit('7')).isNull();
        assertThat(PacketType.ofDigit('/')).isNull();
        assertThat(PacketType.ofDigit('٣')).isNull(); // ARABIC-INDIC DIGIT THREE
    }

    // ---------------------------------------------------------------- payloads

    @Test
    void singlePacketPayloadHasNoSeparator() {
        assertThat(EngineCodec.encodePayload(List.of(EnginePacket.message("hello"))))
                .isEqualTo("4hello");
    }

    @Test
    void packetsAreJoinedWithTheRecordSeparator() {
        List<EnginePacket> packets = List.of(EnginePacket.message("test1"),
                EnginePacket.message("test2"), EnginePacket.message("test3"));
        String wire = "4test1\u001e4test2\u001e4test3";

        assertThat(EngineCodec.encodePayload(packets)).isEqualTo(wire);
        assertThat(decodePayload(wire)).isEqualTo(packets);
    }

    @Test
    void binaryPacketsInAPayloadAreBase64() {
        List<EnginePacket> packets = List.of(EnginePacket.message("hello"),
                EnginePacket.binary(new byte[] {1, 2, 3, 4}));
        String wire = "4hello\u001ebAQIDBA==";

        assertThat(EngineCodec.encodePayload(packets)).isEqualTo(wire);
        assertThat(decodePayload(wire)).isEqualTo(packets);
    }

    @Test
    void controlAndMessagePacketsMix() {
        List<EnginePacket> packets = List.of(EnginePacket.PING, EnginePacket.message(""),
                EnginePacket.binary(new byte[0]), EnginePacket.NOOP, EnginePacket.CLOSE);
        String wire = "2\u001e4\u001eb\u001e6\u001e1";

        assertThat(EngineCodec.encodePayload(packets)).isEqualTo(wire);
        assertThat(decodePayload(wire)).isEqualTo(packets);
    }

    @Test
    void payloadBytesAreUtf8() {
        List<EnginePacket> packets = List.of(EnginePacket.message("é"), EnginePacket.message("€"));
        assertThat(EngineCodec.encodePayloadBytes(packets))
                .isEqualTo("4é\u001e4€".getBytes(StandardCharsets.UTF_8))
                .hasSize(1 + 2 + 1 + 1 + 3);
    }

    @Test
    void payloadWithMorePacketsThanAllowedIsRefused() throws EngineParseException {
        assertThat(EngineCodec.decodePayload("4a\u001e4b\u001e4c", 3)).hasSize(3);
        assertThatThrownBy(() -> EngineCodec.decodePayload("4a\u001e4b\u001e4c\u001e4d", 3))
                .isInstanceOf(EngineParseException.class)
                .hasMessageContaining("too many");
    }

    @Test
    void emptyRecordInAPayloadIsAnError() {
        for (String bad : List.of("", "\u001e", "4a\u001e", "\u001e4a", "4a\u001e\u001e4b")) {
            assertThatThrownBy(() -> EngineCodec.decodePayload(bad, 100))
                    .as("payload %s", bad.replace("\u001e", "\\x1e"))
                    .isInstanceOf(EngineParseException.class)
                    .hasMessage("empty packet");
        }
    }

    @Test
    void oneBadRecordSpoilsThePayload() {
        assertThatThrownBy(() -> EngineCodec.decodePayload("4ok\u001eabc", 100))
                .isInstanceOf(EngineParseException.class);
        assertThatThrownBy(() -> EngineCodec.decodePayload("4ok\u001eb!!", 100))
                .isInstanceOf(EngineParseException.class);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void emptyPacketIsAnError() {
        assertThatThrownBy(() -> EngineCodec.decodeText(""))
                .isInstanceOf(EngineParseException.class)
                .hasMessage("empty packet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "9hello", "abc", "x", " 4", "-1", "\u001e", "é"})
    void unknownTypeIsAnError(String text) {
        assertThatThrownBy(() -> EngineCodec.decodeText(text))
                .isInstanceOf(EngineParseException.class)
                .hasMessage("unknown packet type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"b!!!!", "bA", "bAQIDBA===", "b====", "bé"})
    void badBase64IsAnError(String text) {
        assertThatThrownBy(() -> EngineCodec.decodeText(text))
                .isInstanceOf(EngineParseException.class)
                .hasMessage("invalid base64 in binary packet");
    }

    @Test
    void errorMessagesDoNotEchoTheInput() {
        String secret = "b" + "!".repeat(50) + "SECRET";
        assertThatThrownBy(() -> EngineCodec.decodeText(secret))
                .isInstanceOf(EngineParseException.class)
                .message().doesNotContain("SECRET");
    }

    // ---------------------------------------------------------------- open packet json

    @Test
    void fieldsAreInTheReferenceOrder() {
        OpenPacket open = new OpenPacket("AbC-_12345678901234z", List.of("websocket"), 25000,
                20000, 1000000);
        assertThat(open.toJson()).isEqualTo("{\"sid\":\"AbC-_12345678901234z\","
                + "\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,"
                + "\"maxPayload\":1000000}");
    }

    @Test
    void noUpgradesIsAnEmptyArray() {
        assertThat(new OpenPacket("s", List.of(), 300, 200, 10).toJson())
                .isEqualTo("{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":300,"
                        + "\"pingTimeout\":200,\"maxPayload\":10}");
    }

    @Test
    void severalUpgradesAreCommaSeparated() {
        assertThat(new OpenPacket("s", List.of("a", "b"), 1, 1, 1).toJson())
                .contains("\"upgrades\":[\"a\",\"b\"]");
    }

    @Test
    void packetIsOpenTypeWithTheJson() {
        OpenPacket open = new OpenPacket("s", List.of(), 1, 2, 3);
        assertThat(open.toPacket()).isEqualTo(new EnginePacket.Control(PacketType.OPEN, open.toJson()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\"b", "a b", "a/b", "a+b", "a=", "é"})
    void sidMustBeAUrlSafeToken(String sid) {
        assertThatThrownBy(() -> new OpenPacket(sid, List.of(), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullSidIsRefused() {
        assertThatThrownBy(() -> new OpenPacket(null, List.of(), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void upgradeNamesMustBeUrlSafeTokens() {
        assertThatThrownBy(() -> new OpenPacket("s", List.of("web\"socket"), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- values

    @Test
    void textMessageWireIsCachedAndStable() {
        EnginePacket.TextMessage m = EnginePacket.message("x");
        assertThat(m.wire()).isEqualTo("4x").isSameAs(m.wire());
    }

    @Test
    void textMessageWireInUtf8IsTheWireEncodedOnceAndCached() {
        EnginePacket.TextMessage m = EnginePacket.message("h\u00e9 \u2713 \uD83D\uDE00");
        assertThat(m.wireUtf8()).isEqualTo(("4h\u00e9 \u2713 \uD83D\uDE00")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).isSameAs(m.wireUtf8());
        EnginePacket.TextMessage n = EnginePacket.message("x");
        assertThat(n.wire()).isEqualTo("4x");
        assertThat(n.wireUtf8()).containsExactly('4', 'x');
    }

    @Test
    void packetsAreEqualByContent() {
        assertThat(EnginePacket.binary(new byte[] {1})).isEqualTo(EnginePacket.binary(new byte[] {1}))
                .hasSameHashCodeAs(EnginePacket.binary(new byte[] {1}))
                .isNotEqualTo(EnginePacket.binary(new byte[] {2}));
        assertThat(EnginePacket.message("a")).isEqualTo(EnginePacket.message("a"))
                .hasSameHashCodeAs(EnginePacket.message("a"))
                .isNotEqualTo(EnginePacket.message("b"));
        assertThat((Object) EnginePacket.message("a")).isNotEqualTo(
                EnginePacket.binary("a".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> EnginePacket.message(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EnginePacket.binary(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EnginePacket.Control(PacketType.PING, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void encodingIntoABuilderMatchesEncodeText() {
        for (EnginePacket p : List.of(EnginePacket.message("m"), EnginePacket.binary(new byte[] {9}),
                EnginePacket.PONG_PROBE, EnginePacket.NOOP)) {
            StringBuilder b = new StringBuilder("x");
            EngineCodec.encodeText(p, b);
            assertThat(b.toString()).isEqualTo("x" + EngineCodec.encodeText(p));
        }
    }
}
