package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.admin.SessionStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Admin UI's session ids in Redis, shared by every node of a cluster, wire-compatible with
 * the Node.js {@code RedisStore} of {@code @socket.io/admin-ui} 0.5.1: a session is the key
 * {@code socket.io-admin#<sessionId>} with the value {@code true} and a time to live of a day,
 * looked up with {@code EXISTS}. The published 0.5.1 writes it with
 * {@code MULTI, SET key true, EXPIRE key 86400, EXEC}; this store with the one command
 * {@code SET key true EX 86400}, which leaves the same key, value and expiry. A UI that logged
 * in on one node (Java or Node.js) is recognised on any other.
 *
 * <pre>{@code
 * RedisSessionStore store = RedisSessionStore.connect("redis://redis:6379");
 * AdminUi.instrument(io, AdminOptions.builder().basicAuth("admin", hash).store(store).build());
 * // after the server: store.close();
 * }</pre>
 *
 * <p>Without code: the context parameter {@code socketio.admin.store=redis}
 * ({@link RedisSessionStoreProvider}).
 *
 * <p>The store owns one Lettuce connection, made in the background when the store is created;
 * Redis may be down then: a lookup or a save while there is no connection tries again (and
 * fails, so the login is refused, when Redis cannot be reached). Once connected, Lettuce
 * reconnects by itself. The futures complete on Lettuce's I/O threads. Thread-safe.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    /** The key prefix of the reference ({@code socket.io-admin}). */
    public static final String DEFAULT_PREFIX = "socket.io-admin";
    /** How long a session lives: a day, as the reference. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private final RedisClient client;
    private final RedisURI uri;
    private final String prefix;
    private final long ttlSeconds;
    // guarded by this
    private CompletableFuture<StatefulRedisConnection<String, String>> connection;
    private boolean closed;

    private RedisSessionStore(String url, String prefix, Duration ttl) {
        this.uri = RedisURI.create(Objects.requireNonNull(url, "url"));
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.ttlSeconds = ttl.toSeconds();
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("the session duration must be at least 1 s");
        }
        this.client = RedisClient.create();
        connection();
    }

    /** A store on the Redis at {@code url} ({@code redis://host:port}), with the defaults. */
    public static RedisSessionStore connect(String url) {
        return connect(url, DEFAULT_PREFIX, DEFAULT_TTL);
    }

    /**
     * A store on the Redis at {@code url}, whose keys are {@code <prefix>#<sessionId>} and whose
     * sessions live {@code ttl} (whole seconds, at least one).
     */
    public static RedisSessionStore connect(String url, String prefix, Duration ttl) {
        return new RedisSessionStore(url, prefix, ttl);
    }

    /** The key of a session. */
    String key(String sessionId) {
        return prefix + "#" + sessionId;
    }

    @Override
    public CompletableFuture<Boolean> exists(String sessionId) {
        return connection().thenCompose(c -> c.async().exists(key(sessionId)))
                .thenApply(n -> n != null && n == 1L);
    }

    @Override
    public CompletableFuture<Void> save(String sessionId) {
        return connection().thenCompose(c -> c.async().set(key(sessionId), "true",
                SetArgs.Builder.ex(ttlSeconds))).thenApply(ok -> null);
    }

    /** The connection, or a new attempt when there is none (yet, or the last one failed). */
    private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the session store is closed"));
        }
        CompletableFuture<StatefulRedisConnection<String, String>> c = connection;
        if (c == null || c.isCompletedExceptionally()) {
            c = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
            connection = c;
        }
        return c;
    }

    /** Closes the connection and the client's threads. */
    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = connection;
        }
        if (c != null) {
            c.thenAccept(StatefulRedisConnection::close);
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
