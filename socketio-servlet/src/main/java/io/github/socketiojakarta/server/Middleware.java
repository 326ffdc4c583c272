package io.github.socketiojakarta.server;

/**
 * Connection middleware of a namespace ({@code io.use(...)} in the reference): runs in order for
 * each socket before it connects, and may refuse it; the client then gets CONNECT_ERROR
 * {@code {"message":..., "data":...}}. Call exactly one method of {@link Next}, now or later
 * from any thread. Throwing refuses the socket with the exception's message (or a
 * {@link Rejection}'s message and data).
 */
@FunctionalInterface
public interface Middleware {

    /** Checks a socket that is connecting (not yet connected: it cannot emit yet). */
    void handle(Socket socket, Next next) throws Exception;

    /** The continuation of a middleware chain. */
    interface Next {
        /** Lets the socket go on to the next middleware, or connect. */
        void proceed();

        /** Refuses the socket with {@code {"message": message}}. */
        default void reject(String message) {
            reject(message, null);
        }

        /** Refuses the socket with {@code {"message": message, "data": data}}. */
        void reject(String message, Object data);
    }

    /** Thrown by a middleware (or an observer) to refuse a socket with a message and data. */
    final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object data;

        /**
         * @param message sent to the client as {@code message}
         * @param data sent to the client as {@code data}, or null
         */
        public Rejection(String message, Object data) {
            super(message, null, false, false);
            this.data = data;
        }

        /** The data sent to the client, or null. */
        public Object data() {
            return data;
        }
    }
}
