package io.github.socketiojakarta.redis;

import java.util.Objects;

/**
 * The options of the classic Redis adapter, with the defaults of the Node.js
 * {@code @socket.io/redis-adapter} 8.3 {@code createAdapter}: every node of a cluster, Java or
 * Node.js, must use the same key and parser. Immutable and thread-safe.
 *
 * @param key the channel prefix ({@code "socket.io"})
 * @param requestsTimeout how long fetchSockets and server-side events with acks wait for the
 *     other nodes, in milliseconds (5000)
 * @param publishOnSpecificResponseChannel answer on {@code key-response#nsp#uid#} instead of
 *     the shared response channel (false)
 */
public record RedisAdapterOptions(String key, long requestsTimeout,
        boolean publishOnSpecificResponseChannel) {

    /** The Node.js defaults. The parser is always notepack ({@code parser} option unset). */
    public static final RedisAdapterOptions DEFAULTS =
            new RedisAdapterOptions("socket.io", 5000, false);

    /** Validates. */
    public RedisAdapterOptions {
        Objects.requireNonNull(key, "key");
        if (requestsTimeout <= 0) {
            throw new IllegalArgumentException("requestsTimeout must be positive");
        }
    }

    /** The same with another key. */
    public RedisAdapterOptions withKey(String value) {
        return new RedisAdapterOptions(value, requestsTimeout, publishOnSpecificResponseChannel);
    }

    /** The same with another requests timeout. */
    public RedisAdapterOptions withRequestsTimeout(long millis) {
        return new RedisAdapterOptions(key, millis, publishOnSpecificResponseChannel);
    }

    /** The same publishing responses on the requester's own channel, or not. */
    public RedisAdapterOptions withPublishOnSpecificResponseChannel(boolean value) {
        return new RedisAdapterOptions(key, requestsTimeout, value);
    }
}
