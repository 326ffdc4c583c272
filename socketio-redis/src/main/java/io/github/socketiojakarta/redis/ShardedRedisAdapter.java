package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of one namespace over Redis sharded pub/sub, wire-compatible with
 * {@code createShardedAdapter} of the Node.js {@code @socket.io/redis-adapter} 8.3 (a
 * socket.io-adapter {@code ClusterAdapter}): rooms are kept locally (an {@link InMemoryAdapter});
 * every operation is published as a {@code {type, data, uid, nsp}} message ({@link
 * ClusterMessages}) with {@code SPUBLISH} on {@code prefix#nsp#}, or on {@code prefix#nsp#room#}
 * for a broadcast to one room as the {@link SubscriptionMode} says, and applied locally by this
 * node itself; answers come back on this node's own channel {@code prefix#nsp#uid#}. Messages
 * of other nodes are handled by {@link ClusterRequests}.
 *
 * <p>In the dynamic modes this node subscribes {@code prefix#nsp#room#} while it has members of
 * that room, as the Node.js adapter does on its {@code create-room}/{@code delete-room}
 * events. The subscription commands are issued in order on the factory's worker, which
 * compares what is subscribed with the rooms that exist, so quick join/leave sequences end in
 * the right state.
 *
 * <p>Threading: thread-safe. SPI methods never block on Redis: publishing and counting are
 * asynchronous. Everything triggered by Redis runs on the factory's single worker thread (see
 * {@link ShardedRedisAdapterFactory}). {@link #serverCount()} returns the last
 * {@code PUBSUB SHARDNUMSUB prefix#nsp#}, refreshed every second and on each call; fetchSockets
 * and server-side events with acks count afresh, as Node.js does.
 */
public final class ShardedRedisAdapter implements Adapter, ClusterNode {
    private static final Logger LOG = System.getLogger(ShardedRedisAdapter.class.getName());
    /** {@code DEFAULT_TIMEOUT} of {@code ClusterAdapter}. */
    static final long DEFAULT_TIMEOUT_MILLIS = 5000;
    private static final long COUNT_REFRESH_MILLIS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShardedRedisAdapterFactory factory;
    private final NamespaceHandle namespace;
    private final InMemoryAdapter local;
    private final ClusterRequests remote;
    private final SubscriptionMode mode;
    private final String uid = randomId();
    final String channel;
    final String responseChannel;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile int serverCount = 1;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> countRefresh;
    /** Room channels subscribed (dynamic modes); touched on the worker only. */
    private final Set<String> roomChannels = new LinkedHashSet<>();
    /** Our fetchSockets and server-side events waiting for answers, by request id. */
    final Map<String, ClusterPending> requests = new ConcurrentHashMap<>();
    /** Our broadcasts with acks, by request id. */
    final Map<String, ClusterPending.BroadcastAcks> ackRequests = new ConcurrentHashMap<>();

    ShardedRedisAdapter(ShardedRedisAdapterFactory factory, NamespaceHandle namespace) {
        this.factory = factory;
        this.namespace = namespace;
        this.local = new InMemoryAdapter(namespace);
        this.mode = factory.options().subscriptionMode();
        this.channel = factory.options().channelPrefix() + "#" + namespace.name() + "#";
        this.responseChannel = channel + uid + "#";
        this.remote = new ClusterRequests(this, namespace, local);
    }

    /** {@code randomBytes(8).toString("hex")}: the node uids and request ids of ClusterAdapter. */
    static String randomId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** This node's uid in this namespace's messages (16 hex digits). */
    @Override
    public String uid() {
        return uid;
    }

    String namespaceName() {
        return namespace.name();
    }

    /** Completes once the namespace channel and this node's own channel are subscribed. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Subscribes {@code prefix#nsp#} (counted by SHARDNUMSUB) and {@code prefix#nsp#uid#}. */
    @Override
    public void init() {
        factory.route(channel, this);
        factory.route(responseChannel, this);
        factory.channels().ssubscribe(channel)
                .thenCompose(v -> factory.channels().ssubscribe(responseChannel))
                .thenCompose(v -> refreshServerCount())
                .whenCompleteAsync((v, e) -> {
                    if (e != null) {
                        LOG.log(Level.ERROR, "socketio-redis: cannot subscribe " + channel, e);
                        ready.completeExceptionally(e);
                    } else {
                        ready.complete(null);
                    }
                }, factory.worker());
        countRefresh = factory.worker().scheduleWithFixedDelay(this::refreshServerCount,
                COUNT_REFRESH_MILLIS, COUNT_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ---- rooms (local), watched for the dynamic room channels --------------------------------

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        local.addAll(socketId, rooms);
        if (mode != SubscriptionMode.STATIC) {
            for (String room : rooms) {
                reconcileLater(room);
            }
        }
    }

    @Override
    public void del(String socketId, String room) {
        local.del(socketId, room);
        if (mode != SubscriptionMode.STATIC) {
            reconcileLater(room);
        }
    }

    @Override
    public void delAll(String socketId) {
        Set<String> rooms = mode == SubscriptionMode.STATIC ? Set.of()
                : local.socketRooms(socketId);
        local.delAll(socketId);
        for (String room : rooms) {
            reconcileLater(room);
        }
    }

    /**
     * {@code shouldUseASeparateNamespace}: in {@code dynamic} mode only public rooms (not the
     * id of a socket of this node), in {@code dynamic-private} every room.
     */
    private boolean hasOwnChannel(String room) {
        return switch (mode) {
            case STATIC -> false;
            case DYNAMIC_PRIVATE -> true;
            case DYNAMIC -> namespace.socket(room) == null && local.socketRooms(room).isEmpty();
        };
    }

    private void reconcileLater(String room) {
        if (!closed) {
            try {
                factory.worker().execute(() -> reconcile(room));
            } catch (RejectedExecutionException closing) {
                // the factory is closing: its connections go with it
            }
        }
    }

    /** On the worker: subscribes or unsubscribes the room's channel as the room now exists. */
    private void reconcile(String room) {
        if (closed) {
            return;
        }
        String roomChannel = channel + room + "#";
        boolean wanted = !local.sockets(Set.of(room)).isEmpty() && hasOwnChannel(room);
        boolean subscribed = roomChannels.contains(roomChannel);
        if (wanted && !subscribed) {
            roomChannels.add(roomChannel);
            factory.route(roomChannel, this);
            factory.channels().ssubscribe(roomChannel).exceptionally(e -> failed(roomChannel, e));
        } else if (!wanted && subscribed) {
            roomChannels.remove(roomChannel);
            factory.unroute(roomChannel, this);
            factory.channels().sunsubscribe(roomChannel).exceptionally(e -> failed(roomChannel, e));
        }
    }

    private static Void failed(String channel, Throwable e) {
        LOG.log(Level.WARNING, "socketio-redis: cannot (un)subscribe " + channel, e);
        return null;
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

    /** Joins or leaves the selected local sockets through this adapter (room channels follow). */
    @Override
    public void applyRooms(BroadcastOptions options, Set<String> rooms, boolean join) {
        for (String id : select(options)) {
            if (join) {
                addAll(id, rooms);
            } else {
                for (String room : rooms) {
                    del(id, room);
                }
            }
        }
    }

    /** The ids of the local sockets the options select. */
    private Set<String> select(BroadcastOptions options) {
        Set<String> ids = new LinkedHashSet<>(local.sockets(options.rooms()));
        if (!options.except().isEmpty()) {
            ids.removeAll(local.sockets(options.except()));
        }
        return ids;
    }

    // ---- operations --------------------------------------------------------------------------

    /**
     * Publishes, then delivers locally. With connection state recovery on, a stored kind of
     * packet ({@link OutboundPacket#recoverable}) gets the offset the reference's
     * {@code doPublish} returns, {@code ""}, on this node's sockets (the other nodes append JSON
     * {@code null}): this adapter never restores a session, as the reference.
     */
    @Override
    public void broadcast(OutboundPacket packet, BroadcastOptions options) {
        if (!options.local()) {
            publish(MessageType.BROADCAST, ClusterMessages.broadcast(PacketArgs.of(packet), null,
                    options), broadcastChannel(options));
            if (namespace.recovery() != null && packet.recoverable(options)) {
                packet = packet.withOffset("");
            }
        }
        local.broadcast(packet, options);
    }

    /**
     * {@code computeChannel}: a broadcast without acks to exactly one room goes to that room's
     * channel in {@code dynamic} mode unless the room looks like a socket id (20 characters), in
     * {@code dynamic-private} mode always; everything else to the namespace channel.
     */
    String broadcastChannel(BroadcastOptions options) {
        if (options.rooms().size() == 1) {
            String room = options.rooms().iterator().next();
            if ((mode == SubscriptionMode.DYNAMIC && room.length() != 20)
                    || mode == SubscriptionMode.DYNAMIC_PRIVATE) {
                return channel + room + "#";
            }
        }
        return channel;
    }

    @Override
    public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
            IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
        if (!options.local()) {
            String requestId = randomId();
            ackRequests.put(requestId, new ClusterPending.BroadcastAcks(clientCount, onAck));
            long forgetAfter = options.timeoutMillis() > 0 ? options.timeoutMillis()
                    : DEFAULT_TIMEOUT_MILLIS;
            factory.worker().schedule(() -> ackRequests.remove(requestId), forgetAfter,
                    TimeUnit.MILLISECONDS);
            // always the namespace channel: the server count is that of every node
            publish(MessageType.BROADCAST, ClusterMessages.broadcast(PacketArgs.of(packet),
                    requestId, options), channel);
        }
        local.broadcastWithAck(packet, ackId, options, clientCount, onAck, onGone);
    }

    @Override
    public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
        List<SocketDetails> own = local.fetchSockets(options).join();
        if (options.local()) {
            return CompletableFuture.completedFuture(own);
        }
        return refreshServerCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(own);
            }
            String requestId = randomId();
            ClusterPending.Fetch request = new ClusterPending.Fetch(expected, own);
            requests.put(requestId, request);
            factory.counters.requests.increment();
            publish(MessageType.FETCH_SOCKETS, ClusterMessages.fetch(options, requestId), channel);
            long timeout = options.timeoutMillis() > 0 ? options.timeoutMillis()
                    : DEFAULT_TIMEOUT_MILLIS;
            factory.worker().schedule(() -> {
                if (requests.remove(requestId) != null) {
                    factory.counters.timeouts.increment();
                    request.timeout();
                }
            }, timeout, TimeUnit.MILLISECONDS);
            return request.result;
        }).toCompletableFuture();
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) {
            publish(MessageType.SOCKETS_JOIN, ClusterMessages.rooms(options, rooms), channel);
        }
        applyRooms(options, rooms, true);
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) {
            publish(MessageType.SOCKETS_LEAVE, ClusterMessages.rooms(options, rooms), channel);
        }
        applyRooms(options, rooms, false);
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        if (!options.local()) {
            publish(MessageType.DISCONNECT_SOCKETS, ClusterMessages.disconnect(options, close),
                    channel);
        }
        local.disconnectSockets(options, close);
    }

    @Override
    public CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args,
            boolean withAck, long timeoutMillis) {
        if (!withAck) {
            publish(MessageType.SERVER_SIDE_EMIT, ClusterMessages.serverSideEmit(null, args),
                    channel);
            return CompletableFuture.completedFuture(List.of());
        }
        return refreshServerCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(List.<List<Object>>of());
            }
            String requestId = randomId();
            ClusterPending.ServerSideAcks request = new ClusterPending.ServerSideAcks(expected);
            requests.put(requestId, request); // before publishing: answers can come at once
            factory.counters.requests.increment();
            publish(MessageType.SERVER_SIDE_EMIT, ClusterMessages.serverSideEmit(requestId, args),
                    channel);
            long timeout = timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS;
            factory.worker().schedule(() -> {
                if (requests.remove(requestId) != null) {
                    factory.counters.timeouts.increment();
                    request.timeout();
                }
            }, timeout, TimeUnit.MILLISECONDS);
            return request.result;
        }).toCompletableFuture();
    }

    /** The last known number of nodes subscribed to this namespace's channel. */
    @Override
    public int serverCount() {
        refreshServerCount();
        return serverCount;
    }

    /** {@code PUBSUB SHARDNUMSUB}, asked now; completes on the worker. */
    @Override
    public CompletableFuture<Integer> countServers() {
        return refreshServerCount().toCompletableFuture().exceptionally(e -> serverCount);
    }

    /** {@code PUBSUB SHARDNUMSUB prefix#nsp#} (summed over a cluster), this node included. */
    CompletionStage<Integer> refreshServerCount() {
        return factory.channels().shardNumsub(channel).thenApplyAsync(n -> {
            serverCount = (int) (long) n;
            return serverCount;
        }, factory.worker());
    }

    // ---- the wire ----------------------------------------------------------------------------

    void publish(MessageType type, Map<String, Object> data, String target) {
        byte[] message = ClusterMessages.encode(type, data, uid, namespace.name());
        factory.channels().spublish(target, message).exceptionally(e -> {
            LOG.log(Level.WARNING, "socketio-redis: cannot publish on " + target, e);
            return 0L;
        });
    }

    /** {@code publishResponse}: to the requester's own channel {@code prefix#nsp#uid#}. */
    @Override
    public void publishResponse(String requesterUid, MessageType type, Map<String, Object> data) {
        publish(type, data, channel + requesterUid + "#");
    }

    /** The namespace this adapter serves (other nodes' messages are relayed to it). */
    NamespaceHandle namespace() {
        return namespace;
    }

    /** On the worker: a message on one of this namespace's channels. */
    void onMessage(String fromChannel, byte[] bytes) {
        try {
            ClusterMessages.Envelope message = ClusterMessages.decode(bytes);
            if (fromChannel.equals(responseChannel)) {
                onResponse(message);
            } else {
                remote.onMessage(message, null);
            }
        } catch (MessageCodecException | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "socketio-redis: ignoring a bad message on " + fromChannel, e);
        }
    }

    /** An answer to one of our requests (answers to unknown requests are ignored). */
    @Override
    public void onResponse(ClusterMessages.Envelope response) throws MessageCodecException {
        ClusterPending.answer(response, requests, ackRequests);
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> refresh = countRefresh;
        if (refresh != null) {
            refresh.cancel(false);
        }
        factory.unroute(channel, this);
        factory.unroute(responseChannel, this);
        factory.channels().sunsubscribe(channel);
        factory.channels().sunsubscribe(responseChannel);
        try {
            factory.worker().execute(() -> {
                for (String roomChannel : roomChannels) {
                    factory.unroute(roomChannel, this);
                    factory.channels().sunsubscribe(roomChannel);
                }
                roomChannels.clear();
            });
        } catch (RejectedExecutionException closing) {
            // the factory closes its connections anyway
        }
        factory.forget(this);
        for (ClusterPending p : requests.values()) {
            p.cancel();
        }
        requests.clear();
        ackRequests.clear();
    }
}
