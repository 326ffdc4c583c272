package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.json.ArgumentMapper;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Socket.IO namespace: its connection middleware and listeners, its sockets, and broadcasts
 * to them through its {@link Adapter}. A namespace created by a {@link ParentNamespace} for a
 * matching name (a dynamic namespace) also runs its parent's middleware and listeners.
 *
 * <p>The broadcast methods ({@code to}, {@code emit}, {@code fetchSockets}...) come from
 * {@link Broadcaster}.
 *
 * <p>Thread-safe. Connection listeners run in the connecting socket's session order.
 */
public sealed class Namespace implements Broadcaster permits ParentNamespace {
    private static final System.Logger LOG = System.getLogger(Namespace.class.getName());

    private final String name;
    private final SocketIoServer server;
    private final ParentNamespace parent;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Listeners.ConnectionListener> connectionListeners =
            new CopyOnWriteArrayList<>();
    private final Map<String, List<Listeners.EventListener>> serverSideListeners =
            new ConcurrentHashMap<>();
    private final List<Listeners.ConnectionListener> firstListeners =
            new CopyOnWriteArrayList<>();
    private final List<Listeners.RoomListener> joinListeners = new CopyOnWriteArrayList<>();
    private final List<Listeners.RoomListener> leaveListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ackIds = new AtomicLong();
    private final Adapter adapter;

    Namespace(String name, SocketIoServer server, ParentNamespace parent) {
        this.name = name;
        this.server = server;
        this.parent = parent;
        this.adapter = server.options().adapterFactory() == null ? null
                : server.options().adapterFactory().create(new Handle());
        if (adapter != null) {
            adapter.init();
        }
    }

    /** The name, e.g. {@code /} or {@code /chat}. */
    public String name() {
        return name;
    }

    /** The server. */
    public SocketIoServer server() {
        return server;
    }

    /** The adapter keeping this namespace's rooms. */
    public Adapter adapter() {
        return adapter;
    }

    /** The connected sockets of this namespace on this node, by id (a live, read-only view). */
    public Map<String, Socket> sockets() {
        return java.util.Collections.unmodifiableMap(sockets);
    }

    /** Adds connection middleware, run in order before each socket connects. */
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** Listens to connections ({@code connection} in the reference). */
    public Namespace onConnection(Listeners.ConnectionListener listener) {
        connectionListeners.add(listener);
        return this;
    }

    /**
     * Listens to connections before every listener added with {@link #onConnection}: the
     * reference's {@code prependListener("connection")}, for instrumentation that must see a
     * socket before the application emits to it. Those of a dynamic parent apply to its
     * children, before the children's own. Listeners added here run in the order added.
     */
    public Namespace prependConnectionListener(Listeners.ConnectionListener listener) {
        firstListeners.add(listener);
        return this;
    }

    /** Listens to this node's sockets joining rooms of this namespace; see the listener type. */
    public Namespace onRoomJoined(Listeners.RoomListener listener) {
        joinListeners.add(listener);
        return this;
    }

    /** Listens to this node's sockets leaving rooms of this namespace; see the listener type. */
    public Namespace onRoomLeft(Listeners.RoomListener listener) {
        leaveListeners.add(listener);
        return this;
    }

    /**
     * Listens to events sent by other nodes with {@link #serverSideEmit} (never from clients).
     * The listener's {@link Event#socket()} is null; {@link Event#ack} answers the sender.
     */
    public Namespace onServerSideEvent(String event, Listeners.EventListener listener) {
        serverSideListeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    // ----------------------------------------------------------------- broadcasting

    @Override
    public BroadcastOperator broadcast() {
        return new BroadcastOperator(this, BroadcastOperator.Flags.NONE);
    }

    // ----------------------------------------------------------------- package

    ArgumentMapper mapper() {
        return server.mapper();
    }

    /** Connection state recovery, or null when off. */
    io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery() {
        return server.options().connectionStateRecovery();
    }

    /** The id of a new broadcast that asks for acks (sockets count their own ack ids). */
    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    OutboundPacket encode(SocketPacket packet) {
        return server.encode(packet);
    }

    /** The namespaces a broadcast from this one reaches: itself. */
    List<Namespace> broadcastTargets() {
        return List.of(this);
    }

    /** Runs the middleware chain for a connecting socket, then connects it (session order). */
    void connect(Client client, Socket socket) {
        List<Middleware> chain = new ArrayList<>();
        if (parent != null) {
            chain.addAll(parent.middlewaresSnapshot());
        }
        chain.addAll(middlewares);
        MiddlewareChain.run(chain, socket, Middleware::handle, client::inOrder,
                () -> client.onConnected(this, socket), e -> rejected(client, e));
    }

    List<Middleware> middlewaresSnapshot() {
        return new ArrayList<>(middlewares);
    }

    /** The chain refused the socket: a {@link Middleware.Rejection} or what a step threw. */
    private void rejected(Client client, Exception e) {
        if (e instanceof Middleware.Rejection r) {
            client.onRejected(this, r.getMessage(), r.data());
        } else {
            LOG.log(Level.DEBUG, "middleware refused a socket: {0}", e.toString());
            client.onRejected(this, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage(), null);
        }
    }

    /** A socket connected: register it and tell the listeners (session order). */
    void added(Socket socket) {
        sockets.put(socket.id(), socket);
        socket.onConnect();
        if (parent != null) {
            fire(((Namespace) parent).firstListeners, socket);
        }
        fire(firstListeners, socket);
        if (parent != null) {
            parent.fireConnection(socket);
        }
        fireConnection(socket);
    }

    void fireConnection(Socket socket) {
        fire(connectionListeners, socket);
    }

    private static void fire(List<Listeners.ConnectionListener> listeners, Socket socket) {
        for (Listeners.ConnectionListener l : listeners) {
            try {
                l.onConnection(socket);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed", e);
            }
        }
    }

    void remove(Socket socket) {
        sockets.remove(socket.id(), socket);
    }

    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }

    /** The adapter's view of this namespace. */
    private final class Handle implements NamespaceHandle {
        @Override
        public String name() {
            return name;
        }

        @Override
        public int maxHttpBufferSize() {
            return server.options().engine().maxHttpBufferSize();
        }

        @Override
        public void batched(Runnable task) {
            server.engine().batched(task);
        }

        @Override
        public io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery() {
            return Namespace.this.recovery();
        }

        @Override
        public OutboundPacket encode(SocketPacket packet) {
            return Namespace.this.encode(packet);
        }

        @Override
        public boolean watchesRooms() {
            return !joinListeners.isEmpty() || !leaveListeners.isEmpty();
        }

        @Override
        public void roomJoined(String room, String socketId) {
            for (Listeners.RoomListener l : joinListeners) {
                Listeners.safely(() -> l.onRoom(room, socketId));
            }
        }

        @Override
        public void roomLeft(String room, String socketId) {
            for (Listeners.RoomListener l : leaveListeners) {
                Listeners.safely(() -> l.onRoom(room, socketId));
            }
        }

        @Override
        public LocalSocket socket(String id) {
            Socket s = sockets.get(id);
            return s == null ? null : s.local();
        }

        @Override
        public Collection<? extends LocalSocket> sockets() {
            List<LocalSocket> out = new ArrayList<>(sockets.size());
            for (Socket s : sockets.values()) {
                out.add(s.local());
            }
            return out;
        }

        @Override
        public long nextAckId() {
            return Namespace.this.nextAckId();
        }

        @Override
        public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {
            if (args.isEmpty()) {
                return;
            }
            String event = String.valueOf(args.get(0));
            List<Listeners.EventListener> l = serverSideListeners.get(event);
            if (l == null) {
                return;
            }
            // one event for every listener: the first ack answers, as in the reference
            Event e = Event.serverSide(event,
                    new Arguments(args.subList(1, args.size()), mapper()), reply);
            for (Listeners.EventListener listener : l) {
                try {
                    listener.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "server-side event listener failed", ex);
                }
            }
        }
    }
}
