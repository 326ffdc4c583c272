package io.github.socketiojakarta.server;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineListener;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.json.ArgumentMapper;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Socket.IO v5 server: namespaces, middleware, broadcasts, on top of an Engine.IO server.
 * Methods that take no namespace act on the main namespace {@code /}, as in the reference.
 *
 * <p>Create one with {@link #create(ServerOptions)}, register listeners, and mount
 * {@link #engine()} in a servlet container (the {@code container} package does it).
 *
 * <p>The broadcast methods ({@code to}, {@code emit}, {@code fetchSockets}...) come from
 * {@link Broadcaster} and act on {@code /}.
 *
 * <p>Threading: every method is thread-safe; emitting never blocks; listeners of one socket run
 * one at a time in order, never on the container's selector threads (see
 * {@link io.github.socketiojakarta.engine.CallbackDispatch}), and cannot stall heartbeats or other
 * sockets; memory per connection is bounded (see
 * {@link io.github.socketiojakarta.engine.EngineOptions}).
 */
public final class SocketIoServer implements Broadcaster, AutoCloseable {
    private final ServerOptions options;
    private final EngineServer engine;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final List<ParentNamespace> parents = new CopyOnWriteArrayList<>();
    /** The Socket.IO layer's counters (the engine keeps its own). */
    final SocketCounters counters = new SocketCounters();
    private final ServerMetrics metrics;
    private final List<Consumer<Namespace>> namespaceListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EngineSession>> openListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<EngineSession, CloseReason>> closeListeners =
            new CopyOnWriteArrayList<>();

    private SocketIoServer(ServerOptions options) {
        this.options = options;
        this.engine = new EngineServer(options.engine(), new Bridge());
        this.metrics = new Metrics(this);
        of("/");
    }

    /** A server with the default options. */
    public static SocketIoServer create() {
        return create(ServerOptions.defaults());
    }

    /** A server with these options. */
    public static SocketIoServer create(ServerOptions options) {
        return new SocketIoServer(options);
    }

    /** The options. */
    public ServerOptions options() {
        return options;
    }

    /** The Engine.IO server underneath (what the container binding mounts). */
    public EngineServer engine() {
        return engine;
    }

    /**
     * This server's numbers (connections, sockets, rooms, traffic, acks, recoveries...), read
     * live; what the JMX MBean and the Micrometer binder report.
     */
    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * The pool that runs the application's callbacks (listeners, middleware): for integrations
     * (the CDI bridge's asynchronous observers) that want their work on the same threads, stopped
     * with the server.
     */
    public Executor callbackExecutor() {
        return engine.callbackExecutor();
    }

    ArgumentMapper mapper() {
        return options.mapper();
    }

    /** Encodes a packet with the server's parser and mapper. */
    OutboundPacket encode(SocketPacket packet) {
        return OutboundPacket.encode(packet, options.parser(), options.mapper());
    }

    /** The namespace with this name, created if needed ({@code "chat"} means {@code /chat}). */
    public Namespace of(String name) {
        String n = name.startsWith("/") ? name : "/" + name;
        Namespace existing = namespaces.get(n);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        Namespace ns = namespaces.computeIfAbsent(n, k -> {
            created[0] = true;
            return new Namespace(k, this, null);
        });
        if (created[0]) {
            fireNewNamespace(ns);
        }
        return ns;
    }

    /**
     * Listens to namespaces created from now on: static ones ({@link #of(String)}) and the
     * children of dynamic ones, created when a client first connects to them (the reference's
     * {@code new_namespace} event). Namespaces that exist already are in {@link #namespaces()}.
     * Runs on the creating thread, before any socket connects to the new namespace.
     */
    public SocketIoServer onNewNamespace(Consumer<Namespace> listener) {
        namespaceListeners.add(listener);
        return this;
    }

    /**
     * Listens to Engine.IO connections opening (the reference's engine {@code connection}
     * event), before any namespace is joined. Runs on the connection's thread; must not block.
     */
    public SocketIoServer onConnectionOpen(Consumer<EngineSession> listener) {
        openListeners.add(listener);
        return this;
    }

    /**
     * Listens to Engine.IO connections closing, with the reason (the reference's engine socket
     * {@code close} event), after their sockets disconnected. Must not block.
     */
    public SocketIoServer onConnectionClose(BiConsumer<EngineSession, CloseReason> listener) {
        closeListeners.add(listener);
        return this;
    }

    private void fireNewNamespace(Namespace ns) {
        for (Consumer<Namespace> l : namespaceListeners) {
            Listeners.safely(() -> l.accept(ns));
        }
    }

    /**
     * A dynamic namespace: a child namespace is created for every requested name the matcher
     * accepts; middleware and listeners on the parent apply to all children.
     */
    public ParentNamespace of(ParentNamespace.NamespaceMatcher matcher) {
        ParentNamespace p = new ParentNamespace("/_" + parents.size(), this, matcher);
        parents.add(p);
        return p;
    }

    /** A dynamic namespace for every name the regular expression matches entirely. */
    public ParentNamespace of(Pattern pattern) {
        return of((name, auth) -> pattern.matcher(name).matches());
    }

    /** The main namespace {@code /}. */
    public Namespace sockets() {
        return of("/");
    }

    /** The namespaces that exist (static and dynamic children). */
    public Map<String, Namespace> namespaces() {
        return java.util.Collections.unmodifiableMap(namespaces);
    }

    Namespace namespaceFor(String name, Map<String, Object> auth) {
        Namespace existing = namespaces.get(name);
        if (existing != null) {
            return existing;
        }
        for (ParentNamespace p : parents) {
            if (p.matches(name, auth)) {
                synchronized (namespaces) {
                    Namespace again = namespaces.get(name);
                    if (again != null) {
                        return again;
                    }
                    Namespace child = p.createChild(name);
                    namespaces.put(name, child);
                    fireNewNamespace(child);
                    return child;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------- main namespace shortcuts

    /** Listens to connections to {@code /}. */
    public SocketIoServer onConnection(Listeners.ConnectionListener listener) {
        sockets().onConnection(listener);
        return this;
    }

    /** Adds connection middleware to {@code /}. */
    public SocketIoServer use(Middleware middleware) {
        sockets().use(middleware);
        return this;
    }

    /** The operator for every socket of {@code /}; see {@link Broadcaster}. */
    @Override
    public BroadcastOperator broadcast() {
        return sockets().broadcast();
    }

    /**
     * Stops the server: every socket disconnects with "server shutting down" (clients are told
     * and reconnect elsewhere), adapters are closed, timers and threads stop.
     */
    @Override
    public void close() {
        engine.close();
        for (Namespace n : namespaces.values()) {
            n.close();
        }
    }

    /** Receives the engine's events: the one seam between the two layers. */
    private final class Bridge implements EngineListener {
        @Override
        public void onOpen(EngineSession session) {
            Client client = new Client(SocketIoServer.this, session);
            session.attach(client);
            for (Consumer<EngineSession> l : openListeners) {
                Listeners.safely(() -> l.accept(session));
            }
            client.runAsCurrent(client::onOpen);
        }

        @Override
        public void onMessage(EngineSession session, String text) {
            Client c = (Client) session.attachment();
            c.runAsCurrent(() -> c.onText(text));
        }

        @Override
        public void onBinary(EngineSession session, byte[] data) {
            Client c = (Client) session.attachment();
            c.runAsCurrent(() -> c.onBinary(data));
        }

        @Override
        public void onClose(EngineSession session, CloseReason reason) {
            Client c = (Client) session.attachment();
            if (c != null) {
                c.runAsCurrent(() -> c.onClose(reason));
            }
            for (BiConsumer<EngineSession, CloseReason> l : closeListeners) {
                Listeners.safely(() -> l.accept(session, reason));
            }
        }
    }
}
