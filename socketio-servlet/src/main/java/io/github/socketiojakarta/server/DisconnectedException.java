package io.github.socketiojakarta.server;

/** The socket disconnected before answering an emit with ack, or was not connected. */
public final class DisconnectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DisconnectedException(String message) {
        super(message, null, false, false);
    }
}
