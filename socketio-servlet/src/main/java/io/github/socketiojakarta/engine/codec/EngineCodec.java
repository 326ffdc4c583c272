package io.github.socketiojakarta.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Encodes and decodes Engine.IO v4 packets and long-polling payloads.
 *
 * <p>Text packets are {@code <digit><data>}. A polling payload joins packets with the record
 * separator {@code \x1e}; binary packets inside a payload are {@code b} followed by base64. Over
 * WebSocket a binary packet is a raw binary frame with no prefix, see
 * {@link #decodeBinaryFrame(byte[])}.
 *
 * <p>Stateless and thread-safe.
 */
public final class EngineCodec {

    /** The record separator between packets of a polling payload. */
    public static final char SEPARATOR = '\u001e';

    private EngineCodec() {}

    /**
     * The text form of a packet, as sent in a WebSocket text frame or inside a polling payload.
     * A binary message is written {@code b<base64>}, its polling form; over WebSocket send its
     * bytes as a binary frame instead.
     */
    public static String encodeText(EnginePacket packet) {
        if (packet instanceof EnginePacket.TextMessage m) {
            return m.wire();
        }
        if (packet instanceof EnginePacket.BinaryMessage b) {
            return "b" + Base64.getEncoder().encodeToString(b.data());
        }
        EnginePacket.Control c = (EnginePacket.Control) packet;
        return c.data().isEmpty() ? String.valueOf(c.type().digit()) : c.type().digit() + c.data();
    }

    /** Appends the text form of {@code packet} (see {@link #encodeText}) to {@code out}. */
    public static void encodeText(EnginePacket packet, StringBuilder out) {
        if (packet instanceof EnginePacket.TextMessage m) {
            out.append('4').append(m.text());
        } else if (packet instanceof EnginePacket.BinaryMessage b) {
            out.append('b').append(Base64.getEncoder().encodeToString(b.data()));
        } else {
            EnginePacket.Control c = (EnginePacket.Control) packet;
            out.append(c.type().digit()).append(c.data());
        }
    }

    /** A polling payload: the packets' text forms joined by {@link #SEPARATOR}. */
    public static String encodePayload(List<? extends EnginePacket> packets) {
        if (packets.size() == 1) {
            return encodeText(packets.get(0));
        }
        StringBuilder out = new StringBuilder(estimate(packets));
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                out.append(SEPARATOR);
            }
            encodeText(packets.get(i), out);
        }
        return out.toString();
    }

    /** The polling payload of {@code packets} as UTF-8 bytes. */
    public static byte[] encodePayloadBytes(List<? extends EnginePacket> packets) {
        return encodePayload(packets).getBytes(StandardCharsets.UTF_8);
    }

    private static int estimate(List<? extends EnginePacket> packets) {
        int n = packets.size();
        for (EnginePacket p : packets) {
            if (p instanceof EnginePacket.TextMessage m) {
                n += m.text().length() + 1;
            } else if (p instanceof EnginePacket.BinaryMessage b) {
                n += (b.data().length + 2) / 3 * 4 + 1;
            } else {
                n += 8;
            }
        }
        return n;
    }

    /**
     * Decodes one text packet (a WebSocket text frame, or one record of a polling payload).
     *
     * @throws EngineParseException when the text is empty, its type is unknown, or a {@code b}
     *     packet is not valid base64
     */
    public static EnginePacket decodeText(String text) throws EngineParseException {
        return decodeText(text, 0, text.length());
    }

    private static EnginePacket decodeText(String s, int from, int to) throws EngineParseException {
        if (from >= to) {
            throw new EngineParseException("empty packet");
        }
        char c = s.charAt(from);
        if (c == 'b') {
            try {
                return new EnginePacket.BinaryMessage(
                        Base64.getDecoder().decode(withoutWhitespace(s, from + 1, to)));
            } catch (IllegalArgumentException e) {
                throw new EngineParseException("invalid base64 in binary packet");
            }
        }
        PacketType type = PacketType.ofDigit(c);
        if (type == null) {
            throw new EngineParseException("unknown packet type");
        }
        String data = from + 1 == to ? "" : s.substring(from + 1, to);
        return switch (type) {
            case MESSAGE -> new EnginePacket.TextMessage(data);
            case CLOSE -> data.isEmpty() ? EnginePacket.CLOSE : new EnginePacket.Control(type, data);
            case PING -> data.isEmpty() ? EnginePacket.PING : new EnginePacket.Control(type, data);
            case PONG -> data.isEmpty() ? EnginePacket.PONG : new EnginePacket.Control(type, data);
            case NOOP -> data.isEmpty() ? EnginePacket.NOOP : new EnginePacket.Control(type, data);
            case UPGRADE ->
                    data.isEmpty() ? EnginePacket.UPGRADE : new EnginePacket.Control(type, data);
            case OPEN -> new EnginePacket.Control(type, data);
        };
    }

    /**
     * The base64 text of a {@code b} packet without ASCII whitespace: some clients (the Java
     * client) end it with a newline, and the reference decoder ignores whitespace.
     */
    private static String withoutWhitespace(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                StringBuilder b = new StringBuilder(to - from);
                for (int j = from; j < to; j++) {
                    char d = s.charAt(j);
                    if (d != ' ' && d != '\n' && d != '\r' && d != '\t') {
                        b.append(d);
                    }
                }
                return b.toString();
            }
        }
        return s.substring(from, to);
    }

    /** A binary WebSocket frame is a binary message; its bytes carry no type prefix. */
    public static EnginePacket.BinaryMessage decodeBinaryFrame(byte[] frame) {
        return new EnginePacket.BinaryMessage(frame);
    }

    /**
     * Decodes a polling payload: records separated by {@link #SEPARATOR}.
     *
     * @param maxPackets the most packets accepted in one payload (a bound on work and memory)
     * @throws EngineParseException when any record is invalid, or there are too many
     */
    public static List<EnginePacket> decodePayload(String payload, int maxPackets)
            throws EngineParseException {
        List<EnginePacket> packets = new ArrayList<>(4);
        int from = 0;
        int len = payload.length();
        while (true) {
            int sep = payload.indexOf(SEPARATOR, from);
            int to = sep < 0 ? len : sep;
            if (packets.size() == maxPackets) {
                throw new EngineParseException("too many packets in one payload");
            }
            packets.add(decodeText(payload, from, to));
            if (sep < 0) {
                return packets;
            }
            from = sep + 1;
        }
    }

    /** The UTF-8 length of a string, counted without encoding it (no allocation). */
    public static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < len
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 2; // 4 bytes for the 2 chars
                    i++;
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }
}
