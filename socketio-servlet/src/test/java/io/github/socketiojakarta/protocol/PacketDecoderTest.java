package io.github.socketiojakarta.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.socketiojakarta.protocol.ParseException.Reason;
import io.github.socketiojakarta.protocol.SocketPacket.Ack;
import io.github.socketiojakarta.protocol.SocketPacket.Connect;
import io.github.socketiojakarta.protocol.SocketPacket.ConnectError;
import io.github.socketiojakarta.protocol.SocketPacket.Disconnect;
import io.github.socketiojakarta.protocol.SocketPacket.Event;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {

    private static final String P0 = "{\"_placeholder\":true,\"num\":0}";
    private static final String P1 = "{\"_placeholder\":true,\"num\":1}";

    private final PacketDecoder decoder = new PacketDecoder(DecoderLimits.DEFAULT);

    @AfterEach
    void nothingIsLeftPending() {
        assertThat(decoder.awaitingAttachments()).isFalse();
    }

    private SocketPacket decode(String frame) throws ParseException {
        SocketPacket packet = decoder.decodeText(frame);
        assertThat(packet).as("complete packet for %s", frame).isNotNull();
        return packet;
    }

    private ParseException reject(String frame) {
        ParseException e = catchThrowableOfType(ParseException.class, () -> decoder.decodeText(frame));
        assertThat(e).as("rejection of %s", frame).isNotNull();
        assertThat(decoder.awaitingAttachments()).isFalse();
        return e;
    }

    @Nested
    class WireExamples {

        @Test
        void connect() throws ParseException {
            assertThat(decode("0")).isEqualTo(new Connect("/", null));
            assertThat(decode("0/admin,{\"token\":\"123\"}")).isEqualTo(new Connect("/admin", Map.of("token", "123")));
            assertThat(decode("0{\"token\":\"123\"}")).isEqualTo(new Connect("/", Map.of("token", "123")));
            assertThat(decode("0/custom,")).isEqualTo(new Connect("/custom"));
            assertThat(decode("0{\"sid\":\"abc\"}")).isEqualTo(new Connect("/", Map.of("sid", "abc")));
        }

        @Test
        void connectWithoutTrailingCommaNamesTheWholeRest() throws ParseException {
            assertThat(decode("0/custom")).isEqualTo(new Connect("/custom"));
            assertThat(decode("0/random")).isEqualTo(new Connect("/random"));
        }

        @Test
        void disconnect() throws ParseException {
            assertThat(decode("1")).isEqualTo(new Disconnect("/"));
            assertThat(decode("1/admin,")).isEqualTo(new Disconnect("/admin"));
            assertThat(decode("1/custom")).isEqualTo(new Disconnect("/custom"));
        }

        @Test
        void event() throws ParseException {
            assertThat(decode("2[\"chat\",{\"text\":\"hi\"}]"))
                    .isEqualTo(new Event("/", List.of("chat", Map.of("text", "hi")), SocketPacket.NO_ACK));
            assertThat(decode("2/admin,[\"bar\"]")).isEqualTo(new Event("/admin", List.of("bar")));
            assertThat(decode("2[\"message\",1,\"2\",{\"3\":[true]}]"))
                    .isEqualTo(new Event("/", List.of("message", 1L, "2", Map.of("3", List.of(true)))));
        }

        @Test
        void eventWithAckId() throws ParseException {
            assertThat(decode("212[\"foo\"]")).isEqualTo(new Event("/", List.of("foo"), 12));
            assertThat(decode("2/admin,1[\"tellme\"]")).isEqualTo(new Event("/admin", List.of("tellme"), 1));
            assertThat(decode("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"))
                    .isEqualTo(new Event("/", List.of("message-with-ack", 1L, "2", Map.of("3", List.of(false))), 456));
        }

        @Test
        void ack() throws ParseException {
            assertThat(decode("3/admin,13[\"bar\"]")).isEqualTo(new Ack("/admin", List.of("bar"), 13));
            assertThat(decode("312[]")).isEqualTo(new Ack("/", List.of(), 12));
        }

        @Test
        void connectError() throws ParseException {
            assertThat(decode("4/random,{\"message\":\"Invalid namespace\"}"))
                    .isEqualTo(new ConnectError("/random", Map.of("message", "Invalid namespace")));
            assertThat(decode("4{\"message\":\"Not authorized\"}"))
                    .isEqualTo(new ConnectError("/", Map.of("message", "Not authorized")));
            assertThat(decode("4\"legacy\"")).isEqualTo(new ConnectError("/", "legacy"));
            assertThat(decode("4")).isEqualTo(new ConnectError("/", null));
            assertThat(decode("412")).isEqualTo(new ConnectError("/", 12L));
            assertThat(decode("4/a,-1.5")).isEqualTo(new ConnectError("/a", -1.5));
        }

        @Test
        void numericEventNamesAreKept() throws ParseException {
            assertThat(((Event) decode("2[42,\"x\"]")).name()).isEqualTo(42L);
            assertThat(((Event) decode("2[1.5]")).name()).isEqualTo(1.5);
        }

        @Test
        void leadingZerosInAckIdAreTolerated() throws ParseException {
            assertThat(decode("2007[\"x\"]")).isEqualTo(new Event("/", List.of("x"), 7));
        }

        @Test
        void largestAckIdIsAccepted() throws ParseException {
            assertThat(((Event) decode("29007199254740991[\"x\"]")).ackId()).isEqualTo(SocketPacket.MAX_ACK_ID);
        }

        @Test
        void unicodeAndLoneSurrogates() throws ParseException {
            assertThat(decode("2/ünï,[\"日本\",\"😀\",\"\\ud800\",\"\\ud83d\\ude00\"]"))
                    .isEqualTo(new Event("/ünï", List.of("日本", "😀", "\ud800", "😀")));
        }

        @Test
        void placeholderLookalikesInTextPacketsArePlainData() throws ParseException {
            Event event = (Event) decode("2[\"x\"," + P0 + "]");
            assertThat(event.args().get(1)).isEqualTo(Map.of("_placeholder", true, "num", 0L));
        }
    }

    @Nested
    class Binary {

        @Test
        void binaryEventWaitsForItsAttachments() throws ParseException {
            assertThat(decoder.decodeText("52-[\"img\"," + P0 + "," + P1 + "]")).isNull();
            assertThat(decoder.awaitingAttachments()).isTrue();
            byte[] first = {1, 2, 3};
            byte[] second = {4, 5, 6};
            assertThat(decoder.decodeBinary(first)).isNull();
            assertThat(decoder.awaitingAttachments()).isTrue();
            SocketPacket packet = decoder.decodeBinary(second);
            assertThat(packet).isInstanceOf(Event.class);
            Event event = (Event) packet;
            assertThat(event.namespace()).isEqualTo("/");
            assertThat(event.ackId()).isEqualTo(SocketPacket.NO_ACK);
            assertThat(event.args()).hasSize(3);
            assertThat(event.args().get(1)).isSameAs(first);
            assertThat(event.args().get(2)).isSameAs(second);
        }

        @Test
        void binaryEventWithNamespaceAndAckId() throws ParseException {
            assertThat(decoder.decodeText("52-/admin,789[\"message-with-ack\"," + P0 + "," + P1 + "]")).isNull();
            decoder.decodeBinary(new byte[] {1});
            Event event = (Event) decoder.decodeBinary(new byte[] {2});
            assertThat(event.namespace()).isEqualTo("/admin");
            assertThat(event.ackId()).isEqualTo(789);
        }

        @Test
        void binaryAck() throws ParseException {
            assertThat(decoder.decodeText("61-/admin,15[" + P0 + "]")).isNull();
            byte[] data = {9};
            Ack ack = (Ack) decoder.decodeBinary(data);
            assertThat(ack.namespace()).isEqualTo("/admin");
            assertThat(ack.ackId()).isEqualTo(15);
            assertThat(ack.args()).containsExactly(data);
        }

        @Test
        void placeholdersAreReplacedAtAnyDepthAndInAnyKeyOrder() throws ParseException {
            decoder.decodeText("52-[\"deep\",{\"a\":[1,{\"num\":1,\"_placeholder\":true}]},[[" + P0 + "]]]");
            byte[] zero = {0};
            byte[] one = {1};
            decoder.decodeBinary(zero);
            Event event = (Event) decoder.decodeBinary(one);
            Map<?, ?> map = (Map<?, ?>) event.args().get(1);
            assertThat(((List<?>) map.get("a")).get(1)).isSameAs(one);
            assertThat(((List<?>) ((List<?>) event.args().get(2)).get(0)).get(0)).isSameAs(zero);
        }

        @Test
        void objectsWithPlaceholderOtherThanTrueArePlainData() throws ParseException {
            decoder.decodeText("51-[\"x\",{\"_placeholder\":false,\"num\":0},{\"_placeholder\":\"true\"}," + P0 + "]");
            Event event = (Event) decoder.decodeBinary(new byte[0]);
            assertThat(event.args().get(1)).isEqualTo(Map.of("_placeholder", false, "num", 0L));
            assertThat(event.args().get(2)).isEqualTo(Map.of("_placeholder", "true"));
            assertThat(event.args().get(3)).isInstanceOf(byte[].class);
        }

        @Test
        void decoderIsReusableAfterACompletedBinaryPacket() throws ParseException {
            decoder.decodeText("51-[\"a\"," + P0 + "]");
            decoder.decodeBinary(new byte[] {1});
            assertThat(decode("2[\"b\"]")).isEqualTo(new Event("/", List.of("b")));
        }

        @Test
        void tenAttachmentsAreTheDefaultMaximum() throws ParseException {
            StringBuilder frame = new StringBuilder("510-[\"ten\"");
            for (int i = 0; i < 10; i++) {
                frame.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
            }
            decoder.decodeText(frame.append(']').toString());
            for (int i = 0; i < 9; i++) {
                assertThat(decoder.decodeBinary(new byte[] {(byte) i})).isNull();
            }
            assertThat(((Event) decoder.decodeBinary(new byte[] {9})).args()).hasSize(11);
        }

        @Test
        void textWhilePendingIsRejectedAndResets() throws ParseException {
            decoder.decodeText("51-[\"a\"," + P0 + "]");
            ParseException e = reject("2[\"b\"]");
            assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_TEXT);
        }

        @Test
        void binaryWithNothingPendingIsRejected() {
            ParseException e = catchThrowableOfType(ParseException.class, () -> decoder.decodeBinary(new byte[] {1}));
            assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_BINARY);
        }

        @Test
        void extraBinaryAfterCompletionIsRejected() throws ParseException {
            decoder.decodeText("51-[\"a\"," + P0 + "]");
            decoder.decodeBinary(new byte[] {1});
            ParseException e = catchThrowableOfType(ParseException.class, () -> decoder.decodeBinary(new byte[] {2}));
            assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_BINARY);
        }

        @Test
        void resetDropsPendingAttachments() throws ParseException {
            decoder.decodeText("51-[\"a\"," + P0 + "]");
            decoder.reset();
            assertThat(decoder.awaitingAttachments()).isFalse();
            assertThat(decode("2[\"b\"]")).isEqualTo(new Event("/", List.of("b")));
        }

        @Test
        void customAttachmentLimit() throws ParseException {
            PacketDecoder strict = new PacketDecoder(new DecoderLimits(1, JsonLimits.DEFAULT));
            ParseException e = catchThrowableOfType(ParseException.class,
                    () -> strict.decodeText("52-[\"a\"," + P0 + "," + P1 + "]"));
            assertThat(e.reason()).isEqualTo(Reason.INVALID_ATTACHMENT_COUNT);
            assertThat(strict.decodeText("51-[\"a\"," + P0 + "]")).isNull();
            strict.reset();
        }
    }

    @Nested
    class Rejections {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // empty and unknown types
            "``|EMPTY_PACKET",
            "7|UNKNOWN_TYPE",
            "abc|UNKNOWN_TYPE",
            "x2[\"a\"]|UNKNOWN_TYPE",
            "` 2[\"a\"]`|UNKNOWN_TYPE",
            // attachment count
            "50-[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "511-[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "599999999999999999999-[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "5[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "5-[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "51[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "21-[\"a\"]|INVALID_ATTACHMENT_COUNT",
            "31-1[]|INVALID_ATTACHMENT_COUNT",
            "01-|INVALID_ATTACHMENT_COUNT",
            // header garbage
            "2abc[\"x\"]|MALFORMED_HEADER",
            "2admin,[\"x\"]|MALFORMED_HEADER",
            "2 [\"x\"]|MALFORMED_HEADER",
            "1x|MALFORMED_HEADER",
            "0abc|MALFORMED_HEADER",
            "2/admin,12abc[\"x\"]|MALFORMED_HEADER",
            "51-x[" + "\"a\"]|MALFORMED_HEADER",
            // ack ids
            "212345678901234567[\"x\"]|INVALID_ACK_ID",
            "29007199254740992[\"x\"]|INVALID_ACK_ID",
            "2999999999999999999999999999999[\"x\"]|INVALID_ACK_ID",
            "3[\"x\"]|INVALID_ACK_ID",
            "3/admin,[]|INVALID_ACK_ID",
            "61-|INVALID_ACK_ID",
            "61-[{\"_placeholder\":true,\"num\":0}]|INVALID_ACK_ID",
            "012|INVALID_ACK_ID",
            "0/admin,1{}|INVALID_ACK_ID",
            "11|INVALID_ACK_ID",
            "1/admin,5|INVALID_ACK_ID",
            // payload shapes
            "0[]|INVALID_PAYLOAD",
            "0\"x\"|INVALID_PAYLOAD",
            "0null|INVALID_PAYLOAD",
            "1{}|INVALID_PAYLOAD",
            "1/admin,[]|INVALID_PAYLOAD",
            "2|INVALID_PAYLOAD",
            "2/admin,|INVALID_PAYLOAD",
            "2{}|INVALID_PAYLOAD",
            "2[]|INVALID_PAYLOAD",
            "2\"x\"|INVALID_PAYLOAD",
            "2[{}]|INVALID_PAYLOAD",
            "2[null]|INVALID_PAYLOAD",
            "2[[\"x\"]]|INVALID_PAYLOAD",
            "2[true]|INVALID_PAYLOAD",
            "31|INVALID_PAYLOAD",
            "31{}|INVALID_PAYLOAD",
            // invalid JSON
            "2[\"x\",]|INVALID_JSON",
            "2[\"x\"]]|INVALID_JSON",
            "0{\"a\":1,}|INVALID_JSON",
            "2[\"x\",NaN]|INVALID_JSON",
            "2nonsense|INVALID_PAYLOAD",
            "2[\"x\"/*c*/]|INVALID_JSON",
            "4{|INVALID_JSON",
            "4abc|INVALID_JSON",
        })
        void rejects(String frame, Reason reason) {
            assertThat(reject(frame).reason()).isEqualTo(reason);
        }

        @Test
        void engineIoPrefixedExamplesFromTheSpecAreRejectedOnceThePrefixIsStripped() {
            // The conformance suite sends 42abc[...] and 42{} over Engine.IO: "4" is the message
            // prefix, so the Socket.IO decoder sees 2abc[...] and 2{}.
            assertThat(reject("2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]").reason())
                    .isEqualTo(Reason.MALFORMED_HEADER);
            assertThat(reject("2{}").reason()).isEqualTo(Reason.INVALID_PAYLOAD);
            assertThat(reject("abc").reason()).isEqualTo(Reason.UNKNOWN_TYPE);
        }

        @Test
        void trailingWhitespaceAfterThePayloadIsToleratedLikeJsonParse() throws ParseException {
            assertThat(decode("2[\"x\"] \n")).isEqualTo(new Event("/", List.of("x")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
            "removeListener"})
        void reservedEventNames(String name) {
            assertThat(reject("2[\"" + name + "\"]").reason()).isEqualTo(Reason.RESERVED_EVENT_NAME);
            assertThat(reject("2/admin,3[\"" + name + "\",1]").reason()).isEqualTo(Reason.RESERVED_EVENT_NAME);
            assertThat(reject("51-[\"" + name + "\"," + P0 + "]").reason()).isEqualTo(Reason.RESERVED_EVENT_NAME);
        }

        @Test
        void reservedNamesAreOnlyCheckedInTheNamePosition() throws ParseException {
            assertThat(decode("2[\"message\",\"disconnect\"]"))
                    .isEqualTo(new Event("/", List.of("message", "disconnect")));
            assertThat(decode("31[\"disconnect\"]"))
                    .isEqualTo(new Ack("/", List.of("disconnect"), 1));
            assertThat(decode("2[\"Connect\"]")).isEqualTo(new Event("/", List.of("Connect")));
        }

        @Test
        void errorEventIsNotReservedAtTheCodecLevel() throws ParseException {
            // The reference server delivers it to handlers; the server layer must keep it away from
            // its own lifecycle code.
            assertThat(decode("2[\"error\"]")).isEqualTo(new Event("/", List.of("error")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "51-[\"a\",{\"_placeholder\":true,\"num\":\"splice\"}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":5}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":1}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":-1}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":1.5}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":0.0}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":null}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":{}}]",
            "51-[\"a\",{\"_placeholder\":true}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":0,\"extra\":1}]",
            "51-[\"a\",{\"_placeholder\":true,\"nun\":0}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":9223372036854775807}]",
            "51-[\"a\",{\"_placeholder\":true,\"num\":99999999999999999999}]",
            "51-[\"a\"]",
            "52-[\"a\",{\"_placeholder\":true,\"num\":0}]",
            "52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
            "61-1[]",
            "61-1[{\"x\":[{\"_placeholder\":true,\"num\":3}]}]",
        })
        void invalidPlaceholdersAreRejectedOnTheHeader(String frame) {
            assertThat(reject(frame).reason()).isEqualTo(Reason.INVALID_PLACEHOLDER);
        }

        @Test
        void depthBombIsRejectedWithoutStackOverflow() {
            String bomb = "2[\"x\"," + "[".repeat(200_000) + "]".repeat(200_000) + "]";
            ParseException e = reject(bomb);
            assertThat(e.reason()).isEqualTo(Reason.JSON_TOO_DEEP);
        }

        @Test
        void depthLimitCountsTheArgumentsArray() throws ParseException {
            PacketDecoder shallow = new PacketDecoder(new DecoderLimits(10, new JsonLimits(2, 1000)));
            assertThat(shallow.decodeText("2[\"x\",[1]]")).isNotNull();
            ParseException e = catchThrowableOfType(ParseException.class, () -> shallow.decodeText("2[\"x\",[[1]]]"));
            assertThat(e.reason()).isEqualTo(Reason.JSON_TOO_DEEP);
        }

        @Test
        void jsonLengthLimitApplies() {
            PacketDecoder small = new PacketDecoder(new DecoderLimits(10, new JsonLimits(64, 10)));
            ParseException e = catchThrowableOfType(ParseException.class,
                    () -> small.decodeText("2[\"0123456789\"]"));
            assertThat(e.reason()).isEqualTo(Reason.JSON_TOO_LONG);
        }

        @Test
        void errorMessagesDoNotEchoTheInput() {
            ParseException e = reject("0{\"token\":\"hunter2\",}");
            assertThat(e.getMessage()).doesNotContain("hunter2");
            ParseException header = reject("2hunter2[\"x\"]");
            assertThat(header.getMessage()).doesNotContain("hunter2").contains("index 1");
        }

        @Test
        void anErrorResetsPendingState() throws ParseException {
            decoder.decodeText("51-[\"a\"," + P0 + "]");
            assertThat(reject("51-[\"a\"," + P0 + "]").reason()).isEqualTo(Reason.UNEXPECTED_TEXT);
            assertThat(decode("2[\"ok\"]")).isEqualTo(new Event("/", List.of("ok")));
        }

        @Test
        void aBadHeaderLeavesNothingPending() {
            reject("52-[\"a\"," + P0 + "]");
            assertThat(decoder.awaitingAttachments()).isFalse();
        }

        @Test
        void decodedArgumentsMayContainNulls() throws ParseException {
            assertThat(decode("2[\"n\",null]")).isEqualTo(new Event("/", Arrays.asList("n", null)));
        }
    }
}
