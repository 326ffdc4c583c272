package io.github.socketiojakarta.redis;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.ExtensionTypeHeader;

/**
 * MessagePack the way {@code notepack.io} 3.0.1 writes and reads it: the parser of
 * {@code @socket.io/redis-adapter} 8.3 for the messages that may carry binary. Pure: no I/O.
 *
 * <h2>Writing (Java value → bytes)</h2>
 * {@code null} → nil; {@code Boolean}; integral numbers (and integral finite doubles within the
 * long range, since a JavaScript peer cannot tell {@code 1.0} from {@code 1}; {@code -0.0} → 0)
 * → the smallest int format; other numbers → float64 ({@code cb}, never float32); strings →
 * fixstr/str8/str16/str32; {@code byte[]} and {@code ByteBuffer} (its remaining bytes) → bin;
 * {@code Map} → map (keys via {@code String.valueOf}, order kept, null values written as nil:
 * leave a key out to mean "absent"); {@code Collection} and {@code Object[]} → array (a Java
 * {@code Set} too: notepack would write a JavaScript Set as an empty map, the adapter never
 * sends one); {@code Instant} → the timestamp extension −1 as notepack writes a {@code Date}
 * (milliseconds). Anything else is an {@link IllegalArgumentException}.
 *
 * <h2>Reading (bytes → Java value)</h2>
 * nil and the legacy {@code d4 00 00} (notepack 2.x {@code undefined}) → {@code null}; ints →
 * {@code Long} (uint64 above the long range → {@code Double}, as JavaScript would hold it);
 * float32/float64 → {@code Double}; str → {@code String}; bin and the legacy extension 0 (an
 * {@code ArrayBuffer} of notepack 2.x) → {@code byte[]}; map → {@code LinkedHashMap<String,
 * Object>} (string or integer keys); array → {@code ArrayList}; timestamp −1 and the legacy
 * {@code d7 00} (milliseconds) → the ISO string a {@code Date} becomes in JSON; other
 * extensions → {@code [type, byte[]]} as notepack returns them. Trailing bytes, truncation and
 * unknown formats are a {@link MessageCodecException}, never another exception.
 *
 * <p>Stateless; all methods are thread-safe.
 */
public final class Notepack {
    private static final int MAX_DEPTH = 512;
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Notepack() {
    }

    /**
     * Encodes a value.
     *
     * @throws IllegalArgumentException for a type notepack has no form for, or values nested
     *     deeper than 512 levels
     */
    public static byte[] encode(Object value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            write(packer, value, 0);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory packing failed", e); // cannot happen
        }
    }

    private static void write(MessageBufferPacker p, Object value, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            p.packNil();
        } else if (value instanceof String s) {
            p.packString(s);
        } else if (value instanceof Boolean b) {
            p.packBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            p.packLong(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                p.packLong(big.longValue());
            } else {
                writeDouble(p, big.doubleValue());
            }
        } else if (value instanceof Number n) {
            writeDouble(p, n.doubleValue());
        } else if (value instanceof byte[] bytes) {
            p.packBinaryHeader(bytes.length);
            p.writePayload(bytes);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            p.packBinaryHeader(bytes.length);
            p.writePayload(bytes);
        } else if (value instanceof Map<?, ?> map) {
            p.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                p.packString(String.valueOf(e.getKey()));
                write(p, e.getValue(), depth + 1);
            }
        } else if (value instanceof Collection<?> list) {
            p.packArrayHeader(list.size());
            for (Object o : list) {
                write(p, o, depth + 1);
            }
        } else if (value instanceof Object[] array) {
            p.packArrayHeader(array.length);
            for (Object o : array) {
                write(p, o, depth + 1);
            }
        } else if (value instanceof Instant instant) {
            p.packTimestamp(instant.truncatedTo(ChronoUnit.MILLIS));
        } else {
            throw new IllegalArgumentException("no MessagePack form for " + value.getClass());
        }
    }

    /** A JavaScript number: integral values within the long range as ints, others float64. */
    private static void writeDouble(MessageBufferPacker p, double d) throws IOException {
        if (Double.isFinite(d) && Math.floor(d) == d && d >= -0x1p63 && d < 0x1p63) {
            p.packLong((long) d);
        } else {
            p.packDouble(d);
        }
    }

    /**
     * Decodes exactly one value filling all of {@code bytes}.
     *
     * @throws MessageCodecException when the bytes are not one well-formed value
     */
    public static Object decode(byte[] bytes) throws MessageCodecException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            if (!u.hasNext()) {
                throw new MessageCodecException("empty message");
            }
            Object value = read(u, 0);
            if (u.hasNext()) {
                throw new MessageCodecException(
                        (bytes.length - u.getTotalReadBytes()) + " trailing bytes");
            }
            return value;
        } catch (MessagePackException | IOException | ArithmeticException e) {
            throw new MessageCodecException("malformed MessagePack: " + e.getMessage(), e);
        }
    }

    private static Object read(MessageUnpacker u, int depth)
            throws IOException, MessageCodecException {
        if (depth > MAX_DEPTH) {
            throw new MessageCodecException("nested deeper than " + MAX_DEPTH);
        }
        if (!u.hasNext()) {
            throw new MessageCodecException("truncated message");
        }
        MessageFormat format = u.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                u.unpackNil();
                return null;
            case BOOLEAN:
                return u.unpackBoolean();
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = u.unpackBigInteger();
                    return big.bitLength() < 64 ? (Object) big.longValue() : big.doubleValue();
                }
                return u.unpackLong();
            case FLOAT:
                return u.unpackDouble();
            case STRING:
                return u.unpackString();
            case BINARY:
                return u.readPayload(u.unpackBinaryHeader());
            case ARRAY: {
                int n = u.unpackArrayHeader();
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(u, depth + 1));
                }
                return list;
            }
            case MAP: {
                int n = u.unpackMapHeader();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = read(u, depth + 1);
                    if (!(key instanceof String) && !(key instanceof Long)) {
                        throw new MessageCodecException("map key is not a string: " + key);
                    }
                    map.put(String.valueOf(key), read(u, depth + 1));
                }
                return map;
            }
            case EXTENSION:
                return readExtension(u, format);
            default:
                throw new MessageCodecException("unknown format byte " + format);
        }
    }

    /** The extensions as notepack 3.0.1 reads them (including notepack 2.x's forms). */
    private static Object readExtension(MessageUnpacker u, MessageFormat format)
            throws IOException, MessageCodecException {
        ExtensionTypeHeader header = u.unpackExtensionTypeHeader();
        byte type = header.getType();
        byte[] payload = u.readPayload(header.getLength());
        ByteBuffer b = ByteBuffer.wrap(payload);
        switch (format) {
            case FIXEXT1:
                if (type == 0) {
                    return null; // notepack 2.x undefined: d4 00 00
                }
                break;
            case FIXEXT4:
                if (type == -1) { // timestamp 32
                    return iso(Instant.ofEpochSecond(Integer.toUnsignedLong(b.getInt())));
                }
                break;
            case FIXEXT8:
                if (type == 0) { // notepack 2.x Date: int64 milliseconds
                    return iso(Instant.ofEpochMilli(b.getLong()));
                }
                if (type == -1) { // timestamp 64: 30-bit nanoseconds, 34-bit seconds
                    long v = b.getLong();
                    return iso(Instant.ofEpochSecond(v & 0x3ffffffffL, v >>> 34));
                }
                break;
            case EXT8:
                if (type == -1 && payload.length == 12) { // timestamp 96
                    int nanos = b.getInt();
                    return iso(Instant.ofEpochSecond(b.getLong(), Integer.toUnsignedLong(nanos)));
                }
                if (type == 0) {
                    return payload; // notepack 2.x ArrayBuffer
                }
                break;
            case EXT16:
            case EXT32:
                if (type == 0) {
                    return payload;
                }
                break;
            default:
                break;
        }
        List<Object> pair = new ArrayList<>(2);
        pair.add((long) type);
        pair.add(payload);
        return pair;
    }

    /** What a JavaScript Date becomes in JSON ({@code toISOString}, milliseconds). */
    private static String iso(Instant instant) {
        return ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
