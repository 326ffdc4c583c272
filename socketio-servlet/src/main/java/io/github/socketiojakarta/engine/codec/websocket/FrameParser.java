package io.github.socketiojakarta.engine.codec.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The incremental parser of the frames a client sends to a server (RFC 6455 section 5): fed
 * with byte chunks as they arrive, cut anywhere (one frame over many chunks, many frames in one),
 * it reports whole messages, pings and the close frame to a {@link Sink}.
 *
 * <p>What it checks, each a {@link FrameException} with its close code: every client frame is
 * masked, no RSV bit is set (no extension is negotiated), the opcode is known, a control frame
 * is final and at most 125 bytes, a continuation continues a message and a new message does not
 * start inside another, a 64-bit length has its top bit clear, a message (all its fragments) is
 * at most {@code maxMessageBytes} long (1009, checked from the headers, before the bytes
 * arrive), a text message is valid UTF-8 as a whole (1007; a character may span fragments; a
 * fragment is checked when it ends, so bytes that cannot begin valid text fail there), a
 * close frame is empty or carries a valid code and a UTF-8 reason. After an exception or a close
 * frame, further input is ignored.
 *
 * <p>Memory: besides a few fields (the header is decoded as its bytes arrive, never buffered),
 * only the current message's bytes, allocated as they come (a frame's declared length is not
 * allocated ahead of its bytes) and released when the message is delivered.
 *
 * <p>Not thread-safe: one parser per connection, fed by one thread at a time.
 */
public final class FrameParser {
    /** Where a parser reports what it read, in order. Called on the feeding thread. */
    public interface Sink {
        /** A whole text message (all fragments joined, validated). */
        void onText(String text);

        /** A whole binary message; the array belongs to the sink. */
        void onBinary(byte[] data);

        /** A ping; the sink should answer with a pong of the same payload. */
        void onPing(byte[] payload);

        /**
         * The peer's close frame; nothing more is parsed after it.
         *
         * @param code the peer's code, or {@link Frames#NO_STATUS} when it sent none
         * @param reason the reason, empty when none
         */
        void onClose(int code, String reason);
    }

    private static final int B0 = 0;
    private static final int B1 = 1;
    private static final int EXTENDED = 2;
    private static final int MASK = 3;
    private static final int PAYLOAD = 4;
    private static final int DONE = 5;

    private final int maxMessageBytes;
    private int state = B0;
    /** The current frame: FIN, RSV and opcode byte. */
    private int b0;
    /** Header bytes still to come (extended length or masking key). */
    private int headerLeft;
    private long headerValue;
    /** Payload bytes of the current frame still to come, and its masking key. */
    private long payloadLeft;
    private int maskKey;
    private int payloadRead;
    /** The opcode of the message being reassembled (TEXT or BINARY), 0 when none. */
    private int messageOpcode;
    private byte[] message;
    private int messageLength;
    /** The bytes of the text message being reassembled known to be whole UTF-8 characters. */
    private int textChecked;
    /** The payload of the control frame being read. */
    private byte[] control;

    /**
     * @param maxMessageBytes the largest message accepted (over it: 1009)
     */
    public FrameParser(int maxMessageBytes) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Whether the parser stopped: after a close frame or an error. */
    public boolean done() {
        return state == DONE;
    }

    /**
     * Parses {@code b[off, off + len)}: the next bytes of the connection. The array is not
     * kept; payload bytes are unmasked into the parser's own buffers.
     *
     * @throws FrameException when the input breaks the protocol; the parser is done then
     */
    public void feed(byte[] b, int off, int len, Sink sink) throws FrameException {
        int i = off;
        int end = off + len;
        try {
            while (i < end && state != DONE) {
                switch (state) {
                    case B0 -> firstByte(b[i++] & 0xFF);
                    case B1 -> secondByte(b[i++] & 0xFF);
                    case EXTENDED, MASK -> {
                        headerValue = headerValue << 8 | (b[i++] & 0xFF);
                        if (--headerLeft == 0) {
                            headerDone(sink);
                        }
                    }
                    default -> i += payload(b, i, end - i, sink);
                }
            }
        } catch (FrameException e) {
            state = DONE;
            message = null;
            control = null;
            throw e;
        }
    }

    private void firstByte(int b) throws FrameException {
        if ((b & 0x70) != 0) {
            throw protocol("RSV bits set without an extension");
        }
        int opcode = b & 0x0F;
        boolean fin = (b & 0x80) != 0;
        switch (opcode) {
            case Frames.CLOSE, Frames.PING, Frames.PONG -> {
                if (!fin) {
                    throw protocol("fragmented control frame");
                }
            }
            case Frames.CONTINUATION -> {
                if (messageOpcode == 0) {
                    throw protocol("continuation frame without a message to continue");
                }
            }
            case Frames.TEXT, Frames.BINARY -> {
                if (messageOpcode != 0) {
                    throw protocol("new message inside a fragmented one");
                }
            }
            default -> throw protocol("unknown opcode " + opcode);
        }
        b0 = b;
        state = B1;
    }

    private void secondByte(int b) throws FrameException {
        if ((b & 0x80) == 0) {
            throw protocol("unmasked client frame");
        }
        int len = b & 0x7F;
        if (isControl() && len > Frames.MAX_CONTROL_PAYLOAD) {
            throw protocol("control frame over 125 bytes");
        }
        headerValue = 0;
        if (len == 126) {
            headerLeft = 2;
            state = EXTENDED;
        } else if (len == 127) {
            headerLeft = 8;
            state = EXTENDED;
        } else {
            payloadLeft = len;
            lengthKnown();
        }
    }

    /** The payload length is known: refuse a message over the limit before its bytes come. */
    private void lengthKnown() throws FrameException {
        if (!isControl() && messageLength + payloadLeft > maxMessageBytes) {
            throw new FrameException(FrameException.TOO_BIG, "message over "
                    + maxMessageBytes + " bytes");
        }
        headerValue = 0;
        headerLeft = 4;
        state = MASK;
    }

    private void headerDone(Sink sink) throws FrameException {
        if (state == EXTENDED) {
            if (headerValue < 0) {
                throw protocol("64-bit length with the most significant bit set");
            }
            payloadLeft = headerValue;
            lengthKnown();
            return;
        }
        maskKey = (int) headerValue;
        payloadRead = 0;
        int opcode = b0 & 0x0F;
        if (isControl()) {
            control = new byte[(int) payloadLeft];
        } else if (opcode != Frames.CONTINUATION) {
            messageOpcode = opcode;
        }
        state = PAYLOAD;
        if (payloadLeft == 0) {
            frameDone(sink);
        }
    }

    /** Takes up to {@code avail} payload bytes of the current frame; returns how many. */
    private int payload(byte[] b, int off, int avail, Sink sink) throws FrameException {
        int n = (int) Math.min(avail, payloadLeft);
        byte[] dst;
        int at;
        if (isControl()) {
            dst = control;
            at = payloadRead;
        } else {
            int needed = messageLength + n;
            if (message == null || message.length < needed) {
                // grow to what arrived, at least doubling, never past this frame's end
                long frameEnd = messageLength + payloadLeft;
                int capacity = message == null ? 0 : message.length;
                int size = (int) Math.min(Math.max(needed, 2L * capacity), frameEnd);
                message = message == null ? new byte[size] : Arrays.copyOf(message, size);
            }
            dst = message;
            at = messageLength;
            messageLength = needed;
        }
        System.arraycopy(b, off, dst, at, n);
        Masking.unmask(dst, at, n, maskKey, payloadRead);
        payloadRead += n;
        payloadLeft -= n;
        if (payloadLeft == 0) {
            frameDone(sink);
        }
        return n;
    }

    private void frameDone(Sink sink) throws FrameException {
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        state = B0;
        if (isControl()) {
            byte[] payload = control;
            control = null;
            switch (opcode) {
                case Frames.PING -> sink.onPing(payload);
                case Frames.CLOSE -> close(payload, sink);
                default -> { } // an unsolicited pong: nothing to do
            }
            return;
        }
        if (!fin) {
            if (messageOpcode == Frames.TEXT && message != null) {
                // fail fast: a fragment that cannot begin valid text ends the connection now,
                // not after the rest of the message has been read and kept
                int whole = Utf8.wholePrefix(message, textChecked, messageLength - textChecked);
                if (whole < 0) {
                    throw new FrameException(FrameException.INVALID_DATA, "text is not UTF-8");
                }
                textChecked += whole;
            }
            return;
        }
        byte[] data = message == null ? new byte[0] : message;
        int length = messageLength;
        int kind = messageOpcode;
        int checked = textChecked;
        message = null;
        messageLength = 0;
        messageOpcode = 0;
        textChecked = 0;
        if (data.length != length) {
            data = Arrays.copyOf(data, length);
        }
        if (kind == Frames.TEXT) {
            if (!Utf8.isValid(data, checked, length - checked)) {
                throw new FrameException(FrameException.INVALID_DATA, "text is not UTF-8");
            }
            sink.onText(new String(data, 0, length, StandardCharsets.UTF_8));
        } else {
            sink.onBinary(data);
        }
    }

    private void close(byte[] payload, Sink sink) throws FrameException {
        int code = Frames.NO_STATUS;
        String reason = "";
        if (payload.length == 1) {
            throw protocol("close frame with a 1-byte payload");
        }
        if (payload.length >= 2) {
            code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
            if (!Frames.validCloseCode(code)) {
                throw protocol("close code " + code + " may not be sent");
            }
            if (!Utf8.isValid(payload, 2, payload.length - 2)) {
                throw new FrameException(FrameException.INVALID_DATA,
                        "close reason is not UTF-8");
            }
            reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        state = DONE;
        message = null;
        sink.onClose(code, reason);
    }

    private boolean isControl() {
        return (b0 & 0x08) != 0;
    }

    private static FrameException protocol(String message) {
        return new FrameException(FrameException.PROTOCOL_ERROR, message);
    }
}
