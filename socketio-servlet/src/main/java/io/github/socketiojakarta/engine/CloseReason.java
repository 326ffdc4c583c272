package io.github.socketiojakarta.engine;

/**
 * Why an Engine.IO session ended: a closed set, each with the reason string the Node.js
 * reference server reports for it.
 */
public enum CloseReason {
    /** The client closed the session, or its transport went away cleanly. */
    TRANSPORT_CLOSE("transport close"),
    /** The transport failed: I/O error, overlapping requests, a bound exceeded. */
    TRANSPORT_ERROR("transport error"),
    /** The client did not answer a ping within pingTimeout. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent something that is not a valid packet. */
    PARSE_ERROR("parse error"),
    /** The application closed the session. */
    FORCED_CLOSE("forced close"),
    /** The server is stopping. */
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String reason;

    CloseReason(String reason) {
        this.reason = reason;
    }

    /** The reference server's string for this reason, e.g. {@code "ping timeout"}. */
    public String reason() {
        return reason;
    }

    /** Whether the server decided to close (as opposed to the client or the network). */
    public boolean serverInitiated() {
        return this == FORCED_CLOSE || this == SERVER_SHUTTING_DOWN;
    }
}
