package io.github.socketiojakarta.engine.binding;

/**
 * The fixed table of Engine.IO HTTP errors: code, message and HTTP status. Polling and handshake
 * requests that fail get the status and a JSON body {@code {"code":N,"message":"..."}}; failed
 * WebSocket upgrade requests get the status and the message as plain text.
 */
public enum EngineError {
    /** The transport is missing or not enabled. */
    UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
    /** No session has that sid. */
    UNKNOWN_SID(1, "Session ID unknown", 400),
    /** A handshake (no sid) that is not a GET. */
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    /** Any other bad request: wrong transport for the sid, overlapping requests, bad body. */
    BAD_REQUEST(3, "Bad request", 400),
    /** The application's allowRequest hook refused the handshake. */
    FORBIDDEN(4, "Forbidden", 403),
    /** EIO missing or not 4. */
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

    private final int code;
    private final String message;
    private final int status;

    EngineError(int code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    /** The Engine.IO error code. */
    public int code() {
        return code;
    }

    /** The standard message. */
    public String message() {
        return message;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The JSON body with the standard message. */
    public String json() {
        return json(message);
    }

    /** The JSON body with a custom message (used by a refusing allowRequest hook). */
    public String json(String customMessage) {
        StringBuilder b = new StringBuilder(48).append("{\"code\":").append(code)
                .append(",\"message\":\"");
        for (int i = 0; i < customMessage.length(); i++) {
            char c = customMessage.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append("\"}").toString();
    }
}
