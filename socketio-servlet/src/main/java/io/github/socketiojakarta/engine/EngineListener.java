package io.github.socketiojakarta.engine;

/**
 * The only seam between the Engine.IO layer and what runs on top of it (the Socket.IO layer, or
 * an application using Engine.IO directly). The engine knows nothing of namespaces.
 *
 * <p>Threading contract: for one session, calls are made one at a time, in order, never
 * concurrently, and never on a container selector (poller) thread: {@link #onOpen} first and
 * exactly once, then any number of {@link #onMessage}/{@link #onBinary} in arrival order, then
 * {@link #onClose} exactly once, last. They run on the server's pool, or, for a message that
 * finds its session idle, on the container worker thread that read it
 * ({@link CallbackDispatch}). Calls for different sessions may run in parallel. A slow
 * implementation delays only its own session's messages; heartbeats and other sessions go on.
 * Exceptions thrown are logged and otherwise ignored.
 */
public interface EngineListener {

    /** A session was opened (its open packet is already queued). */
    void onOpen(EngineSession session);

    /** A text message arrived. */
    void onMessage(EngineSession session, String text);

    /** A binary message arrived. The array belongs to the listener. */
    void onBinary(EngineSession session, byte[] data);

    /** The session closed; nothing more will be delivered and sends are refused. */
    void onClose(EngineSession session, CloseReason reason);
}
