package io.github.socketiojakarta.server;

import io.github.socketiojakarta.protocol.SocketPacket;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * What a socket does with a packet from its client: an EVENT goes through the catch-all
 * listeners and the packet middlewares to the event's listeners; an ACK completes the emit that
 * asked for it. Runs in the socket's session order.
 */
final class SocketInbound {
    private static final System.Logger LOG = System.getLogger(Socket.class.getName());

    private SocketInbound() {}

    static void onPacket(Socket socket, SocketPacket packet) {
        if (packet instanceof SocketPacket.Event e) {
            onEvent(socket, e);
        } else if (packet instanceof SocketPacket.Ack a) {
            PendingAcks acks = socket.acksIfAny();
            PendingAcks.Pending p = acks == null ? null : acks.answered(a.ackId());
            if (p != null) {
                Listeners.safely(() -> p.onAck.accept(a.args()));
            }
        }
    }

    private static void onEvent(Socket socket, SocketPacket.Event packet) {
        List<Object> all = packet.args();
        Object rawName = all.get(0);
        String name = rawName instanceof String s ? s : String.valueOf(rawName);
        List<Object> rest = all.subList(1, all.size());
        Event event = new Event(socket, name,
                new Arguments(rest, socket.namespace().mapper()), packet.ackId());
        SocketExtras x = socket.extrasIfAny();
        if (x == null) {
            dispatch(socket, event);
            return;
        }
        for (Listeners.AnyListener l : x.incoming) {
            Listeners.safely(() -> l.onAny(name, rest));
        }
        List<PacketMiddleware> middlewares = x.middlewares;
        if (middlewares.isEmpty()) {
            dispatch(socket, event);
        } else {
            MiddlewareChain.run(middlewares, event, PacketMiddleware::handle,
                    socket.client()::inOrder, () -> dispatch(socket, event),
                    error -> reportError(socket, error));
        }
    }

    private static void dispatch(Socket socket, Event event) {
        if (socket.connected()) {
            socket.listeners().forEach(event.name(),
                    listener -> Listeners.safely(() -> listener.onEvent(event)));
        }
    }

    private static void reportError(Socket socket, Exception error) {
        SocketExtras x = socket.extrasIfAny();
        List<Listeners.ErrorListener> errorListeners = x == null ? List.of() : x.errors;
        if (errorListeners.isEmpty()) {
            LOG.log(Level.DEBUG, "socket {0}: packet middleware failed: {1}", socket.id(),
                    error.toString());
        }
        for (Listeners.ErrorListener l : errorListeners) {
            Listeners.safely(() -> l.onError(socket, error));
        }
    }
}
