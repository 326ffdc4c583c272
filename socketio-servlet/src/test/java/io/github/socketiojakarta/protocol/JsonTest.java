package io.github.socketiojakarta.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.socketiojakarta.protocol.ParseException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Nested
    class Parsing {

        @Test
        void parsesScalarsIntoPlainJavaValues() throws ParseException {
            assertThat(Json.parse("true")).isEqualTo(Boolean.TRUE);
            assertThat(Json.parse("false")).isEqualTo(Boolean.FALSE);
            assertThat(Json.parse("null")).isNull();
            assertThat(Json.parse("\"hi\"")).isEqualTo("hi");
            assertThat(Json.parse(" \t\r\n42 \n")).isEqualTo(42L);
        }

        @Test
        void integralNumbersWithinLongRangeAreLongs() throws ParseException {
            assertThat(Json.parse("0")).isEqualTo(0L);
            assertThat(Json.parse("-0")).isEqualTo(0L);
            assertThat(Json.parse("-17")).isEqualTo(-17L);
            assertThat(Json.parse("123456789012345678")).isEqualTo(123456789012345678L);
            assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
            assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        }

        @Test
        void otherNumbersAreDoubles() throws ParseException {
            assertThat(Json.parse("1.5")).isEqualTo(1.5);
            assertThat(Json.parse("1.0")).isEqualTo(1.0);
            assertThat(Json.parse("1e2")).isEqualTo(100.0);
            assertThat(Json.parse("-2.5E-3")).isEqualTo(-0.0025);
            assertThat(Json.parse("1E+2")).isEqualTo(100.0);
            assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808E18);
            assertThat(Json.parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        }

        @Test
        void objectsKeepKeyOrderAndTheLastDuplicateWins() throws ParseException {
            Object value = Json.parse("{\"b\":1,\"a\":[true,null],\"b\":2}");
            assertThat(value).isInstanceOf(LinkedHashMap.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            assertThat(map.keySet()).containsExactly("b", "a");
            assertThat(map.get("b")).isEqualTo(2L);
            assertThat(map.get("a")).isInstanceOf(ArrayList.class).isEqualTo(Arrays.asList(true, null));
        }

        @Test
        void parsesNestedStructuresWithWhitespace() throws ParseException {
            Object value = Json.parse(" { \"a\" : [ 1 , { } , [ ] ] , \"b\" : \"c\" } ");
            assertThat(value).isEqualTo(Map.of("a", List.of(1L, Map.of(), List.of()), "b", "c"));
        }

        @Test
        void decodesEveryEscape() throws ParseException {
            assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u20AC\""))
                    .isEqualTo("\" \\ / \b \f \n \r \t A \u00e9 \u20ac");
        }

        @Test
        void keepsSurrogatePairsAndLoneSurrogates() throws ParseException {
            assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
            assertThat(Json.parse("\"\ud83d\ude00\"")).isEqualTo("😀");
            assertThat(Json.parse("\"a\\ud800b\"")).isEqualTo("a\ud800b");
            assertThat(Json.parse("\"\\udc00\"")).isEqualTo("\udc00");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "", " ", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}",
            "{'a':1}", "'a'", "NaN", "Infinity", "-Infinity", "+1", "01", "-01", "1.", ".5", "1e",
            "1e+", "-", "--1", "0x10", "tru", "nul", "True", "[1] x", "{} {}", "// c\n1", "/* c */1",
            "[1]//", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\u٠٠٤١\"", "\"a\nb\"",
            "\"\u0000\"", "[", "{", "{\"a\"", "{\"a\":1", "[1", "\u00a01", "1\u00a0"
        })
        void rejectsWhatRfc8259Forbids(String text) {
            ParseException e = catchThrowableOfType(ParseException.class, () -> Json.parse(text));
            assertThat(e).as("input %s", text).isNotNull();
            assertThat(e.reason()).isEqualTo(Reason.INVALID_JSON);
        }

        @Test
        void errorReportsTheIndexButNotTheInput() {
            ParseException e = catchThrowableOfType(ParseException.class,
                    () -> Json.parse("{\"secret\":\"hunter2\",}"));
            assertThat(e.index()).isEqualTo(20);
            assertThat(e.getMessage()).doesNotContain("hunter2").contains("index 20").contains("'}'");
        }

        @Test
        void depthUpToTheLimitIsAccepted() throws ParseException {
            JsonLimits limits = new JsonLimits(3, Integer.MAX_VALUE);
            assertThat(Json.parse("[{\"a\":[1]}]", limits)).isEqualTo(List.of(Map.of("a", List.of(1L))));
        }

        @Test
        void depthBeyondTheLimitIsRejected() {
            JsonLimits limits = new JsonLimits(3, Integer.MAX_VALUE);
            ParseException e = catchThrowableOfType(ParseException.class,
                    () -> Json.parse("[{\"a\":[[1]]}]", limits));
            assertThat(e.reason()).isEqualTo(Reason.JSON_TOO_DEEP);
        }

        @Test
        void defaultLimitStopsADepthBombWithoutStackOverflow() {
            String bomb = "[".repeat(100_000) + "]".repeat(100_000);
            ParseException e = catchThrowableOfType(ParseException.class, () -> Json.parse(bomb));
            assertThat(e.reason()).isEqualTo(Reason.JSON_TOO_DEEP);
            assertThat(e.index()).isEqualTo(64);
        }

        @Test
        void defaultDepthIs64() throws ParseException {
            assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isNotNull();
        }

        @Test
        void lengthBeyondTheLimitIsRejected() throws ParseException {
            JsonLimits limits = new JsonLimits(64, 5);
            assertThat(Json.parse("[1,2]", limits)).isEqualTo(List.of(1L, 2L));
            ParseException e = catchThrowableOfType(ParseException.class, () -> Json.parse("[1,23]", limits));
            assertThat(e.reason()).isEqualTo(Reason.JSON_TOO_LONG);
        }

        @Test
        void limitsAreValidated() {
            assertThatThrownBy(() -> new JsonLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new JsonLimits(JsonLimits.MAX_SUPPORTED_DEPTH + 1, 10))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new JsonLimits(1, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(JsonLimits.DEFAULT).isEqualTo(new JsonLimits(64, Integer.MAX_VALUE));
        }
    }

    @Nested
    class Writing {

        @Test
        void writesCompactJsonLikeJsonStringify() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("a", List.of(1, 2.5, true));
            map.put("b", null);
            map.put("c", Map.of("d", "e"));
            assertThat(Json.write(map)).isEqualTo("{\"a\":[1,2.5,true],\"b\":null,\"c\":{\"d\":\"e\"}}");
            assertThat(Json.write(null)).isEqualTo("null");
            assertThat(Json.write(List.of())).isEqualTo("[]");
            assertThat(Json.write(Map.of())).isEqualTo("{}");
        }

        @Test
        void escapesLikeJsonStringify() {
            assertThat(Json.write("\" \\ / \b \f \n \r \t \u0000 \u001f \u007f é €"))
                    .isEqualTo("\"\\\" \\\\ / \\b \\f \\n \\r \\t \\u0000 \\u001f \u007f é €\"");
        }

        @Test
        void writesSurrogatePairsRawAndLoneSurrogatesEscaped() {
            assertThat(Json.write("😀")).isEqualTo("\"😀\"");
            assertThat(Json.write("a\ud800b")).isEqualTo("\"a\\ud800b\"");
            assertThat(Json.write("\udc00\ud83d")).isEqualTo("\"\\udc00\\ud83d\"");
            assertThat(Json.write("\ud83d\ud83d\ude00")).isEqualTo("\"\\ud83d😀\"");
        }

        @Test
        void writesDoublesLikeJavaScript() {
            assertThat(Json.write(1.0)).isEqualTo("1");
            assertThat(Json.write(-0.0)).isEqualTo("0");
            assertThat(Json.write(1.5)).isEqualTo("1.5");
            assertThat(Json.write(0.1)).isEqualTo("0.1");
            assertThat(Json.write(-123.456)).isEqualTo("-123.456");
            assertThat(Json.write(1e20)).isEqualTo("100000000000000000000");
            assertThat(Json.write(1.2345e20)).isEqualTo("123450000000000000000");
            assertThat(Json.write(1e21)).isEqualTo("1e+21");
            assertThat(Json.write(1.5e300)).isEqualTo("1.5e+300");
            assertThat(Json.write(0.000001)).isEqualTo("0.000001");
            assertThat(Json.write(0.0000015)).isEqualTo("0.0000015");
            assertThat(Json.write(1e-7)).isEqualTo("1e-7");
            assertThat(Json.write(-1.5e-10)).isEqualTo("-1.5e-10");
            // V8 prints 1152921504606847000; JDK 17's Double.toString has two more digits here
            // (JDK-4511638, fixed in JDK 19): still plain notation, still the same double.
            assertThat(Json.write(Math.pow(2, 60))).matches("11529215046068469\\d\\d|1152921504606847000");
            assertThat(Json.write(9007199254740991.0)).isEqualTo("9007199254740991");
            assertThat(Json.write(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        }

        @Test
        void extremeDoublesRoundTrip() throws ParseException {
            for (double d : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MAX_VALUE, 1e-300, 4.35e-7}) {
                assertThat(Json.parse(Json.write(d))).isEqualTo(d);
            }
        }

        @Test
        void writesNonFiniteNumbersAsNull() {
            assertThat(Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                    .isEqualTo("[null,null,null]");
        }

        @Test
        void writesEveryNumberType() {
            assertThat(Json.write(List.of(1, 2L, (short) 3, (byte) 4, 0.1f, 1e10f,
                    new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"),
                    new AtomicLong(7))))
                    .isEqualTo("[1,2,3,4,0.1,10000000000,123456789012345678901234567890,1.50,7]");
            assertThat(Json.write(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        }

        enum Color { RED }

        @Test
        void writesCharSequencesCharactersAndEnumsAsStrings() {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(Color.RED, new StringBuilder("sb"));
            map.put(1, 'c');
            map.put(null, Color.RED);
            assertThat(Json.write(map)).isEqualTo("{\"RED\":\"sb\",\"1\":\"c\",\"null\":\"RED\"}");
        }

        @Test
        void writesArraysAndCollections() {
            assertThat(Json.write(new Object[] {"a", new int[] {1, 2}, new long[] {3}, new double[] {0.5, 2},
                    new boolean[] {true}, new short[] {5}, new float[] {1.5f}}))
                    .isEqualTo("[\"a\",[1,2],[3],[0.5,2],[true],[5],[1.5]]");
            assertThat(Json.write(new LinkedHashSet<>(List.of("x", "y")))).isEqualTo("[\"x\",\"y\"]");
            assertThat(Json.write(new int[0])).isEqualTo("[]");
        }

        @Test
        void rejectsBinaries() {
            assertThatThrownBy(() -> Json.write(new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.write(List.of(Map.of("b", ByteBuffer.allocate(1)))))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void rejectsUnknownTypesWithoutFallback() {
            assertThatThrownBy(() -> Json.write(List.of(Duration.ZERO)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.time.Duration");
            assertThatThrownBy(() -> Json.write(new char[] {'a'})).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void delegatesUnknownTypesToTheFallback() {
            ValueWriter fallback = (value, out) -> Json.write(value.toString(), out);
            assertThat(Json.write(Map.of("d", Duration.ofSeconds(1)), fallback)).isEqualTo("{\"d\":\"PT1S\"}");
            StringBuilder out = new StringBuilder("x");
            Json.write(List.of(Duration.ZERO), out, fallback);
            assertThat(out).hasToString("x[\"PT0S\"]");
        }

        @Test
        void rejectsCyclicValues() {
            Map<String, Object> cyclic = new HashMap<>();
            cyclic.put("self", cyclic);
            assertThatThrownBy(() -> Json.write(cyclic))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cyclic");
        }

        @Test
        void appendsToAnExistingBuilder() {
            StringBuilder out = new StringBuilder("prefix:");
            Json.write(List.of("a"), out);
            assertThat(out).hasToString("prefix:[\"a\"]");
        }
    }

    @Nested
    class RoundTrip {

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"a\":[1,-2,3.5,\"x\",true,false,null,{}],\"b\":{\"c\":[]}}",
            "\"\\u0000\\u001f\\\"\\\\\\b\\f\\n\\r\\t😀\\ud800\"",
            "[1e+21,1e-7,0.000001,123.456,-0.5,100000000000000000000]",
            "[\"ünïcödé\",\"日本語\",\"\\udfff\"]"
        })
        void writeOfParseReproducesCanonicalText(String canonical) throws ParseException {
            assertThat(Json.write(Json.parse(canonical))).isEqualTo(canonical);
        }
    }
}
