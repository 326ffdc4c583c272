package io.github.socketiojakarta.engine.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Encodes and decodes Engine.IO v3 packets and long-polling payloads (the protocol of
 * Socket.IO v2 clients).
 *
 * <ul>
 * <li>Text packets are {@code <digit><data>} as in v4; a binary message in text form is
 *     {@code b4<base64>} (the type digit follows the {@code b}).</li>
 * <li>A text payload is each packet as {@code <length>:<packet>}, the length counted in UTF-16
 *     code units (Java's {@link String#length()}, JavaScript's {@code string.length}); an empty
 *     payload is {@code 0:}.</li>
 * <li>A binary payload (for clients that take binary, when a batch holds a binary message)
 *     frames each packet as a flag byte ({@code 0} text, {@code 1} binary), the decimal digits
 *     of its length one byte per digit (values 0 to 9), {@code 0xFF}, then the content: a text
 *     packet in UTF-8 (its length in bytes), or the type byte {@code 4} and the data.</li>
 * <li>A WebSocket binary frame is the type byte {@code 4} followed by the data.</li>
 * </ul>
 *
 * <p>Decoding is strict and bounded: every malformed input is an {@link EngineParseException},
 * never another exception. Stateless and thread-safe.
 */
public final class Eio3Codec {
    /** The most length digits accepted in a payload: more cannot be a length we accept. */
    private static final int MAX_LENGTH_DIGITS = 10;
    private static final byte TEXT_FLAG = 0;
    private static final byte BINARY_FLAG = 1;
    private static final int FRAME_END = 0xFF;

    private Eio3Codec() {}

    // ---------------------------------------------------------------- packets

    /**
     * The text form of a packet: as {@link EngineCodec#encodeText}, except a binary message,
     * which is {@code b4<base64>}.
     */
    public static String encodeText(EnginePacket packet) {
        if (packet instanceof EnginePacket.BinaryMessage b) {
            return "b4" + Base64.getEncoder().encodeToString(b.data());
        }
        return EngineCodec.encodeText(packet);
    }

    /**
     * Decodes one text packet (a WebSocket text frame, or one packet of a text payload):
     * {@code b4<base64>} is a binary message, anything else as in v4.
     *
     * @throws EngineParseException when the text is empty, its type is unknown, or a {@code b}
     *     packet is not a message or not valid base64
     */
    public static EnginePacket decodeText(String text) throws EngineParseException {
        if (!text.isEmpty() && text.charAt(0) == 'b') {
            if (text.length() < 2 || text.charAt(1) != '4') {
                throw new EngineParseException("a base64 packet that is not a message");
            }
            return EngineCodec.decodeText("b".concat(text.substring(2))); // the v4 form
        }
        return EngineCodec.decodeText(text);
    }

    /**
     * Decodes a WebSocket binary frame: the type byte {@code 4}, then the message's bytes.
     *
     * @throws EngineParseException when the frame is empty or its first byte is not 4
     */
    public static EnginePacket.BinaryMessage decodeBinaryFrame(byte[] frame)
            throws EngineParseException {
        if (frame.length == 0 || frame[0] != PacketType.MESSAGE.digit() - '0') {
            throw new EngineParseException("a binary frame that is not a message");
        }
        byte[] data = new byte[frame.length - 1];
        System.arraycopy(frame, 1, data, 0, data.length);
        return new EnginePacket.BinaryMessage(data);
    }

    /**
     * The packets as WebSocket frames take them: binary messages with the type byte in front,
     * the others as they are. Returns the list itself when it holds no binary message.
     */
    public static List<EnginePacket> forWebSocket(List<EnginePacket> batch) {
        if (!hasBinary(batch)) {
            return batch;
        }
        List<EnginePacket> out = new ArrayList<>(batch.size());
        for (EnginePacket p : batch) {
            if (p instanceof EnginePacket.BinaryMessage b) {
                byte[] framed = new byte[b.data().length + 1];
                framed[0] = 4;
                System.arraycopy(b.data(), 0, framed, 1, b.data().length);
                out.add(new EnginePacket.BinaryMessage(framed));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether any packet is a binary message. */
    public static boolean hasBinary(List<? extends EnginePacket> packets) {
        for (EnginePacket p : packets) {
            if (p instanceof EnginePacket.BinaryMessage) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- text payloads

    /** A text payload: {@code <length>:<packet>} for each packet; {@code 0:} when empty. */
    public static String encodePayload(List<? extends EnginePacket> packets) {
        if (packets.isEmpty()) {
            return "0:";
        }
        StringBuilder out = new StringBuilder();
        for (EnginePacket p : packets) {
            String text = encodeText(p);
            out.append(text.length()).append(':').append(text);
        }
        return out.toString();
    }

    /**
     * Decodes a text payload. Zero-length entries are skipped, as by the reference.
     *
     * @param maxPackets the most packets accepted in one payload (a bound on work and memory)
     * @throws EngineParseException when the payload is empty, a length is missing, not decimal
     *     digits, longer than what follows, or cut off at the end, when a packet is invalid,
     *     or when there are more than {@code maxPackets}
     */
    public static List<EnginePacket> decodePayload(String payload, int maxPackets)
            throws EngineParseException {
        if (payload.isEmpty()) {
            throw new EngineParseException("empty payload");
        }
        List<EnginePacket> packets = new ArrayList<>(4);
        int i = 0;
        int n = payload.length();
        while (i < n) {
            int colon = i;
            long length = 0;
            while (colon < n && payload.charAt(colon) != ':') {
                char c = payload.charAt(colon);
                if (c < '0' || c > '9') {
                    throw new EngineParseException("a packet length that is not a number");
                }
                if (colon - i >= MAX_LENGTH_DIGITS) {
                    throw new EngineParseException("a packet length of too many digits");
                }
                length = length * 10 + (c - '0');
                colon++;
            }
            if (colon == n) {
                throw new EngineParseException("a packet length without its ':'");
            }
            if (colon == i) {
                throw new EngineParseException("an empty packet length");
            }
            int start = colon + 1;
            if (length > n - start) {
                throw new EngineParseException("a packet length past the end of the payload");
            }
            int end = start + (int) length;
            if (length > 0) {
                if (packets.size() == maxPackets) {
                    throw new EngineParseException("too many packets in one payload");
                }
                packets.add(decodeText(payload.substring(start, end)));
            }
            i = end;
        }
        return packets;
    }

    // ---------------------------------------------------------------- binary payloads

    /** A binary payload: every packet framed as the class comment says. */
    public static byte[] encodeBinaryPayload(List<? extends EnginePacket> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EnginePacket p : packets) {
            byte[] content;
            if (p instanceof EnginePacket.BinaryMessage b) {
                out.write(BINARY_FLAG);
                content = new byte[b.data().length + 1];
                content[0] = 4;
                System.arraycopy(b.data(), 0, content, 1, b.data().length);
            } else {
                out.write(TEXT_FLAG);
                content = EngineCodec.encodeText(p).getBytes(StandardCharsets.UTF_8);
            }
            String digits = Integer.toString(content.length);
            for (int i = 0; i < digits.length(); i++) {
                out.write(digits.charAt(i) - '0');
            }
            out.write(FRAME_END);
            out.write(content, 0, content.length);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a binary payload (a POST of {@code application/octet-stream}).
     *
     * @param body the bytes; the first {@code size} are the payload
     * @param maxPackets the most packets accepted in one payload
     * @throws EngineParseException when the payload is empty, a flag is neither 0 nor 1, a
     *     length digit is not 0 to 9, a length is missing, too long or past the end, a text
     *     packet is not valid UTF-8 or not a valid packet, a binary one not a message, or
     *     there are more than {@code maxPackets}
     */
    public static List<EnginePacket> decodeBinaryPayload(byte[] body, int size, int maxPackets)
            throws EngineParseException {
        if (size <= 0) {
            throw new EngineParseException("empty payload");
        }
        List<EnginePacket> packets = new ArrayList<>(4);
        int i = 0;
        while (i < size) {
            byte flag = body[i++];
            if (flag != TEXT_FLAG && flag != BINARY_FLAG) {
                throw new EngineParseException("a payload flag that is neither 0 nor 1");
            }
            long length = 0;
            int digits = 0;
            while (true) {
                if (i == size) {
                    throw new EngineParseException("a packet length without its end byte");
                }
                int b = body[i++] & 0xFF;
                if (b == FRAME_END) {
                    break;
                }
                if (b > 9) {
                    throw new EngineParseException("a packet length digit out of 0..9");
                }
                if (++digits > MAX_LENGTH_DIGITS) {
                    throw new EngineParseException("a packet length of too many digits");
                }
                length = length * 10 + b;
            }
            if (digits == 0) {
                throw new EngineParseException("an empty packet length");
            }
            if (length > size - i) {
                throw new EngineParseException("a packet length past the end of the payload");
            }
            if (packets.size() == maxPackets) {
                throw new EngineParseException("too many packets in one payload");
            }
            int end = i + (int) length;
            if (flag == BINARY_FLAG) {
                packets.add(decodeBinaryFrame(java.util.Arrays.copyOfRange(body, i, end)));
            } else {
                packets.add(decodeText(utf8(body, i, end - i)));
            }
            i = end;
        }
        return packets;
    }

    private static String utf8(byte[] bytes, int from, int length) throws EngineParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw new EngineParseException("a text packet that is not UTF-8");
        }
    }
}
