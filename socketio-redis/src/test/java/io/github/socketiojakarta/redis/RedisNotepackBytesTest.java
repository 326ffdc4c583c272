package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Notepack} and {@link ClassicMessages} against the bytes of the real notepack.io 3.0.1
 * (run by {@code src/test/js/notepack-cases.mjs}): Java writes what notepack writes, reads what
 * it writes, and notepack reads what Java writes.
 */
class RedisNotepackBytesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static JsonObject encoded;
    private static JsonObject decoded;

    private static final byte[] JAVA_BROADCAST = ClassicMessages.encodeBroadcast(
            new ClassicMessages.Broadcast("Java01", "/custom",
                    List.of("bin", new byte[] {9, 8}, Map.of("n", 2.5), List.of(1, -200)),
                    new BroadcastOptions(Set.of("r1"), Set.of("x"), true, false, false, -1)));

    @BeforeAll
    static void runNotepack() {
        String args = "{\"decode\":{"
                + "\"javaBroadcast\":\"" + HEX.formatHex(JAVA_BROADCAST) + "\","
                + "\"javaDate\":\"" + HEX.formatHex(Notepack.encode(
                        Instant.ofEpochMilli(1700000000123L))) + "\","
                + "\"legacyUndefined\":\"92d4000001\","
                + "\"legacyArrayBuffer\":\"c7020001ff\","
                + "\"legacyDate\":\"d700" + HEX.formatHex(
                        ByteBuffer.allocate(8).putLong(1700000000123L).array()) + "\","
                + "\"otherExt\":\"d50501ff\","
                + "\"trailing\":\"c0c0\","
                + "\"truncated\":\"92a1\"}}";
        NodeScript.JsonResult r = NodeScript.run("notepack-cases.mjs", args, Duration.ofSeconds(60));
        r.assertOk();
        assertThat(r.string("version")).isEqualTo("3.0.1");
        encoded = r.json().getJsonObject("encoded");
        decoded = r.json().getJsonObject("decoded");
    }

    private static String node(String name) {
        return encoded.getString(name);
    }

    private static Object decodeNode(String name) throws MessageCodecException {
        return Notepack.decode(HEX.parseHex(node(name)));
    }

    private static void assertSameBytes(String name, Object javaValue) throws Exception {
        assertThat(HEX.formatHex(Notepack.encode(javaValue))).as(name).isEqualTo(node(name));
    }

    @Test
    void scalarsAreWrittenAsNotepackWritesThem() throws Exception {
        assertSameBytes("nil", null);
        assertSameBytes("true", true);
        assertSameBytes("false", false);
        assertSameBytes("negativeZero", -0.0);
        assertSameBytes("integralDouble", 1.0);
        assertSameBytes("nonFinite", List.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY));
    }

    @Test
    void integersTakeTheSmallestFormatLikeNotepack() throws Exception {
        assertSameBytes("ints", List.of(0, 127, 128, 255, 256, 65535, 65536, 4294967295L,
                4294967296L, -1, -32, -33, -128, -129, -32768, -32769, -2147483648L,
                -2147483649L, 9007199254740991L, -9007199254740991L));
        // the same numbers held as doubles (what a JavaScript peer has) give the same bytes
        assertSameBytes("ints", List.of(0.0, 127.0, 128.0, 255.0, 256.0, 65535.0, 65536.0,
                4294967295.0, 4294967296.0, -1.0, -32.0, -33.0, -128.0, -129.0, -32768.0,
                -32769.0, -2147483648.0, -2147483649.0, 9007199254740991.0, -9007199254740991.0));
    }

    @Test
    void nonIntegralNumbersAreFloat64() throws Exception {
        assertThat(HEX.formatHex(Notepack.encode(List.of(1.5, -0.25, Math.PI))))
                .isEqualTo("93" + node("floats").substring(2, 2 + 3 * 18));
        // notepack writes integral doubles beyond 2^64 as a wrapped uint64 (1e300 -> 0): Java
        // keeps the value as float64 instead of reproducing the corruption
        assertThat(node("floats")).endsWith("cf0000000000000000");
        assertThat(HEX.formatHex(Notepack.encode(1e300))).isEqualTo("cb7e37e43c8800759c");
    }

    @Test
    void stringsUseFixstrStr8Str16() throws Exception {
        assertSameBytes("strings", List.of("", "a", "é", "€", "😀", "x".repeat(31),
                "x".repeat(32), "x".repeat(255), "x".repeat(256), "y".repeat(65536)));
    }

    @Test
    void binariesAreBin() throws Exception {
        assertSameBytes("binary", new byte[] {1, 2, 3});
        assertSameBytes("emptyBinary", new byte[0]);
        byte[] sevens = new byte[256];
        Arrays.fill(sevens, (byte) 7);
        assertSameBytes("binary256", sevens);
        assertSameBytes("uint8Array", ByteBuffer.wrap(new byte[] {9, 4, 5}).position(1));
        assertThat(node("arrayBuffer")).isEqualTo("c4020607");
    }

    @Test
    void containersKeepOrderAndSizes() throws Exception {
        List<Object> sixteen = new ArrayList<>();
        Map<String, Object> map16 = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            sixteen.add(i);
            map16.put("k" + i, i);
        }
        assertSameBytes("array16", sixteen);
        assertSameBytes("map16", map16);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", List.of(1, Map.of("b", new byte[] {(byte) 255})));
        nested.put("c", "d");
        assertSameBytes("nested", nested);
        // notepack leaves out keys whose value is undefined: Java leaves the key out
        assertSameBytes("undefinedInMap", Map.of("b", 1));
    }

    @Test
    void instantsAreTimestampsLikeDates() throws Exception {
        assertSameBytes("date", Instant.ofEpochMilli(1700000000000L));
        assertSameBytes("dateMillis", Instant.ofEpochMilli(1700000000123L));
        assertSameBytes("datePre1970", Instant.ofEpochMilli(-1000));
    }

    @Test
    void broadcastMessagesAreByteIdentical() throws Exception {
        assertThat(HEX.formatHex(ClassicMessages.encodeBroadcast(new ClassicMessages.Broadcast(
                "Ab3xYz", "/", List.of("hello", "world"), BroadcastOptions.rooms(Set.of("room1"))))))
                .isEqualTo(node("broadcastRoom1"))
                // the example of the reference map, section A.3
                .isEqualTo("93a641623378597a83a47479706502a46461746192a568656c6c6fa5776f726c64"
                        + "a36e7370a12f83a5726f6f6d7391a5726f6f6d31a6657863657074"
                        + "90a5666c61677380");
        assertThat(HEX.formatHex(ClassicMessages.encodeBroadcast(new ClassicMessages.Broadcast(
                "Ab3xYz", "/custom", List.of("bin", new byte[] {1, 2, 3}, Map.of("x", 1.5)),
                new BroadcastOptions(Set.of(), Set.of("abc"), true, false, true, -1)))))
                .isEqualTo(node("broadcastBinary"));
    }

    @Test
    void javaReadsWhatNotepackWrites() throws Exception {
        assertThat(decodeNode("undefinedInArray")).isEqualTo(Arrays.asList(null, 1L));
        assertThat(decodeNode("ints")).isEqualTo(List.of(0L, 127L, 128L, 255L, 256L, 65535L,
                65536L, 4294967295L, 4294967296L, -1L, -32L, -33L, -128L, -129L, -32768L,
                -32769L, -2147483648L, -2147483649L, 9007199254740991L, -9007199254740991L));
        assertThat(decodeNode("set")).isEqualTo(Map.of());
        assertThat((byte[]) decodeNode("arrayBuffer")).containsExactly(6, 7);
        assertThat(decodeNode("date")).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(decodeNode("dateMillis")).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(decodeNode("datePre1970")).isEqualTo("1969-12-31T23:59:59.000Z");
        assertThat((List<?>) decodeNode("strings")).hasSize(10).last()
                .isEqualTo("y".repeat(65536));
        ClassicMessages.Broadcast b =
                ClassicMessages.decodeBroadcast(HEX.parseHex(node("broadcastBinary")));
        assertThat(b.uid()).isEqualTo("Ab3xYz");
        assertThat(b.namespace()).isEqualTo("/custom");
        assertThat(b.data().get(0)).isEqualTo("bin");
        assertThat((byte[]) b.data().get(1)).containsExactly(1, 2, 3);
        assertThat(b.data().get(2)).isEqualTo(Map.of("x", 1.5));
        assertThat(b.options().except()).containsExactly("abc");
        assertThat(b.options().isVolatile()).isTrue();
        assertThat(b.options().compress()).isTrue();
    }

    @Test
    void legacyNotepack2FormsAreReadAsNotepack3ReadsThem() throws Exception {
        assertThat(decoded.getJsonObject("legacyUndefined").get("value").toString())
                .isEqualTo("[{\"undefined\":true},1]");
        assertThat(Notepack.decode(HEX.parseHex("92d4000001"))).isEqualTo(Arrays.asList(null, 1L));
        assertThat(decoded.getJsonObject("legacyArrayBuffer").get("value").toString())
                .isEqualTo("{\"arrayBuffer\":[1,255]}");
        assertThat((byte[]) Notepack.decode(HEX.parseHex("c7020001ff"))).containsExactly(1, 255);
        assertThat(decoded.getJsonObject("legacyDate").get("value").toString())
                .isEqualTo("{\"date\":1700000000123}");
        assertThat(Notepack.decode(HEX.parseHex(
                "d700" + HEX.formatHex(ByteBuffer.allocate(8).putLong(1700000000123L).array()))))
                .isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(decoded.getJsonObject("otherExt").get("value").toString())
                .isEqualTo("[5,{\"buffer\":[1,255]}]");
        assertThat((List<?>) Notepack.decode(HEX.parseHex("d50501ff"))).first().isEqualTo(5L);
    }

    @Test
    void notepackReadsWhatJavaWrites() {
        assertThat(decoded.getJsonObject("javaBroadcast").get("value").toString()).isEqualTo(
                "[\"Java01\",{\"object\":{\"type\":2,\"data\":[\"bin\",{\"buffer\":[9,8]},"
                        + "{\"object\":{\"n\":2.5}},[1,-200]],\"nsp\":\"/custom\"}},"
                        + "{\"object\":{\"rooms\":[\"r1\"],\"except\":[\"x\"],"
                        + "\"flags\":{\"object\":{\"volatile\":true,\"compress\":false}}}}]");
        assertThat(decoded.getJsonObject("javaDate").get("value").toString())
                .isEqualTo("{\"date\":1700000000123}");
    }

    @Test
    void badInputIsRejectedLikeNotepackRejectsIt() {
        assertThat(decoded.getJsonObject("trailing").getString("error")).contains("trailing");
        assertThatThrownBy(() -> Notepack.decode(HEX.parseHex("c0c0")))
                .isInstanceOf(MessageCodecException.class).hasMessageContaining("trailing");
        assertThat(decoded.getJsonObject("truncated").containsKey("error")).isTrue();
        assertThatThrownBy(() -> Notepack.decode(HEX.parseHex("92a1")))
                .isInstanceOf(MessageCodecException.class);
    }
}
