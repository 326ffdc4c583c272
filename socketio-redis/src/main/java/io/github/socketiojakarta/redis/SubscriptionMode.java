package io.github.socketiojakarta.redis;

/**
 * How the sharded adapter spreads broadcasts over Redis shard channels: the
 * {@code subscriptionMode} option of {@code createShardedAdapter} in
 * {@code @socket.io/redis-adapter} 8.3. Every node of a cluster, Java or Node.js, must use the
 * same mode: a publisher picks the channel, the receivers must be subscribed to it. Immutable.
 */
public enum SubscriptionMode {
    /** Every message on the namespace channel {@code prefix#nsp#}; no room channels. */
    STATIC("static"),
    /**
     * The default: a broadcast to exactly one public room (not a socket id, i.e. not 20
     * characters long) goes to {@code prefix#nsp#room#}, which a node subscribes while it has
     * members of that room; everything else on the namespace channel.
     */
    DYNAMIC("dynamic"),
    /** Like {@link #DYNAMIC}, socket-id rooms included (one channel per socket). */
    DYNAMIC_PRIVATE("dynamic-private");

    private final String wireName;

    SubscriptionMode(String wireName) {
        this.wireName = wireName;
    }

    /** The option value of the Node.js adapter ({@code "static"}, {@code "dynamic"}, ...). */
    public String wireName() {
        return wireName;
    }

    /** The mode of a Node.js option value. */
    public static SubscriptionMode of(String wireName) {
        for (SubscriptionMode m : values()) {
            if (m.wireName.equals(wireName)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown subscription mode: " + wireName);
    }
}
