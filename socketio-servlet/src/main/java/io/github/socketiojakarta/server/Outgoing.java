package io.github.socketiojakarta.server;

import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What every emit does first, to one socket, a broadcast or other nodes: refuse a reserved
 * event name, and put the name before the arguments. Stateless.
 */
final class Outgoing {
    private Outgoing() {}

    /** The packet's argument list: the event name, then the arguments. */
    static List<Object> eventArgs(String event, Object[] args) {
        List<Object> list = new ArrayList<>(args.length + 1);
        list.add(event);
        Collections.addAll(list, args);
        return list;
    }

    /** Tells the socket's outgoing catch-all listeners of an event it emits. */
    static void fire(Socket socket, String event, List<Object> list) {
        SocketExtras x = socket.extrasIfAny();
        if (x == null || x.outgoing.isEmpty()) {
            return;
        }
        List<Object> rest = Collections.unmodifiableList(list.subList(1, list.size()));
        for (Listeners.AnyListener l : x.outgoing) {
            Listeners.safely(() -> l.onAny(event, rest));
        }
    }

    /**
     * Tells the socket's outgoing catch-all listeners of a packet a broadcast (or another node)
     * hands it: as the reference's adapter, once per recipient. Only events are told.
     */
    static void fire(Socket socket, SocketPacket packet) {
        SocketExtras x = socket.extrasIfAny();
        if (x == null || x.outgoing.isEmpty() || !(packet instanceof SocketPacket.Event e)) {
            return;
        }
        List<Object> list = e.args();
        if (!list.isEmpty() && list.get(0) instanceof String event) {
            fire(socket, event, list);
        }
    }

    /** Refuses a null or reserved event name ({@code connect}, {@code disconnect}...). */
    static void checkReserved(String event) {
        if (event == null || SocketPacket.RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }
}
