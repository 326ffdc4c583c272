package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.PersistedSession;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.UnaryOperator;

/**
 * A client's connection to one namespace: it receives events, emits, acknowledges, joins rooms.
 *
 * <p>Threading: listeners of one socket run one at a time, in order, never concurrently and
 * never on a container selector thread (see
 * {@link io.github.socketiojakarta.engine.CallbackDispatch}). Every method may be called from
 * any thread; emitting never blocks (packets are queued; the session's queue is bounded, see
 * {@link io.github.socketiojakarta.engine.EngineOptions#maxBufferedBytes()}). Pending acks are
 * completed exceptionally when the socket disconnects, so none is leaked.
 */
public final class Socket {
    private static final AtomicReferenceFieldUpdater<Socket, EventListeners> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(Socket.class, EventListeners.class, "listeners");
    private static final AtomicReferenceFieldUpdater<Socket, SocketExtras> EXTRAS =
            AtomicReferenceFieldUpdater.newUpdater(Socket.class, SocketExtras.class, "extras");
    private static final AtomicReferenceFieldUpdater<Socket, PendingAcks> ACKS =
            AtomicReferenceFieldUpdater.newUpdater(Socket.class, PendingAcks.class, "acks");

    private final String id;
    // the private session id: a secret between this server and the client, never shown
    private final String pid;
    // the rooms a recovered socket rejoins when it connects (null otherwise)
    private final Set<String> restoredRooms;
    private final Namespace namespace;
    private final Client client;
    private final Handshake handshake;
    // There may be many thousands of sockets, most of them idle: what they rarely use is created
    // on first use (published with a compare-and-set, so concurrent first uses agree on one
    // instance) and stays null until then. The listener table starts as the shared empty one.
    private volatile EventListeners listeners = EventListeners.NONE;
    private volatile SocketExtras extras;
    private volatile PendingAcks acks;
    private final LocalSocket local = new LocalSocketView(this);
    private volatile boolean connected;
    private volatile boolean closed;

    Socket(Namespace namespace, Client client, Handshake handshake) {
        this.id = client.newSocketId(namespace.name());
        this.pid = namespace.recovery() == null || client.legacy() ? null
                : EngineServer.newSessionId();
        this.restoredRooms = null;
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
    }

    /** A socket recovered from a session: the same ids, rooms (joined on connect) and data. */
    Socket(Namespace namespace, Client client, Handshake handshake, PersistedSession session) {
        this.id = session.sid();
        this.pid = session.pid();
        this.restoredRooms = session.rooms();
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        if (!session.data().isEmpty()) {
            Map<String, Object> d = data();
            synchronized (d) {
                d.putAll(session.data());
            }
        }
    }

    /** The socket id: random, distinct from the Engine.IO session id. */
    public String id() {
        return id;
    }

    /** The namespace. */
    public Namespace namespace() {
        return namespace;
    }

    /** The handshake: request details and the auth payload. */
    public Handshake handshake() {
        return handshake;
    }

    /** Per-socket data shown by fetchSockets: ordered, nulls allowed; see {@link SocketExtras}. */
    public Map<String, Object> data() {
        return extras().data();
    }

    /** Whether the socket is connected. */
    public boolean connected() {
        return connected;
    }

    /**
     * Whether the socket has disconnected. Unlike {@code !connected()}, this is false while the
     * socket is still connecting (in middleware); once true it stays true.
     */
    public boolean disconnected() {
        return closed;
    }

    /**
     * Whether this socket was recovered (connection state recovery): its client lost its
     * connection and came back within the window, and got the same id, rooms and data, and the
     * packets it missed, before its CONNECT reply. Always false when recovery is off.
     */
    public boolean recovered() {
        return restoredRooms != null;
    }

    /** The Engine.IO session id of the underlying connection. */
    public String connectionId() {
        return client.session().id();
    }

    /** The transport the connection currently uses ({@code polling} or {@code websocket}). */
    public String transport() {
        return client.session().transport().wireName();
    }

    // ----------------------------------------------------------------- listening

    /** Listens to an event. Reserved names (connect, disconnect...) are refused. */
    public Socket on(String event, Listeners.EventListener listener) {
        Outgoing.checkReserved(event);
        changeListeners(event, registered -> EventListeners.plus(registered, listener));
        return this;
    }

    /** Listens to an event with its first argument mapped to {@code type} (JSON-B). */
    public <T> Socket on(String event, Class<T> type, Listeners.TypedEventListener<T> listener) {
        return on(event, e -> listener.onEvent(
                e.args().isEmpty() ? null : e.args().get(0, type), e));
    }

    /**
     * Listens to the next occurrence of an event only. Until then, {@link #off(String,
     * Listeners.EventListener)} with the same listener removes it, as in Node.js.
     */
    public Socket once(String event, Listeners.EventListener listener) {
        return on(event, new EventListeners.Once(this, event, listener));
    }

    /** Removes a listener (one registration of it, made with {@link #on} or {@link #once}). */
    public Socket off(String event, Listeners.EventListener listener) {
        changeListeners(event, registered -> EventListeners.minus(registered, listener));
        return this;
    }

    /** Removes every listener of an event. */
    public Socket off(String event) {
        changeListeners(event, registered -> null);
        return this;
    }

    /** Applies a change to the listener table, retrying if another thread changed it meanwhile. */
    private void changeListeners(String event, UnaryOperator<Listeners.EventListener[]> change) {
        while (true) {
            EventListeners current = listeners;
            EventListeners next = current.changed(event, change);
            if (next == current || LISTENERS.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    /** Sees every incoming event before its listeners. */
    public Socket onAny(Listeners.AnyListener listener) {
        extras().addIncoming(listener);
        return this;
    }

    /** Removes a catch-all listener. */
    public Socket offAny(Listeners.AnyListener listener) {
        SocketExtras x = extras;
        if (x != null) {
            x.removeIncoming(listener);
        }
        return this;
    }

    /** Sees every event this socket emits, before it is sent. */
    public Socket onAnyOutgoing(Listeners.AnyListener listener) {
        extras().addOutgoing(listener);
        return this;
    }

    /** Removes an outgoing catch-all listener. */
    public Socket offAnyOutgoing(Listeners.AnyListener listener) {
        SocketExtras x = extras;
        if (x != null) {
            x.removeOutgoing(listener);
        }
        return this;
    }

    /** Adds per-packet middleware, run for each incoming event in order. */
    public Socket use(PacketMiddleware middleware) {
        extras().addMiddleware(middleware);
        return this;
    }

    /** Told just before the socket leaves its rooms on disconnect ({@code disconnecting}). */
    public Socket onDisconnecting(Listeners.DisconnectListener listener) {
        extras().addDisconnecting(listener);
        return this;
    }

    /** Told once the socket disconnected ({@code disconnect}), with the reason. */
    public Socket onDisconnect(Listeners.DisconnectListener listener) {
        extras().addDisconnected(listener);
        return this;
    }

    /** Told when a packet middleware fails an event. */
    public Socket onError(Listeners.ErrorListener listener) {
        extras().addError(listener);
        return this;
    }

    // ----------------------------------------------------------------- emitting

    /**
     * Sends an event to this client. Arguments are JSON-able values: strings, numbers,
     * booleans, null, maps, lists, arrays, records and beans (JSON-B), JSON-P values, and
     * {@code byte[]}/{@code ByteBuffer} for binary: as arguments or anywhere inside maps, lists
     * and arrays. Inside records and beans JSON-B writes {@code byte[]} as an array of numbers,
     * so put binary in a map (or pass it as its own argument) to send it as binary.
     *
     * @return whether it was queued (false once disconnected)
     * @throws IllegalArgumentException for a reserved event name or an argument that cannot be
     *     written as JSON
     */
    public boolean emit(String event, Object... args) {
        return SocketEmitter.emit(this, false, event, args);
    }

    /**
     * Sends an event and waits for the client's ack, without a time limit (see
     * {@link #timeout} for one). The future fails with {@link DisconnectedException} if the
     * socket disconnects first.
     */
    public CompletableFuture<Arguments> emitWithAck(String event, Object... args) {
        return SocketEmitter.emitWithAck(this, null, false, event, args);
    }

    /**
     * An emitter to this socket whose {@link SocketEmitter#emitWithAck} waits at most
     * {@code timeout} for the ack, then fails with {@link AckTimeoutException}.
     */
    public SocketEmitter timeout(Duration timeout) {
        return new SocketEmitter(this, null, false).timeout(timeout);
    }

    /**
     * An emitter to this socket whose packets are dropped instead of queued when the connection
     * is not ready to write.
     */
    public SocketEmitter asVolatile() {
        return new SocketEmitter(this, null, true);
    }

    /** A broadcast to rooms, leaving this socket out. */
    public BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    /** Same as {@link #to}. */
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /** A broadcast to the namespace except these rooms and this socket. */
    public BroadcastOperator except(String... rooms) {
        return broadcast().except(rooms);
    }

    /** A broadcast to every other socket of the namespace. */
    public BroadcastOperator broadcast() {
        return namespace.broadcast().except(id);
    }

    // ----------------------------------------------------------------- rooms

    /**
     * Joins rooms. Refused once disconnected (no state comes back).
     *
     * @return whether the socket joined
     */
    public boolean join(String... rooms) {
        if (!connected) {
            return false;
        }
        namespace.adapter().addAll(id, new LinkedHashSet<>(Arrays.asList(rooms)));
        if (!connected) {
            namespace.adapter().delAll(id); // disconnected meanwhile: undo
            return false;
        }
        return true;
    }

    /** Leaves a room. */
    public void leave(String room) {
        namespace.adapter().del(id, room);
    }

    /** The rooms the socket is in (its own id among them while connected). */
    public Set<String> rooms() {
        return Collections.unmodifiableSet(namespace.adapter().socketRooms(id));
    }

    // ----------------------------------------------------------------- disconnecting

    /**
     * Disconnects this socket ("server namespace disconnect"); with {@code close}, closes the
     * whole connection and every socket on it.
     */
    public void disconnect(boolean close) {
        client.inOrder(() -> {
            if (!connected) {
                return;
            }
            if (close) {
                client.disconnectAll();
            } else {
                client.send(namespace.encode(new SocketPacket.Disconnect(namespace.name())), false);
                onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
            }
        });
    }

    /** Same as {@code disconnect(false)}. */
    public void disconnect() {
        disconnect(false);
    }

    // ----------------------------------------------------------------- package: lifecycle

    /** Called in the session's order once middleware passed. */
    void onConnect() {
        connected = true;
        if (restoredRooms == null) {
            namespace.adapter().addAll(id, Set.of(id));
        } else {
            Set<String> rooms = new LinkedHashSet<>();
            rooms.add(id);
            rooms.addAll(restoredRooms);
            namespace.adapter().addAll(id, rooms);
        }
        Map<String, Object> answer = new LinkedHashMap<>(); // none for a v2 client
        answer.put("sid", id);
        if (pid != null) {
            answer.put("pid", pid);
        }
        client.send(namespace.encode(new SocketPacket.Connect(namespace.name(),
                client.legacy() ? null : answer)), false);
    }

    /** Called in the session's order: leaves rooms, fails acks, tells listeners. */
    void onClose(DisconnectReason reason) {
        if (!connected || closed) {
            return;
        }
        closed = true;
        SocketExtras x = extras;
        List<Listeners.DisconnectListener> disconnecting = x == null ? List.of() : x.disconnecting;
        for (Listeners.DisconnectListener l : disconnecting) {
            Listeners.safely(() -> l.onDisconnect(this, reason));
        }
        connected = false;
        if (pid != null && reason.recoverable()) {
            Map<String, Object> d = dataIfAny();
            namespace.adapter().persistSession(new PersistedSession(id, pid,
                    namespace.adapter().socketRooms(id),
                    d == null ? Map.of() : SocketExtras.copyOfData(d)));
        }
        namespace.adapter().delAll(id);
        namespace.remove(this);
        client.remove(this);
        // an ack registered from now on sees connected == false and fails itself
        PendingAcks acks = this.acks;
        if (acks != null) {
            for (PendingAcks.Pending p : acks.drain()) {
                Listeners.safely(p.onGone);
            }
        }
        x = extras;
        List<Listeners.DisconnectListener> disconnected = x == null ? List.of() : x.disconnected;
        for (Listeners.DisconnectListener l : disconnected) {
            Listeners.safely(() -> l.onDisconnect(this, reason));
        }
    }

    /** An EVENT or ACK packet for this socket, in the session's order. */
    void onPacket(SocketPacket packet) {
        SocketInbound.onPacket(this, packet);
    }

    /** The listener table (for {@link SocketInbound}). */
    EventListeners listeners() {
        return listeners;
    }

    /** The rarely used state, or null if nothing created it yet. */
    SocketExtras extrasIfAny() {
        return extras;
    }

    /** The pending acks, or null if nothing created them yet. */
    PendingAcks acksIfAny() {
        return acks;
    }

    boolean sendAck(long ackId, Object[] values) {
        if (!connected) {
            return false;
        }
        return client.send(namespace.encode(new SocketPacket.Ack(namespace.name(),
                new ArrayList<>(Arrays.asList(values)), ackId)), false);
    }

    boolean deliver(OutboundPacket packet, boolean isVolatile) {
        return connected && client.send(packet, isVolatile);
    }

    Client client() {
        return client;
    }

    /** The data map, or null if nothing created it yet. */
    Map<String, Object> dataIfAny() {
        SocketExtras x = extras;
        return x == null ? null : x.dataIfAny();
    }

    LocalSocket local() {
        return local;
    }

    /**
     * Stops waiting for the ack of broadcast {@code broadcastId} (it timed out); its callbacks
     * are dropped.
     */
    void forgetBroadcastAck(long broadcastId) {
        PendingAcks acks = this.acks;
        if (acks != null) {
            acks.forgetBroadcast(broadcastId);
        }
    }

    /** How many acks this socket still waits for (for tests and diagnostics). */
    int pendingAcks() {
        PendingAcks acks = this.acks;
        return acks == null ? 0 : acks.size();
    }

    // ----------------------------------------------------------------- helpers

    /** The rarely used state, created on first use. */
    private SocketExtras extras() {
        SocketExtras x = extras;
        return x != null ? x : created(EXTRAS, new SocketExtras());
    }

    /** The pending acks, created on first use. */
    PendingAcks acks() {
        PendingAcks a = acks;
        return a != null ? a : created(ACKS, new PendingAcks());
    }

    /**
     * Publishes {@code fresh} in the lazily created field {@code field} unless another thread
     * did first; returns the field's value either way.
     */
    private <T> T created(AtomicReferenceFieldUpdater<Socket, T> field, T fresh) {
        return field.compareAndSet(this, null, fresh) ? fresh : field.get(this);
    }

    @Override
    public String toString() {
        return "Socket[" + id + " " + namespace.name() + "]";
    }
}
