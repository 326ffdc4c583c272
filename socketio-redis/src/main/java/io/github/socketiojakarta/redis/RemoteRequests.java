package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers the requests other nodes publish on {@code key-request#nsp#}, as the Node.js classic
 * adapter's {@code onrequest} does: every ALL_ROOMS, SOCKETS, REMOTE_FETCH and BROADCAST is
 * answered (a client count even when 0), or the requester would wait for its timeout. Our own
 * requests, echoed back by Redis, are recognised by request id or uid and skipped. Runs on the
 * factory's worker thread only.
 */
final class RemoteRequests {
    private final RedisAdapter adapter;
    private final RedisAdapterFactory factory;
    private final NamespaceHandle namespace;
    private final InMemoryAdapter local;

    RemoteRequests(RedisAdapter adapter, RedisAdapterFactory factory, NamespaceHandle namespace,
            InMemoryAdapter local) {
        this.adapter = adapter;
        this.factory = factory;
        this.namespace = namespace;
        this.local = local;
    }

    void onRequest(Map<String, Object> request) throws MessageCodecException {
        String uid = ClassicMessages.optionalString(request, "uid");
        String requestId = ClassicMessages.optionalString(request, "requestId");
        boolean own = adapter.uid().equals(uid)
                || (requestId != null && adapter.own.isOwn(requestId));
        if (own) {
            return; // applied (or answered) locally already
        }
        switch (ClassicMessages.type(request)) {
            case ClassicMessages.SOCKETS -> respond(uid, ClassicMessages.socketsResponse(
                    requestId, new ArrayList<>(local.sockets(
                            ClassicMessages.strings(request.get("rooms"), "rooms")))));
            case ClassicMessages.ALL_ROOMS ->
                    respond(uid, ClassicMessages.allRoomsResponse(requestId, local.rooms()));
            case ClassicMessages.REMOTE_JOIN, ClassicMessages.REMOTE_LEAVE ->
                    onRooms(request, uid, requestId);
            case ClassicMessages.REMOTE_DISCONNECT -> onDisconnect(request, uid, requestId);
            case ClassicMessages.REMOTE_FETCH -> {
                List<Object> sockets = new ArrayList<>();
                for (SocketDetails d : local.fetchSockets(
                        ClassicMessages.options(request.get("opts"))).join()) {
                    sockets.add(Pending.Fetch.wire(d));
                }
                respond(uid, ClassicMessages.socketsResponse(requestId, sockets));
            }
            case ClassicMessages.SERVER_SIDE_EMIT -> onServerSideEmit(request, requestId);
            case ClassicMessages.BROADCAST -> onBroadcastWithAck(request, uid, requestId);
            default -> {
                // unknown or a response type: ignored, as Node.js does
            }
        }
    }

    private void onRooms(Map<String, Object> request, String uid, String requestId)
            throws MessageCodecException {
        boolean join = ClassicMessages.type(request) == ClassicMessages.REMOTE_JOIN;
        if (request.get("opts") != null) {
            BroadcastOptions o = ClassicMessages.options(request.get("opts"));
            Set<String> rooms = ClassicMessages.strings(request.get("rooms"), "rooms");
            if (join) {
                local.addSockets(o, rooms);
            } else {
                local.delSockets(o, rooms);
            }
            return;
        }
        // legacy form {sid, room}: the owner of sid answers {requestId}
        String sid = ClassicMessages.optionalString(request, "sid");
        String room = ClassicMessages.optionalString(request, "room");
        if (sid == null || room == null || namespace.socket(sid) == null) {
            return;
        }
        if (join) {
            local.addAll(sid, Set.of(room));
        } else {
            local.del(sid, room);
        }
        respond(uid, ClassicMessages.json(ClassicMessages.message("requestId", requestId)));
    }

    private void onDisconnect(Map<String, Object> request, String uid, String requestId)
            throws MessageCodecException {
        boolean close = Boolean.TRUE.equals(request.get("close"));
        if (request.get("opts") != null) {
            local.disconnectSockets(ClassicMessages.options(request.get("opts")), close);
            return;
        }
        String sid = ClassicMessages.optionalString(request, "sid");
        LocalSocket socket = sid == null ? null : namespace.socket(sid);
        if (socket != null) {
            socket.disconnect(close);
            respond(uid, ClassicMessages.json(ClassicMessages.message("requestId", requestId)));
        }
    }

    private void onServerSideEmit(Map<String, Object> request, String requestId)
            throws MessageCodecException {
        List<Object> data = ClassicMessages.data(request.get("data"));
        if (requestId == null) {
            namespace.onServerSideEvent(data, null);
            return;
        }
        AtomicBoolean called = new AtomicBoolean();
        namespace.onServerSideEvent(data, args -> {
            if (called.compareAndSet(false, true)) {
                // always on the shared response channel, like Node.js
                adapter.publish(adapter.responseChannel, ClassicMessages.serverSideEmitResponse(
                        requestId, args.isEmpty() ? null : args.get(0)));
            }
        });
    }

    private void onBroadcastWithAck(Map<String, Object> request, String uid, String requestId)
            throws MessageCodecException {
        if (requestId == null) {
            throw new MessageCodecException("a broadcast with acks needs a requestId");
        }
        Map<String, Object> packet = ClassicMessages.map(request.get("packet"), "packet");
        List<Object> data = ClassicMessages.data(packet.get("data"));
        BroadcastOptions o = ClassicMessages.options(request.get("opts"));
        long ackId = namespace.nextAckId();
        OutboundPacket outbound = namespace.encode(
                new SocketPacket.Event(namespace.name(), data, ackId));
        // Node.js passes only rooms and except on: the flags stay with the sender
        local.broadcastWithAck(outbound, ackId,
                new BroadcastOptions(o.rooms(), o.except(), false, true, true, -1),
                count -> respond(uid, ClassicMessages.clientCountResponse(requestId, count)),
                args -> respond(uid, ClassicMessages.ackResponse(requestId,
                        args.isEmpty() ? null : args.get(0))),
                () -> { });
    }

    /** {@code publishResponse}: the shared channel, or the requester's own with the option. */
    private void respond(String requesterUid, byte[] message) {
        String channel = factory.options().publishOnSpecificResponseChannel()
                && requesterUid != null
                ? adapter.responseChannel + requesterUid + "#"
                : adapter.responseChannel;
        adapter.publish(channel, message);
    }
}
