package io.github.socketiojakarta.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO v4 packet: a closed set of packet kinds.
 *
 * <p>Every packet has a {@link PacketType}. Text packets carry an optional string payload; a
 * {@link BinaryMessage} carries bytes (it is always of type {@link PacketType#MESSAGE}). Packets
 * are immutable values and may be shared between sessions, which is how a broadcast is encoded
 * once and handed to every recipient.
 */
public sealed interface EnginePacket {

    /** The shared close packet. */
    Control CLOSE = new Control(PacketType.CLOSE, "");
    /** The shared ping packet sent by the heartbeat. */
    Control PING = new Control(PacketType.PING, "");
    /** The shared pong packet. */
    Control PONG = new Control(PacketType.PONG, "");
    /** The shared noop packet. */
    Control NOOP = new Control(PacketType.NOOP, "");
    /** The shared upgrade packet. */
    Control UPGRADE = new Control(PacketType.UPGRADE, "");
    /** The probe answer {@code 3probe}. */
    Control PONG_PROBE = new Control(PacketType.PONG, "probe");

    /** This packet's type. */
    PacketType type();

    /**
     * A packet other than a message: open, close, ping, pong, upgrade or noop, with its text data
     * (empty when none, {@code "probe"} for probes, the JSON handshake for open).
     *
     * @param type any type but {@link PacketType#MESSAGE}
     * @param data the text after the type digit, never {@code null}
     */
    record Control(PacketType type, String data) implements EnginePacket {
        /** Checks the arguments. */
        public Control {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
            if (type == PacketType.MESSAGE) {
                throw new IllegalArgumentException("use TextMessage or BinaryMessage for messages");
            }
        }
    }

    /**
     * A text message. The wire form ({@code 4} followed by the text) is computed once and cached,
     * so a packet shared by many sessions is encoded a single time.
     */
    final class TextMessage implements EnginePacket {
        private final String text;
        private String wire;
        private volatile byte[] wireUtf8;

        /**
         * @param text the message text, never {@code null}
         */
        public TextMessage(String text) {
            this.text = Objects.requireNonNull(text, "text");
        }

        /** The message text, without the type digit. */
        public String text() {
            return text;
        }

        /** The text frame: {@code '4'} followed by the text. Thread-safe (a benign race). */
        public String wire() {
            String w = wire;
            if (w == null) {
                w = "4".concat(text);
                wire = w;
            }
            return w;
        }

        /**
         * The text frame ({@link #wire()}) encoded in UTF-8, computed once and cached like it.
         * Shared: callers must not modify it.
         */
        public byte[] wireUtf8() {
            byte[] b = wireUtf8;
            if (b == null) {
                String w = wire; // not cached for this: a WebSocket send needs only the bytes
                b = (w != null ? w : "4".concat(text)).getBytes(StandardCharsets.UTF_8);
                wireUtf8 = b;
            }
            return b;
        }

        @Override
        public PacketType type() {
            return PacketType.MESSAGE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TextMessage other && other.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "TextMessage[" + text + "]";
        }
    }

    /**
     * A binary message. The array is not copied: whoever creates the packet must not change it
     * afterwards.
     *
     * @param data the bytes, never {@code null}
     */
    record BinaryMessage(byte[] data) implements EnginePacket {
        /** Checks the argument. */
        public BinaryMessage {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public PacketType type() {
            return PacketType.MESSAGE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BinaryMessage other && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "BinaryMessage[" + data.length + " bytes]";
        }
    }

    /** A text message packet. */
    static TextMessage message(String text) {
        return new TextMessage(text);
    }

    /** A binary message packet. */
    static BinaryMessage binary(byte[] data) {
        return new BinaryMessage(data);
    }
}
