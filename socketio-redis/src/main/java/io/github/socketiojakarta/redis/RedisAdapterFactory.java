package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Creates the {@link RedisAdapter} of each namespace, all sharing two Lettuce connections: one
 * for {@code PUBLISH} and {@code PUBSUB NUMSUB}, one pub/sub connection carrying every
 * subscription of every namespace (so each namespace counts once in {@code NUMSUB}, as a
 * Node.js node does).
 *
 * <p>Threading: thread-safe. Messages arrive on Lettuce's I/O threads and are handed, in
 * arrival order, to one thread owned by this factory ({@code socketio-redis}); every adapter
 * reaction to Redis (local delivery, answers, timeouts) runs there, never on an I/O thread. The
 * constructor connects to Redis and blocks until both connections are up; everything after is
 * asynchronous. {@link #close()} closes the connections (and the client, if this factory created
 * it) and stops the thread; the server closes each adapter before.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {
    private static final Logger LOG = System.getLogger(RedisAdapterFactory.class.getName());
    static final RedisCodec<String, byte[]> CODEC =
            RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisAdapterOptions options;
    private final RedisClient client;
    private final boolean ownsClient;
    private final StatefulRedisConnection<String, byte[]> pub;
    private final StatefulRedisPubSubConnection<String, byte[]> sub;
    private final ScheduledExecutorService worker;
    /** Subscribed channel or pattern → the adapter it belongs to. */
    private final Map<String, RedisAdapter> routes = new ConcurrentHashMap<>();
    private final Map<String, RedisAdapter> adapters = new ConcurrentHashMap<>();

    /**
     * Connects to the Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}) with a client
     * of its own, shut down by {@link #close()}.
     */
    public static RedisAdapterFactory connect(String uri, RedisAdapterOptions options) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try {
            return new RedisAdapterFactory(client, options, true);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** Uses the application's client, which it keeps and shuts down itself. */
    public RedisAdapterFactory(RedisClient client, RedisAdapterOptions options) {
        this(client, options, false);
    }

    private RedisAdapterFactory(RedisClient client, RedisAdapterOptions options,
            boolean ownsClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.ownsClient = ownsClient;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "socketio-redis");
            t.setDaemon(true);
            return t;
        });
        // closing does not wait for the pending requests' timeouts
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        this.pub = client.connect(CODEC);
        this.sub = client.connectPubSub(CODEC);
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                dispatch(channel, channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                dispatch(pattern, channel, message);
            }
        });
    }

    @Override
    public Adapter create(NamespaceHandle namespace) {
        RedisAdapter adapter = new RedisAdapter(this, namespace);
        adapters.put(namespace.name(), adapter);
        return adapter;
    }

    /** The adapter of a namespace, or {@code null} (for diagnostics and tests). */
    public RedisAdapter adapter(String namespace) {
        return adapters.get(namespace);
    }

    /** The options every adapter of this factory uses. */
    public RedisAdapterOptions options() {
        return options;
    }

    RedisAsyncCommands<String, byte[]> commands() {
        return pub.async();
    }

    RedisPubSubAsyncCommands<String, byte[]> subscriber() {
        return sub.async();
    }

    ScheduledExecutorService worker() {
        return worker;
    }

    void route(String channelOrPattern, RedisAdapter adapter) {
        routes.put(channelOrPattern, adapter);
    }

    void unroute(String channelOrPattern, RedisAdapter adapter) {
        routes.remove(channelOrPattern, adapter);
    }

    void forget(RedisAdapter adapter) {
        adapters.remove(adapter.namespaceName(), adapter);
    }

    /** On a Lettuce I/O thread: hands the message to the worker, keeping arrival order. */
    private void dispatch(String route, String channel, byte[] message) {
        RedisAdapter adapter = routes.get(route);
        if (adapter == null) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    adapter.onMessage(route, channel, message);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "socketio-redis: failed to handle a message on "
                            + channel, e);
                }
            });
        } catch (RejectedExecutionException closing) {
            // the factory is closing: late messages are dropped
        }
    }

    @Override
    public void close() {
        sub.close();
        pub.close();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsClient) {
            client.shutdown();
        }
    }
}
