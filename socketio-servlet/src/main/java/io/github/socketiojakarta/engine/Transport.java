package io.github.socketiojakarta.engine;

/**
 * The transport carrying one session's packets: long-polling or a WebSocket. The session's
 * current transport is {@code EngineSession.transport}; a session moves at most once, from
 * polling to WebSocket ({@link Upgrade}).
 *
 * <p>Threading: every field of a transport is guarded by its session's one lock; the methods
 * ending in {@code Locked} are called with it held and return the I/O to do after releasing it.
 */
sealed interface Transport permits PollingTransport, WebSocketTransport {

    /** Which transport this is. */
    TransportType type();

    /** Whether a packet queued now would be handed over at once (for volatile sends). */
    boolean writableLocked();

    /**
     * Hands the session's queued packets (there are some) over if the transport can take them
     * now.
     *
     * @return the I/O that writes them, or {@code null} when they wait
     */
    Runnable flushLocked();

    /**
     * Whether the thread that delivers this transport's packets may run the session's callbacks
     * itself ({@link CallbackDispatch#READING_THREAD_WHEN_IDLE}): a container worker thread
     * that may block, never a selector thread. Called without the lock.
     */
    boolean callbacksOnReadingThread();
}
