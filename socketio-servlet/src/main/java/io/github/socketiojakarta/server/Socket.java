package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    private static final Object[] NO_LISTENERS = {};
    private static final VarHandle DATA;
    private static final VarHandle LISTENERS;
    private static final VarHandle ANY_LISTENERS;
    private static final VarHandle ANY_OUTGOING;
    private static final VarHandle MIDDLEWARES;
    private static final VarHandle DISCONNECTING;
    private static final VarHandle DISCONNECTED;
    private static final VarHandle ERROR_LISTENERS;
    private static final VarHandle ACKS;
    private static final VarHandle ACK_IDS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DATA = l.findVarHandle(Socket.class, "data", Map.class);
            LISTENERS = l.findVarHandle(Socket.class, "listeners", Object[].class);
            ANY_LISTENERS = l.findVarHandle(Socket.class, "anyListeners", List.class);
            ANY_OUTGOING = l.findVarHandle(Socket.class, "anyOutgoing", List.class);
            MIDDLEWARES = l.findVarHandle(Socket.class, "middlewares", List.class);
            DISCONNECTING = l.findVarHandle(Socket.class, "disconnecting", List.class);
            DISCONNECTED = l.findVarHandle(Socket.class, "disconnected", List.class);
            ERROR_LISTENERS = l.findVarHandle(Socket.class, "errorListeners", List.class);
            ACKS = l.findVarHandle(Socket.class, "acks", Map.class);
            ACK_IDS = l.findVarHandle(Socket.class, "ackIds", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final Namespace namespace;
    private final Client client;
    private final Handshake handshake;
    // An idle socket uses none of the following, and there may be many thousands of them: each
    // is created on first use (published with a compare-and-set, so concurrent first uses agree
    // on one instance) and stays null until then. The event listeners are an immutable flat
    // table [event, listeners, event, listeners...] (a listeners value is one EventListener or
    // an EventListener[] of several), searched linearly (a socket listens to a few events) and
    // replaced as a whole (compare-and-set) on each change: read on every event, written rarely.
    private volatile Map<String, Object> data;
    private volatile Object[] listeners = NO_LISTENERS;
    private volatile List<Listeners.AnyListener> anyListeners;
    private volatile List<Listeners.AnyListener> anyOutgoing;
    private volatile List<PacketMiddleware> middlewares;
    private volatile List<Listeners.DisconnectListener> disconnecting;
    private volatile List<Listeners.DisconnectListener> disconnected;
    private volatile List<Listeners.ErrorListener> errorListeners;
    private volatile Map<Long, PendingAck> acks;
    /** The next ack id this socket asks its client for: a per-socket counter from 0. */
    private volatile long ackIds;
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
        Map<String, Object> d = data;
        return d != null ? d : created(DATA, new ConcurrentHashMap<>());
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
        changeListeners(event, registered -> {
            int n = registered == null ? 0 : registered.length;
            Listeners.EventListener[] more = registered == null
                    ? new Listeners.EventListener[1] : Arrays.copyOf(registered, n + 1);
            more[n] = listener;
            return more;
        });
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
        changeListeners(event, registered -> {
            if (registered == null) {
                return null;
            }
            for (int i = 0; i < registered.length; i++) {
                if (registered[i] == listener || registered[i] instanceof OnceListener once
                        && once.listener == listener) {
                    Listeners.EventListener[] fewer =
                            new Listeners.EventListener[registered.length - 1];
                    System.arraycopy(registered, 0, fewer, 0, i);
                    System.arraycopy(registered, i + 1, fewer, i, fewer.length - i);
                    return fewer;
                }
            }
            return registered;
        });
        return this;
    }

    /** Removes every listener of an event. */
    public Socket off(String event) {
        changeListeners(event, registered -> null);
        return this;
    }

    /**
     * Replaces the listeners of one event by {@code change} of them (null: none registered;
     * returning null or an empty array removes the event), retrying if another thread changed
     * the table meanwhile.
     */
    private void changeListeners(String event,
            java.util.function.UnaryOperator<Listeners.EventListener[]> change) {
        while (true) {
            Object[] current = listeners;
            int i = indexOf(current, event);
            Listeners.EventListener[] before = i < 0 ? null : asArray(current[i + 1]);
            Listeners.EventListener[] after = change.apply(before);
            if (after == before) {
                return;
            }
            Object[] next;
            if (after == null || after.length == 0) {
                if (i < 0) {
                    return;
                }
                next = new Object[current.length - 2];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 2, next, i, next.length - i);
            } else {
                Object value = after.length == 1 && after[0] != null ? after[0] : after;
                if (i < 0) {
                    next = Arrays.copyOf(current, current.length + 2);
                    next[current.length] = event;
                    next[current.length + 1] = value;
                } else {
                    next = current.clone();
                    next[i + 1] = value;
                }
            }
            if (LISTENERS.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    /** Where {@code event} is in a listener table, or -1. */
    private static int indexOf(Object[] table, String event) {
        for (int i = 0; i < table.length; i += 2) {
            if (event.equals(table[i])) {
                return i;
            }
        }
        return -1;
    }

    private static Listeners.EventListener[] asArray(Object value) {
        return value instanceof Listeners.EventListener[] several ? several
                : new Listeners.EventListener[] {(Listeners.EventListener) value};
    }

    /** Sees every incoming event before its listeners. */
    public Socket onAny(Listeners.AnyListener listener) {
        list(anyListeners, ANY_LISTENERS).add(listener);
        return this;
    }

    /** Removes a catch-all listener. */
    public Socket offAny(Listeners.AnyListener listener) {
        List<Listeners.AnyListener> l = anyListeners;
        if (l != null) {
            l.remove(listener);
        }
        return this;
    }

    /** Sees every event this socket emits, before it is sent. */
    public Socket onAnyOutgoing(Listeners.AnyListener listener) {
        list(anyOutgoing, ANY_OUTGOING).add(listener);
        return this;
    }

    /** Removes an outgoing catch-all listener. */
    public Socket offAnyOutgoing(Listeners.AnyListener listener) {
        List<Listeners.AnyListener> l = anyOutgoing;
        if (l != null) {
            l.remove(listener);
        }
        return this;
    }

    /** Adds per-packet middleware, run for each incoming event in order. */
    public Socket use(PacketMiddleware middleware) {
        list(middlewares, MIDDLEWARES).add(middleware);
        return this;
    }

    /** Told just before the socket leaves its rooms on disconnect ({@code disconnecting}). */
    public Socket onDisconnecting(Listeners.DisconnectListener listener) {
        list(disconnecting, DISCONNECTING).add(listener);
        return this;
    }

    /** Told once the socket disconnected ({@code disconnect}), with the reason. */
    public Socket onDisconnect(Listeners.DisconnectListener listener) {
        list(disconnected, DISCONNECTED).add(listener);
        return this;
    }

    /** Told when a packet middleware fails an event. */
    public Socket onError(Listeners.ErrorListener listener) {
        list(errorListeners, ERROR_LISTENERS).add(listener);
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
        long ackId = nextAckId();
        OutboundPacket packet = namespace.encode(
                new SocketPacket.Event(namespace.name(), list, ackId));
        PendingAck pending = new PendingAck(
                values -> future.complete(new Arguments(values, namespace.mapper())),
                () -> future.completeExceptionally(
                        new DisconnectedException("socket " + id + " disconnected")));
        Map<Long, PendingAck> acks = acks();
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
        for (Listeners.DisconnectListener l : orEmpty(disconnecting)) {
            safely(() -> l.onDisconnect(this, reason));
        }
        connected = false;
        namespace.adapter().delAll(id);
        namespace.remove(this);
        client.remove(this);
        // an ack registered from now on sees connected == false and fails itself
        Map<Long, PendingAck> acks = this.acks;
        if (acks != null) {
            List<PendingAck> pending = new ArrayList<>(acks.values());
            acks.clear();
            for (PendingAck p : pending) {
                p.cancelTimer();
                safely(p.onGone);
            }
        }
        for (Listeners.DisconnectListener l : orEmpty(disconnected)) {
            safely(() -> l.onDisconnect(this, reason));
        }
    }

    /** An EVENT or ACK packet for this socket, in the session's order. */
    void onPacket(SocketPacket packet) {
        if (packet instanceof SocketPacket.Event e) {
            onEvent(e);
        } else if (packet instanceof SocketPacket.Ack a) {
            Map<Long, PendingAck> acks = this.acks;
            PendingAck p = acks == null ? null : acks.remove(a.ackId());
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
        for (Listeners.AnyListener l : orEmpty(anyListeners)) {
            safely(() -> l.onAny(name, rest));
        }
        runMiddlewares(event, 0);
    }

    private void runMiddlewares(Event event, int index) {
        List<PacketMiddleware> middlewares = orEmpty(this.middlewares);
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
        Object[] table = listeners;
        int i = indexOf(table, event.name());
        if (i < 0) {
            return;
        }
        if (table[i + 1] instanceof Listeners.EventListener[] several) {
            for (Listeners.EventListener listener : several) {
                safely(() -> listener.onEvent(event));
            }
        } else {
            Listeners.EventListener one = (Listeners.EventListener) table[i + 1];
            safely(() -> one.onEvent(event));
        }
    }

    private void reportError(Exception error) {
        List<Listeners.ErrorListener> errorListeners = orEmpty(this.errorListeners);
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

    /** The ack id for the next packet that asks this socket's client for one. */
    private long nextAckId() {
        return (long) ACK_IDS.getAndAdd(this, 1L);
    }

    /**
     * Stops waiting for the ack of broadcast {@code broadcastId} (it timed out); its callbacks
     * are dropped.
     */
    void forgetBroadcastAck(long broadcastId) {
        Map<Long, PendingAck> acks = this.acks;
        if (acks == null) {
            return;
        }
        for (Map.Entry<Long, PendingAck> e : acks.entrySet()) {
            PendingAck p = e.getValue();
            if (p.broadcastId == broadcastId && acks.remove(e.getKey(), p)) {
                p.cancelTimer();
            }
        }
    }

    /** How many acks this socket still waits for (for tests and diagnostics). */
    int pendingAcks() {
        Map<Long, PendingAck> acks = this.acks;
        return acks == null ? 0 : acks.size();
    }

    // ----------------------------------------------------------------- helpers

    private void fireOutgoing(String event, List<Object> list) {
        List<Listeners.AnyListener> anyOutgoing = this.anyOutgoing;
        if (anyOutgoing == null || anyOutgoing.isEmpty()) {
            return;
        }
        List<Object> rest = Collections.unmodifiableList(list.subList(1, list.size()));
        for (Listeners.AnyListener l : anyOutgoing) {
            safely(() -> l.onAny(event, rest));
        }
    }

    /** The pending acks, created on first use. */
    private Map<Long, PendingAck> acks() {
        Map<Long, PendingAck> a = acks;
        return a != null ? a : created(ACKS, new ConcurrentHashMap<>());
    }

    /**
     * Publishes {@code fresh} in the lazily created field {@code field} unless another thread
     * did first; returns the field's value either way.
     */
    @SuppressWarnings("unchecked")
    private <T> T created(VarHandle field, T fresh) {
        Object witness = field.compareAndExchange(this, null, fresh);
        return witness == null ? fresh : (T) witness;
    }

    /** The lazily created listener list {@code current}, held in {@code field}. */
    private <T> List<T> list(List<T> current, VarHandle field) {
        return current != null ? current : created(field, new CopyOnWriteArrayList<T>());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
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
        /** The broadcast this ack belongs to, or {@link SocketPacket#NO_ACK}. */
        final long broadcastId;
        volatile ScheduledFuture<?> timer;

        PendingAck(Consumer<List<Object>> onAck, Runnable onGone) {
            this(onAck, onGone, SocketPacket.NO_ACK);
        }

        PendingAck(Consumer<List<Object>> onAck, Runnable onGone, long broadcastId) {
            this.onAck = onAck;
            this.onGone = onGone;
            this.broadcastId = broadcastId;
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
            // under an id of this socket's own: the broadcast's id is only the broadcast's
            long own = nextAckId();
            PendingAck p = new PendingAck(onAck, onGone, ackId);
            Map<Long, PendingAck> acks = acks();
            acks.put(own, p);
            if (!Socket.this.deliver(packet.withAckId(own), false) && acks.remove(own, p)) {
                safely(onGone);
            }
        }

        @Override
        public void disconnect(boolean close) {
            Socket.this.disconnect(close);
        }

        @Override
        public SocketDetails details() {
            Map<String, Object> d = data;
            return new SocketDetails(id, handshake.toMap(), rooms(),
                    d == null ? Map.of() : Map.copyOf(d));
        }
    }
}
