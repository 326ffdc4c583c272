package io.github.socketiojakarta.protocol;

import java.util.Objects;

/**
 * A Socket.IO packet or JSON text that does not follow the protocol.
 *
 * <p>Thrown by {@link Json#parse}, {@link PacketDecoder} and every {@link SocketDecoder}. The server reacts to it by closing the
 * whole Engine.IO connection with the disconnect reason {@code "parse error"}. The {@link #reason()}
 * is a closed set meant for metrics and tests; the message is for humans and never contains the
 * input itself (a client's packet may carry credentials), only the offending character and its
 * index. No stack trace is captured: the failing input comes from a remote peer, the stack is
 * always the codec's, and a hostile peer must not be able to make errors expensive.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class ParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an input was rejected. */
    public enum Reason {
        /** The frame is empty. */
        EMPTY_PACKET,
        /** The first character is not a packet type digit 0..6. */
        UNKNOWN_TYPE,
        /** A binary packet's {@code <count>-} is missing, zero or above the limit, or a
         * non-binary packet carries one. */
        INVALID_ATTACHMENT_COUNT,
        /** The header is followed by something that is neither an ack id nor a payload
         * (for example {@code 42abc["x"]}). */
        MALFORMED_HEADER,
        /** The ack id is too large, missing where required, or present where not allowed. */
        INVALID_ACK_ID,
        /** The payload is not well-formed JSON (RFC 8259). */
        INVALID_JSON,
        /** The JSON nests deeper than {@link JsonLimits#maxDepth()}. */
        JSON_TOO_DEEP,
        /** The JSON text is longer than {@link JsonLimits#maxLength()}. */
        JSON_TOO_LONG,
        /** The payload is well-formed JSON of the wrong shape for the packet type. */
        INVALID_PAYLOAD,
        /** An event name is one of {@link SocketPacket#RESERVED_EVENTS}. */
        RESERVED_EVENT_NAME,
        /** A binary placeholder is malformed, out of range, repeated, or an attachment is
         * never referenced. */
        INVALID_PLACEHOLDER,
        /** A text packet arrived while binary attachments were still expected, or the
         * server's parser takes no text packets at all (a client using another parser). */
        UNEXPECTED_TEXT,
        /** A binary attachment arrived while none was expected (with the default parser: often
         * a client using a binary parser such as msgpack). */
        UNEXPECTED_BINARY,
        /** A binary packet is not well-formed in the parser's format (for example truncated
         * or trailing msgpack bytes, or a value of a type the format does not allow there). */
        MALFORMED_BINARY,
        /** A binary packet's values nest deeper, or hold more elements, than the decoder
         * allows ({@link DecoderLimits}). */
        TOO_LARGE,
        /** A packet's namespace is missing or not a string starting with {@code '/'}. */
        INVALID_NAMESPACE
    }

    private final Reason reason;
    private final int index;

    /**
     * Creates an exception.
     *
     * @param reason why the input was rejected
     * @param index the offending character's index in the input, or -1 when not applicable
     * @param message a human-readable explanation that does not contain the input
     */
    public ParseException(Reason reason, int index, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.index = index;
    }

    /** Returns why the input was rejected. */
    public Reason reason() {
        return reason;
    }

    /** Returns the index in the input where the problem was found, or -1 when not applicable. */
    public int index() {
        return index;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        return index < 0 ? reason + ": " + message : reason + " at index " + index + ": " + message;
    }

    /** Describes one input character for an error message without echoing the input. */
    static String describe(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }
}
