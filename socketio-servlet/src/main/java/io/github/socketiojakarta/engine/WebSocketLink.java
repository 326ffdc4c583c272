package io.github.socketiojakarta.engine;

/**
 * What a container's WebSocket endpoint reports its events to: one link per WebSocket
 * connection, bound to its Engine.IO session (new, or being upgraded from polling). A link whose
 * connection was refused ignores every event.
 *
 * <p>The binding must call these methods sequentially for one connection (as JSR-356 delivers
 * messages), and {@link #onClose}/{@link #onError} at most once in total.
 */
public final class WebSocketLink {
    private final EngineSession session;
    private final Transport.WebSocket ws;

    WebSocketLink(EngineSession session, Transport.WebSocket ws) {
        this.session = session;
        this.ws = ws;
    }

    /** The session this connection belongs to, or {@code null} when it was refused. */
    public EngineSession session() {
        return session;
    }

    /** A complete text message arrived. */
    public void onText(String text) {
        if (session != null) {
            session.onWebSocketText(ws, text);
        }
    }

    /** A complete binary message arrived; the array now belongs to the engine. */
    public void onBinary(byte[] data) {
        if (session != null) {
            session.onWebSocketBinary(ws, data);
        }
    }

    /** A message exceeded maxHttpBufferSize; the connection is closed with 1009. */
    public void onTooBig() {
        if (session != null) {
            session.onWebSocketTooBig(ws);
        } else {
            ws.channel.close(1009, "message too big");
        }
    }

    /** The connection closed. */
    public void onClose() {
        if (session != null) {
            session.onWebSocketClosed(ws, false);
        }
    }

    /** The connection failed. */
    public void onError(Throwable error) {
        if (session != null) {
            session.onWebSocketClosed(ws, true);
        }
    }
}
