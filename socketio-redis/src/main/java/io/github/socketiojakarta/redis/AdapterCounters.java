package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.AdapterMetrics;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What one factory's adapters count for the server's metrics ({@link AdapterMetrics}):
 * requests to the other nodes made while Redis was reachable, those that ended at their
 * timeout, and reconnections to Redis (each of the factory's connections that Lettuce
 * connected again after it reported it disconnected). Thread-safe, lock-free.
 */
final class AdapterCounters implements AdapterMetrics {
    final LongAdder requests = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder reconnects = new LongAdder();

    @Override
    public long requests() {
        return requests.sum();
    }

    @Override
    public long requestTimeouts() {
        return timeouts.sum();
    }

    @Override
    public long reconnects() {
        return reconnects.sum();
    }

    /**
     * A Lettuce connection listener that counts a reconnection each time one of the factory's
     * own connections ({@code ours}) is connected again after Lettuce reported it
     * disconnected.
     */
    RedisConnectionStateListener reconnectCounter(Predicate<RedisChannelHandler<?, ?>> ours) {
        Set<RedisChannelHandler<?, ?>> down = ConcurrentHashMap.newKeySet();
        return new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (ours.test(connection)) {
                    down.add(connection);
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection,
                    SocketAddress at) {
                if (down.remove(connection)) {
                    reconnects.increment();
                }
            }
        };
    }
}
