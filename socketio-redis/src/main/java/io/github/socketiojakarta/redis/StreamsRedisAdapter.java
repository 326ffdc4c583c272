package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.PersistedSession;
import io.github.socketiojakarta.adapter.RestoredSession;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of one namespace over Redis Streams, wire-compatible with the Node.js
 * {@code @socket.io/redis-streams-adapter} 0.3.x (a socket.io-adapter {@code ClusterAdapter}):
 * rooms are kept locally (an {@link InMemoryAdapter}); broadcasts without acks, socketsJoin /
 * socketsLeave and disconnectSockets are appended to the namespace's stream ({@code XADD
 * stream MAXLEN ~ maxLen * uid nsp type data}); broadcasts with acks, server-side events and
 * fetchSockets are published on the channel {@code prefix#nsp#}, answers on the requester's
 * {@code prefix#nsp#uid#} (MessagePack envelopes); {@code PUBSUB NUMSUB prefix#nsp#} counts the
 * nodes. Other nodes' messages are handled by {@link ClusterRequests}.
 *
 * <p>Connection state recovery: a stored kind of packet ({@link OutboundPacket#recoverable})
 * gets its stream entry id as its last argument, on this node (the id {@code XADD} returned;
 * the local delivery waits for it, in order) and on the others (the id they read); a
 * {@code local} broadcast is not appended and gets none. Sessions are kept with
 * {@code SET prefix<pid> base64(msgpack) PX maxDisconnectionDuration} and restored once (read
 * and deleted atomically) with the packets after the client's offset, read back from the
 * stream ({@link StreamsRecovery}).
 *
 * <p>Threading: thread-safe; SPI methods never block on Redis. Everything triggered by Redis
 * runs on the factory's worker thread.
 */
public final class StreamsRedisAdapter implements Adapter, ClusterNode {
    private static final Logger LOG = System.getLogger(StreamsRedisAdapter.class.getName());
    /** How long a local delivery waits for its offset ({@code XADD}) at most. */
    static final long OFFSET_WAIT_MILLIS = 5000;
    private static final CompletableFuture<String> NO_OFFSET =
            CompletableFuture.completedFuture(null);

    private final StreamsRedisAdapterFactory factory;
    private final NamespaceHandle namespace;
    private final InMemoryAdapter local;
    private final ClusterRequests remote;
    private final StreamsRecovery recovery;
    private final String uid = ShardedRedisAdapter.randomId();
    final String stream;
    final String channel;
    final String responseChannel;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile int serverCount = 1;
    /** The last local delivery waiting for its offset; later ones wait for it (order). */
    private CompletableFuture<Void> deliveries = CompletableFuture.completedFuture(null);
    final Map<String, ClusterPending> requests = new ConcurrentHashMap<>();
    final Map<String, ClusterPending.BroadcastAcks> ackRequests = new ConcurrentHashMap<>();

    StreamsRedisAdapter(StreamsRedisAdapterFactory factory, NamespaceHandle namespace) {
        this.factory = factory;
        this.namespace = namespace;
        this.local = new InMemoryAdapter(namespace);
        StreamsAdapterOptions o = factory.options();
        this.stream = o.streamOf(namespace.name());
        this.channel = o.channelPrefix() + "#" + namespace.name() + "#";
        this.responseChannel = channel + uid + "#";
        this.remote = new ClusterRequests(this, namespace, local);
        this.recovery = new StreamsRecovery(factory, namespace, stream);
    }

    @Override
    public String uid() {
        return uid;
    }

    String namespaceName() {
        return namespace.name();
    }

    NamespaceHandle namespace() {
        return namespace;
    }

    /** Completes once the namespace's two channels are subscribed. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Subscribes {@code prefix#nsp#} (counted by NUMSUB) and {@code prefix#nsp#uid#}. */
    @Override
    public void init() {
        factory.subscribe(this, channel, responseChannel).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(Level.ERROR, "socketio-redis: cannot subscribe " + channel, e);
                ready.completeExceptionally(e);
            } else {
                ready.complete(null);
            }
        });
    }

    // ---- rooms (local) -----------------------------------------------------------------------

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

    @Override
    public void applyRooms(BroadcastOptions options, Set<String> rooms, boolean join) {
        Set<String> ids = new LinkedHashSet<>(local.sockets(options.rooms()));
        if (!options.except().isEmpty()) {
            ids.removeAll(local.sockets(options.except()));
        }
        for (String id : ids) {
            if (join) {
                local.addAll(id, rooms);
            } else {
                for (String room : rooms) {
                    local.del(id, room);
                }
            }
        }
    }

    // ---- operations --------------------------------------------------------------------------

    @Override
    public void broadcast(OutboundPacket packet, BroadcastOptions options) {
        CompletableFuture<String> id = options.local() ? NO_OFFSET : xadd(MessageType.BROADCAST,
                ClusterMessages.broadcast(PacketArgs.of(packet), null, options));
        boolean withOffset = !options.local() && namespace.recovery() != null
                && packet.recoverable(options);
        CompletableFuture<String> offset = withOffset ? id : NO_OFFSET;
        synchronized (this) {
            // in order: after the deliveries still waiting for their offsets
            if (!deliveries.isDone() || !offset.isDone()) {
                deliveries = deliveries.thenCombineAsync(offset, (v, o) -> {
                    deliver(packet, options, o);
                    return (Void) null;
                }, factory.worker()).exceptionally(e -> null);
                return;
            }
        }
        deliver(packet, options, offset.join());
    }

    /** Delivers to this node's sockets, with the offset appended when there is one. */
    private void deliver(OutboundPacket packet, BroadcastOptions options, String offset) {
        try {
            local.broadcast(offset != null ? packet.withOffset(offset) : packet, options);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "socketio-redis: a local delivery failed", e);
        }
    }

    @Override
    public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
            IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
        if (!options.local()) {
            String requestId = ShardedRedisAdapter.randomId();
            ackRequests.put(requestId, new ClusterPending.BroadcastAcks(clientCount, onAck));
            long forgetAfter = options.timeoutMillis() > 0 ? options.timeoutMillis()
                    : ShardedRedisAdapter.DEFAULT_TIMEOUT_MILLIS;
            schedule(() -> ackRequests.remove(requestId), forgetAfter);
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
        return numsub().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(own);
            }
            String requestId = ShardedRedisAdapter.randomId();
            ClusterPending.Fetch request = new ClusterPending.Fetch(expected, own);
            requests.put(requestId, request);
            factory.counters.requests.increment();
            publish(MessageType.FETCH_SOCKETS, ClusterMessages.fetch(options, requestId), channel);
            long timeout = options.timeoutMillis() > 0 ? options.timeoutMillis()
                    : ShardedRedisAdapter.DEFAULT_TIMEOUT_MILLIS;
            schedule(() -> {
                if (requests.remove(requestId) != null) {
                    factory.counters.timeouts.increment();
                    request.timeout();
                }
            }, timeout);
            return request.result;
        });
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) {
            xadd(MessageType.SOCKETS_JOIN, ClusterMessages.rooms(options, rooms));
        }
        applyRooms(options, rooms, true);
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> rooms) {
        if (!options.local()) {
            xadd(MessageType.SOCKETS_LEAVE, ClusterMessages.rooms(options, rooms));
        }
        applyRooms(options, rooms, false);
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        if (!options.local()) {
            xadd(MessageType.DISCONNECT_SOCKETS, ClusterMessages.disconnect(options, close));
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
        return numsub().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(List.<List<Object>>of());
            }
            String requestId = ShardedRedisAdapter.randomId();
            ClusterPending.ServerSideAcks request = new ClusterPending.ServerSideAcks(expected);
            requests.put(requestId, request);
            factory.counters.requests.increment();
            publish(MessageType.SERVER_SIDE_EMIT, ClusterMessages.serverSideEmit(requestId, args),
                    channel);
            schedule(() -> {
                if (requests.remove(requestId) != null) {
                    factory.counters.timeouts.increment();
                    request.timeout();
                }
            }, timeoutMillis > 0 ? timeoutMillis : ShardedRedisAdapter.DEFAULT_TIMEOUT_MILLIS);
            return request.result;
        });
    }

    /**
     * The last known {@code PUBSUB NUMSUB prefix#nsp#}, this node included (refreshed by this
     * call, without waiting: the SPI never blocks on Redis).
     */
    @Override
    public int serverCount() {
        numsub();
        return serverCount;
    }

    /** {@code PUBSUB NUMSUB prefix#nsp#}, asked now; completes on the worker. */
    @Override
    public CompletableFuture<Integer> countServers() {
        return numsub().thenApplyAsync(n -> n, factory.worker());
    }

    /**
     * {@code PUBSUB NUMSUB prefix#nsp#}; 1 (this node alone) when Redis cannot tell. Completes
     * on Lettuce's thread.
     */
    private CompletableFuture<Integer> numsub() {
        RedisAsyncCommands<String, byte[]> redis = factory.commands();
        if (redis == null) {
            return CompletableFuture.completedFuture(1);
        }
        try {
            return redis.pubsubNumsub(channel).toCompletableFuture()
                    .thenApply(m -> {
                        Long n = m.get(channel);
                        serverCount = n == null ? 1 : (int) (long) n;
                        return serverCount;
                    }).exceptionally(e -> 1);
        } finally {
            factory.release();
        }
    }

    // ---- connection state recovery -----------------------------------------------------------

    @Override
    public void persistSession(PersistedSession session) {
        ConnectionStateRecovery settings = namespace.recovery();
        if (settings != null) {
            recovery.persist(session, settings.maxDisconnectionDuration().toMillis());
        }
    }

    @Override
    public CompletableFuture<RestoredSession> restoreSession(String pid, String offset) {
        if (namespace.recovery() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return recovery.restore(pid, offset);
    }

    // ---- the wire ----------------------------------------------------------------------------

    /** Appends a message to the stream; completes with its entry id, or null when it failed. */
    private CompletableFuture<String> xadd(MessageType type, Map<String, Object> data) {
        RedisAsyncCommands<String, byte[]> redis = factory.commands();
        if (redis == null) {
            factory.logs.log(Level.WARNING, "xadd", "socketio-redis: Redis is unreachable: "
                    + "broadcasts reach this node's sockets only");
            return CompletableFuture.completedFuture(null);
        }
        StreamsAdapterOptions o = factory.options();
        try {
            return redis.xadd(stream, io.lettuce.core.XAddArgs.Builder.maxlen(o.maxLen())
                    .approximateTrimming(), StreamMessages.entry(type, data, uid,
                            namespace.name(), o.onlyPlaintext()))
                    .toCompletableFuture()
                    .completeOnTimeout(null, OFFSET_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    .exceptionally(e -> {
                        factory.logs.log(Level.WARNING, "xadd", "socketio-redis: cannot append "
                                + "to the stream " + stream + ": " + LogLimiter.bounded(e));
                        return null;
                    });
        } catch (RuntimeException e) {
            factory.logs.log(Level.WARNING, "xadd", "socketio-redis: cannot append to the "
                    + "stream " + stream + ": " + LogLimiter.bounded(e));
            return CompletableFuture.completedFuture(null);
        } finally {
            factory.release();
        }
    }

    /** Publishes an ephemeral message or an answer (a MessagePack envelope). */
    private void publish(MessageType type, Map<String, Object> data, String target) {
        RedisAsyncCommands<String, byte[]> redis = factory.commands();
        if (redis == null) {
            factory.logs.log(Level.WARNING, "publish", "socketio-redis: Redis is unreachable: "
                    + "requests to other nodes fail");
            return;
        }
        try {
            redis.publish(target, StreamMessages.envelope(type, data, uid, namespace.name()))
                    .exceptionally(e -> {
                        factory.logs.log(Level.WARNING, "publish", "socketio-redis: cannot "
                                + "publish on " + channel + ": " + LogLimiter.bounded(e));
                        return 0L;
                    });
        } finally {
            factory.release();
        }
    }

    @Override
    public void publishResponse(String requesterUid, MessageType type, Map<String, Object> data) {
        publish(type, data, channel + requesterUid + "#");
    }

    private void schedule(Runnable task, long millis) {
        try {
            factory.worker().schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the factory is closing
        }
    }

    /** On the worker: a message on one of this namespace's channels. */
    void onPubSub(String fromChannel, byte[] bytes) {
        if (closed) {
            return;
        }
        if (bytes.length > namespace.maxHttpBufferSize()) {
            factory.logs.log(Level.WARNING, "large:" + channel, "socketio-redis: ignoring a "
                    + bytes.length + " bytes message: larger than maxHttpBufferSize");
            return;
        }
        try {
            ClusterMessages.Envelope message = StreamMessages.readEnvelope(bytes);
            if (fromChannel.equals(responseChannel)) {
                onResponse(message);
            } else {
                remote.onMessage(message, null);
            }
        } catch (MessageCodecException | IllegalArgumentException e) {
            factory.logs.log(Level.WARNING, "bad:" + channel, "socketio-redis: ignoring a "
                    + "message that is not the adapter's protocol on " + channel + ": "
                    + LogLimiter.bounded(e.getMessage()));
        }
    }

    /** On the worker: an entry of this namespace's stream, its id the offset. */
    void onEntry(Map<String, byte[]> fields, String id) {
        if (closed) {
            return;
        }
        long size = 0;
        for (byte[] v : fields.values()) {
            size += v.length;
        }
        if (size > namespace.maxHttpBufferSize()) {
            factory.logs.log(Level.WARNING, "large:" + stream, "socketio-redis: ignoring a "
                    + size + " bytes stream entry: larger than maxHttpBufferSize");
            return;
        }
        try {
            ClusterMessages.Envelope message = StreamMessages.readEntry(fields);
            if (message != null) {
                remote.onMessage(message, id);
            }
        } catch (MessageCodecException | IllegalArgumentException e) {
            factory.logs.log(Level.WARNING, "bad:" + stream, "socketio-redis: ignoring an "
                    + "entry of " + stream + " that is not the adapter's protocol: "
                    + LogLimiter.bounded(e.getMessage()));
        }
    }

    @Override
    public void onResponse(ClusterMessages.Envelope response) throws MessageCodecException {
        ClusterPending.answer(response, requests, ackRequests);
    }

    /**
     * Unsubscribes and fails what waits for answers. Sessions persisted afterwards (the
     * server's last disconnections) are still written while the factory is open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        factory.unsubscribe(this, channel, responseChannel);
        factory.forget(this);
        for (ClusterPending p : requests.values()) {
            p.cancel();
        }
        requests.clear();
        ackRequests.clear();
    }
}
