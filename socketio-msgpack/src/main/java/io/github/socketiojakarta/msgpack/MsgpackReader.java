package io.github.socketiojakarta.msgpack;

import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.ParseException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;

/**
 * Reads one msgpack value from untrusted bytes into the value model of the default parser, so
 * that listeners see the same Java values whatever the parser:
 *
 * <table>
 *   <caption>msgpack to Java</caption>
 *   <tr><th>msgpack</th><th>Java</th></tr>
 *   <tr><td>map</td><td>{@code LinkedHashMap<String,Object>}; keys that are numbers, booleans
 *       or nil become their JavaScript property names; entries whose value is undefined are left
 *       out (as {@code JSON.stringify} leaves them out)</td></tr>
 *   <tr><td>array</td><td>{@code ArrayList<Object>}; undefined items are {@code null}</td></tr>
 *   <tr><td>int (any width)</td><td>{@code Long}; a uint64 above {@code Long.MAX_VALUE} is a
 *       {@code Double}, as JavaScript holds it</td></tr>
 *   <tr><td>float32, float64</td><td>{@code Double}</td></tr>
 *   <tr><td>str, nil, bool</td><td>{@code String}, {@code null}, {@code Boolean}</td></tr>
 *   <tr><td>bin; ext type 0 in ext 8/16/32 (a Node.js {@code Uint8Array} or
 *       {@code ArrayBuffer})</td><td>{@code byte[]}</td></tr>
 *   <tr><td>fixext 1 type 0 ({@code d4 00 00}: JavaScript {@code undefined})</td><td>absent
 *       (see above)</td></tr>
 *   <tr><td>fixext 8 type 0 (a notepack.io {@code Date}: int64 milliseconds), timestamp ext
 *       type -1</td><td>the ISO-8601 {@code String} {@code Date.toJSON()} gives, as a JSON client
 *       sends dates</td></tr>
 *   <tr><td>any other ext</td><td>{@code [type, byte[]]}, as notepack.io decodes it</td></tr>
 * </table>
 *
 * <p>Bounds: nesting deeper than {@code maxDepth} is {@link Reason#TOO_LARGE}; a declared length
 * or element count is checked against the bytes left before anything is allocated, so memory
 * stays proportional to the input. Anything malformed (truncated, trailing bytes, the never-used
 * byte {@code c1}) is {@link Reason#MALFORMED_BINARY}. Not thread-safe; one per
 * input.
 */
final class MsgpackReader {
    /** JavaScript's undefined while reading; never returned to callers inside a value. */
    static final Object UNDEFINED = new Object();

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final long MAX_ISO_YEAR_MILLIS = 253402300799999L; // 9999-12-31T23:59:59.999Z
    private static final long MIN_ISO_YEAR_MILLIS = -62167219200000L; // 0000-01-01T00:00:00.000Z

    private final byte[] input;
    private final int maxDepth;
    private final MessageUnpacker in;

    MsgpackReader(byte[] input, int maxDepth) {
        this.input = input;
        this.maxDepth = maxDepth;
        this.in = MessagePack.newDefaultUnpacker(input);
    }

    /**
     * Reads the one value that must fill the whole input.
     *
     * @return the value, or {@link #UNDEFINED}
     */
    Object readWhole() throws ParseException {
        if (input.length == 0) {
            throw malformed("empty message");
        }
        try {
            Object value = read(0);
            long left = input.length - in.getTotalReadBytes();
            if (left != 0) {
                throw malformed(left + " trailing byte(s)");
            }
            return value;
        } catch (MessageInsufficientBufferException e) {
            throw malformed("truncated msgpack");
        } catch (MessageSizeException e) {
            throw malformed("a msgpack size beyond what the message holds");
        } catch (MessagePackException | IOException e) {
            throw malformed("not msgpack");
        }
    }

    private Object read(int depth) throws IOException, ParseException {
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                in.unpackNil();
                return null;
            case BOOLEAN:
                return in.unpackBoolean();
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    return big.bitLength() <= 63 ? (Object) big.longValue() : (Object) big.doubleValue();
                }
                return in.unpackLong();
            case FLOAT:
                return in.unpackDouble();
            case STRING:
                return utf8(payload(in.unpackRawStringHeader()));
            case BINARY:
                return payload(in.unpackBinaryHeader());
            case ARRAY:
                return array(depth + 1);
            case MAP:
                return map(depth + 1);
            case EXTENSION:
                return extension(format);
            default:
                throw malformed("the never-used byte 0xc1");
        }
    }

    private List<Object> array(int depth) throws IOException, ParseException {
        checkDepth(depth);
        int n = count(in.unpackArrayHeader(), 1);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object item = read(depth);
            list.add(item == UNDEFINED ? null : item);
        }
        return list;
    }

    private Map<String, Object> map(int depth) throws IOException, ParseException {
        checkDepth(depth);
        int n = count(in.unpackMapHeader(), 2);
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            String key = key(read(depth));
            Object value = read(depth);
            if (value == UNDEFINED) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        }
        return map;
    }

    /** A key as JavaScript turns it into a property name; containers and binaries are refused. */
    private String key(Object key) throws ParseException {
        if (key instanceof String s) {
            return s;
        }
        if (key == null || key == UNDEFINED) {
            return key == null ? "null" : "undefined";
        }
        if (key instanceof Boolean || key instanceof Long) {
            return key.toString();
        }
        if (key instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString(d.longValue());
        }
        throw malformed("a map key that is not a string, a number or a boolean");
    }

    private Object extension(MessageFormat format) throws IOException, ParseException {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        byte type = header.getType();
        byte[] data = payload(header.getLength());
        if (type == 0 && format == MessageFormat.FIXEXT1) {
            return UNDEFINED;
        }
        if (type == 0 && format == MessageFormat.FIXEXT8) {
            return iso(ByteBuffer.wrap(data).getLong());
        }
        if (type == 0 && (format == MessageFormat.EXT8 || format == MessageFormat.EXT16
                || format == MessageFormat.EXT32)) {
            return data;
        }
        if (type == -1 && (data.length == 4 || data.length == 8 || data.length == 12)) {
            return timestamp(ByteBuffer.wrap(data));
        }
        List<Object> opaque = new ArrayList<>(2);
        opaque.add((long) type);
        opaque.add(data);
        return opaque;
    }

    /** The msgpack timestamp extension (type -1) in its three sizes. */
    private Object timestamp(ByteBuffer b) throws ParseException {
        long seconds;
        long nanos;
        if (b.remaining() == 4) {
            seconds = Integer.toUnsignedLong(b.getInt());
            nanos = 0;
        } else if (b.remaining() == 8) {
            long v = b.getLong();
            nanos = v >>> 34;
            seconds = v & 0x3_ffff_ffffL;
        } else {
            nanos = Integer.toUnsignedLong(b.getInt());
            seconds = b.getLong();
        }
        if (nanos > 999_999_999L || Math.abs(seconds) > 8_640_000_000_000L) {
            throw malformed("a timestamp out of range");
        }
        return iso(seconds * 1000 + nanos / 1_000_000);
    }

    /** What {@code new Date(millis).toJSON()} gives, or null for an invalid date. */
    private static Object iso(long millis) {
        if (Math.abs(millis) > 8_640_000_000_000_000L) {
            return null; // an Invalid Date: toJSON() is null
        }
        if (millis >= MIN_ISO_YEAR_MILLIS && millis <= MAX_ISO_YEAR_MILLIS) {
            return ISO_MILLIS.format(Instant.ofEpochMilli(millis));
        }
        // extended years: +YYYYYY / -YYYYYY, as toISOString writes them
        String s = DateTimeFormatter.ofPattern("uuuuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(millis));
        return s.startsWith("-") ? s : "+" + s;
    }

    private byte[] payload(int length) throws IOException, ParseException {
        count(length, 1);
        return in.readPayload(length);
    }

    /** Checks a declared size against the bytes left; returns it. */
    private int count(int declared, int bytesEach) throws ParseException {
        long left = input.length - in.getTotalReadBytes();
        if (declared < 0 || (long) declared * bytesEach > left) {
            throw malformed("a length larger than the message");
        }
        return declared;
    }

    private void checkDepth(int depth) throws ParseException {
        if (depth > maxDepth) {
            throw new ParseException(Reason.TOO_LARGE, -1, "values nest deeper than " + maxDepth
                    + " levels");
        }
    }

    /** Invalid sequences become U+FFFD, as Node.js decodes them. */
    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ParseException malformed(String message) {
        return new ParseException(Reason.MALFORMED_BINARY, -1, message);
    }
}
