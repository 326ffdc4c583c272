package io.github.socketiojakarta.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Engine.IO v3 codec on exact wire forms: the vectors are what the reference's v3 parser
 * (engine.io 6.6, {@code parser-v3}) produces for the same packets.
 */
class Eio3CodecTest {
    private static final byte[] BYTES = {1, 2, 3, 4};

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void textPayloadCountsUtf16UnitsAndWritesBinaryAsB4Base64() {
        String payload = Eio3Codec.encodePayload(
                List.of(EnginePacket.message("\u20ac"), EnginePacket.binary(BYTES)));

        assertThat(payload).isEqualTo("2:4\u20ac10:b4AQIDBA==");
    }

    @Test
    void anAstralCharacterCountsTwoUnits() throws EngineParseException {
        String payload = Eio3Codec.encodePayload(List.of(EnginePacket.message("\uD83D\uDE00")));

        assertThat(payload).isEqualTo("3:4\uD83D\uDE00");
        assertThat(Eio3Codec.decodePayload("4:4\uD83D\uDE00x", 10))
                .containsExactly(EnginePacket.message("\uD83D\uDE00x"));
    }

    @Test
    void anEmptyPayloadIsZeroColon() {
        assertThat(Eio3Codec.encodePayload(List.of())).isEqualTo("0:");
    }

    @Test
    void controlPacketsHaveTheirOwnLengths() {
        assertThat(Eio3Codec.encodePayload(List.of(EnginePacket.NOOP, EnginePacket.CLOSE)))
                .isEqualTo("1:61:1");
    }

    @Test
    void binaryPayloadFramesEachPacket() {
        byte[] payload = Eio3Codec.encodeBinaryPayload(
                List.of(EnginePacket.message("\u20ac"), EnginePacket.binary(BYTES)));

        assertThat(payload).isEqualTo(hex("0004ff34e282ac0105ff0401020304"));
    }

    @Test
    void binaryPayloadLengthsOfSeveralDigitsTakeOneBytePerDigit() throws EngineParseException {
        byte[] data = new byte[1234];
        byte[] payload = Eio3Codec.encodeBinaryPayload(List.of(EnginePacket.binary(data)));

        assertThat(payload).startsWith(hex("0101020305ff04"));
        assertThat(Eio3Codec.decodeBinaryPayload(payload, payload.length, 10))
                .containsExactly(EnginePacket.binary(data));
    }

    @Test
    void decodesTheSuitesPayloads() throws EngineParseException {
        assertThat(Eio3Codec.decodePayload("6:4hello10:b4AQIDBA==", 10))
                .containsExactly(EnginePacket.message("hello"), EnginePacket.binary(BYTES));
        assertThat(Eio3Codec.decodePayload("6:4test16:4test26:4test3", 10)).containsExactly(
                EnginePacket.message("test1"), EnginePacket.message("test2"),
                EnginePacket.message("test3"));
        assertThat(Eio3Codec.decodePayload("1:2", 10)).containsExactly(EnginePacket.PING);
    }

    @Test
    void zeroLengthEntriesAreSkipped() throws EngineParseException {
        assertThat(Eio3Codec.decodePayload("0:", 10)).isEmpty();
        assertThat(Eio3Codec.decodePayload("2:4a0:", 10)).containsExactly(EnginePacket.message("a"));
    }

    @Test
    void decodesABinaryPost() throws EngineParseException {
        byte[] body = hex("0002ff3461" + "0103ff040102");

        assertThat(Eio3Codec.decodeBinaryPayload(body, body.length, 10)).containsExactly(
                EnginePacket.message("a"), EnginePacket.binary(new byte[] {1, 2}));
    }

    @Test
    void webSocketBinaryFramesCarryTheTypeByte() throws EngineParseException {
        List<EnginePacket> frames = Eio3Codec.forWebSocket(
                List.of(EnginePacket.message("x"), EnginePacket.binary(BYTES)));

        assertThat(frames).containsExactly(EnginePacket.message("x"),
                EnginePacket.binary(hex("0401020304")));
        assertThat(Eio3Codec.decodeBinaryFrame(hex("0401020304")))
                .isEqualTo(EnginePacket.binary(BYTES));
        assertThat(Eio3Codec.decodeText("b4AQIDBA==")).isEqualTo(EnginePacket.binary(BYTES));
        assertThat(Eio3Codec.decodeText("b4")).isEqualTo(EnginePacket.binary(new byte[0]));
    }

    @Test
    void aBatchWithoutBinaryIsHandedOnAsItIs() {
        List<EnginePacket> batch = List.of(EnginePacket.message("x"), EnginePacket.PING);

        assertThat(Eio3Codec.forWebSocket(batch)).isSameAs(batch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "1:", "1:x", "10:4hi", "x:4hi", "-1:4", "2:4a5", "+2:4a",
        " 2:4a", "1e1:4aaaaaaaaa", "0x2:4a", "99999999999999999999:4hi", "2147483648:4",
        "3:b2AQ", "5:b4!!!", "4hello"})
    void badTextPayloadsAreParseErrors(String payload) {
        assertThatThrownBy(() -> Eio3Codec.decodePayload(payload, 100))
                .isInstanceOf(EngineParseException.class);
    }

    @Test
    void tooManyPacketsIsAParseError() {
        assertThatThrownBy(() -> Eio3Codec.decodePayload("1:21:21:2", 2))
                .isInstanceOf(EngineParseException.class).hasMessageContaining("too many");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0005ff3461", "000cff34", "000102", "0701ff34", "00ff34",
        "00010203040506070809000102ff34", "0102ff05", "0001ff", "0002ffc328",
        "01 09 09 09 09 09 09 09 09 09 ff"})
    void badBinaryPayloadsAreParseErrors(String hexBody) {
        byte[] body = hex(hexBody.replace(" ", ""));

        assertThatThrownBy(() -> Eio3Codec.decodeBinaryPayload(body, body.length, 100))
                .isInstanceOf(EngineParseException.class);
    }

    @Test
    void badWebSocketBinaryFramesAreParseErrors() {
        assertThatThrownBy(() -> Eio3Codec.decodeBinaryFrame(new byte[0]))
                .isInstanceOf(EngineParseException.class);
        assertThatThrownBy(() -> Eio3Codec.decodeBinaryFrame(hex("0201")))
                .isInstanceOf(EngineParseException.class);
    }

    @Test
    void textInABinaryPayloadIsCountedInUtf8Bytes() throws EngineParseException {
        byte[] payload = Eio3Codec.encodeBinaryPayload(
                List.of(EnginePacket.message("\uD83D\uDE00"), EnginePacket.binary(BYTES)));
        byte[] emoji = "4\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);

        assertThat(payload[1]).isEqualTo((byte) emoji.length);
        assertThat(Eio3Codec.decodeBinaryPayload(payload, payload.length, 10)).containsExactly(
                EnginePacket.message("\uD83D\uDE00"), EnginePacket.binary(BYTES));
    }
}
