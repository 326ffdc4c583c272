package io.github.socketiojakarta.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a socket that most sockets never use: the application's data map, the catch-all
 * listeners, packet middleware, and the disconnecting, disconnect and error listeners. A socket
 * creates it on the first use of any of these, so an idle socket pays one null field for all.
 *
 * <p>Thread-safe: every list is immutable and replaced as a whole under this object's lock;
 * readers take the current list without locking.
 */
final class SocketExtras {
    private volatile Map<String, Object> data;
    volatile List<Listeners.AnyListener> incoming = List.of();
    volatile List<Listeners.AnyListener> outgoing = List.of();
    volatile List<PacketMiddleware> middlewares = List.of();
    volatile List<Listeners.DisconnectListener> disconnecting = List.of();
    volatile List<Listeners.DisconnectListener> disconnected = List.of();
    volatile List<Listeners.ErrorListener> errors = List.of();

    /**
     * The data map ({@link Socket#data()}), created on first use. Like the reference's
     * {@code socket.data} object, its keys keep their insertion order and its values may be
     * {@code null}; it is a synchronized map, so an application that iterates it does so inside
     * {@code synchronized (socket.data())}.
     */
    Map<String, Object> data() {
        Map<String, Object> d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    // like the reference's plain object: insertion order, null values allowed
                    d = Collections.synchronizedMap(new LinkedHashMap<>());
                    data = d;
                }
            }
        }
        return d;
    }

    /** A snapshot of a data map, taken under its lock (for fetchSockets). */
    static Map<String, Object> copyOfData(Map<String, Object> data) {
        synchronized (data) {
            return new LinkedHashMap<>(data);
        }
    }

    /** The data map, or null if nothing created it yet. */
    Map<String, Object> dataIfAny() {
        return data;
    }

    synchronized void addIncoming(Listeners.AnyListener l) {
        incoming = plus(incoming, l);
    }

    synchronized void removeIncoming(Listeners.AnyListener l) {
        incoming = minus(incoming, l);
    }

    synchronized void addOutgoing(Listeners.AnyListener l) {
        outgoing = plus(outgoing, l);
    }

    synchronized void removeOutgoing(Listeners.AnyListener l) {
        outgoing = minus(outgoing, l);
    }

    synchronized void addMiddleware(PacketMiddleware m) {
        middlewares = plus(middlewares, m);
    }

    synchronized void addDisconnecting(Listeners.DisconnectListener l) {
        disconnecting = plus(disconnecting, l);
    }

    synchronized void addDisconnected(Listeners.DisconnectListener l) {
        disconnected = plus(disconnected, l);
    }

    synchronized void addError(Listeners.ErrorListener l) {
        errors = plus(errors, l);
    }

    /** {@code list} plus {@code element}, as a new immutable list. */
    private static <E> List<E> plus(List<E> list, E element) {
        List<E> more = new ArrayList<>(list.size() + 1);
        more.addAll(list);
        more.add(element);
        return List.copyOf(more);
    }

    /** {@code list} without the first element equal to {@code element}. */
    private static <E> List<E> minus(List<E> list, E element) {
        int i = list.indexOf(element);
        if (i < 0) {
            return list;
        }
        List<E> fewer = new ArrayList<>(list);
        fewer.remove(i);
        return List.copyOf(fewer);
    }
}
