package io.github.socketiojakarta.protocol;

import java.util.List;

/**
 * Encodes {@link SocketPacket}s into Socket.IO v5 text plus binary attachments:
 * {@code <type>[<attachments>-][<namespace>,][<ackId>][<JSON>]}, the namespace only when it is not
 * {@code "/"}.
 *
 * <p>An {@link SocketPacket.Event} or {@link SocketPacket.Ack} whose arguments hold
 * {@code byte[]} or {@link java.nio.ByteBuffer} values anywhere inside maps, collections and
 * arrays becomes a {@code BINARY_EVENT}/{@code BINARY_ACK}: each binary is replaced by
 * {@code {"_placeholder":true,"num":N}} (N counting from 0 in depth-first order) and becomes an
 * attachment; a buffer contributes its remaining bytes (copied, its position unchanged). Binaries
 * are only allowed there: in {@code CONNECT}/{@code CONNECT_ERROR} data they are an
 * {@link IllegalArgumentException}. So is an application map with {@code "_placeholder": true} in
 * a packet that turns out binary, since every receiver would read it as a placeholder (in a
 * non-binary packet it is plain data and allowed). The encoding is one pass over the packet into one
 * {@link StringBuilder}; broadcast encodes once and sends the result to every recipient.
 *
 * <p>Stateless and thread-safe.
 */
public final class PacketEncoder {

    private PacketEncoder() {
    }

    /**
     * Encodes a packet whose values are all of the types {@link Json} writes.
     *
     * @throws IllegalArgumentException if a value cannot be written (see {@link Json})
     */
    public static EncodedPacket encode(SocketPacket packet) {
        return encode(packet, null);
    }

    /**
     * Encodes a packet, writing values of unknown types with {@code fallback}.
     *
     * @param fallback writes application objects (e.g. through JSON-B); null to reject them
     * @throws IllegalArgumentException if a value cannot be written (see {@link Json})
     */
    public static EncodedPacket encode(SocketPacket packet, ValueWriter fallback) {
        StringBuilder out = new StringBuilder(64);
        SocketPacketType type = packet.type();
        out.append((char) ('0' + type.code()));
        String namespace = packet.namespace();
        if (!SocketPacket.MAIN_NAMESPACE.equals(namespace)) {
            out.append(namespace).append(',');
        }
        JsonWriter writer = switch (type) { // exhaustive: a new type must be handled here
            case CONNECT -> {
                JsonWriter w = new JsonWriter(out, fallback, false);
                SocketPacket.Connect connect = (SocketPacket.Connect) packet;
                if (connect.data() != null) {
                    w.write(connect.data());
                }
                yield w;
            }
            case DISCONNECT -> null;
            case EVENT -> {
                JsonWriter w = new JsonWriter(out, fallback, true);
                SocketPacket.Event event = (SocketPacket.Event) packet;
                if (event.ackId() != SocketPacket.NO_ACK) {
                    out.append(event.ackId());
                }
                w.write(event.args());
                yield w;
            }
            case ACK -> {
                JsonWriter w = new JsonWriter(out, fallback, true);
                SocketPacket.Ack ack = (SocketPacket.Ack) packet;
                out.append(ack.ackId());
                w.write(ack.args());
                yield w;
            }
            case CONNECT_ERROR -> {
                JsonWriter w = new JsonWriter(out, fallback, false);
                SocketPacket.ConnectError error = (SocketPacket.ConnectError) packet;
                if (error.data() != null) {
                    w.write(error.data());
                }
                yield w;
            }
            case BINARY_EVENT, BINARY_ACK -> throw new IllegalStateException(
                    "SocketPacket.type() never returns " + type);
        };
        List<byte[]> attachments = writer == null ? List.of() : writer.attachments();
        if (!attachments.isEmpty()) {
            if (writer.wrotePlaceholderLookalike()) {
                throw new IllegalArgumentException("a map with \"_placeholder\": true cannot be sent"
                        + " with binary data: the receiver would take it for an attachment placeholder");
            }
            SocketPacketType binaryType = type == SocketPacketType.EVENT
                    ? SocketPacketType.BINARY_EVENT : SocketPacketType.BINARY_ACK;
            out.setCharAt(0, (char) ('0' + binaryType.code()));
            out.insert(1, attachments.size() + "-");
        }
        return new EncodedPacket(out.toString(), attachments);
    }

    /**
     * The text of an encoded event under another ack id: only the header's digits change, the
     * arguments are not encoded again (and the attachments, if any, stay as they are). How a
     * broadcast that asks for acks reaches each socket under an id of the socket's own.
     *
     * @param text the text {@link #encode} gave for {@code event}
     * @param event the event, which asks for an ack
     * @param ackId the new ack id
     * @return the text with {@code ackId} in place of the event's ack id (the same string when
     *     they are equal)
     * @throws IllegalStateException if the event does not ask for an ack, or {@code text} is not
     *     its encoding
     */
    public static String withAckId(String text, SocketPacket.Event event, long ackId) {
        if (!event.wantsAck()) {
            throw new IllegalStateException("not an event asking for an ack: " + event);
        }
        if (ackId == event.ackId()) {
            return text;
        }
        // <type>[<attachments>-][<namespace>,]<ack id><JSON>
        int idAt = 1;
        char binaryEvent = (char) ('0' + SocketPacketType.BINARY_EVENT.code());
        if (!text.isEmpty() && text.charAt(0) == binaryEvent) {
            idAt = text.indexOf('-') + 1;
        }
        if (!SocketPacket.MAIN_NAMESPACE.equals(event.namespace())) {
            idAt += event.namespace().length() + 1;
        }
        String old = Long.toString(event.ackId());
        if (idAt <= 0 || !text.startsWith(old, idAt)) {
            throw new IllegalStateException("unexpected encoding: " + text);
        }
        return text.substring(0, idAt) + ackId + text.substring(idAt + old.length());
    }

    /**
     * The text of an encoded event with one more argument at the end, {@code offset}: what
     * connection state recovery appends to a stored packet. The other arguments are not encoded
     * again (and the attachments, if any, stay as they are).
     *
     * @param text the text {@link #encode} gave for an event
     * @param offset the last argument, a string, or {@code null} for JSON {@code null}
     * @throws IllegalStateException if {@code text} does not end with the arguments' {@code ]}
     */
    public static String withLastArgument(String text, String offset) {
        int end = text.length() - 1;
        if (end < 0 || text.charAt(end) != ']') {
            throw new IllegalStateException("unexpected encoding: " + text);
        }
        StringBuilder out = new StringBuilder(text.length() + 24);
        out.append(text, 0, end).append(',');
        Json.write(offset, out);
        return out.append(']').toString();
    }
}
