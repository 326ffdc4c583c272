package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.Event;
import io.github.socketiojakarta.server.Middleware;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.ObserverException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.EventContext;
import jakarta.enterprise.inject.spi.EventMetadata;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The runtime side of the CDI bridge: binds the collected observers to the context's
 * {@link SocketIoServer} when the application starts, delivers socket events to them (in
 * {@code @Priority} order, synchronous observers in the socket's order, asynchronous ones on the
 * server's worker pool), keeps the {@link SocketScoped} context, and produces the server and
 * its namespaces for injection.
 *
 * <p>Options: a bean of type {@link ServerOptions}, if the application produces one, else the
 * context's {@code socketio.*} init parameters. Adapter: a bean of type {@link AdapterFactory}
 * (e.g. a produced {@code RedisAdapterFactory}), if the application produces one, replaces the
 * options' adapter (and the {@code socketio.adapter} parameter); the application closes it
 * (a disposer method), after the server, which the dispatcher closes first. Two such beans
 * fail the deployment ({@link SocketIoExtension}). When the application scope ends, the dispatcher
 * closes the context's server first, so that {@link Disconnected} observers see every socket
 * go ({@code server shutting down}) while the container still runs, whatever the order in
 * which the servlet container stops the CDI container and the server. Thread-safe.
 */
@ApplicationScoped
public class SocketIoDispatcher {
    private static final System.Logger LOG = System.getLogger(SocketIoDispatcher.class.getName());
    private static final Comparator<SocketObserver> BY_PRIORITY =
            Comparator.comparingInt(SocketObserver::priority);

    @Inject
    SocketIoExtension extension;

    @Inject
    Instance<ServerOptions> options;

    @Inject
    Instance<AdapterFactory> adapters;

    private volatile SocketIoServer server;
    private volatile SocketScopedContext scope;
    private volatile boolean contextServer;

    /** Binds to the web application's server as soon as the application scope starts. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE)
            @Initialized(ApplicationScoped.class) Object payload) {
        if (payload instanceof ServletContext context && server == null) {
            if (options.isAmbiguous()) {
                throw new IllegalStateException("several ServerOptions beans are produced; "
                        + "the Socket.IO server needs exactly one (or none, for the servlet "
                        + "context's socketio.* parameters)");
            }
            if (adapters.isAmbiguous()) {
                throw new IllegalStateException("several AdapterFactory beans are produced; "
                        + "the Socket.IO server needs exactly one (or none)");
            }
            ServerOptions chosen = options.isResolvable() ? options.get() : null;
            AdapterFactory adapter = adapters.isResolvable() ? adapters.get() : null;
            bind(SocketIo.server(context, chosen, adapter));
            contextServer = true;
        }
    }

    /**
     * Closes the context's server while the application scope is still there: its sockets
     * disconnect and the observers hear of it (the servlet context would close the server
     * anyway, possibly after the CDI container stopped). A server given to {@link #bind} is
     * left to its owner.
     */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE)
            @BeforeDestroyed(ApplicationScoped.class) Object payload) {
        SocketIoServer s = server;
        if (s != null && contextServer) {
            s.close();
        }
    }

    /**
     * Binds the observers to a server. Called once, at start-up, by {@link #start}; callable
     * directly where there is no servlet context.
     *
     * @throws IllegalStateException when already bound to another server
     */
    public synchronized void bind(SocketIoServer io) {
        if (server != null) {
            if (server != io) {
                throw new IllegalStateException("already bound to another server");
            }
            return;
        }
        server = io;
        scope = extension.context();
        Map<String, List<SocketObserver>> byNamespace = new LinkedHashMap<>();
        for (SocketObserver o : extension.observers()) {
            byNamespace.computeIfAbsent(o.namespace(), k -> new ArrayList<>()).add(o);
        }
        byNamespace.forEach((name, list) -> bindNamespace(io, name, list));
    }

    private void bindNamespace(SocketIoServer io, String name, List<SocketObserver> list) {
        List<SocketObserver> connecting = select(list, SocketObserver.Kind.CONNECTING);
        List<SocketObserver> connected = select(list, SocketObserver.Kind.CONNECTED);
        List<SocketObserver> disconnected = select(list, SocketObserver.Kind.DISCONNECTED);
        Map<String, List<SocketObserver>> events = new LinkedHashMap<>();
        for (SocketObserver o : select(list, SocketObserver.Kind.EVENT)) {
            events.computeIfAbsent(o.event(), k -> new ArrayList<>()).add(o);
        }
        Namespace nsp = io.of(name);
        if (!connecting.isEmpty()) {
            nsp.use((socket, next) -> {
                try {
                    inScope(socket, () -> {
                        for (SocketObserver o : connecting) {
                            notify(o, socket);
                        }
                    });
                } catch (RuntimeException e) {
                    scope.end(socket);
                    Throwable cause = e instanceof ObserverException && e.getCause() != null
                            ? e.getCause() : e;
                    if (cause instanceof Middleware.Rejection r) {
                        next.reject(r.getMessage(), r.data());
                    } else {
                        LOG.log(Level.DEBUG, "a @Connecting observer refused a socket: {0}",
                                cause.toString());
                        next.reject(cause.getMessage() == null ? cause.getClass().getSimpleName()
                                : cause.getMessage());
                    }
                    return;
                }
                next.proceed();
            });
        }
        nsp.onConnection(socket -> {
            events.forEach((event, observers) ->
                    socket.on(event, e -> deliver(socket, e, observers)));
            socket.onDisconnect((s, reason) -> {
                CompletableFuture<Void> done;
                try {
                    done = deliverAll(s, disconnected, new Disconnection(s, reason));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "the disconnection of " + s.id() + " from " + name
                            + " could not be delivered", e);
                    done = CompletableFuture.completedFuture(null);
                }
                done.whenComplete((v, e) -> scope.end(s));
            });
            deliverAll(socket, connected, socket);
        });
    }

    /** Delivers an incoming event: each observer gets the first argument mapped to its type. */
    private void deliver(Socket socket, Event event, List<SocketObserver> observers) {
        Map<Type, Object> mapped = new HashMap<>(2);
        String failure = null;
        List<Runnable> later = new ArrayList<>();
        for (SocketObserver o : observers) {
            Object data;
            try {
                data = mapped.containsKey(o.payload()) ? mapped.get(o.payload())
                        : map(event, o.payload());
                mapped.put(o.payload(), data);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "event \"{0}\" on {1}: payload does not map for {2}: {3}",
                        event.name(), socket.namespace().name(), o.description(), e.getMessage());
                failure = e.getMessage();
                continue;
            }
            Incoming<Object> incoming = new Incoming<>(event, data);
            if (o.async()) {
                later.add(() -> notify(o, incoming));
            } else {
                inScope(socket, () -> safely(o, () -> notify(o, incoming)));
            }
        }
        Executor pool = server.callbackExecutor();
        for (Runnable r : later) {
            pool.execute(() -> inScope(socket, () -> safely(null, r)));
        }
        if (failure != null && event.wantsAck()) {
            // an answer, so that the client's ack does not wait for ever
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "invalid payload");
            error.put("message", failure);
            event.ack(error);
        }
    }

    private Object map(Event event, Type type) {
        if (event.args().isEmpty()) {
            return null;
        }
        return event.args().get(0, type);
    }

    /** Delivers to every observer; the future completes when the asynchronous ones are done. */
    private CompletableFuture<Void> deliverAll(Socket socket, List<SocketObserver> observers,
            Object payload) {
        List<SocketObserver> async = new ArrayList<>();
        inScope(socket, () -> {
            for (SocketObserver o : observers) {
                if (o.async()) {
                    async.add(o);
                } else {
                    safely(o, () -> notify(o, payload));
                }
            }
        });
        Executor pool = server.callbackExecutor();
        List<CompletableFuture<Void>> running = new ArrayList<>(async.size());
        for (SocketObserver o : async) {
            running.add(CompletableFuture.runAsync(
                    () -> inScope(socket, () -> safely(o, () -> notify(o, payload))), pool));
        }
        return CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * Runs a task with the socket's {@link SocketScoped} scope active. Its store is made on
     * first use while the socket is connecting or connected; afterwards a late (asynchronous)
     * observer gets a temporary one.
     */
    private void inScope(Socket socket, Runnable task) {
        scope.run(socket, socket::disconnected, task);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void notify(SocketObserver o, Object payload) {
        ObserverMethod method = o.method();
        method.notify(new EventContext<Object>() {
            @Override
            public Object getEvent() {
                return payload;
            }

            @Override
            public EventMetadata getMetadata() {
                return new EventMetadata() {
                    @Override
                    public Set<Annotation> getQualifiers() {
                        return method.getObservedQualifiers();
                    }

                    @Override
                    public InjectionPoint getInjectionPoint() {
                        return null;
                    }

                    @Override
                    public Type getType() {
                        return method.getObservedType();
                    }
                };
            }
        });
    }

    private static void safely(SocketObserver o, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "observer " + (o == null ? "" : o.description()) + " failed", e);
        }
    }

    private static List<SocketObserver> select(List<SocketObserver> all, SocketObserver.Kind kind) {
        List<SocketObserver> out = new ArrayList<>();
        for (SocketObserver o : all) {
            if (o.kind() == kind) {
                out.add(o);
            }
        }
        out.sort(BY_PRIORITY);
        return out;
    }

    /**
     * The server the observers are bound to.
     *
     * @throws IllegalStateException before the application started
     */
    public SocketIoServer server() {
        SocketIoServer s = server;
        if (s == null) {
            throw new IllegalStateException("the Socket.IO server is not started yet");
        }
        return s;
    }

    /** The server, for {@code @Inject SocketIoServer}. */
    @Produces
    @Dependent
    SocketIoServer produceServer() {
        return server();
    }

    /** A namespace, for {@code @Inject @OfNamespace("/chat") Namespace}. */
    @Produces
    @Dependent
    @OfNamespace
    Namespace produceNamespace(InjectionPoint ip) {
        String name = "/";
        for (Annotation a : ip.getQualifiers()) {
            if (a instanceof OfNamespace n) {
                name = n.value();
            }
        }
        return server().of(name);
    }
}
