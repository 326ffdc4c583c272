package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.protocol.DecoderLimits;
import io.github.socketiojakarta.protocol.JsonLimits;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.ParseException.Reason;
import io.github.socketiojakarta.protocol.SocketDecoder;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The codec against the real {@code socket.io-msgpack-parser} 3.0.2 (and its notepack.io 2.2.0),
 * whose vectors {@code src/test/js/vectors.mjs} prints: the server's packets encode to exactly
 * the bytes the reference's encoder writes; the packets the official client writes decode to
 * the Java values the default parser gives listeners; bad input gets the typed error matching
 * the reference's message. Then the forms only other msgpack writers use.
 */
class MsgpackCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static JsonObject vectors;

    private final MsgpackParser parser = new MsgpackParser();

    @BeforeAll
    static void runTheReferenceEncoder() {
        vectors = NodeScript.run("vectors.mjs", "{\"timeoutMs\":10000}", Duration.ofSeconds(20))
                .assertOk().json();
    }

    private String encode(SocketPacket packet) {
        List<Object> messages = parser.encode(packet, null).messages();
        assertThat(messages).hasSize(1);
        return HEX.formatHex((byte[]) messages.get(0));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void theServersPacketsAreTheBytesOfTheReferenceEncoder() {
        JsonObject expected = vectors.getJsonObject("server");
        assertThat(encode(new SocketPacket.Connect("/", Map.of("sid", "abc"))))
                .isEqualTo(expected.getString("connect"));
        assertThat(encode(new SocketPacket.Disconnect("/admin")))
                .isEqualTo(expected.getString("disconnect"));
        // integral doubles are JavaScript integers: the smallest msgpack int, like the rest
        assertThat(encode(new SocketPacket.Event("/", Arrays.asList("hello", 0, 127, 128L,
                (short) 255, 256.0, 65535, 65536.0f, 4294967295L, 4294967296L,
                9007199254740991L, -1, -32, (byte) -33, -128, -129, -32768, -32769,
                -2147483648, -2147483649L, 1.5, -0.25f, null, true, false,
                map("k", "v", "n", List.of()), new byte[] {1, 2}))))
                .isEqualTo(expected.getString("event"));
        // notepack.io loses integral numbers of 2^64 and more (uint64 of the low bits, 0 for
        // 1e300): the server writes them as float64, so clients get the number
        assertThat(expected.getString("hugeInteger")).endsWith("a168cf0000000000000000a36e7370a12f");
        assertThat(encode(new SocketPacket.Event("/", List.of("h", 1e300))))
                .endsWith("a168cb7e37e43c8800759ca36e7370a12f");
        assertThat(encode(new SocketPacket.Event("/chat", List.of("q"), 3)))
                .isEqualTo(expected.getString("eventWithAck"));
        assertThat(encode(new SocketPacket.Ack("/", List.of(42), SocketPacket.MAX_ACK_ID)))
                .isEqualTo(expected.getString("ack"));
        assertThat(encode(new SocketPacket.ConnectError("/", map("message", "invalid", "data",
                Map.of("code", 1))))).isEqualTo(expected.getString("connectError"));
        assertThat(encode(new SocketPacket.Event("/", List.of("x".repeat(31), "y".repeat(32),
                "é".repeat(200), "z".repeat(70000))))).isEqualTo(expected.getString("strings"));
        assertThat(encode(new SocketPacket.Event("/", List.of("b", filled(255, 1),
                filled(256, 2), ByteBuffer.wrap(filled(65536, 3))))))
                .isEqualTo(expected.getString("bins"));
        long[] zeros = new long[65536];
        List<Object> sixteen = new ArrayList<>(java.util.Collections.nCopies(16, 2));
        int[] fifteen = new int[15];
        Arrays.fill(fifteen, 1);
        assertThat(encode(new SocketPacket.Event("/", List.of("a", fifteen, sixteen, zeros))))
                .isEqualTo(expected.getString("arrays"));
    }

    private SocketPacket decode(String hex) throws ParseException {
        return parser.newDecoder(DecoderLimits.DEFAULT).decodeBinary(HEX.parseHex(hex));
    }

    /** Binaries as lists of bytes, so that packets compare by value. */
    private static Object plain(Object value) {
        if (value instanceof byte[] b) {
            List<Integer> out = new ArrayList<>();
            for (byte x : b) {
                out.add(x & 0xff);
            }
            return Map.of("bin", out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        return value;
    }

    @Test
    void theOfficialClientsPacketsDecodeToTheValuesOfTheDefaultParser() throws ParseException {
        JsonObject client = vectors.getJsonObject("client");
        assertThat(decode(client.getString("connectNoAuth")))
                .isEqualTo(new SocketPacket.Connect("/", null));
        assertThat(decode(client.getString("connectAuth")))
                .isEqualTo(new SocketPacket.Connect("/x", map("token", "t", "n", 1L)));
        SocketPacket.Event event = (SocketPacket.Event) decode(client.getString("event"));
        assertThat(event.ackId()).isEqualTo(5);
        // Buffer and Uint8Array are byte[], the Date its JSON string, undefined items null and
        // undefined properties absent, as JSON.stringify would have it; "options" is ignored
        assertThat(plain(event.args())).isEqualTo(plain(Arrays.asList("ev", new byte[] {1},
                new byte[] {2, 3}, "2024-01-02T03:04:05.678Z", null, map("n", -7L),
                1099511627776L, -1099511627776L, 0.1)));
        SocketPacket.Ack ack = (SocketPacket.Ack) decode(client.getString("ack"));
        assertThat(ack.ackId()).isZero();
        assertThat(plain(ack.args())).isEqualTo(plain(List.of(List.of(new byte[0]))));
        assertThat(decode(client.getString("disconnect")))
                .isEqualTo(new SocketPacket.Disconnect("/"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "empty, Could not parse, MALFORMED_BINARY",
        "emptyMap, invalid packet type, UNKNOWN_TYPE",
        "typeString, invalid packet type, UNKNOWN_TYPE",
        "type7, invalid packet type, UNKNOWN_TYPE",
        "notMap, invalid packet type, UNKNOWN_TYPE",
        "noNsp, invalid namespace, INVALID_NAMESPACE",
        "nspNumber, invalid namespace, INVALID_NAMESPACE",
        "noData, invalid payload, INVALID_PAYLOAD",
        "dataNumber, invalid payload, INVALID_PAYLOAD",
        "connectErrorArray, invalid payload, INVALID_PAYLOAD",
        "idString, invalid packet id, INVALID_ACK_ID",
        "trailing, 1 trailing bytes, MALFORMED_BINARY",
        "truncated, -5 trailing bytes, MALFORMED_BINARY",
        "disconnectData, invalid payload, INVALID_PAYLOAD",
        "connectArray, invalid payload, INVALID_PAYLOAD",
        "ackNoArray, invalid payload, INVALID_PAYLOAD",
        // the reference's parser lets these through; the server's rules for every parser do not
        "emptyEvent, ok, INVALID_PAYLOAD",
        "reservedEvent, ok, RESERVED_EVENT_NAME",
        "ackWithoutId, ok, INVALID_ACK_ID",
        "negativeId, ok, INVALID_ACK_ID",
    })
    void badInputGetsATypedError(String name, String reference, Reason reason) {
        JsonObject vector = vectors.getJsonObject("decoded").getJsonObject(name);
        assertThat(vector.getString("outcome")).isEqualTo(reference);
        assertThatThrownBy(() -> decode(vector.getString("hex")))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** {@code {type: 2, nsp: "/", data: ["e", <value>]}} around one value's bytes. */
    private Object decodeValue(String valueHex) throws ParseException {
        String hex = "83a474797065" + "02" + "a36e7370a12f" + "a464617461" + "92a165" + valueHex;
        return plain(((SocketPacket.Event) decode(hex)).args().get(1));
    }

    @Test
    void everyIntegerAndFloatWidthDecodes() throws ParseException {
        assertThat(decodeValue("cc05")).isEqualTo(5L);
        assertThat(decodeValue("cd0100")).isEqualTo(256L);
        assertThat(decodeValue("ce00010000")).isEqualTo(65536L);
        assertThat(decodeValue("cf0000000100000000")).isEqualTo(4294967296L);
        assertThat(decodeValue("cfffffffffffffffff")).isEqualTo(1.8446744073709552E19);
        assertThat(decodeValue("d0ff")).isEqualTo(-1L);
        assertThat(decodeValue("d10005")).isEqualTo(5L);
        assertThat(decodeValue("d2fffffffe")).isEqualTo(-2L);
        assertThat(decodeValue("d38000000000000000")).isEqualTo(Long.MIN_VALUE);
        assertThat(decodeValue("e0")).isEqualTo(-32L);
        assertThat(decodeValue("ca3fc00000")).isEqualTo(1.5);
        assertThat(decodeValue("cb3ff8000000000000")).isEqualTo(1.5);
    }

    @Test
    void integralFloatsAreIntegersAsInJavaScript() throws ParseException {
        // {type: 2.0, nsp: "/", data: ["e"], id: 7.0} (Number.isInteger(2.0) in the reference)
        assertThat(decode("84a474797065cb4000000000000000a36e7370a12fa46461746191a165a26964"
                + "cb401c000000000000")).isEqualTo(new SocketPacket.Event("/", List.of("e"), 7));
        // type 2.5 is no packet type
        assertThat(catchReason(() -> decode("83a474797065cb4004000000000000a36e7370a12f"
                + "a46461746191a165"))).isEqualTo(Reason.UNKNOWN_TYPE);
    }

    @Test
    void extensionsDecodeAsNotepackDecodesThem() throws ParseException {
        // msgpack timestamps (type -1, which notepack.io never writes) are dates too
        assertThat(decodeValue("d6ff00000001")).isEqualTo("1970-01-01T00:00:01.000Z");
        assertThat(decodeValue("d7ff" + "0bebc200" + "00000001"))
                .isEqualTo("1970-01-01T00:00:01.050Z");
        assertThat(decodeValue("c70cff" + "0bebc200" + "ffffffffffffffff"))
                .isEqualTo("1969-12-31T23:59:59.200Z");
        // notepack's Date: fixext 8, type 0, int64 milliseconds
        assertThat(decodeValue("d700" + "0000018cc820db2e")).isEqualTo("2024-01-02T03:04:05.678Z");
        // ext 8/16/32 of type 0: a Node.js ArrayBuffer or Uint8Array
        assertThat(decodeValue("c70100ff")).isEqualTo(Map.of("bin", List.of(255)));
        assertThat(decodeValue("c8000200abcd")).isEqualTo(Map.of("bin", List.of(0xab, 0xcd)));
        assertThat(decodeValue("c9000000010001")).isEqualTo(Map.of("bin", List.of(1)));
        // other extensions: [type, bytes]
        assertThat(decodeValue("d40105")).isEqualTo(List.of(1L, Map.of("bin", List.of(5))));
        assertThat(decodeValue("d60000000000"))
                .isEqualTo(List.of(0L, Map.of("bin", List.of(0, 0, 0, 0))));
        // undefined in an array is null
        assertThat(decodeValue("d40000")).isNull();
    }

    @Test
    void mapKeysAreJavaScriptPropertyNames() throws ParseException {
        assertThat(decodeValue("8401a1610a1bc3a163c0a164")).isEqualTo(
                map("1", "a", "10", 27L, "true", "c", "null", "d"));
        assertThat(decodeValue("82a161c0a161d40000")).isEqualTo(map());
        assertThatThrownBy(() -> decodeValue("8190a161"))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BINARY));
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersAsInNode() throws ParseException {
        assertThat(decodeValue("a2c328")).isEqualTo("\ufffd(");
    }

    @Test
    void depthAndDeclaredSizesAreBounded() {
        SocketDecoder decoder = parser.newDecoder(new DecoderLimits(10, new JsonLimits(3, 1000)));
        String packet = "83a474797065" + "02" + "a36e7370a12f" + "a464617461";
        // ["e", [[1]]]: depth 3, allowed; ["e", [[[1]]]]: refused
        assertThat(catchReason(() -> decoder.decodeBinary(HEX.parseHex(packet + "92a165919101"))))
                .isNull();
        assertThat(catchReason(() -> decoder.decodeBinary(HEX.parseHex(packet
                + "92a16591919101")))).isEqualTo(Reason.TOO_LARGE);
        // an array32 header announcing 2^32-1 items, a str32 and a bin32 announcing 4 GB
        for (String header : new String[] {"ddffffffff", "dbffffffff", "c6ffffffff",
                "dfffffffff", "c9ffffffff00"}) {
            assertThat(catchReason(() -> decoder.decodeBinary(HEX.parseHex(packet + "92a165"
                    + header)))).as(header).isEqualTo(Reason.MALFORMED_BINARY);
        }
        assertThat(catchReason(() -> decoder.decodeBinary(new byte[1001])))
                .isEqualTo(Reason.TOO_LARGE);
        assertThat(catchReason(() -> decoder.decodeBinary(HEX.parseHex("c1"))))
                .isEqualTo(Reason.MALFORMED_BINARY);
    }

    @Test
    void aTextMessageIsAClientWithTheDefaultParser() {
        assertThat(catchReason(() -> parser.newDecoder(DecoderLimits.DEFAULT).decodeText("0")))
                .isEqualTo(Reason.UNEXPECTED_TEXT);
    }

    @Test
    void applicationObjectsGoThroughTheMapperAsJson() {
        record Point(int x, double y) {}
        SocketPacket.Event event = new SocketPacket.Event("/", List.of("p", new Point(1, 2.5)));
        String hex = HEX.formatHex((byte[]) parser.encode(event,
                (value, out) -> out.append("{\"x\":1,\"y\":2.5}")).messages().get(0));
        assertThat(hex).isEqualTo("83a47479706502a46461746192a17082a17801a179cb4004000000000000"
                + "a36e7370a12f");
        assertThatThrownBy(() -> parser.encode(event, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRenumberedOrRecoveredEventIsEncodedAgain() throws ParseException {
        SocketPacket.Event event = new SocketPacket.Event("/", List.of("e", 1), 7);
        var encoding = parser.encode(event, null);
        byte[] renumbered = (byte[]) encoding.withAckId(event, 8).messages().get(0);
        assertThat(decode(HEX.formatHex(renumbered)))
                .isEqualTo(new SocketPacket.Event("/", List.of("e", 1L), 8));
        SocketPacket.Event plainEvent = new SocketPacket.Event("/", List.of("e"));
        byte[] recovered = (byte[]) parser.encode(plainEvent, null)
                .withLastArgument(plainEvent, "off-1").messages().get(0);
        assertThat(decode(HEX.formatHex(recovered)))
                .isEqualTo(new SocketPacket.Event("/", List.of("e", "off-1")));
    }

    interface Decoding {
        Object run() throws ParseException;
    }

    private static Reason catchReason(Decoding decoding) {
        try {
            decoding.run();
            return null;
        } catch (ParseException e) {
            return e.reason();
        }
    }
}
