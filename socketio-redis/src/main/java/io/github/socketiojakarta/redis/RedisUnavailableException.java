package io.github.socketiojakarta.redis;

/**
 * A request to the other nodes (fetchSockets, allRooms, a server-side event with acks) could not
 * be made because this node has no working connection to Redis: it fails the request's future at
 * once instead of waiting for its timeout. Local delivery is not affected. Immutable.
 */
public final class RedisUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** With a message saying which request failed. */
    public RedisUnavailableException(String message) {
        super(message);
    }

    /** With a message and the failure reported by the Redis client. */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
