package io.github.socketiojakarta.engine.binding;

/**
 * What a container's WebSocket endpoint reports its events to: one link per WebSocket
 * connection, bound to its Engine.IO session (new, or being upgraded from polling), handed out
 * by {@link io.github.socketiojakarta.engine.EngineServer#openWebSocket}. A link whose connection
 * was refused has no session and ignores every event but {@link #onTooBig}.
 *
 * <p>Threading: the binding calls these methods sequentially for one connection (as JSR-356
 * delivers messages), and {@link #onClose}/{@link #onError} at most once in total. They never
 * block on I/O; listener callbacks run later on the server's pool.
 */
public interface WebSocketLink {

    /** The id of the session this connection belongs to, or {@code null} when it was refused. */
    String sessionId();

    /** A complete text message arrived. */
    void onText(String text);

    /** A complete binary message arrived; the array now belongs to the engine. */
    void onBinary(byte[] data);

    /** A message exceeded maxHttpBufferSize; the connection is closed with 1009. */
    void onTooBig();

    /** The connection closed. */
    void onClose();

    /** The connection failed. */
    void onError(Throwable error);
}
