package io.github.socketiojakarta.msgpack;

import io.github.socketiojakarta.protocol.DecoderLimits;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.ParseException.Reason;
import io.github.socketiojakarta.protocol.SocketDecoder;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes what one client sends with {@code socket.io-msgpack-parser}: each binary message is one
 * msgpack map, validated as the reference's {@code checkPacket} does, plus the server's own rules
 * for every parser:
 * <ul>
 *   <li>{@code type} an integer in [0, 4], else {@link Reason#UNKNOWN_TYPE} (also when the
 *       message is no map);</li>
 *   <li>{@code nsp} a string starting with {@code '/'} (and without {@code ','}), else
 *       {@link Reason#INVALID_NAMESPACE};</li>
 *   <li>{@code data}: CONNECT absent or a map; DISCONNECT absent; EVENT a non-empty array whose
 *       first item is a string (not a reserved name: {@link Reason#RESERVED_EVENT_NAME}) or a
 *       number; ACK an array; CONNECT_ERROR a string or a map; else
 *       {@link Reason#INVALID_PAYLOAD};</li>
 *   <li>{@code id} absent or an integer in [0, 2^53-1], required on ACK, else
 *       {@link Reason#INVALID_ACK_ID};</li>
 *   <li>other keys (the official client's {@code options}) are ignored; JavaScript's undefined
 *       ({@code d4 00 00}) counts as absent.</li>
 * </ul>
 * A text message is {@link Reason#UNEXPECTED_TEXT}: the client uses the default parser. The
 * message's size is bounded by {@link DecoderLimits#json()}'s {@code maxLength} (bytes here) and
 * the transport's {@code maxHttpBufferSize}, its nesting by {@code maxDepth}.
 *
 * <p>Stateless between messages (every packet is one message); not thread-safe, as every
 * {@link SocketDecoder}.
 */
final class MsgpackDecoder implements SocketDecoder {
    private final DecoderLimits limits;

    MsgpackDecoder(DecoderLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public SocketPacket decodeText(String message) throws ParseException {
        throw new ParseException(Reason.UNEXPECTED_TEXT, -1, "text packet received, but this"
                + " server uses the msgpack parser (is the client using the default parser? Both"
                + " sides must use socket.io-msgpack-parser)");
    }

    @Override
    public SocketPacket decodeBinary(byte[] data) throws ParseException {
        Objects.requireNonNull(data, "data");
        if (data.length > limits.json().maxLength()) {
            throw new ParseException(Reason.TOO_LARGE, -1, "packet larger than "
                    + limits.json().maxLength() + " bytes");
        }
        // the packet map is one level more than the JSON payload the depth limit is meant for
        Object value = new MsgpackReader(data, limits.json().maxDepth() + 1).readWhole();
        if (!(value instanceof Map<?, ?> map)) {
            throw new ParseException(Reason.UNKNOWN_TYPE, -1, "invalid packet type: not a map");
        }
        return packet(map);
    }

    @Override
    public void reset() {
        // nothing is kept between messages
    }

    @SuppressWarnings("unchecked")
    private static SocketPacket packet(Map<?, ?> map) throws ParseException {
        long type = integer(map.get("type"));
        if (type < 0 || type > 4) {
            throw new ParseException(Reason.UNKNOWN_TYPE, -1, "invalid packet type");
        }
        if (!(map.get("nsp") instanceof String nsp) || nsp.isEmpty() || nsp.charAt(0) != '/'
                || nsp.indexOf(',') >= 0) {
            throw new ParseException(Reason.INVALID_NAMESPACE, -1, "invalid namespace");
        }
        Object data = map.get("data");
        Object idValue = map.get("id");
        long id = SocketPacket.NO_ACK;
        if (idValue != null || map.containsKey("id")) {
            id = integer(idValue);
            if (id < 0 || id > SocketPacket.MAX_ACK_ID) {
                throw new ParseException(Reason.INVALID_ACK_ID, -1, "invalid packet id");
            }
        }
        boolean hasData = map.containsKey("data");
        switch ((int) type) {
            case 0:
                if (hasData && !(data instanceof Map)) {
                    throw payload("CONNECT data must be a map");
                }
                return new SocketPacket.Connect(nsp, (Map<String, Object>) data);
            case 1:
                if (hasData) {
                    throw payload("DISCONNECT carries no data");
                }
                return new SocketPacket.Disconnect(nsp);
            case 2:
                if (!(data instanceof List<?> args)) {
                    throw payload("EVENT data must be an array");
                }
                checkEventName(args);
                return new SocketPacket.Event(nsp, (List<Object>) args, id);
            case 3:
                if (!(data instanceof List<?> values)) {
                    throw payload("ACK data must be an array");
                }
                if (id == SocketPacket.NO_ACK) {
                    throw new ParseException(Reason.INVALID_ACK_ID, -1, "ACK needs an id");
                }
                return new SocketPacket.Ack(nsp, (List<Object>) values, id);
            default:
                if (!(data instanceof String) && !(data instanceof Map)) {
                    throw payload("CONNECT_ERROR data must be a string or a map");
                }
                return new SocketPacket.ConnectError(nsp, data);
        }
    }

    /**
     * An integral number (a float that JavaScript holds as an integer too) as a long;
     * {@code Long.MAX_VALUE} beyond the long range and -1 for anything else, both outside every
     * range the callers accept.
     */
    private static long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Math.abs(d) < 0x1p63 ? d.longValue() : Long.MAX_VALUE;
        }
        return -1;
    }

    private static void checkEventName(List<?> args) throws ParseException {
        if (args.isEmpty()) {
            throw payload("EVENT data must not be empty");
        }
        Object name = args.get(0);
        if (name instanceof String s) {
            if (SocketPacket.RESERVED_EVENTS.contains(s)) {
                throw new ParseException(Reason.RESERVED_EVENT_NAME, -1,
                        "reserved event name '" + s + "'");
            }
        } else if (!(name instanceof Number)) {
            throw payload("event name must be a string or a number");
        }
    }

    private static ParseException payload(String message) {
        return new ParseException(Reason.INVALID_PAYLOAD, -1, "invalid payload: " + message);
    }
}
