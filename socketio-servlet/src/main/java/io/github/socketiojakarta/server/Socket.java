package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * A client's connection to one namespace: it receives events, emits, acknowledges, joins rooms.
 *
 * <p>Threading: listeners of one socket run one at a time, in order, never concurrently and
 * never on a container I/O thread. Every method may be called from any thread; emitting never
 * blocks (packets are queued; the session's queue is bounded, see
 * {@link io.github.socketiojakarta.engine.EngineOptions#maxBufferedBytes()}). Pending acks are
 * completed exceptionally when the socket disconnects, so none is leaked.
 */
public final class Socket {
    private static final System.Logger LOG = System.getLogger(Socket.class.getName());

    private final String id;
    private final Namespace namespace;
    private final Client client;
    private final Handshake handshake;
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final Map<String, List<Listeners.EventListener>> listeners = new ConcurrentHashMap<>();
    private final List<Listeners.AnyListener> anyListeners = new CopyOnWriteArrayList<>();
    private final List<Listeners.AnyListener> anyOutgoing = new CopyOnWriteArrayList<>();
    private final List<PacketMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Listeners.DisconnectListener> disconnecting = new CopyOnWriteArrayList<>();
    private final List<Listeners.DisconnectListener> disconnected = new CopyOnWriteArrayList<>();
    private final List<Listeners.ErrorListener> errorListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, PendingAck> acks = new ConcurrentHashMap<>();
    private final LocalSocket local = new Local();
    private volatile boolean connected;
    private volatile boolean closed;

    Socket(Namespace namespace, Client client, Handshake handshake) {
        this.id = EngineServer.newSessionId();
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
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

    /** The application's per-socket data (thread-safe map; shown by fetchSockets). */
    public Map<String, Object> data() {
        return data;
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

    /** Always false: connection state recovery is not enabled. */
    public boolean recovered() {
        return false;
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
        checkReserved(event);
        listeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(listener);
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
        return on(event, new OnceListener(event, listener));
    }

    /** Removes a listener (one registration of it, made with {@link #on} or {@link #once}). */
    public Socket off(String event, Listeners.EventListener listener) {
        List<Listeners.EventListener> l = listeners.get(event);
        if (l != null) {
            for (Listeners.EventListener registered : l) {
                if (registered == listener || registered instanceof OnceListener once
                        && once.listener == listener) {
                    l.remove(registered);
                    break;
                }
            }
        }
        return this;
    }

    /** Removes every listener of an event. */
    public Socket off(String event) {
        listeners.remove(event);
        return this;
    }

    /** Sees every incoming event before its listeners. */
    public Socket onAny(Listeners.AnyListener listener) {
        anyListeners.add(listener);
        return this;
    }

    /** Removes a catch-all listener. */
    public Socket offAny(Listeners.AnyListener listener) {
        anyListeners.remove(listener);
        return this;
    }

    /** Sees every event this socket emits, before it is sent. */
    public Socket onAnyOutgoing(Listeners.AnyListener listener) {
        anyOutgoing.add(listener);
        return this;
    }

    /** Removes an outgoing catch-all listener. */
    public Socket offAnyOutgoing(Listeners.AnyListener listener) {
        anyOutgoing.remove(listener);
        return this;
    }

    /** Adds per-packet middleware, run for each incoming event in order. */
    public Socket use(PacketMiddleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** Told just before the socket leaves its rooms on disconnect ({@code disconnecting}). */
    public Socket onDisconnecting(Listeners.DisconnectListener listener) {
        disconnecting.add(listener);
        return this;
    }

    /** Told once the socket disconnected ({@code disconnect}), with the reason. */
    public Socket onDisconnect(Listeners.DisconnectListener listener) {
        disconnected.add(listener);
        return this;
    }

    /** Told when a packet middleware fails an event. */
    public Socket onError(Listeners.ErrorListener listener) {
        errorListeners.add(listener);
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
        checkReserved(event);
        List<Object> list = eventArgs(event, args);
        fireOutgoing(event, list);
        return deliver(namespace.encode(new SocketPacket.Event(namespace.name(), list)), false);
    }

    /**
     * Sends an event and waits for the client's ack, without a time limit. The future fails
     * with {@link DisconnectedException} if the socket disconnects first.
     */
    public CompletableFuture<Arguments> emitWithAck(String event, Object... args) {
        return emitWithAck(null, event, args);
    }

    /**
     * Sends an event and waits up to {@code timeout} for the client's ack; the future fails
     * with {@link AckTimeoutException} after it, or {@link DisconnectedException} if the socket
     * disconnects first.
     */
    public CompletableFuture<Arguments> emitWithAck(Duration timeout, String event,
            Object... args) {
        checkReserved(event);
        List<Object> list = eventArgs(event, args);
        CompletableFuture<Arguments> future = new CompletableFuture<>();
        long ackId = namespace.nextAckId();
        OutboundPacket packet = namespace.encode(
                new SocketPacket.Event(namespace.name(), list, ackId));
        PendingAck pending = new PendingAck(
                values -> future.complete(new Arguments(values, namespace.mapper())),
                () -> future.completeExceptionally(
                        new DisconnectedException("socket " + id + " disconnected")));
        acks.put(ackId, pending);
        if (timeout != null) {
            pending.timer = client.schedule(() -> {
                if (acks.remove(ackId, pending)) {
                    future.completeExceptionally(new AckTimeoutException(
                            "no ack within " + timeout.toMillis() + " ms", List.of()));
                }
            }, timeout.toMillis());
        }
        fireOutgoing(event, list);
        if (!connected || !client.send(packet, false)) {
            if (acks.remove(ackId, pending)) {
                pending.cancelTimer();
                future.completeExceptionally(new DisconnectedException("socket " + id
                        + " is not connected"));
            }
        }
        return future;
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
        return namespace.operator().except(id);
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
        namespace.adapter().addAll(id, Set.of(id));
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("sid", id);
        client.send(namespace.encode(new SocketPacket.Connect(namespace.name(), answer)), false);
    }

    /** Called in the session's order: leaves rooms, fails acks, tells listeners. */
    void onClose(DisconnectReason reason) {
        if (!connected || closed) {
            return;
        }
        closed = true;
        for (Listeners.DisconnectListener l : disconnecting) {
            safely(() -> l.onDisconnect(this, reason));
        }
        connected = false;
        namespace.adapter().delAll(id);
        namespace.remove(this);
        client.remove(this);
        List<PendingAck> pending = new ArrayList<>(acks.values());
        acks.clear();
        for (PendingAck p : pending) {
            p.cancelTimer();
            safely(p.onGone);
        }
        for (Listeners.DisconnectListener l : disconnected) {
            safely(() -> l.onDisconnect(this, reason));
        }
    }

    /** An EVENT or ACK packet for this socket, in the session's order. */
    void onPacket(SocketPacket packet) {
        if (packet instanceof SocketPacket.Event e) {
            onEvent(e);
        } else if (packet instanceof SocketPacket.Ack a) {
            PendingAck p = acks.remove(a.ackId());
            if (p != null) {
                p.cancelTimer();
                safely(() -> p.onAck.accept(a.args()));
            }
        }
    }

    private void onEvent(SocketPacket.Event packet) {
        List<Object> all = packet.args();
        Object rawName = all.get(0);
        String name = rawName instanceof String s ? s : String.valueOf(rawName);
        List<Object> rest = all.subList(1, all.size());
        Event event = new Event(this, name, new Arguments(rest, namespace.mapper()),
                packet.ackId());
        for (Listeners.AnyListener l : anyListeners) {
            safely(() -> l.onAny(name, rest));
        }
        runMiddlewares(event, 0);
    }

    private void runMiddlewares(Event event, int index) {
        if (index == middlewares.size()) {
            dispatch(event);
            return;
        }
        PacketMiddleware m = middlewares.get(index);
        java.util.concurrent.atomic.AtomicBoolean once =
                new java.util.concurrent.atomic.AtomicBoolean();
        PacketMiddleware.Next next = new PacketMiddleware.Next() {
            @Override
            public void proceed() {
                if (once.compareAndSet(false, true)) {
                    client.inOrder(() -> runMiddlewares(event, index + 1));
                }
            }

            @Override
            public void fail(Exception error) {
                if (once.compareAndSet(false, true)) {
                    client.inOrder(() -> reportError(error));
                }
            }
        };
        try {
            m.handle(event, next);
        } catch (Exception e) {
            next.fail(e);
        }
    }

    private void dispatch(Event event) {
        if (!connected) {
            return;
        }
        List<Listeners.EventListener> l = listeners.get(event.name());
        if (l == null) {
            return;
        }
        for (Listeners.EventListener listener : l) {
            safely(() -> listener.onEvent(event));
        }
    }

    private void reportError(Exception error) {
        if (errorListeners.isEmpty()) {
            LOG.log(Level.DEBUG, "socket {0}: packet middleware failed: {1}", id, error.toString());
        }
        for (Listeners.ErrorListener l : errorListeners) {
            safely(() -> l.onError(this, error));
        }
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

    LocalSocket local() {
        return local;
    }

    /** Stops waiting for an ack (its broadcast timed out); its callbacks are dropped. */
    void forgetAck(long ackId) {
        PendingAck p = acks.remove(ackId);
        if (p != null) {
            p.cancelTimer();
        }
    }

    /** How many acks this socket still waits for (for tests and diagnostics). */
    int pendingAcks() {
        return acks.size();
    }

    // ----------------------------------------------------------------- helpers

    private void fireOutgoing(String event, List<Object> list) {
        if (anyOutgoing.isEmpty()) {
            return;
        }
        List<Object> rest = Collections.unmodifiableList(list.subList(1, list.size()));
        for (Listeners.AnyListener l : anyOutgoing) {
            safely(() -> l.onAny(event, rest));
        }
    }

    static List<Object> eventArgs(String event, Object[] args) {
        List<Object> list = new ArrayList<>(args.length + 1);
        list.add(event);
        Collections.addAll(list, args);
        return list;
    }

    static void checkReserved(String event) {
        if (event == null || SocketPacket.RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed", e);
        }
    }

    @Override
    public String toString() {
        return "Socket[" + id + " " + namespace.name() + "]";
    }

    /** A listener registered with {@link #once}: removes itself before its first call. */
    private final class OnceListener implements Listeners.EventListener {
        private final String event;
        private final Listeners.EventListener listener;

        OnceListener(String event, Listeners.EventListener listener) {
            this.event = event;
            this.listener = listener;
        }

        @Override
        public void onEvent(Event e) {
            off(event, this);
            listener.onEvent(e);
        }
    }

    /** An ack this socket waits for. */
    private static final class PendingAck {
        final Consumer<List<Object>> onAck;
        final Runnable onGone;
        volatile ScheduledFuture<?> timer;

        PendingAck(Consumer<List<Object>> onAck, Runnable onGone) {
            this.onAck = onAck;
            this.onGone = onGone;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /** The adapter's view of this socket. */
    private final class Local implements LocalSocket {
        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean deliver(OutboundPacket packet, boolean isVolatile) {
            return Socket.this.deliver(packet, isVolatile);
        }

        @Override
        public void deliverWithAck(OutboundPacket packet, long ackId,
                Consumer<List<Object>> onAck, Runnable onGone) {
            PendingAck p = new PendingAck(onAck, onGone);
            acks.put(ackId, p);
            if (!Socket.this.deliver(packet, false) && acks.remove(ackId, p)) {
                safely(onGone);
            }
        }

        @Override
        public void disconnect(boolean close) {
            Socket.this.disconnect(close);
        }

        @Override
        public SocketDetails details() {
            return new SocketDetails(id, handshake.toMap(), rooms(), Map.copyOf(data));
        }
    }
}
