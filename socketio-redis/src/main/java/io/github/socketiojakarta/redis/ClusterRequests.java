package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Handles the messages other nodes publish to this namespace, as {@code ClusterAdapter#onMessage}
 * of socket.io-adapter does: our own messages (same uid) and other namespaces' are ignored;
 * broadcasts are delivered to the local sockets; socketsJoin/Leave and disconnectSockets are
 * applied; fetchSockets, server-side events with acks and broadcasts with acks are answered on
 * the requester's channel (a client count even when 0, or the requester would wait for its
 * timeout); response types go to the adapter's {@code onResponse}. With connection state
 * recovery on, a broadcast's packet gets the offset it came with as its last argument. Runs on
 * the factory's worker thread only.
 */
final class ClusterRequests {
    private final ClusterNode adapter;
    private final NamespaceHandle namespace;
    private final InMemoryAdapter local;

    ClusterRequests(ClusterNode adapter, NamespaceHandle namespace, InMemoryAdapter local) {
        this.adapter = adapter;
        this.namespace = namespace;
        this.local = local;
    }

    /**
     * Handles another node's message.
     *
     * @param offset what a broadcast's packet gets as its last argument when connection state
     *     recovery is on ({@code addOffsetIfNecessary}): the stream entry id of the Redis
     *     Streams adapter, {@code null} (JSON null: {@code undefined} in the reference) for a
     *     message that came without one
     */
    void onMessage(ClusterMessages.Envelope message, String offset) throws MessageCodecException {
        if (adapter.uid().equals(message.uid())
                || !namespace.name().equals(message.namespace()) || message.type() == null) {
            return;
        }
        switch (message.type()) {
            case BROADCAST -> onBroadcast(message, offset);
            case SOCKETS_JOIN, SOCKETS_LEAVE -> adapter.applyRooms(
                    ClusterMessages.options(message.data()),
                    ClassicMessages.strings(message.data().get("rooms"), "rooms"),
                    message.type() == MessageType.SOCKETS_JOIN);
            case DISCONNECT_SOCKETS -> local.disconnectSockets(
                    ClusterMessages.options(message.data()),
                    Boolean.TRUE.equals(message.data().get("close")));
            case FETCH_SOCKETS -> onFetch(message);
            case SERVER_SIDE_EMIT -> onServerSideEmit(message);
            case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_CLIENT_COUNT,
                    BROADCAST_ACK -> adapter.onResponse(message);
            case INITIAL_HEARTBEAT, HEARTBEAT, ADAPTER_CLOSE -> {
                // heartbeat adapters only: not part of the sharded adapter's protocol
            }
        }
    }

    /** A broadcast: delivered locally; with a request id, counted and acked to the requester. */
    private void onBroadcast(ClusterMessages.Envelope message, String offset)
            throws MessageCodecException {
        List<Object> data = ClusterMessages.packetData(message.data());
        BroadcastOptions o = ClusterMessages.options(message.data());
        BroadcastOptions here = new BroadcastOptions(o.rooms(), o.except(), o.isVolatile(), true,
                o.compress(), -1);
        String requestId = message.requestId();
        if (requestId == null) {
            OutboundPacket packet = namespace.encode(
                new SocketPacket.Event(namespace.name(), data, SocketPacket.NO_ACK));
            if (namespace.recovery() != null && packet.recoverable(here)) {
                packet = packet.withOffset(offset);
            }
            local.broadcast(packet, here);
            return;
        }
        String requester = requester(message);
        long ackId = namespace.nextAckId();
        OutboundPacket packet = namespace.encode(
                new SocketPacket.Event(namespace.name(), data, ackId));
        local.broadcastWithAck(packet, ackId, here,
                count -> adapter.publishResponse(requester, MessageType.BROADCAST_CLIENT_COUNT,
                        ClusterMessages.clientCount(requestId, count)),
                args -> adapter.publishResponse(requester, MessageType.BROADCAST_ACK,
                        ClusterMessages.answer(requestId, args)),
                () -> { });
    }

    private void onFetch(ClusterMessages.Envelope message) throws MessageCodecException {
        String requestId = required(message);
        List<Object> sockets = new ArrayList<>();
        for (SocketDetails d : local.fetchSockets(ClusterMessages.options(message.data())).join()) {
            sockets.add(Pending.Fetch.wire(d));
        }
        adapter.publishResponse(requester(message), MessageType.FETCH_SOCKETS_RESPONSE,
                ClusterMessages.fetchResponse(requestId, sockets));
    }

    private void onServerSideEmit(ClusterMessages.Envelope message) throws MessageCodecException {
        List<Object> data = ClassicMessages.data(message.data().get("packet"));
        String requestId = message.requestId();
        if (requestId == null) {
            namespace.onServerSideEvent(data, null);
            return;
        }
        String requester = requester(message);
        AtomicBoolean called = new AtomicBoolean();
        namespace.onServerSideEvent(data, args -> {
            if (called.compareAndSet(false, true)) { // only one answer per node
                adapter.publishResponse(requester, MessageType.SERVER_SIDE_EMIT_RESPONSE,
                        ClusterMessages.answer(requestId, args));
            }
        });
    }

    private static String required(ClusterMessages.Envelope message)
            throws MessageCodecException {
        String requestId = message.requestId();
        if (requestId == null) {
            throw new MessageCodecException(message.type() + " needs a requestId");
        }
        return requestId;
    }

    private static String requester(ClusterMessages.Envelope message)
            throws MessageCodecException {
        if (message.uid() == null) {
            throw new MessageCodecException("a request needs the requester's uid");
        }
        return message.uid();
    }
}
