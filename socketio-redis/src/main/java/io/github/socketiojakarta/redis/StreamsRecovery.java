package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.PersistedSession;
import io.github.socketiojakarta.adapter.RestoredSession;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connection state recovery of the Redis Streams adapter, as {@code persistSession} /
 * {@code restoreSession} of {@code @socket.io/redis-streams-adapter} 0.3.1: a session is
 * {@code SET sessionKeyPrefix<pid> base64(msgpack{sid,pid,rooms,data}) PX
 * maxDisconnectionDuration}; restoring checks the offset's form (a stream entry id), reads and
 * deletes the session in one step (a script doing {@code GET} then {@code DEL}, as the
 * reference's {@code MULTI}; when the offset exists but the session does not, once more 300 ms
 * later, for a client that came back before its old connection's session was written), checks
 * that the offset is still in the stream ({@code XRANGE offset offset}), then reads the stream after it in pages of 100 (at most 100 pages, the
 * reference's bound) and keeps the broadcasts of this namespace that reach the session's rooms,
 * each with its entry id appended. Anything missing or failing gives {@code null}: the client
 * gets a new session. Thread-safe.
 */
final class StreamsRecovery {
    /** GET then DEL, atomically (works on every Redis version, as MULTI GET DEL does). */
    private static final String GET_DEL =
            "local v = redis.call('GET', KEYS[1]) redis.call('DEL', KEYS[1]) return v";
    private static final int PAGE = 100;
    private static final int MAX_PAGES = 100;
    private static final long RESTORE_TIMEOUT_MILLIS = 5000;
    /** How long a restore waits before looking for a session not written yet, once. */
    static final long LATE_SESSION_MILLIS = 300;

    private final StreamsRedisAdapterFactory factory;
    private final NamespaceHandle namespace;
    private final String stream;

    StreamsRecovery(StreamsRedisAdapterFactory factory, NamespaceHandle namespace,
            String stream) {
        this.factory = factory;
        this.namespace = namespace;
        this.stream = stream;
    }

    void persist(PersistedSession session, long ttlMillis) {
        RedisAsyncCommands<String, byte[]> redis = factory.commands();
        if (redis == null) {
            factory.logs.log(Level.WARNING, "persist", "socketio-redis: Redis is unreachable: "
                    + "the sessions of disconnected sockets are not kept");
            return;
        }
        byte[] value;
        try {
            value = StreamMessages.session(session);
        } catch (IllegalArgumentException e) {
            factory.logs.log(Level.WARNING, "persist-data", "socketio-redis: a session is not "
                    + "kept, its data cannot be written as MessagePack: "
                    + LogLimiter.bounded(e.getMessage()));
            return;
        }
        try {
            CompletableFuture<String> write = redis.set(
                    factory.options().sessionKeyPrefix() + session.pid(), value,
                    SetArgs.Builder.px(ttlMillis)).toCompletableFuture();
            if (!factory.track(write)) {
                factory.logs.log(Level.WARNING, "persist-many", "socketio-redis: too many "
                        + "sessions being written at once; some are not waited for at close");
            }
            write.exceptionally(e -> {
                factory.logs.log(Level.WARNING, "persist", "socketio-redis: cannot keep a "
                        + "session: " + LogLimiter.bounded(e));
                return null;
            });
        } catch (RuntimeException e) {
            factory.logs.log(Level.WARNING, "persist", "socketio-redis: cannot keep a session: "
                    + LogLimiter.bounded(e));
        } finally {
            factory.release();
        }
    }

    CompletableFuture<RestoredSession> restore(String pid, String offset) {
        if (!StreamMessages.OFFSET.matcher(offset).matches()) {
            return CompletableFuture.completedFuture(null);
        }
        RedisAsyncCommands<String, byte[]> redis = factory.commands();
        if (redis == null) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            String key = factory.options().sessionKeyPrefix() + pid;
            CompletableFuture<byte[]> session = getDel(redis, key);
            CompletableFuture<List<StreamMessage<String, byte[]>>> found = redis.xrange(stream,
                    Range.create(offset, offset)).toCompletableFuture();
            return found.thenCompose(at -> at.isEmpty() ? CompletableFuture.completedFuture(null)
                    : session.thenCompose(raw -> raw != null
                            ? CompletableFuture.completedFuture(raw) : getDelLater(key)))
                    .thenApply(raw -> {
                if (raw == null) {
                    return (PersistedSession) null;
                }
                try {
                    return StreamMessages.readSession(raw);
                } catch (MessageCodecException e) {
                    factory.logs.log(Level.WARNING, "restore-bad", "socketio-redis: a stored "
                            + "session cannot be read: " + LogLimiter.bounded(e.getMessage()));
                    return null;
                }
            }).thenCompose(s -> s == null ? CompletableFuture.completedFuture(null)
                    : missed(s, offset, new ArrayList<>(), 0))
                    .orTimeout(RESTORE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .exceptionally(e -> {
                        factory.logs.log(Level.WARNING, "restore", "socketio-redis: cannot "
                                + "restore a session: " + LogLimiter.bounded(e));
                        return null;
                    });
        } catch (RuntimeException e) {
            factory.logs.log(Level.WARNING, "restore", "socketio-redis: cannot restore a "
                    + "session: " + LogLimiter.bounded(e));
            return CompletableFuture.completedFuture(null);
        } finally {
            factory.release();
        }
    }

    private CompletableFuture<byte[]> getDel(RedisAsyncCommands<String, byte[]> redis,
            String key) {
        try {
            return redis.<byte[]>eval(GET_DEL, ScriptOutputType.VALUE, key).toCompletableFuture();
        } finally {
            factory.release();
        }
    }

    /**
     * The session once more, a moment later: a client may come back (to this node or another)
     * before the write of its session, made when its old connection's close was seen, has
     * reached Redis. Only when the offset was found, so an unknown offset is answered at once.
     */
    private CompletableFuture<byte[]> getDelLater(String key) {
        CompletableFuture<byte[]> later = new CompletableFuture<>();
        try {
            factory.worker().schedule(() -> {
                RedisAsyncCommands<String, byte[]> redis = factory.commands();
                if (redis == null) {
                    later.complete(null);
                } else {
                    getDel(redis, key).whenComplete((v, e) -> later.complete(e == null ? v : null));
                }
            }, LATE_SESSION_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            later.complete(null);
        }
        return later;
    }

    /** Reads one page after {@code offset}, keeps what the session missed, then the next. */
    private CompletableFuture<RestoredSession> missed(PersistedSession session, String offset,
            List<OutboundPacket> packets, int page) {
        RedisAsyncCommands<String, byte[]> redis = factory.commands();
        if (page >= MAX_PAGES) {
            return CompletableFuture.completedFuture(new RestoredSession(session, packets));
        }
        if (redis == null) {
            return CompletableFuture.failedFuture(new RedisUnavailableException("Redis is "
                    + "unreachable"));
        }
        try {
            return redis.xrange(stream, Range.create(StreamMessages.nextOffset(offset), "+"),
                    Limit.create(0, PAGE)).toCompletableFuture().thenCompose(entries -> {
                        String last = offset;
                        for (StreamMessage<String, byte[]> entry : entries) {
                            keep(session, entry, packets);
                            last = entry.getId();
                        }
                        if (entries.size() < PAGE) {
                            return CompletableFuture.completedFuture(
                                    new RestoredSession(session, packets));
                        }
                        return missed(session, last, packets, page + 1);
                    });
        } finally {
            factory.release();
        }
    }

    private void keep(PersistedSession session, StreamMessage<String, byte[]> entry,
            List<OutboundPacket> packets) {
        Map<String, byte[]> body = entry.getBody();
        byte[] nsp = body.get("nsp");
        byte[] type = body.get("type");
        if (nsp == null || type == null
                || !namespace.name().equals(new String(nsp, StandardCharsets.UTF_8))
                || !"3".equals(new String(type, StandardCharsets.UTF_8))) {
            return;
        }
        try {
            ClusterMessages.Envelope m = StreamMessages.readEntry(body);
            var o = ClusterMessages.options(m.data());
            if (m.requestId() != null
                    || !StreamMessages.includes(session.rooms(), o.rooms(), o.except())) {
                return;
            }
            List<Object> data = ClusterMessages.packetData(m.data());
            packets.add(namespace.encode(new SocketPacket.Event(namespace.name(), data,
                    SocketPacket.NO_ACK)).withOffset(entry.getId()));
        } catch (MessageCodecException | IllegalArgumentException e) {
            factory.logs.log(Level.WARNING, "restore-entry", "socketio-redis: skipping a stream "
                    + "entry that is not the adapter's protocol: "
                    + LogLimiter.bounded(e.getMessage()));
        }
    }
}
