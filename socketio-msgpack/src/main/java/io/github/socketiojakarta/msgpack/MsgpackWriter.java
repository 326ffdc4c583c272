package io.github.socketiojakarta.msgpack;

import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.protocol.ValueWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Writes packets and the values in them as msgpack, choosing the formats the reference's encoder
 * (notepack.io) chooses for the same JavaScript values, so that clients decode exactly what a
 * Node.js server would send: integers (and integral finite doubles) as the smallest msgpack
 * integer ({@link MessagePacker#packLong} picks the same formats), other numbers as float64,
 * strings as the smallest str format, binaries as bin. Stateless and thread-safe.
 */
final class MsgpackWriter {
    /** Deeper than this is an error (usually a cycle), as for JSON. */
    static final int MAX_DEPTH = 512;
    private static final double TWO_POW_63 = 0x1p63;

    private MsgpackWriter() {
    }

    /**
     * The packet as one msgpack map: {@code type}, {@code data} (when present), {@code id} (when
     * the packet has one), {@code nsp}.
     *
     * @throws IllegalArgumentException when a value cannot be written
     */
    static byte[] packet(SocketPacket packet, ValueWriter fallback) {
        MessageBufferPacker out = MessagePack.newDefaultBufferPacker();
        try {
            Object data = null;
            long id = SocketPacket.NO_ACK;
            if (packet instanceof SocketPacket.Connect c) {
                data = c.data();
            } else if (packet instanceof SocketPacket.Event e) {
                data = e.args();
                id = e.ackId();
            } else if (packet instanceof SocketPacket.Ack a) {
                data = a.args();
                id = a.ackId();
            } else if (packet instanceof SocketPacket.ConnectError e) {
                data = e.data();
            }
            out.packMapHeader(2 + (data != null ? 1 : 0) + (id != SocketPacket.NO_ACK ? 1 : 0));
            out.packString("type").packInt(packet.type().code());
            if (data != null) {
                out.packString("data");
                value(out, data, fallback, 0);
            }
            if (id != SocketPacket.NO_ACK) {
                out.packString("id").packLong(id);
            }
            out.packString("nsp").packString(packet.namespace());
            out.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    /** Writes one value; see the class description. */
    static void value(MessagePacker out, Object value, ValueWriter fallback, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nests deeper than " + MAX_DEPTH
                    + " levels (cyclic?)");
        }
        if (value == null) {
            out.packNil();
        } else if (value instanceof String s) {
            out.packString(s);
        } else if (value instanceof Map<?, ?> map) {
            out.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object key = e.getKey();
                out.packString(key instanceof Enum<?> en ? en.name() : String.valueOf(key));
                value(out, e.getValue(), fallback, depth + 1);
            }
        } else if (value instanceof Collection<?> collection) {
            Object[] items = collection.toArray(); // one snapshot: its size is the header's
            out.packArrayHeader(items.length);
            for (Object v : items) {
                value(out, v, fallback, depth + 1);
            }
        } else if (value instanceof Boolean b) {
            out.packBoolean(b);
        } else if (value instanceof Number n) {
            number(out, n);
        } else if (value instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length).writePayload(bytes);
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            out.packBinaryHeader(bytes.length).writePayload(bytes);
        } else if (value instanceof CharSequence || value instanceof Character) {
            out.packString(value.toString());
        } else if (value instanceof Enum<?> e) {
            out.packString(e.name());
        } else if (!array(out, value, fallback, depth)) {
            applicationObject(out, value, fallback, depth);
        }
    }

    /** Writes Java arrays as msgpack arrays; returns false when {@code value} is none. */
    private static boolean array(MessagePacker out, Object value, ValueWriter fallback, int depth)
            throws IOException {
        if (value instanceof Object[] objects) {
            out.packArrayHeader(objects.length);
            for (Object o : objects) {
                value(out, o, fallback, depth + 1);
            }
        } else if (value instanceof int[] ints) {
            out.packArrayHeader(ints.length);
            for (int v : ints) {
                out.packLong(v);
            }
        } else if (value instanceof long[] longs) {
            out.packArrayHeader(longs.length);
            for (long v : longs) {
                out.packLong(v);
            }
        } else if (value instanceof short[] shorts) {
            out.packArrayHeader(shorts.length);
            for (short v : shorts) {
                out.packLong(v);
            }
        } else if (value instanceof double[] doubles) {
            out.packArrayHeader(doubles.length);
            for (double v : doubles) {
                number(out, v);
            }
        } else if (value instanceof float[] floats) {
            out.packArrayHeader(floats.length);
            for (float v : floats) {
                number(out, v);
            }
        } else if (value instanceof boolean[] booleans) {
            out.packArrayHeader(booleans.length);
            for (boolean v : booleans) {
                out.packBoolean(v);
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * A record, bean or JSON-P value: the fallback writes it as JSON (as for the default parser),
     * and the plain values that JSON stands for are written.
     */
    private static void applicationObject(MessagePacker out, Object value, ValueWriter fallback,
            int depth) throws IOException {
        if (fallback == null) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " without an argument mapper");
        }
        StringBuilder json = new StringBuilder();
        fallback.write(value, json);
        Object plain;
        try {
            plain = Json.parse(json.toString());
        } catch (ParseException e) {
            throw new IllegalArgumentException("the argument mapper wrote invalid JSON for "
                    + value.getClass().getName() + ": " + e.getMessage(), e);
        }
        value(out, plain, null, depth);
    }

    /** A JavaScript number: integral and finite as an integer, otherwise float64. */
    private static void number(MessagePacker out, Number n) throws IOException {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            out.packLong(n.longValue());
        } else if (n instanceof BigInteger big) {
            if (big.bitLength() <= 63 || (big.signum() > 0 && big.bitLength() <= 64)) {
                out.packBigInteger(big);
            } else {
                number(out, big.doubleValue());
            }
        } else if (n instanceof Float f) {
            number(out, Double.parseDouble(Float.toString(f))); // the float's shortest decimal
        } else if (n instanceof BigDecimal d) {
            number(out, d.doubleValue());
        } else {
            number(out, n.doubleValue());
        }
    }

    private static void number(MessagePacker out, double d) throws IOException {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < TWO_POW_63) {
            out.packLong((long) d); // -0.0 too, as 0, like notepack.io
        } else {
            out.packDouble(d);
        }
    }
}
