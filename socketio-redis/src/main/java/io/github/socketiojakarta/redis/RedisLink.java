package io.github.socketiojakarta.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The factory's two Lettuce connections (one publishes and counts, one carries every
 * subscription) and what it knows of their state. Redis may be down when the factory starts:
 * the first attempt is made at once, then again with a growing delay (up to 5 s) on the
 * factory's worker until both connections are up. After that, Lettuce reconnects by itself and
 * subscribes the pub/sub connection's channels and patterns again (also those subscribed while
 * it was down, which it buffers and sends after the resubscription).
 *
 * <p>Each change of state is logged once: WARNING when Redis becomes unreachable (at start or
 * later), INFO when both connections are up again; never once per message.
 *
 * <p>Threading: thread-safe. State changes arrive on Lettuce's I/O threads; connection attempts
 * run on the worker.
 */
final class RedisLink {
    private static final Logger LOG = System.getLogger(RedisLink.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5000;

    private final RedisClient client;
    private final ScheduledExecutorService worker;
    private final RedisPubSubListener<String, byte[]> listener;
    private final Runnable onFirstConnection;
    /** Counts each time one of the connections is up again after a loss. */
    private final AdapterCounters counters;
    private final RedisConnectionStateListener states = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress at) {
            changed(connection, true, at);
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            changed(connection, false, null);
        }
    };

    private volatile StatefulRedisConnection<String, byte[]> pub;
    private volatile StatefulRedisPubSubConnection<String, byte[]> sub;
    // guarded by this
    private boolean closed;
    private boolean pubUp;
    private boolean subUp;
    /** The state the last line logged (up until a failure is seen). */
    private boolean reportedUp = true;
    private long retryMillis = FIRST_RETRY_MILLIS;

    /**
     * @param listener receives every message of the pub/sub connection
     * @param onFirstConnection run once both connections exist (on the thread that made them)
     * @param counters where reconnections are counted
     */
    RedisLink(RedisClient client, ScheduledExecutorService worker,
            RedisPubSubListener<String, byte[]> listener, Runnable onFirstConnection,
            AdapterCounters counters) {
        this.client = client;
        this.counters = counters;
        this.worker = worker;
        this.listener = listener;
        this.onFirstConnection = onFirstConnection;
        client.addListener(states);
    }

    /** Tries to connect now; when Redis is unreachable, keeps trying on the worker. */
    void start() {
        attempt();
    }

    private void attempt() {
        StatefulRedisConnection<String, byte[]> p = null;
        StatefulRedisPubSubConnection<String, byte[]> s = null;
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            p = client.connect(RedisAdapterFactory.CODEC);
            s = client.connectPubSub(RedisAdapterFactory.CODEC);
            s.addListener(listener);
        } catch (RuntimeException e) {
            if (p != null) {
                p.closeAsync();
            }
            retryLater(e);
            return;
        }
        boolean wasDown;
        synchronized (this) {
            if (closed) {
                s.closeAsync();
                p.closeAsync();
                return;
            }
            pub = p;
            sub = s;
            pubUp = true;
            subUp = true;
            wasDown = !reportedUp;
            reportedUp = true;
        }
        if (wasDown) {
            LOG.log(Level.INFO, "socketio-redis: connected to Redis: broadcasts and requests"
                    + " reach the other nodes");
        }
        onFirstConnection.run();
    }

    private void retryLater(RuntimeException e) {
        long delay;
        boolean first;
        synchronized (this) {
            if (closed) {
                return;
            }
            first = reportedUp;
            reportedUp = false;
            delay = retryMillis;
            retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
        }
        if (first) {
            LOG.log(Level.WARNING, "socketio-redis: cannot connect to Redis ("
                    + LogLimiter.bounded(e.getMessage()) + "): broadcasts reach this node's"
                    + " sockets only and requests to other nodes fail until it is reachable;"
                    + " retrying");
        } else {
            LOG.log(Level.DEBUG, "socketio-redis: Redis still unreachable: "
                    + LogLimiter.bounded(e.getMessage()));
        }
        try {
            worker.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the factory is closing
        }
    }

    /** On a Lettuce I/O thread: one of our connections went up or down. */
    private void changed(RedisChannelHandler<?, ?> connection, boolean up, SocketAddress at) {
        boolean nowUp;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (connection == pub) {
                countReconnection(up, pubUp);
                pubUp = up;
            } else if (connection == sub) {
                countReconnection(up, subUp);
                subUp = up;
            } else {
                return; // another connection of the application's client
            }
            nowUp = pubUp && subUp;
            if (nowUp == reportedUp) {
                return;
            }
            reportedUp = nowUp;
        }
        if (nowUp) {
            LOG.log(Level.INFO, "socketio-redis: connected to Redis again" + (at == null ? ""
                    : " at " + at) + ": broadcasts and requests reach the other nodes again");
        } else {
            LOG.log(Level.WARNING, "socketio-redis: lost the connection to Redis: until it is"
                    + " back, broadcasts reach this node's sockets only and requests to other"
                    + " nodes fail; reconnecting");
        }
    }

    /** One of the connections is up again after Lettuce reported it down. */
    private void countReconnection(boolean up, boolean wasUp) {
        if (up && !wasUp) {
            counters.reconnects.increment();
        }
    }

    /** The commands of the publishing connection, or {@code null} while it is not connected. */
    RedisAsyncCommands<String, byte[]> publisher() {
        StatefulRedisConnection<String, byte[]> p = pub;
        return p != null && p.isOpen() ? p.async() : null;
    }

    /**
     * The commands of the pub/sub connection once it exists, also while it is reconnecting
     * (Lettuce then buffers (un)subscriptions and sends them when it is back); {@code null}
     * before the first connection.
     */
    RedisPubSubAsyncCommands<String, byte[]> subscriber() {
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return s == null ? null : s.async();
    }

    /** Whether both connections are up: requests to other nodes can be made and answered. */
    boolean isUp() {
        StatefulRedisConnection<String, byte[]> p = pub;
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return p != null && s != null && p.isOpen() && s.isOpen();
    }

    /**
     * Stops connecting, forgets the state listener and closes both connections, waiting for
     * each at most {@code waitMillis}.
     */
    void close(long waitMillis) {
        StatefulRedisConnection<String, byte[]> p;
        StatefulRedisPubSubConnection<String, byte[]> s;
        synchronized (this) {
            closed = true;
            p = pub;
            s = sub;
        }
        client.removeListener(states);
        if (s != null) {
            s.removeListener(listener);
            await(s.closeAsync(), waitMillis);
        }
        if (p != null) {
            await(p.closeAsync(), waitMillis);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> closing,
            long waitMillis) {
        try {
            closing.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.DEBUG, "socketio-redis: closing a connection: " + e);
        }
    }
}
