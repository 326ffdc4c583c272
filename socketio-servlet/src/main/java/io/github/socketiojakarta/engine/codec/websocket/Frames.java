package io.github.socketiojakarta.engine.codec.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Opcodes, close codes and the encoder of the server's frames (RFC 6455 section 5.2): one final
 * frame per message, unmasked (a server never masks), its payload length in the shortest of the
 * 7-bit, 16-bit and 64-bit forms. A caller that coalesces several frames in one buffer sizes it
 * with {@link #frameLength} and fills it with {@link #writeHeader} and the payload.
 *
 * <p>Thread-safe (stateless).
 */
public final class Frames {
    /** Continuation frame. */
    public static final int CONTINUATION = 0x0;
    /** Text frame. */
    public static final int TEXT = 0x1;
    /** Binary frame. */
    public static final int BINARY = 0x2;
    /** Close frame. */
    public static final int CLOSE = 0x8;
    /** Ping frame. */
    public static final int PING = 0x9;
    /** Pong frame. */
    public static final int PONG = 0xA;

    /** The largest payload of a control frame. */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** "No status code was present" (RFC 6455 7.4.1): never sent on the wire. */
    public static final int NO_STATUS = 1005;

    private Frames() {}

    /** The length of a server frame's header for a payload of {@code payloadLength} bytes. */
    public static int headerLength(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative length " + payloadLength);
        }
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Header and payload: the bytes one frame of that payload takes. */
    public static long frameLength(int payloadLength) {
        return (long) headerLength(payloadLength) + payloadLength;
    }

    /**
     * Writes the header of a final, unmasked frame at {@code dst[pos]}.
     *
     * @return the position after the header
     */
    public static int writeHeader(byte[] dst, int pos, int opcode, int payloadLength) {
        dst[pos++] = (byte) (0x80 | (opcode & 0x0F));
        if (payloadLength <= 125) {
            dst[pos++] = (byte) payloadLength;
        } else if (payloadLength <= 0xFFFF) {
            dst[pos++] = 126;
            dst[pos++] = (byte) (payloadLength >>> 8);
            dst[pos++] = (byte) payloadLength;
        } else {
            dst[pos++] = 127;
            long n = payloadLength;
            for (int shift = 56; shift >= 0; shift -= 8) {
                dst[pos++] = (byte) (n >>> shift);
            }
        }
        return pos;
    }

    /**
     * Writes a whole frame (header and payload) at {@code dst[pos]}.
     *
     * @return the position after the frame
     */
    public static int writeFrame(byte[] dst, int pos, int opcode, byte[] payload) {
        pos = writeHeader(dst, pos, opcode, payload.length);
        System.arraycopy(payload, 0, dst, pos, payload.length);
        return pos + payload.length;
    }

    /** One final frame carrying {@code payload}. */
    public static byte[] frame(int opcode, byte[] payload) {
        byte[] out = new byte[(int) frameLength(payload.length)];
        writeFrame(out, 0, opcode, payload);
        return out;
    }

    /**
     * A close frame: with no payload when {@code code} is {@link #NO_STATUS} (or below 1000),
     * else the code and the reason, cut to the 123 bytes a control frame leaves for it (at a
     * character boundary).
     */
    public static byte[] close(int code, String reason) {
        if (code < 1000 || code == NO_STATUS) {
            return frame(CLOSE, new byte[0]);
        }
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        while (len < text.length && len > 0 && (text[len] & 0xC0) == 0x80) {
            len--; // do not cut a character in two
        }
        byte[] payload = new byte[2 + len];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, len);
        return frame(CLOSE, payload);
    }

    /**
     * Whether a close frame may carry {@code code} (RFC 6455 7.4): 1000-1003, 1007-1014 and
     * 3000-4999; not the codes reserved for reporting (1004, 1005, 1006, 1015) nor the other
     * unassigned ones.
     */
    public static boolean validCloseCode(int code) {
        if (code >= 3000 && code <= 4999) {
            return true;
        }
        return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
    }
}
