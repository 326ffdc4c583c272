package io.github.socketiojakarta.engine.codec.websocket;

/**
 * Input that breaks the WebSocket protocol, with the close code to end the connection with:
 * {@link #PROTOCOL_ERROR} (1002), {@link #INVALID_DATA} (1007, text that is not UTF-8) or
 * {@link #TOO_BIG} (1009, a message over the parser's limit). Thrown by {@link FrameParser},
 * which ignores all further input afterwards.
 */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Close code 1002: the peer broke the framing rules. */
    public static final int PROTOCOL_ERROR = 1002;
    /** Close code 1007: a text message or close reason that is not valid UTF-8. */
    public static final int INVALID_DATA = 1007;
    /** Close code 1009: a message larger than the limit. */
    public static final int TOO_BIG = 1009;

    private final int closeCode;

    /**
     * @param closeCode one of {@link #PROTOCOL_ERROR}, {@link #INVALID_DATA}, {@link #TOO_BIG}
     * @param message what was wrong
     */
    public FrameException(int closeCode, String message) {
        super(message, null, false, false); // no stack trace: a peer's mistake, not ours
        this.closeCode = closeCode;
    }

    /** The close code to answer with. */
    public int closeCode() {
        return closeCode;
    }
}
