package io.github.socketiojakarta.engine;

/**
 * The application's hook to accept or refuse a handshake (a request without a sid), for example
 * by checking a header or a cookie. A refused handshake gets HTTP 403 with code 4.
 *
 * <p>Called on a container thread, possibly concurrently for different requests; it must be
 * quick and thread-safe.
 */
@FunctionalInterface
public interface AllowRequest {

    /**
     * Decides on a handshake.
     *
     * @return {@code null} to accept, or the message to refuse with (an empty string means the
     *     standard message "Forbidden")
     */
    String check(EngineRequest request);
}
