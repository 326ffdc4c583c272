package io.github.socketiojakarta.engine;

/**
 * Where a session's callbacks ({@link EngineListener}) run when a message arrives.
 *
 * <p>Whatever the choice, the listener's threading contract holds: one session's callbacks run
 * one at a time, in order; a slow callback delays only its own session's messages; heartbeats
 * and other sessions go on.
 */
public enum CallbackDispatch {
    /**
     * The default with the server's own pool. A message that finds its session with nothing
     * queued and no callback running is handled on the thread that read it, when the container
     * allows it (on Tomcat, a WebSocket message's worker thread, never a poller or selector
     * thread; elsewhere messages go to the pool): no hand-off between threads, so a request and
     * its answer cost less and arrive sooner. So does the open callback of a session that
     * opens on such a WebSocket. Everything else goes to the pool: messages that find others
     * waiting, a long-polling session's messages and open callback (measured slower on the
     * request threads), close callbacks, work brought back with
     * {@link EngineSession#execute}. The server falls back to the pool on its own:
     * <ul>
     * <li>for a session whose callback ran longer than {@link #SLOW_MILLIS} ms on a reading
     * thread (it blocked or computed), for the next second;</li>
     * <li>while as many callbacks run on reading threads as the server's pool has threads, so
     * that callbacks that block cannot take all the container's threads.</li>
     * </ul>
     * What a callback may do is the same as on the pool: block, compute, send. A callback that
     * blocks on a reading thread delays the reading of its own session's next frames (they wait
     * in the connection, not in memory); the heartbeat does not close a session for a pong
     * it could not read while its callback ran.
     */
    READING_THREAD_WHEN_IDLE,

    /**
     * Every callback runs on the server's pool (or the application's executor): one hand-off
     * per message. The default when the application gives its own executor
     * ({@link EngineOptions#executor()}), whose threads the callbacks then always run on (a
     * managed executor's context, for instance).
     */
    POOL;

    /** A callback that runs longer than this on a reading thread sends its session to the pool. */
    public static final long SLOW_MILLIS = 20;
}
