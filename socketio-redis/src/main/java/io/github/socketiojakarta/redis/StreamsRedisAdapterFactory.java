package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterMetrics;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the {@link StreamsRedisAdapter} of each namespace: the Redis Streams adapter of the
 * Node.js {@code @socket.io/redis-streams-adapter} 0.3.x ({@code createAdapter}), which also
 * restores sessions (connection state recovery) across the cluster. Connections, as the
 * reference's: one for commands ({@code XADD}, {@code PUBLISH}, {@code PUBSUB NUMSUB},
 * {@code SET}, {@code XRANGE}...), one pub/sub connection carrying every namespace's two
 * channels, and one dedicated connection per stream that reads it with {@code XREAD BLOCK} from
 * the entry that was last when the factory started (what {@code $} means, resolved once so that
 * no entry is missed between two reads).
 *
 * <pre>{@code
 * StreamsRedisAdapterFactory redis = StreamsRedisAdapterFactory.connect(
 *         "redis://127.0.0.1:6379", StreamsAdapterOptions.DEFAULTS);
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().adapter(redis)
 *         .connectionStateRecovery(ConnectionStateRecovery.defaults()).build());
 * // ... io.close(); redis.close();
 * }</pre>
 *
 * <p>Memory stays bounded: at most 100,000 commands wait for Redis per connection (Lettuce's
 * request queue; more fail at once), so local deliveries waiting for their offsets are bounded
 * too. Redis outages: commands are refused at once while a connection is down (nothing queues
 * up), so broadcasts reach this node's sockets only, sessions are neither kept nor restored (the
 * clients get new sessions), and each kind of failure is logged at most once per minute; Lettuce
 * reconnects by itself (100 ms to 5 s apart), subscribes the channels again and reading goes on.
 *
 * <p>Threading: thread-safe. What other nodes send arrives on Lettuce's I/O threads and is
 * handed in order to one thread of this factory ({@code socketio-redis-streams}), where every
 * reaction runs. The constructor connects and blocks until the connections are up (it fails
 * when Redis is unreachable). {@link #close()} waits (at most 2 s) for the sessions still being
 * written, as those of the sockets the server's shutdown just disconnected, then closes the
 * connections, the client if this factory created it, and stops its threads.
 */
public final class StreamsRedisAdapterFactory implements AdapterFactory, AutoCloseable {
    private static final Logger LOG = System.getLogger(StreamsRedisAdapterFactory.class.getName());
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final long LOG_WINDOW_MILLIS = 60_000;
    private static final long MAX_READ_RETRY_MILLIS = 2000;
    /** The most commands waiting for Redis on one connection (Lettuce's request queue). */
    static final int MAX_QUEUED = 100_000;
    /** The most session writes in flight; more are dropped (logged), memory stays bounded. */
    static final int MAX_PERSISTING = 10_000;

    private final StreamsAdapterOptions options;
    private final RedisClient client;
    private final ClientResources resources;
    private final Set<Thread> threads;
    private final ScheduledExecutorService worker;
    private final Relay relay;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> sub;
    private final List<Reader> readers = new ArrayList<>();
    final AdapterCounters counters = new AdapterCounters();
    /** This factory's own connections, whose reconnections are counted. */
    private final Set<Object> connections = ConcurrentHashMap.newKeySet();
    private final io.lettuce.core.RedisConnectionStateListener reconnects =
            counters.reconnectCounter(connections::contains);
    private final Map<String, StreamsRedisAdapter> routes = new ConcurrentHashMap<>();
    private final Map<String, StreamsRedisAdapter> adapters = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> persisting = ConcurrentHashMap.newKeySet();
    final LogLimiter logs = new LogLimiter(LOG, LOG_WINDOW_MILLIS);
    private volatile boolean closed;

    /** One stream and the connection that reads it. */
    private static final class Reader {
        final String stream;
        final StatefulRedisConnection<String, byte[]> connection;
        volatile String lastId = "$";
        long retryMillis = 100;

        Reader(String stream, StatefulRedisConnection<String, byte[]> connection) {
            this.stream = stream;
            this.connection = connection;
        }
    }

    /**
     * Connects to the Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}) with a client
     * and client resources of its own (two I/O threads, reconnection 100 ms to 5 s apart), shut
     * down by {@link #close()}.
     */
    public static StreamsRedisAdapterFactory connect(String uri, StreamsAdapterOptions options) {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .threadFactoryProvider(pool -> RedisAdapterFactory.recording(
                        new DefaultThreadFactory(pool, true), threads))
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5),
                        2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = null;
        try {
            client = RedisClient.create(resources, RedisURI.create(uri));
            return new StreamsRedisAdapterFactory(client, options, resources, threads);
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
     * Uses the application's client, which it keeps and shuts down itself. Its options are
     * changed: commands are refused while disconnected instead of queued, and at most 100,000
     * wait for answers per connection.
     */
    public StreamsRedisAdapterFactory(RedisClient client, StreamsAdapterOptions options) {
        this(client, options, null, ConcurrentHashMap.newKeySet());
    }

    private StreamsRedisAdapterFactory(RedisClient client, StreamsAdapterOptions options,
            ClientResources resources, Set<Thread> threads) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.resources = resources;
        this.threads = threads;
        // nothing queues while Redis is away, and at most MAX_QUEUED commands wait for answers
        // (more fail at once: a broadcast is then delivered here without its offset)
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(MAX_QUEUED)
                .build());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                RedisAdapterFactory.recording(r -> {
                    Thread t = new Thread(r, "socketio-redis-streams");
                    t.setDaemon(true);
                    return t;
                }, threads));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
        this.relay = new Relay(executor);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            commands = client.connect(RedisAdapterFactory.CODEC);
            opened.add(commands);
            sub = client.connectPubSub(RedisAdapterFactory.CODEC);
            opened.add(sub);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    onPubSub(channel, message);
                }
            });
            Set<String> streams = new LinkedHashSet<>();
            for (int i = 0; i < options.streamCount(); i++) {
                streams.add(options.streamCount() == 1 ? options.streamName()
                        : options.streamName() + "-" + i);
            }
            for (String stream : streams) {
                StatefulRedisConnection<String, byte[]> c = client.connect(
                        RedisAdapterFactory.CODEC);
                opened.add(c);
                Reader r = new Reader(stream, c);
                List<StreamMessage<String, byte[]>> last = commands.sync()
                        .xrevrange(stream, Range.unbounded(),
                                io.lettuce.core.Limit.create(0, 1));
                r.lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
                readers.add(r);
            }
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            executor.shutdownNow();
            throw e;
        } finally {
            NettyThreadLocals.release(threads);
        }
        connections.addAll(opened);
        client.addListener(reconnects);
        for (Reader r : readers) {
            read(r);
        }
    }

    /** Requests, their timeouts and reconnections to Redis, over every namespace. */
    @Override
    public AdapterMetrics metrics() {
        return counters;
    }

    @Override
    public Adapter create(NamespaceHandle namespace) {
        StreamsRedisAdapter adapter = new StreamsRedisAdapter(this, namespace);
        adapters.put(namespace.name(), adapter);
        return adapter;
    }

    /** The adapter of a namespace, or {@code null} (for diagnostics and tests). */
    public StreamsRedisAdapter adapter(String namespace) {
        return adapters.get(namespace);
    }

    /** The options every adapter of this factory uses. */
    public StreamsAdapterOptions options() {
        return options;
    }

    ScheduledExecutorService worker() {
        return worker;
    }

    /** The command connection's commands, or {@code null} while it is down or closed. */
    RedisAsyncCommands<String, byte[]> commands() {
        return !closed && commands.isOpen() ? commands.async() : null;
    }

    /** Drops Netty's thread locals from a calling thread that is not ours. */
    void release() {
        NettyThreadLocals.release(threads);
    }

    /** {@code SUBSCRIBE} a namespace's channels, routed to its adapter. */
    CompletableFuture<Void> subscribe(StreamsRedisAdapter adapter, String... channels) {
        for (String c : channels) {
            routes.put(c, adapter);
        }
        try {
            return sub.async().subscribe(channels).toCompletableFuture();
        } finally {
            release();
        }
    }

    /** {@code UNSUBSCRIBE} a namespace's channels. */
    void unsubscribe(StreamsRedisAdapter adapter, String... channels) {
        for (String c : channels) {
            routes.remove(c, adapter);
        }
        if (!closed && sub.isOpen()) {
            try {
                sub.async().unsubscribe(channels);
            } finally {
                release();
            }
        }
    }

    void forget(StreamsRedisAdapter adapter) {
        adapters.remove(adapter.namespaceName(), adapter);
    }

    /**
     * Keeps a session write until it completes, so that {@link #close()} can wait for it.
     *
     * @return false when too many are in flight: the write goes on, but close does not wait
     *     for it
     */
    boolean track(CompletableFuture<?> write) {
        if (persisting.size() >= MAX_PERSISTING) {
            return false;
        }
        persisting.add(write);
        write.whenComplete((v, e) -> persisting.remove(write));
        return true;
    }

    /** On a Lettuce I/O thread: a pub/sub message, handed to the worker in order. */
    private void onPubSub(String channel, byte[] message) {
        StreamsRedisAdapter adapter = routes.get(channel);
        if (adapter != null) {
            relay.offer(adapter.namespace(), () -> adapter.onPubSub(channel, message));
        }
    }

    /** Reads the next entries of a stream, then again (on the worker after a failure). */
    private void read(Reader r) {
        if (closed) {
            return;
        }
        try {
            r.connection.async().xread(XReadArgs.Builder.block(options.blockTimeInMs())
                    .count(options.readCount()), XReadArgs.StreamOffset.from(r.stream, r.lastId))
                    .whenComplete((entries, e) -> {
                        if (e != null) {
                            readFailed(r, e);
                            return;
                        }
                        r.retryMillis = 100;
                        for (StreamMessage<String, byte[]> entry : entries) {
                            r.lastId = entry.getId();
                            onEntry(entry);
                        }
                        read(r);
                    });
        } catch (RuntimeException e) {
            readFailed(r, e);
        } finally {
            release();
        }
    }

    private void readFailed(Reader r, Throwable e) {
        if (closed) {
            return;
        }
        logs.log(Level.WARNING, "xread", "socketio-redis: cannot read the stream " + r.stream
                + " (" + LogLimiter.bounded(e) + "); retrying");
        long delay = r.retryMillis;
        r.retryMillis = Math.min(delay * 2, MAX_READ_RETRY_MILLIS);
        try {
            worker.schedule(() -> read(r), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the factory is closing
        }
    }

    /** An entry of a stream: to the adapter of its namespace (entries without one skipped). */
    private void onEntry(StreamMessage<String, byte[]> entry) {
        Map<String, byte[]> body = entry.getBody();
        byte[] nsp = body == null ? null : body.get("nsp");
        if (nsp == null) {
            return;
        }
        StreamsRedisAdapter adapter = adapters.get(new String(nsp, StandardCharsets.UTF_8));
        if (adapter != null) {
            String id = entry.getId();
            relay.offer(adapter.namespace(), () -> adapter.onEntry(body, id));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        // the sessions of the sockets the server's shutdown disconnected go to Redis first
        CompletableFuture<?>[] writes = persisting.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(writes).get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "socketio-redis: sessions still being written at close: " + e);
        }
        closed = true;
        client.removeListener(reconnects);
        for (StreamsRedisAdapter a : new ArrayList<>(adapters.values())) {
            a.close();
        }
        try {
            for (Reader r : readers) {
                r.connection.close();
            }
            sub.close();
            commands.close();
        } finally {
            release();
        }
        worker.shutdown();
        try {
            worker.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (resources != null) {
            client.shutdown(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            resources.shutdown(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(CLOSE_WAIT_MILLIS + 1000);
        }
        release();
    }
}
