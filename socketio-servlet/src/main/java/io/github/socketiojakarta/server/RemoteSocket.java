package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.SocketDetails;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A socket found by {@code fetchSockets}, on this node or another: its details as they were
 * when fetched, and operations that go through the adapter. Thread-safe.
 */
public final class RemoteSocket {
    private final Namespace namespace;
    private final SocketDetails details;

    RemoteSocket(Namespace namespace, SocketDetails details) {
        this.namespace = namespace;
        this.details = details;
    }

    /** The socket id. */
    public String id() {
        return details.id();
    }

    /** The handshake as plain data (the reference's field names). */
    public Map<String, Object> handshake() {
        return details.handshake();
    }

    /** The rooms when fetched. */
    public Set<String> rooms() {
        return details.rooms();
    }

    /** The socket's data when fetched. */
    public Map<String, Object> data() {
        return details.data();
    }

    /** Emits to this socket. */
    public boolean emit(String event, Object... args) {
        return namespace.to(id()).emit(event, args);
    }

    /** Makes the socket join rooms. */
    public void join(String... rooms) {
        namespace.adapter().addSockets(only(), new LinkedHashSet<>(List.of(rooms)));
    }

    /** Makes the socket leave rooms. */
    public void leave(String... rooms) {
        namespace.adapter().delSockets(only(), new LinkedHashSet<>(List.of(rooms)));
    }

    /** Disconnects the socket. */
    public void disconnect(boolean close) {
        namespace.adapter().disconnectSockets(only(), close);
    }

    private BroadcastOptions only() {
        return BroadcastOptions.rooms(Set.of(id()));
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + id() + "]";
    }
}
