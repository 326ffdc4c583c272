package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterMetrics;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Creates the {@link ShardedRedisAdapter} of each namespace: the sharded adapter of the Node.js
 * {@code @socket.io/redis-adapter} 8.3 ({@code createShardedAdapter}, Redis 7 {@code SSUBSCRIBE}
 * / {@code SPUBLISH}), on a standalone Redis ({@link #connect}) or a Redis Cluster ({@link
 * #connectCluster}). All adapters share two Lettuce connections: one publishing and counting
 * ({@code SPUBLISH}, {@code PUBSUB SHARDNUMSUB}), one pub/sub connection carrying every shard
 * subscription of every namespace (so each Java node counts once per namespace, as a Node.js
 * node does). On a cluster Lettuce routes each subscription to the master owning the channel's
 * slot.
 *
 * <pre>{@code
 * ShardedRedisAdapterFactory redis = ShardedRedisAdapterFactory.connect(
 *         "redis://127.0.0.1:6379", ShardedAdapterOptions.DEFAULTS);
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().adapter(redis).build());
 * // ... io.close(); redis.close();
 * }</pre>
 *
 * <p>Threading: thread-safe. Messages arrive on Lettuce's I/O threads and are handed, in
 * arrival order, to one thread owned by this factory ({@code socketio-redis-sharded}); every
 * adapter reaction to Redis (local delivery, answers, timeouts, room subscriptions) runs there,
 * never on an I/O thread. The constructor connects and blocks until both connections are up;
 * everything after is asynchronous. {@link #close()} closes the connections (and the client, if
 * this factory created it) and stops the thread; the server closes each adapter before.
 */
public final class ShardedRedisAdapterFactory implements AdapterFactory, AutoCloseable {

    private final ShardedAdapterOptions options;
    private final AbstractRedisClient client;
    private final boolean ownsClient;
    final AdapterCounters counters = new AdapterCounters();
    private final io.lettuce.core.RedisConnectionStateListener reconnects;
    private final ShardedChannels channels;
    private final ScheduledExecutorService worker;
    /** Hands other nodes' messages to the worker, relayed in order and in write batches. */
    private final Relay relay;
    /** The worker's thread: Netty's thread locals are dropped from every other non-Netty caller. */
    private final Set<Thread> own = ConcurrentHashMap.newKeySet();
    /** Subscribed channel → the adapter it belongs to. */
    private final Map<String, ShardedRedisAdapter> routes = new ConcurrentHashMap<>();
    private final Map<String, ShardedRedisAdapter> adapters = new ConcurrentHashMap<>();

    /**
     * Connects to a standalone Redis 7 or later at {@code uri} (e.g.
     * {@code redis://127.0.0.1:6379}) with a client of its own, shut down by {@link #close()}.
     */
    public static ShardedRedisAdapterFactory connect(String uri, ShardedAdapterOptions options) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try {
            return new ShardedRedisAdapterFactory(client, options, true);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /**
     * Connects to a Redis Cluster (7.0 or later) through any of its nodes ({@code
     * redis://host:port} each; the others are discovered) with a client of its own, shut down by
     * {@link #close()}.
     */
    public static ShardedRedisAdapterFactory connectCluster(List<String> uris,
            ShardedAdapterOptions options) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String uri : uris) {
            seeds.add(RedisURI.create(uri));
        }
        RedisClusterClient client = RedisClusterClient.create(seeds);
        try {
            return new ShardedRedisAdapterFactory(client, options, true);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** Uses the application's standalone client, which it keeps and shuts down itself. */
    public ShardedRedisAdapterFactory(RedisClient client, ShardedAdapterOptions options) {
        this(client, options, false);
    }

    /** Uses the application's cluster client, which it keeps and shuts down itself. */
    public ShardedRedisAdapterFactory(RedisClusterClient client, ShardedAdapterOptions options) {
        this(client, options, false);
    }

    private ShardedRedisAdapterFactory(AbstractRedisClient client, ShardedAdapterOptions options,
            boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.ownsClient = ownsClient;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "socketio-redis-sharded");
            t.setDaemon(true);
            own.add(t);
            return t;
        });
        // closing does not wait for the pending requests' timeouts
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        this.relay = new Relay(executor);
        try {
            this.channels = client instanceof RedisClusterClient cluster
                    ? new ShardedChannels.Cluster(cluster, this::dispatch, own)
                    : new ShardedChannels.Standalone((RedisClient) client, this::dispatch, own);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        this.reconnects = counters.reconnectCounter(channels::owns);
        client.addListener(reconnects);
    }

    /** Requests, their timeouts and reconnections to Redis, over every namespace. */
    @Override
    public AdapterMetrics metrics() {
        return counters;
    }

    @Override
    public Adapter create(NamespaceHandle namespace) {
        ShardedRedisAdapter adapter = new ShardedRedisAdapter(this, namespace);
        adapters.put(namespace.name(), adapter);
        return adapter;
    }

    /** The adapter of a namespace, or {@code null} (for diagnostics and tests). */
    public ShardedRedisAdapter adapter(String namespace) {
        return adapters.get(namespace);
    }

    /** The options every adapter of this factory uses. */
    public ShardedAdapterOptions options() {
        return options;
    }

    ShardedChannels channels() {
        return channels;
    }

    ScheduledExecutorService worker() {
        return worker;
    }

    void route(String channel, ShardedRedisAdapter adapter) {
        routes.put(channel, adapter);
    }

    void unroute(String channel, ShardedRedisAdapter adapter) {
        routes.remove(channel, adapter);
    }

    void forget(ShardedRedisAdapter adapter) {
        adapters.remove(adapter.namespaceName(), adapter);
    }

    /** On a Lettuce I/O thread: hands the message to the worker, keeping arrival order. */
    private void dispatch(String channel, byte[] message) {
        ShardedRedisAdapter adapter = routes.get(channel);
        if (adapter == null) {
            return;
        }
        relay.offer(adapter.namespace(), () -> adapter.onMessage(channel, message));
    }

    @Override
    public void close() {
        client.removeListener(reconnects);
        channels.close();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsClient) {
            client.shutdown();
        }
        NettyThreadLocals.release(own);
    }
}
