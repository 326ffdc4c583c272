package io.github.socketiojakarta.server;

/**
 * Per-packet middleware of a socket ({@code socket.use(...)} in the reference): runs in order
 * for each incoming event before its listeners. Call {@link Next#proceed()} to go on, or
 * {@link Next#fail(Exception)} to drop the event and tell the socket's error listeners.
 */
@FunctionalInterface
public interface PacketMiddleware {

    /** Checks an incoming event. */
    void handle(Event event, Next next) throws Exception;

    /** The continuation of a packet middleware chain. */
    interface Next {
        /** Goes on to the next middleware or the listeners. */
        void proceed();

        /** Drops the event; the socket's error listeners get {@code error}. */
        void fail(Exception error);
    }
}
