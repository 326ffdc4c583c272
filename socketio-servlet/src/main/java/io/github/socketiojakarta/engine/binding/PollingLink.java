package io.github.socketiojakarta.engine.binding;


/**
 * The long-polling side of one Engine.IO session, as the servlet binding drives it: the GETs it
 * holds and the POSTs it reads. Handed out by
 * {@link io.github.socketiojakarta.engine.EngineServer#openPolling} and
 * {@link io.github.socketiojakarta.engine.EngineServer#polling}; a session that is not (or no
 * longer) on long-polling refuses every request with {@link EngineError#BAD_REQUEST}, a closed
 * one with {@link EngineError#UNKNOWN_SID}.
 *
 * <p>Threading: every method is thread-safe and never blocks on I/O; answers to a
 * {@link PollExchange} may be given on the calling thread, before the method returns.
 */
public interface PollingLink {

    /** The session's id (the {@code sid} query parameter). */
    String sessionId();

    /**
     * The binding gave up on a request of this session (a body refused as too large, too slow
     * or unreadable, a binary POST): the session closes with a transport error.
     */
    void fail();

    /**
     * A long-polling GET arrived for this session. The exchange is answered now or later; never
     * twice.
     */
    void onPoll(PollExchange exchange);

    /**
     * A pending GET ended without being answered (the client went away, or the container timed
     * it out). If it was this session's pending request the session closes.
     *
     * @param clientGone true when the client aborted the request; false for a container timeout,
     *     which only ends the request (with a noop) and keeps the session
     */
    void onPollEnded(PollExchange exchange, boolean clientGone);

    /**
     * A long-polling POST is about to be read.
     *
     * @return {@code null} to go on, or the error to answer with (the session may be closed)
     */
    EngineError beginPost();

    /**
     * The body of a POST begun with {@link #beginPost()} was read; handles its packets. When the
     * body is accepted, {@code answer} runs (to answer "ok" and end the POST) once the listener
     * has been given this body's messages, in the session's callback order: as with the
     * reference server, a client's next poll then finds what the application answered, and a
     * client that posts faster than the application handles is slowed down, not buffered.
     *
     * @return {@code null} when the body was accepted, or the error to answer with at once
     */
    EngineError onPostBody(String body, Runnable answer);

    /**
     * Whether this session takes POST bodies of {@code application/octet-stream} (binary
     * payloads: Engine.IO v3 sessions only); the binding refuses them otherwise.
     */
    default boolean acceptsBinaryPosts() {
        return false;
    }

    /**
     * As {@link #onPostBody}, for a binary body ({@link #acceptsBinaryPosts()}): its first
     * {@code size} bytes.
     *
     * @return {@code null} when the body was accepted, or the error to answer with at once
     */
    default EngineError onBinaryPostBody(byte[] body, int size, Runnable answer) {
        fail();
        return EngineError.BAD_REQUEST;
    }

    /** Ends a POST begun with {@link #beginPost()} without a body (error, too large, aborted). */
    void endPost();
}
