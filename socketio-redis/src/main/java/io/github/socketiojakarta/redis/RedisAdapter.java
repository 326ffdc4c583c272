package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 */
public final class RedisAdapter implements Adapter {
    private static final Logger LOG = System.getLogger(RedisAdapter.class.getName());
    private static final long COUNT_REFRESH_MILLIS = 1000;
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
    private volatile int serverCount = 1;
    private volatile ScheduledFuture<?> countRefresh;
    /** Our own requests waiting for answers, by request id. */
    final Map<String, Pending> pending = new ConcurrentHashMap<>();

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

    /** Completes once every channel of this namespace is subscribed. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Subscribes the pattern first, then the request/response channels (counted by NUMSUB). */
    @Override
    public void init() {
        for (String route : List.of(pattern, requestChannel, responseChannel,
                specificResponseChannel)) {
            factory.route(route, this);
        }
        factory.subscriber().psubscribe(pattern)
                .thenCompose(v -> factory.subscriber().subscribe(requestChannel, responseChannel,
                        specificResponseChannel))
                .thenCompose(v -> refreshServerCount())
                .whenCompleteAsync((v, e) -> {
                    if (e != null) {
                        LOG.log(Level.ERROR, "socketio-redis: cannot subscribe " + pattern, e);
                        ready.completeExceptionally(e);
                    } else {
                        ready.complete(null);
                    }
                }, factory.worker());
        // broadcasts with acks read serverCount() synchronously: keep it at most a second old
        countRefresh = factory.worker().scheduleWithFixedDelay(this::refreshServerCount,
                COUNT_REFRESH_MILLIS, COUNT_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
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

    @Override
    public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
            IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
        if (!options.local()) {
            String requestId = uid2(6);
            pending.put(requestId, new Pending.BroadcastAcks(clientCount, onAck));
            long forgetAfter = options.timeoutMillis() > 0 ? options.timeoutMillis()
                    : factory.options().requestsTimeout();
            factory.worker().schedule(() -> pending.remove(requestId), forgetAfter,
                    TimeUnit.MILLISECONDS);
            publish(requestChannel, ClassicMessages.broadcastWithAckRequest(uid, requestId,
                    namespace.name(), PacketArgs.of(packet), options));
        }
        local.broadcastWithAck(packet, ackId, options, clientCount, onAck, onGone);
    }

    @Override
    public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
        if (options.local()) {
            return local.fetchSockets(options);
        }
        return refreshServerCount().thenCompose(count -> {
            if (count <= 1) {
                return local.fetchSockets(options);
            }
            String requestId = uid2(6);
            Pending.Fetch request = new Pending.Fetch(count);
            local.fetchSockets(options).thenAccept(request::addAll);
            return ask(requestId, request, ClassicMessages.fetchRequest(uid, requestId, options),
                    "timeout reached while waiting for fetchSockets response");
        }).toCompletableFuture();
    }

    /**
     * The rooms of this namespace on every node ({@code allRooms()} of the Node.js adapter):
     * sorted, socket-id rooms included. Completes on the worker thread; fails with a {@link
     * TimeoutException} when a node does not answer within the requests timeout.
     */
    public CompletableFuture<Set<String>> allRooms() {
        return refreshServerCount().thenCompose(count -> {
            Pending.Rooms request = new Pending.Rooms(count, local.rooms());
            if (count <= 1) {
                return CompletableFuture.completedFuture(request.snapshot());
            }
            String requestId = uid2(6);
            return ask(requestId, request, ClassicMessages.allRoomsRequest(uid, requestId),
                    "timeout reached while waiting for allRooms response");
        }).toCompletableFuture();
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

    @Override
    public CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args,
            boolean withAck, long timeoutMillis) {
        if (!withAck) {
            publish(requestChannel, ClassicMessages.serverSideEmitRequest(uid, null, args));
            return CompletableFuture.completedFuture(List.of());
        }
        return refreshServerCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(List.<List<Object>>of());
            }
            String requestId = uid2(6);
            Pending.ServerSideAcks request = new Pending.ServerSideAcks(expected);
            long timeout = timeoutMillis > 0 ? timeoutMillis
                    : factory.options().requestsTimeout();
            pending.put(requestId, request); // before publishing: answers can come at once
            publish(requestChannel, ClassicMessages.serverSideEmitRequest(uid, requestId, args));
            factory.worker().schedule(() -> {
                if (pending.remove(requestId) != null) {
                    request.result.completeExceptionally(new TimeoutException(
                            "timeout reached: only " + request.responses.size()
                                    + " responses received out of " + expected));
                }
            }, timeout, TimeUnit.MILLISECONDS);
            return request.result;
        }).toCompletableFuture();
    }

    /** Registers a request, publishes it and fails it after the requests timeout. */
    private <T> CompletableFuture<T> ask(String requestId, Pending.Collecting<T> request,
            byte[] message, String timeoutMessage) {
        pending.put(requestId, request);
        publish(requestChannel, message);
        factory.worker().schedule(() -> {
            if (pending.remove(requestId) != null) {
                request.result().completeExceptionally(new TimeoutException(timeoutMessage));
            }
        }, factory.options().requestsTimeout(), TimeUnit.MILLISECONDS);
        return request.result();
    }

    /** The last known number of nodes subscribed to this namespace's request channel. */
    @Override
    public int serverCount() {
        refreshServerCount();
        return serverCount;
    }

    /** {@code PUBSUB NUMSUB key-request#nsp#}, including this node. */
    CompletionStage<Integer> refreshServerCount() {
        return factory.commands().pubsubNumsub(requestChannel).thenApplyAsync(counts -> {
            Long n = counts.get(requestChannel);
            serverCount = n == null ? 0 : n.intValue();
            return serverCount;
        }, factory.worker());
    }

    void publish(String channel, byte[] message) {
        factory.commands().publish(channel, message).exceptionally(e -> {
            LOG.log(Level.WARNING, "socketio-redis: cannot publish on " + channel, e);
            return 0L;
        });
    }

    /** On the worker: a message on one of this namespace's channels or its pattern. */
    void onMessage(String route, String channel, byte[] message) {
        try {
            if (route.equals(pattern)) {
                onBroadcast(channel, message);
            } else if (channel.equals(requestChannel)) {
                remote.onRequest(ClassicMessages.decodeMessage(message));
            } else {
                onResponse(ClassicMessages.decodeMessage(message));
            }
        } catch (MessageCodecException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "socketio-redis: ignoring a bad message on " + channel, e);
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
        OutboundPacket packet = OutboundPacket.encode(
                new SocketPacket.Event(namespace.name(), b.data(), SocketPacket.NO_ACK), null);
        local.broadcast(packet, new BroadcastOptions(o.rooms(), o.except(), o.isVolatile(), true,
                o.compress(), -1));
    }

    /** An answer to one of our requests (answers to others' requests are ignored). */
    private void onResponse(Map<String, Object> response) throws MessageCodecException {
        String requestId = ClassicMessages.optionalString(response, "requestId");
        Pending request = requestId == null ? null : pending.get(requestId);
        if (request == null) {
            return;
        }
        if (request.accept(response)) {
            pending.remove(requestId);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> refresh = countRefresh;
        if (refresh != null) {
            refresh.cancel(false);
        }
        for (String route : List.of(pattern, requestChannel, responseChannel,
                specificResponseChannel)) {
            factory.unroute(route, this);
        }
        factory.subscriber().punsubscribe(pattern);
        factory.subscriber().unsubscribe(requestChannel, responseChannel,
                specificResponseChannel);
        factory.forget(this);
        for (Pending p : pending.values()) {
            p.cancel();
        }
        pending.clear();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    }
}
