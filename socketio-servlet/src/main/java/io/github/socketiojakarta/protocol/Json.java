package io.github.socketiojakarta.protocol;

import java.util.Objects;

/**
 * A small strict JSON reader and writer over plain Java values, so the codec can validate payloads
 * and rebuild binary placeholders without a JSON library.
 *
 * <h2>Value model</h2>
 * <table>
 *   <caption>JSON to Java</caption>
 *   <tr><th>JSON</th><th>parsed as</th><th>also written from</th></tr>
 *   <tr><td>object</td><td>{@code LinkedHashMap<String,Object>} (key order kept; duplicate keys:
 *       the last value wins)</td><td>any {@code Map} (keys via {@code String.valueOf}, enums via
 *       {@code name()})</td></tr>
 *   <tr><td>array</td><td>{@code ArrayList<Object>}</td><td>any {@code Collection},
 *       {@code Object[]}, {@code int[] long[] short[] double[] float[] boolean[]}</td></tr>
 *   <tr><td>string</td><td>{@code String} (lone surrogates from <code>&#92;ud800</code> escapes are
 *       kept)</td><td>{@code CharSequence}, {@code Character}, {@code Enum} (its name)</td></tr>
 *   <tr><td>number</td><td>{@code Long} when written without fraction or exponent and within
 *       the long range, otherwise {@code Double}</td><td>any {@code Number}</td></tr>
 *   <tr><td>true/false, null</td><td>{@code Boolean}, {@code null}</td><td>same</td></tr>
 * </table>
 *
 * <p>Non-integral numbers are {@code Double}, not {@code BigDecimal}: the peers are JavaScript
 * clients, which hold every number as a double, so a double is exactly what the sender meant and
 * what it will read back; numbers beyond the double range parse as infinities and are written as
 * {@code null}, like {@code JSON.stringify} does.
 *
 * <h2>Writing</h2>
 * Output is compact and identical to JavaScript's {@code JSON.stringify}: no whitespace, strings
 * escape {@code "}, {@code \}, control characters ({@code \b \f \n \r \t} short forms, otherwise
 * <code>&#92;u00XX</code>) and lone surrogates (<code>&#92;udXXX</code>, lowercase hex); doubles follow
 * {@code Number.prototype.toString} ({@code 1.0} as {@code 1}, {@code 1e20} as
 * {@code 100000000000000000000}, {@code 1e21} as {@code 1e+21}, NaN and infinities as
 * {@code null}). Other types go to the optional {@link ValueWriter}; without one they are an
 * {@link IllegalArgumentException}, as are {@code byte[]} and {@code ByteBuffer} (binaries are the
 * {@link PacketEncoder}'s business) and values nested deeper than 512 levels (usually a cycle).
 *
 * <h2>Parsing</h2>
 * RFC 8259, strictly: no comments, trailing commas, single quotes, NaN/Infinity, leading zeros or
 * unescaped control characters; whitespace is allowed around tokens; anything after the value is an
 * error. Any value may be the top level. Depth and length are bounded by {@link JsonLimits}.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class Json {

    private Json() {
    }

    /** Parses {@code text} with {@link JsonLimits#DEFAULT}. */
    public static Object parse(String text) throws ParseException {
        return parse(text, JsonLimits.DEFAULT);
    }

    /**
     * Parses one JSON value.
     *
     * @param text the JSON text
     * @param limits the bounds to enforce
     * @return the value, see the class description for the types
     * @throws ParseException with reason {@code INVALID_JSON}, {@code JSON_TOO_DEEP} or
     *     {@code JSON_TOO_LONG}
     */
    public static Object parse(String text, JsonLimits limits) throws ParseException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(limits, "limits");
        return JsonReader.parse(text, 0, limits);
    }

    /**
     * Returns the compact JSON text of {@code value}.
     *
     * @throws IllegalArgumentException for unsupported types, binaries or cyclic values
     */
    public static String write(Object value) {
        return write(value, (ValueWriter) null);
    }

    /**
     * Returns the compact JSON text of {@code value}, delegating unknown types to {@code fallback}.
     *
     * @param fallback writes unknown types; null to reject them
     * @throws IllegalArgumentException for unsupported types, binaries or cyclic values
     */
    public static String write(Object value, ValueWriter fallback) {
        StringBuilder out = new StringBuilder();
        write(value, out, fallback);
        return out.toString();
    }

    /**
     * Appends the compact JSON text of {@code value} to {@code out}.
     *
     * @throws IllegalArgumentException for unsupported types, binaries or cyclic values; {@code out}
     *     may then hold a partial value
     */
    public static void write(Object value, StringBuilder out) {
        write(value, out, null);
    }

    /**
     * Appends the compact JSON text of {@code value} to {@code out}, delegating unknown types to
     * {@code fallback}.
     *
     * @param fallback writes unknown types; null to reject them
     * @throws IllegalArgumentException for unsupported types, binaries or cyclic values; {@code out}
     *     may then hold a partial value
     */
    public static void write(Object value, StringBuilder out, ValueWriter fallback) {
        Objects.requireNonNull(out, "out");
        new JsonWriter(out, fallback, false).write(value);
    }
}
