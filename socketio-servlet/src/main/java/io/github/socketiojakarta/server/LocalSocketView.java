package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The adapter's view of one {@link Socket}: what a broadcast needs of it and nothing more.
 * Thread-safe, as the socket.
 */
final class LocalSocketView implements LocalSocket {
    private final Socket socket;

    LocalSocketView(Socket socket) {
        this.socket = socket;
    }

    @Override
    public String id() {
        return socket.id();
    }

    @Override
    public boolean deliver(OutboundPacket packet, boolean isVolatile) {
        if (socket.connected()) {
            Outgoing.fire(socket, packet.packet());
        }
        return socket.deliver(packet, isVolatile);
    }

    @Override
    public void deliverWithAck(OutboundPacket packet, long ackId,
            Consumer<List<Object>> onAck, Runnable onGone) {
        // under an id of this socket's own: the broadcast's id is only the broadcast's
        if (socket.connected()) {
            Outgoing.fire(socket, packet.packet());
        }
        PendingAcks acks = socket.acks();
        long own = acks.nextId();
        PendingAcks.Pending p = new PendingAcks.Pending(onAck, onGone, ackId);
        acks.put(own, p);
        if (!socket.deliver(packet.withAckId(own), false) && acks.remove(own, p)) {
            Listeners.safely(onGone);
        }
    }

    @Override
    public void disconnect(boolean close) {
        socket.disconnect(close);
    }

    @Override
    public SocketDetails details() {
        Map<String, Object> d = socket.dataIfAny();
        return new SocketDetails(socket.id(), socket.handshake().toMap(), socket.rooms(),
                d == null ? Map.of() : SocketExtras.copyOfData(d));
    }
}
