package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.Socket;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The development mode's events of this node's sockets, sent to the admin namespace (and so to
 * every admin socket of the cluster): {@code socket_connected}, {@code socket_updated} (the
 * transport after an upgrade, and the whole data after the application changed it, both seen at
 * the next statistics tick), {@code socket_disconnected},
 * {@code room_joined}, {@code room_left} (on disconnection, after {@code socket_disconnected},
 * as the reference), {@code event_received} and {@code event_sent} (not for the admin
 * namespace's own sockets). Thread-safe.
 */
final class Verbose {
    private static final System.Logger LOG = System.getLogger(Verbose.class.getName());
    private final Namespace admin;
    private final Set<Namespace> watched = ConcurrentHashMap.newKeySet();
    // the sockets connected while watched -> the rooms they left while disconnecting
    private final Map<Socket, List<String>> tracked = new ConcurrentHashMap<>();
    // the sockets whose transport was last reported as polling -> that transport
    private final Map<Socket, String> polling = new ConcurrentHashMap<>();
    // the sockets -> their data as last reported (a DataSnapshot)
    private final Map<Socket, Object> reported = new ConcurrentHashMap<>();

    Verbose(Namespace admin) {
        this.admin = admin;
    }

    /** Sends the events of this namespace's sockets from now on (once per namespace). */
    void watch(Namespace n) {
        if (!watched.add(n)) {
            return;
        }
        // before the application's listeners, so that what they emit is seen
        n.prependConnectionListener(socket -> connected(n, socket));
        n.onRoomJoined((room, id) -> admin.emit("room_joined", n.name(), room, id,
                Serialized.now()));
        n.onRoomLeft((room, id) -> {
            Socket s = n.sockets().get(id);
            List<String> later = s == null ? null : tracked.get(s);
            if (later != null && s.disconnected()) {
                synchronized (later) {
                    later.add(room); // sent after socket_disconnected
                }
            } else {
                admin.emit("room_left", n.name(), room, id, Serialized.now());
            }
        });
    }

    /** Reports the sockets whose connection upgraded since the last call. */
    void checkUpgrades() {
        for (Map.Entry<Socket, String> e : polling.entrySet()) {
            Socket s = e.getKey();
            String now = s.transport();
            if (!now.equals(e.getValue()) && polling.remove(s, e.getValue())) {
                Map<String, Object> data = s.data();
                synchronized (data) {
                    // unless the application replaced the data (as the reference, no new key)
                    data.computeIfPresent(Serialized.ADMIN_KEY,
                            (k, v) -> Serialized.adminData(s, now));
                }
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("id", s.id());
                update.put("nsp", s.namespace().name());
                update.put("transport", now);
                admin.emit("socket_updated", update);
            }
        }
    }

    /**
     * Reports the sockets whose data changed since the last call (or their connection):
     * {@code socket_updated} with the whole new data. Costs a copy of each socket's data (at most
     * {@link DataSnapshot#MAX_NODES} values; larger data is not watched).
     */
    void checkData() {
        for (Map.Entry<Socket, Object> e : reported.entrySet()) {
            Socket s = e.getKey();
            Object last = e.getValue();
            if (last == DataSnapshot.TOO_LARGE) {
                continue;
            }
            Object now = DataSnapshot.of(s.data());
            if (now == null || now.equals(last) || !reported.replace(s, last, now)) {
                continue; // changing right now (seen next time), unchanged, or gone
            }
            if (now == DataSnapshot.TOO_LARGE) {
                LOG.log(Level.DEBUG, "the data of socket {0} is too large to watch", s.id());
                continue;
            }
            Map<String, Object> data = s.data();
            Map<String, Object> copy;
            synchronized (data) {
                copy = Serialized.data(data);
            }
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("id", s.id());
            update.put("nsp", s.namespace().name());
            update.put("data", copy);
            admin.emit("socket_updated", update);
        }
    }

    private void connected(Namespace n, Socket socket) {
        String transport = socket.transport();
        Map<String, Object> data = socket.data();
        synchronized (data) {
            // seen by other nodes' fetchSockets, as the reference keeps it
            data.put(Serialized.ADMIN_KEY, Serialized.adminData(socket, transport));
        }
        tracked.put(socket, new ArrayList<>(2));
        Object first = DataSnapshot.of(data);
        reported.put(socket, first == null ? Map.of() : first);
        if (!transport.equals("websocket")) {
            polling.put(socket, transport);
        }
        admin.emit("socket_connected", Serialized.local(socket), Serialized.now());
        if (n != admin) {
            socket.onAny((event, args) -> admin.emit("event_received", n.name(), socket.id(),
                    eventArgs(event, args), Serialized.now()));
            socket.onAnyOutgoing((event, args) -> admin.emit("event_sent", n.name(),
                    socket.id(), eventArgs(event, args), Serialized.now()));
        }
        socket.onDisconnect((s, reason) -> {
            polling.remove(s);
            reported.remove(s);
            List<String> rooms = tracked.remove(s);
            admin.emit("socket_disconnected", n.name(), s.id(), reason.reason(),
                    Serialized.now());
            if (rooms != null) {
                synchronized (rooms) {
                    for (String room : rooms) {
                        admin.emit("room_left", n.name(), room, s.id(), Serialized.now());
                    }
                }
            }
        });
    }

    private static List<Object> eventArgs(String event, List<Object> args) {
        List<Object> out = new ArrayList<>(args.size() + 1);
        out.add(event);
        out.addAll(args);
        return out;
    }
}
