package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of one namespace over Redis pub/sub, wire-compatible with the Node.js
 * {@code @socket.io/redis-adapter} 8.3 classic adapter: rooms are kept locally (an {@link
 * InMemoryAdapter}); broadcasts are published as {@code [uid, packet, opts]} on
 * {@code key#nsp#} ({@code key#nsp#room#} for exactly one room) and delivered locally; requests
 * (fetchSockets, socketsJoin/Leave, disconnectSockets, server-side events, broadcasts with acks)
 * go to {@code key-request#nsp#}, answers come back on {@code key-response#nsp#} or
 * {@code key-response#nsp#uid#}. Requests from other nodes are answered by {@link
 * RemoteRequests}.
 *
 * <p>Threading: thread-safe. SPI methods never block on Redis: publishing and counting are
 * asynchronous. Everything triggered by Redis runs on the factory's single worker thread (see
 * {@link RedisAdapterFactory}). {@link #serverCount()} returns the last count of subscribers of
 * the request channel ({@code PUBSUB NUMSUB}), refreshed every second, on each call and by each
 * request that needs it (fetchSockets and server-side events count afresh, as Node.js does).
 *
 * <p>Bad days: while Redis is unreachable, broadcasts still reach this node's sockets (they are
 * not published, nor queued), requests to other nodes fail at once with a {@link
 * RedisUnavailableException}, and a broadcast with acks fails at its timeout; the factory's
 * connections come back by themselves with every subscription. A request never waits past its
 * timeout (see {@link OwnRequests}). A message that cannot be read, or larger than the server's
 * maxHttpBufferSize, is dropped and logged once a minute per channel kind, without its content.
 */
public final class RedisAdapter implements Adapter {
    private static final Logger LOG = System.getLogger(RedisAdapter.class.getName());
    private static final long COUNT_REFRESH_MILLIS = 1000;
    private static final long LOG_WINDOW_MILLIS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUM =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final RedisAdapterFactory factory;
    private final NamespaceHandle namespace;
    private final InMemoryAdapter local;
    private final RemoteRequests remote;
    private final String uid = uid2(6);
    final String broadcastPrefix;
    private final String pattern;
    final String requestChannel;
    final String responseChannel;
    final String specificResponseChannel;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final int maxMessageBytes;
    /** One line per kind of trouble and route a minute, never one per message. */
    final LogLimiter logs = new LogLimiter(LOG, LOG_WINDOW_MILLIS);
    private volatile ScheduledFuture<?> countRefresh;
    private final Object subscriptions = new Object();
    // guarded by subscriptions
    private boolean initialized;
    private boolean subscribed;
    private volatile boolean closed;
    /** Our own requests waiting for answers. */
    final OwnRequests own;

    RedisAdapter(RedisAdapterFactory factory, NamespaceHandle namespace) {
        this.factory = factory;
        this.namespace = namespace;
        this.local = new InMemoryAdapter(namespace);
        String key = factory.options().key();
        String nsp = namespace.name();
        this.broadcastPrefix = key + "#" + nsp + "#";
        this.pattern = broadcastPrefix + "*";
        this.requestChannel = key + "-request#" + nsp + "#";
        this.responseChannel = key + "-response#" + nsp + "#";
        this.specificResponseChannel = responseChannel + uid + "#";
        this.remote = new RemoteRequests(this, factory, namespace, local);
        this.own = new OwnRequests(this, factory);
        this.maxMessageBytes = namespace.maxHttpBufferSize();
    }

    /** {@code uid2(n)}: n random characters of {@code [A-Za-z0-9]}, as the Node.js adapter. */
    static String uid2(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHANUM.charAt(RANDOM.nextInt(ALPHANUM.length())));
        }
        return sb.toString();
    }

    /** This node's uid in this namespace's messages. */
    public String uid() {
        return uid;
    }

    String namespaceName() {
        return namespace.name();
    }

    /**
     * Completes once every channel of this namespace is subscribed (when Redis is down at start,
     * once it is reachable); fails if the adapter is closed first.
     */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Registers this namespace's routes and subscribes its channels: now if the pub/sub
     * connection exists, else as soon as the factory first reaches Redis.
     */
    @Override
    public void init() {
        for (String route : routes()) {
            factory.route(route, this);
        }
        synchronized (subscriptions) {
            initialized = true;
        }
        subscribe();
        // broadcasts with acks read serverCount() synchronously: keep it at most a second old
        try {
            countRefresh = factory.worker().scheduleWithFixedDelay(own::refreshServerCount,
                    COUNT_REFRESH_MILLIS, COUNT_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the factory is closed
        }
    }

    private List<String> routes() {
        return List.of(pattern, requestChannel, responseChannel, specificResponseChannel);
    }

    /**
     * Subscribes the pattern, then (in the same pipeline, so Redis applies them in this order)
     * the request/response channels counted by NUMSUB. Does nothing before {@link #init()},
     * after {@link #close()}, once done or under way, or while the factory has never reached
     * Redis; a failure (a client that rejects commands while disconnected) is retried a second
     * later.
     */
    void subscribe() {
        CompletableFuture<?> done;
        synchronized (subscriptions) {
            RedisPubSubAsyncCommands<String, byte[]> s = factory.subscriber();
            if (!initialized || closed || subscribed || s == null) {
                return;
            }
            subscribed = true;
            try {
                done = CompletableFuture.allOf(s.psubscribe(pattern).toCompletableFuture(),
                        s.subscribe(requestChannel, responseChannel, specificResponseChannel)
                                .toCompletableFuture());
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            } finally {
                factory.releaseNettyThreadLocals();
            }
        }
        done.whenComplete((v, e) -> {
            if (e == null) {
                own.refreshServerCount().whenComplete((n, ignored) -> ready.complete(null));
                return;
            }
            synchronized (subscriptions) {
                subscribed = false;
            }
            logs.log(Level.WARNING, "subscribe", "socketio-redis: cannot subscribe the channels"
                    + " of namespace " + namespace.name() + " (" + LogLimiter.bounded(e) + ");"
                    + " retrying");
            try {
                factory.worker().schedule(this::subscribe, 1, TimeUnit.SECONDS);
            } catch (RejectedExecutionException closing) {
                // the factory is closed
            }
        });
    }

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        local.addAll(socketId, rooms);
    }

    @Override
    public void del(String socketId, String room) {
        local.del(socketId, room);
    }

    @Override
    public void delAll(String socketId) {
        local.delAll(socketId);
    }

    @Override
    public Set<String> sockets(Set<String> rooms) {
        return local.sockets(rooms);
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        return local.socketRooms(socketId);
    }

    /** The rooms with members on this node. */
    public Set<String> localRooms() {
        return local.rooms();
    }

    @Override
    public int roomCount() {
        return local.roomCount();
    }

    /** Delivers locally at once; publishes when Redis is reachable (never throws for Redis). */
    @Override
    public void broadcast(OutboundPacket packet, BroadcastOptions options) {
        if (!options.local()) {
            byte[] message = ClassicMessages.encodeBroadcast(new ClassicMessages.Broadcast(uid,
                    namespace.name(), PacketArgs.of(packet), options));
            publish(broadcastChannel(options), message);
        }
        local.broadcast(packet, options);
    }

    private String broadcastChannel(BroadcastOptions options) {
        return options.rooms().size() == 1
                ? broadcastPrefix + options.rooms().iterator().next() + "#"
                : broadcastPrefix;
    }

    /**
     * Asks every node; the server's operator waits for {@link #serverCount()} client counts, so
     * while Redis is unreachable (the request is not published) it fails at its timeout with
     * this node's answers.
     */
    @Override
    public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
            IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
        if (!options.local()) {
            String requestId = uid2(6);
            long forgetAfter = options.timeoutMillis() > 0 ? options.timeoutMillis()
                    : factory.options().requestsTimeout();
            own.broadcastWithAck(requestId, new Pending.BroadcastAcks(clientCount, onAck),
                    forgetAfter, ClassicMessages.broadcastWithAckRequest(uid, requestId,
                            namespace.name(), PacketArgs.of(packet), options));
        }
        local.broadcastWithAck(packet, ackId, options, clientCount, onAck, onGone);
    }

    @Override
    public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
        if (options.local()) {
            return local.fetchSockets(options);
        }
        CompletableFuture<List<SocketDetails>> result = new CompletableFuture<>();
        long timeout = factory.options().requestsTimeout();
        own.request("fetchSockets", timeout, result, (requestId, count) -> {
            List<SocketDetails> mine = local.fetchSockets(options).join();
            if (count <= 1) {
                result.complete(mine);
                return null;
            }
            Pending.Fetch request = new Pending.Fetch(count, result);
            request.addAll(mine);
            own.await(requestId, request);
            return ClassicMessages.fetchRequest(uid, requestId, options);
        });
        return result;
    }

    /**
     * The rooms of this namespace on every node ({@code allRooms()} of the Node.js adapter):
     * sorted, socket-id rooms included. Completes on the worker thread; fails with a {@link
     * TimeoutException} when a node does not answer within the requests timeout, at once with a
     * {@link RedisUnavailableException} while Redis is unreachable.
     */
    public CompletableFuture<Set<String>> allRooms() {
        CompletableFuture<Set<String>> result = new CompletableFuture<>();
        long timeout = factory.options().requestsTimeout();
        own.request("allRooms", timeout, result, (requestId, count) -> {
            if (count <= 1) {
                result.complete(Collections.unmodifiableSet(new TreeSet<>(local.rooms())));
                return null;
            }
            own.await(requestId, new Pending.Rooms(count, local.rooms(), result));
            return ClassicMessages.allRoomsRequest(uid, requestId);
        });
        return result;
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) {
            publish(requestChannel, ClassicMessages.roomsRequest(uid, true, options, rooms));
        }
        local.addSockets(options, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) {
            publish(requestChannel, ClassicMessages.roomsRequest(uid, false, options, rooms));
        }
        local.delSockets(options, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        if (!options.local()) {
            publish(requestChannel, ClassicMessages.disconnectRequest(uid, options, close));
        }
        local.disconnectSockets(options, close);
    }

    /**
     * With acks: one answer per other node counted when sent; a node that leaves or stays
     * silent makes it fail at the timeout with a {@link ServerSideEmitTimeoutException} carrying
     * the answers received.
     */
    @Override
    public CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args,
            boolean withAck, long timeoutMillis) {
        if (!withAck) {
            publish(requestChannel, ClassicMessages.serverSideEmitRequest(uid, null, args));
            return CompletableFuture.completedFuture(List.of());
        }
        long timeout = timeoutMillis > 0 ? timeoutMillis : factory.options().requestsTimeout();
        CompletableFuture<List<List<Object>>> result = new CompletableFuture<>();
        own.request("serverSideEmit", timeout, result, (requestId, count) -> {
            int expected = count - 1;
            if (expected <= 0) {
                result.complete(List.of());
                return null;
            }
            own.await(requestId, new Pending.ServerSideAcks(expected, result));
            return ClassicMessages.serverSideEmitRequest(uid, requestId, args);
        });
        return result;
    }

    /**
     * The last known number of nodes subscribed to this namespace's request channel, this one
     * included; while Redis is unreachable, the count from before.
     */
    @Override
    public int serverCount() {
        own.refreshServerCount();
        return own.serverCount();
    }

    /** {@code PUBSUB NUMSUB} of the request channel, asked now; completes on the worker. */
    @Override
    public CompletableFuture<Integer> countServers() {
        return own.refreshServerCount().toCompletableFuture()
                .thenApplyAsync(n -> n, factory.worker());
    }

    /**
     * Publishes when Redis is reachable; otherwise the message is dropped (the link logged the
     * outage once). A failure is logged once a minute, never thrown.
     */
    void publish(String channel, byte[] message) {
        RedisAsyncCommands<String, byte[]> commands = factory.link().publisher();
        if (commands == null) {
            return; // not even a DEBUG line per message: the outage was logged once
        }
        try {
            commands.publish(channel, message).exceptionally(e -> {
                publishFailed(channel, e);
                return 0L;
            });
        } catch (RuntimeException e) {
            publishFailed(channel, e);
        } finally {
            factory.releaseNettyThreadLocals();
        }
    }

    private void publishFailed(String channel, Throwable e) {
        logs.log(Level.WARNING, "publish", "socketio-redis: cannot publish on "
                + LogLimiter.bounded(channel) + ": " + LogLimiter.bounded(e));
    }

    /** The largest message accepted from Redis: the server's maxHttpBufferSize. */
    int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** On a Lettuce I/O thread: a message over {@link #maxMessageBytes()}, not decoded. */
    void refuse(String route, String channel, int length) {
        logs.log(Level.WARNING, "large " + route, "socketio-redis: dropped a message of " + length
                + " bytes on " + LogLimiter.bounded(channel) + ": larger than maxHttpBufferSize ("
                + maxMessageBytes + " bytes)");
    }

    /**
     * On the worker: a message on one of this namespace's channels or its pattern. A message
     * that cannot be read is dropped and logged once a minute per route; nothing it contains
     * can stop the next one.
     */
    /** The namespace this adapter serves (other nodes' messages are relayed to it). */
    NamespaceHandle namespace() {
        return namespace;
    }

    void onMessage(String route, String channel, byte[] message) {
        try {
            if (route.equals(pattern)) {
                onBroadcast(channel, message);
            } else if (channel.equals(requestChannel)) {
                remote.onRequest(ClassicMessages.decodeMessage(message));
            } else {
                own.onResponse(ClassicMessages.decodeMessage(message));
            }
        } catch (MessageCodecException | IllegalArgumentException | ClassCastException e) {
            logs.log(Level.WARNING, "malformed " + route, "socketio-redis: dropped a message"
                    + " that is not the adapter's protocol on " + LogLimiter.bounded(channel)
                    + " (" + message.length + " bytes): " + LogLimiter.bounded(e.getMessage()));
        } catch (RuntimeException e) {
            logs.log(Level.WARNING, "failed " + route, "socketio-redis: failed to handle a"
                    + " message on " + LogLimiter.bounded(channel) + ": " + LogLimiter.bounded(e));
        }
    }

    /** A broadcast from another node (or the emitter): deliver to the local sockets. */
    private void onBroadcast(String channel, byte[] message) throws MessageCodecException {
        // channel.slice(prefix.length, -1) of Node.js: "" for the namespace-wide channel
        String room = channel.length() > broadcastPrefix.length()
                ? channel.substring(broadcastPrefix.length(), channel.length() - 1) : "";
        if (!room.isEmpty() && local.sockets(Set.of(room)).isEmpty()) {
            return; // nobody here is in that room: not even decoded, like Node.js
        }
        ClassicMessages.Broadcast b = ClassicMessages.decodeBroadcast(message);
        if (b.uid().equals(uid) || !b.namespace().equals(namespace.name())) {
            return;
        }
        BroadcastOptions o = b.options();
        OutboundPacket packet = namespace.encode(
                new SocketPacket.Event(namespace.name(), b.data(), SocketPacket.NO_ACK));
        local.broadcast(packet, new BroadcastOptions(o.rooms(), o.except(), o.isVolatile(), true,
                o.compress(), -1));
    }

    /**
     * Unsubscribes this namespace's channels and fails its requests still waiting. Called by
     * the server when it closes (and by the factory for an adapter still open when it closes).
     */
    @Override
    public void close() {
        ScheduledFuture<?> refresh = countRefresh;
        if (refresh != null) {
            refresh.cancel(false);
        }
        for (String route : routes()) {
            factory.unroute(route, this);
        }
        synchronized (subscriptions) {
            closed = true;
            RedisPubSubAsyncCommands<String, byte[]> s = factory.subscriber();
            if (subscribed && s != null) {
                try {
                    s.punsubscribe(pattern);
                    s.unsubscribe(requestChannel, responseChannel, specificResponseChannel);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "socketio-redis: unsubscribing: " + e);
                } finally {
                    factory.releaseNettyThreadLocals();
                }
            }
        }
        factory.forget(this);
        own.cancelAll();
        ready.completeExceptionally(new CancellationException("adapter closed"));
    }

    boolean isClosed() {
        return closed;
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    }
}
