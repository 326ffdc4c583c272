package io.github.socketiojakarta.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Sharded pub/sub over Lettuce: {@code SSUBSCRIBE}/{@code SUNSUBSCRIBE} on one pub/sub
 * connection, {@code SPUBLISH} and {@code PUBSUB SHARDNUMSUB} on another. Two shapes: a
 * standalone Redis 7 ({@link Standalone}) and a Redis Cluster ({@link Cluster}), where Lettuce
 * routes each {@code SSUBSCRIBE} and {@code SPUBLISH} to the master owning the channel's slot
 * (the channel is the command's key) and the counts of every node are summed, as the Node.js
 * adapter does ({@code lib/util.ts#PUBSUB}). One channel per subscribe command: channels of one
 * command must share a slot on a cluster.
 *
 * <p>Threading: the methods are non-blocking and may be called from any thread; the message
 * sink runs on Lettuce's I/O threads and must hand the work on at once. Each call drops the
 * Netty thread locals it left on a calling thread that is neither Netty's nor in the owner's
 * set ({@link NettyThreadLocals}).
 */
sealed interface ShardedChannels extends AutoCloseable {

    /** {@code SSUBSCRIBE channel}. */
    CompletionStage<Void> ssubscribe(String channel);

    /** {@code SUNSUBSCRIBE channel}. */
    CompletionStage<Void> sunsubscribe(String channel);

    /** {@code SPUBLISH channel message}. */
    CompletionStage<Long> spublish(String channel, byte[] message);

    /** {@code PUBSUB SHARDNUMSUB channel}, summed over the cluster's nodes. */
    CompletionStage<Long> shardNumsub(String channel);

    /** Whether a Lettuce connection is one of these (for counting reconnections). */
    boolean owns(Object connection);

    /** Closes both connections (not the client). */
    @Override
    void close();

    /** On a standalone Redis (7.0 or later). */
    final class Standalone implements ShardedChannels {
        private final StatefulRedisConnection<String, byte[]> pub;
        private final StatefulRedisPubSubConnection<String, byte[]> sub;
        private final Set<Thread> own;

        Standalone(RedisClient client, BiConsumer<String, byte[]> sink, Set<Thread> own) {
            this.own = own;
            try {
                this.pub = client.connect(RedisAdapterFactory.CODEC);
            } finally {
                NettyThreadLocals.release(own);
            }
            try {
                this.sub = client.connectPubSub(RedisAdapterFactory.CODEC);
            } catch (RuntimeException e) {
                pub.close();
                throw e;
            } finally {
                NettyThreadLocals.release(own);
            }
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String channel, byte[] message) {
                    sink.accept(channel, message);
                }
            });
        }

        @Override
        public CompletionStage<Void> ssubscribe(String channel) {
            try {
                return sub.async().ssubscribe(channel);
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public CompletionStage<Void> sunsubscribe(String channel) {
            try {
                return sub.async().sunsubscribe(channel);
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public CompletionStage<Long> spublish(String channel, byte[] message) {
            try {
                return pub.async().spublish(channel, message);
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public CompletionStage<Long> shardNumsub(String channel) {
            try {
                return pub.async().pubsubShardNumsub(channel).thenApply(m -> count(m, channel));
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public boolean owns(Object connection) {
            return connection == pub || connection == sub;
        }

        @Override
        public void close() {
            try {
                sub.close();
                pub.close();
            } finally {
                NettyThreadLocals.release(own);
            }
        }
    }

    /** On a Redis Cluster: routed by slot, counted on every node. */
    final class Cluster implements ShardedChannels {
        private final StatefulRedisClusterConnection<String, byte[]> pub;
        private final StatefulRedisClusterPubSubConnection<String, byte[]> sub;
        private final Set<Thread> own;

        Cluster(RedisClusterClient client, BiConsumer<String, byte[]> sink, Set<Thread> own) {
            this.own = own;
            try {
                this.pub = client.connect(RedisAdapterFactory.CODEC);
            } finally {
                NettyThreadLocals.release(own);
            }
            try {
                this.sub = client.connectPubSub(RedisAdapterFactory.CODEC);
            } catch (RuntimeException e) {
                pub.close();
                throw e;
            } finally {
                NettyThreadLocals.release(own);
            }
            // messages of the per-node connections the subscriptions were routed to
            sub.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, byte[] message) {
                    sink.accept(channel, message);
                }
            });
        }

        @Override
        public CompletionStage<Void> ssubscribe(String channel) {
            try {
                return sub.async().ssubscribe(channel);
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public CompletionStage<Void> sunsubscribe(String channel) {
            try {
                return sub.async().sunsubscribe(channel);
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public CompletionStage<Long> spublish(String channel, byte[] message) {
            try {
                return pub.async().spublish(channel, message);
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public CompletionStage<Long> shardNumsub(String channel) {
            try {
                return pub.async().all().commands().pubsubShardNumsub(channel)
                        .thenApply((List<Map<String, Long>> perNode) -> {
                            long sum = 0;
                            for (Map<String, Long> m : perNode) {
                                sum += count(m, channel);
                            }
                            return sum;
                        });
            } finally {
                NettyThreadLocals.release(own);
            }
        }

        @Override
        public boolean owns(Object connection) {
            return connection == pub || connection == sub;
        }

        @Override
        public void close() {
            try {
                sub.close();
                pub.close();
            } finally {
                NettyThreadLocals.release(own);
            }
        }
    }

    private static long count(Map<String, Long> counts, String channel) {
        Long n = counts.get(channel);
        return n == null ? 0 : n;
    }
}
