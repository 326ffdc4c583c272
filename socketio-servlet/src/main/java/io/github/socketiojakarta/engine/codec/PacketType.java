package io.github.socketiojakarta.engine.codec;

/**
 * The seven Engine.IO v4 packet types, each written on the wire as one ASCII digit.
 *
 * <p>Immutable and thread-safe.
 */
public enum PacketType {
    /** Sent by the server once, first, with the handshake data. */
    OPEN('0'),
    /** Asks the other side to close the session. */
    CLOSE('1'),
    /** Heartbeat request (server to client in v4), or {@code 2probe} during an upgrade. */
    PING('2'),
    /** Heartbeat answer, or {@code 3probe} during an upgrade. */
    PONG('3'),
    /** Application data, text or binary. */
    MESSAGE('4'),
    /** Sent by the client on the new transport to complete an upgrade. */
    UPGRADE('5'),
    /** Does nothing; ends a pending long-polling request during an upgrade. */
    NOOP('6');

    private static final PacketType[] BY_DIGIT = values();

    private final char digit;

    PacketType(char digit) {
        this.digit = digit;
    }

    /** The ASCII digit that stands for this type on the wire. */
    public char digit() {
        return digit;
    }

    /**
     * The type for a wire digit.
     *
     * @return the type, or {@code null} when {@code c} is not a packet type digit
     */
    public static PacketType ofDigit(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_DIGIT.length ? BY_DIGIT[i] : null;
    }
}
