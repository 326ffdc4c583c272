package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterMetrics;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Creates the {@link RedisAdapter} of each namespace, all sharing two Lettuce connections: one
 * for {@code PUBLISH} and {@code PUBSUB NUMSUB}, one pub/sub connection carrying every
 * subscription of every namespace (so each namespace counts once in {@code NUMSUB}, as a
 * Node.js node does).
 *
 * <p>Threading: thread-safe. Messages arrive on Lettuce's I/O threads and are handed, in
 * arrival order, to one thread owned by this factory ({@code socketio-redis}); every adapter
 * reaction to Redis (local delivery, answers, timeouts) runs there, never on an I/O thread.
 *
 * <p>Lifecycle: the constructor tries to connect once (blocking at most the client's connect
 * timeout); when Redis is unreachable it returns anyway, logs a WARNING and keeps trying in the
 * background, the adapters delivering locally meanwhile (see {@link RedisAdapter}). Later
 * outages are survived by Lettuce's reconnection. {@link #close()} (on undeploy, after the
 * server closed its adapters) closes every adapter still open, both connections, and stops every
 * thread this factory started: its worker and, when it created the Lettuce client itself
 * ({@link #connect}), the client's event loops and timer, each with a bounded wait.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {
    private static final Logger LOG = System.getLogger(RedisAdapterFactory.class.getName());
    static final RedisCodec<String, byte[]> CODEC =
            RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** How long {@link #close()} waits for each step (connections, worker, Lettuce threads). */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final RedisAdapterOptions options;
    private final RedisClient client;
    /** The client's resources when this factory created them, else null. */
    private final ClientResources resources;
    private final Set<Thread> threads;
    private final ScheduledExecutorService worker;
    private final RedisLink link;
    final AdapterCounters counters = new AdapterCounters();
    /** Subscribed channel or pattern → the adapter it belongs to. */
    private final Map<String, RedisAdapter> routes = new ConcurrentHashMap<>();
    private final Map<String, RedisAdapter> adapters = new ConcurrentHashMap<>();
    /** Hands other nodes' messages to the worker, relayed in order and in write batches. */
    private final Relay relay;

    /**
     * Connects to the Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}) with a client
     * and client resources of its own (two I/O threads, reconnection delays from 100 ms to 5 s),
     * shut down by {@link #close()}. Returns also when Redis is unreachable (see above).
     */
    public static RedisAdapterFactory connect(String uri, RedisAdapterOptions options) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .threadFactoryProvider(pool -> recording(new DefaultThreadFactory(pool, true),
                        threads))
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5),
                        2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = null;
        try {
            client = RedisClient.create(resources, RedisURI.create(uri));
            return new RedisAdapterFactory(client, options, resources, threads);
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            resources.shutdown(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(CLOSE_WAIT_MILLIS + 1000);
            throw e;
        } finally {
            NettyThreadLocals.release(threads);
        }
    }

    /**
     * Uses the application's client (its default URI), which it keeps and shuts down itself:
     * {@link #close()} then stops only this factory's connections and thread.
     */
    public RedisAdapterFactory(RedisClient client, RedisAdapterOptions options) {
        this(client, options, null, ConcurrentHashMap.newKeySet());
    }

    private RedisAdapterFactory(RedisClient client, RedisAdapterOptions options,
            ClientResources resources, Set<Thread> threads) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.resources = resources;
        this.threads = threads;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                recording(r -> {
                    Thread t = new Thread(r, "socketio-redis");
                    t.setDaemon(true);
                    return t;
                }, threads));
        // closing does not wait for the pending requests' timeouts
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        this.relay = new Relay(executor);
        this.link = new RedisLink(client, worker, new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                dispatch(channel, channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                dispatch(pattern, channel, message);
            }
        }, this::subscribeAll, counters);
        try {
            link.start();
        } finally {
            releaseNettyThreadLocals();
        }
    }

    /**
     * Drops Netty's thread locals from the calling thread after it issued Lettuce commands,
     * unless the thread is Netty's or this factory's ({@link NettyThreadLocals}).
     */
    void releaseNettyThreadLocals() {
        NettyThreadLocals.release(threads);
    }

    static ThreadFactory recording(ThreadFactory base, Set<Thread> into) {
        return r -> {
            Thread t = base.newThread(r);
            into.add(t);
            return t;
        };
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

    /**
     * Whether both connections to Redis are up: broadcasts and requests reach the other nodes
     * (for health checks).
     */
    public boolean isConnected() {
        return link.isUp();
    }

    /** Requests, their timeouts and reconnections to Redis, over every namespace. */
    @Override
    public AdapterMetrics metrics() {
        return counters;
    }

    RedisLink link() {
        return link;
    }

    /** The pub/sub commands once the first connection is made, else {@code null}. */
    RedisPubSubAsyncCommands<String, byte[]> subscriber() {
        return link.subscriber();
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

    /** When the first connection is made: subscribes the adapters initialized before. */
    private void subscribeAll() {
        for (RedisAdapter adapter : adapters.values()) {
            adapter.subscribe();
        }
    }

    /**
     * On a Lettuce I/O thread: hands the message to the worker, keeping arrival order. A message
     * larger than the namespace's maxHttpBufferSize is dropped here, not decoded.
     */
    private void dispatch(String route, String channel, byte[] message) {
        RedisAdapter adapter = routes.get(route);
        if (adapter == null) {
            return;
        }
        if (message.length > adapter.maxMessageBytes()) {
            adapter.refuse(route, channel, message.length);
            return;
        }
        relay.offer(adapter.namespace(), () -> adapter.onMessage(route, channel, message));
    }

    /**
     * Closes every adapter still open (their waiting requests fail), both connections, the
     * worker thread and, when this factory created the client, the client and its threads;
     * each step waits at most two seconds. Idempotent.
     */
    @Override
    public void close() {
        for (RedisAdapter adapter : List.copyOf(adapters.values())) {
            adapter.close();
        }
        link.close(CLOSE_WAIT_MILLIS);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (resources != null) {
            client.shutdown(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            resources.shutdown(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(CLOSE_WAIT_MILLIS + 1000);
        }
        joinThreads();
        releaseNettyThreadLocals();
    }

    /** Waits (bounded) until every thread this factory started has ended. */
    private void joinThreads() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (t == Thread.currentThread() || left <= 0) {
                continue;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                LOG.log(Level.WARNING, "socketio-redis: thread " + t.getName()
                        + " still runs after close()");
            }
        }
    }
}
