package io.github.socketiojakarta.redis;

import java.util.Objects;

/**
 * The options of the sharded Redis adapter, with the defaults of {@code createShardedAdapter} in
 * the Node.js {@code @socket.io/redis-adapter} 8.3. The Node.js adapter has no timeout option:
 * fetchSockets waits for the broadcast's {@code timeout} flag or 5000 ms, server-side events with
 * acks for the timeout given or 5000 ms. Immutable and thread-safe.
 *
 * @param channelPrefix the prefix of every shard channel ({@code "socket.io"})
 * @param subscriptionMode which broadcasts get a channel of their own ({@link
 *     SubscriptionMode#DYNAMIC})
 */
public record ShardedAdapterOptions(String channelPrefix, SubscriptionMode subscriptionMode) {

    /** The Node.js defaults: prefix {@code socket.io}, mode {@code dynamic}. */
    public static final ShardedAdapterOptions DEFAULTS =
            new ShardedAdapterOptions("socket.io", SubscriptionMode.DYNAMIC);

    /** Validates. */
    public ShardedAdapterOptions {
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(subscriptionMode, "subscriptionMode");
    }

    /** The same with another channel prefix. */
    public ShardedAdapterOptions withChannelPrefix(String value) {
        return new ShardedAdapterOptions(value, subscriptionMode);
    }

    /** The same with another subscription mode. */
    public ShardedAdapterOptions withSubscriptionMode(SubscriptionMode value) {
        return new ShardedAdapterOptions(channelPrefix, value);
    }
}
