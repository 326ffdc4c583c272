package io.github.socketiojakarta.server;

import io.github.socketiojakarta.engine.CloseReason;

/** Why a socket disconnected, with the Node.js reference server's reason strings. */
public enum DisconnectReason {
    /** The connection was closed by the client or the network. */
    TRANSPORT_CLOSE("transport close"),
    /** The connection failed. */
    TRANSPORT_ERROR("transport error"),
    /** The client stopped answering pings. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent an invalid packet. */
    PARSE_ERROR("parse error"),
    /** The connection was closed by the server. */
    FORCED_CLOSE("forced close"),
    /** The server disconnected the socket ({@code socket.disconnect()}). */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The client disconnected the socket ({@code socket.disconnect()} on the client). */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** The server is stopping. */
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String reason;

    DisconnectReason(String reason) {
        this.reason = reason;
    }

    /**
     * Whether a client may come back from it with connection state recovery: the connection was
     * lost or closed by the server, not left on purpose nor broken by a bad packet (the
     * reference's recoverable reasons).
     */
    public boolean recoverable() {
        return switch (this) {
            case TRANSPORT_CLOSE, TRANSPORT_ERROR, PING_TIMEOUT, FORCED_CLOSE,
                    SERVER_SHUTTING_DOWN -> true;
            default -> false;
        };
    }

    /** The reference server's string, e.g. {@code "transport close"}. */
    public String reason() {
        return reason;
    }

    static DisconnectReason of(CloseReason close) {
        switch (close) {
            case TRANSPORT_CLOSE:
                return TRANSPORT_CLOSE;
            case TRANSPORT_ERROR:
                return TRANSPORT_ERROR;
            case PING_TIMEOUT:
                return PING_TIMEOUT;
            case PARSE_ERROR:
                return PARSE_ERROR;
            case FORCED_CLOSE:
                return FORCED_CLOSE;
            case SERVER_SHUTTING_DOWN:
                return SERVER_SHUTTING_DOWN;
            default:
                throw new IllegalArgumentException(close.name());
        }
    }
}
