package io.github.socketiojakarta.protocol;

/**
 * The Socket.IO v5 packet types, with their wire digit.
 *
 * <p>Named apart from the Engine.IO packet types ({@code engine.codec.PacketType}).
 *
 * <p>{@link #BINARY_EVENT} and {@link #BINARY_ACK} exist only on the wire: the API represents them
 * as {@link SocketPacket.Event} and {@link SocketPacket.Ack} whose arguments contain binaries.
 */
public enum SocketPacketType {
    /** Connection to a namespace (client request, or server acceptance with {@code {"sid":..}}). */
    CONNECT(0),
    /** Disconnection from a namespace. */
    DISCONNECT(1),
    /** An event: {@code ["name", args...]}. */
    EVENT(2),
    /** The answer to an event that asked for an acknowledgement. */
    ACK(3),
    /** Refusal of a namespace connection. */
    CONNECT_ERROR(4),
    /** An event with binary attachments. */
    BINARY_EVENT(5),
    /** An acknowledgement with binary attachments. */
    BINARY_ACK(6);

    private static final SocketPacketType[] BY_CODE = values();

    private final int code;

    SocketPacketType(int code) {
        this.code = code;
    }

    /** Returns the type's number, the first character of an encoded packet. */
    public int code() {
        return code;
    }

    /**
     * Returns the type with the given number.
     *
     * @throws IllegalArgumentException if {@code code} is not in 0..6
     */
    public static SocketPacketType forCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown packet type: " + code);
        }
        return BY_CODE[code];
    }
}
