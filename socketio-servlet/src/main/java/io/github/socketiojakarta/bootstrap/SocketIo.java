package io.github.socketiojakarta.bootstrap;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.container.EngineBinding;
import io.github.socketiojakarta.metrics.ServerMBean;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts a {@link SocketIoServer} in a web application and finds it again.
 *
 * <p>A WAR that contains this library gets a server mounted at {@code /socket.io/} by
 * {@link SocketIoInitializer} with no code. That server is created on first use, with the
 * options of the context's {@code socketio.*} init parameters, or with those an integration
 * (the CDI bridge) passes to {@link #server(ServletContext, ServerOptions)} first. The
 * application then registers its listeners, for example in a {@code @WebListener}:
 *
 * <pre>{@code
 * SocketIoServer io = SocketIo.server(sce.getServletContext());
 * io.onConnection(socket -> socket.on("chat", e -> io.emit("chat", e.args().get(0))));
 * }</pre>
 *
 * <p>Each server mounted here is registered in JMX while the web application runs
 * ({@link ServerMBean}, unregistered when it stops), unless the context parameter
 * {@code socketio.jmx} is {@code false}.
 *
 * <p>Thread-safe.
 */
public final class SocketIo {
    /** The servlet context attribute holding the context's server holder. */
    public static final String ATTRIBUTE = SocketIoServer.class.getName();

    private SocketIo() {}

    /**
     * Mounts a server at its path (both transports), makes it the context's server when none is
     * set yet, and closes it when the context is destroyed. Call during context start-up.
     */
    public static void install(ServletContext context, SocketIoServer server) {
        EngineBinding.install(context, server.engine());
        List<AutoCloseable> extensions = new ArrayList<>();
        if (holder(context).offer(server)) {
            try {
                ContextOptions.extend(context, server, extensions);
            } catch (RuntimeException e) {
                closeAll(extensions);
                throw e;
            }
        }
        ServerMBean bean = Jmx.register(context, server);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                Jmx.unregister(bean);
                try {
                    server.close();
                } finally {
                    closeAll(extensions);
                }
            }
        });
    }

    /**
     * Mounts the context's server at the path of the context's options, to be created on first
     * use; used by {@link SocketIoInitializer}. Call during context start-up.
     */
    static void installLazily(ServletContext context) {
        ContextOptions.checkAdapter(context);
        Holder holder = holder(context);
        String path = ContextOptions.read(context).engine().path();
        EngineBinding.mount(context, path, () -> holder.server(null, null).engine());
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                holder.close();
            }
        });
    }

    /**
     * The context's server, created now with the context's init-parameter options if it does
     * not exist yet.
     */
    public static SocketIoServer server(ServletContext context) {
        return holder(context).server(null, null);
    }

    /**
     * The context's server, created now with {@code options} if it does not exist yet (the path
     * stays the one the initializer mounted). For integrations that bring their own options,
     * like the CDI bridge; call it before the first request.
     */
    public static SocketIoServer server(ServletContext context, ServerOptions options) {
        return holder(context).server(options, null);
    }

    /**
     * The context's server, created now if it does not exist yet with {@code options} (null:
     * the context's init parameters) and {@code adapter} (null: the options' adapter, or for
     * options from the context, the one the {@code socketio.adapter} parameter names). The
     * caller keeps {@code adapter} and closes it after the server; an adapter made from the
     * context's parameters is closed with the server. For integrations, like the CDI bridge
     * with a produced {@link AdapterFactory}; call it before the first request.
     */
    public static SocketIoServer server(ServletContext context, ServerOptions options,
            AdapterFactory adapter) {
        return holder(context).server(options, adapter);
    }

    /** Closes the extensions that asked to be closed after the server; logs failures. */
    private static void closeAll(List<AutoCloseable> closeable) {
        for (AutoCloseable c : closeable) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(SocketIo.class.getName()).log(System.Logger.Level.WARNING,
                        "closing a server extension failed: " + c.getClass().getName(), e);
            }
        }
        closeable.clear();
    }

    private static Holder holder(ServletContext context) {
        synchronized (context) {
            Object h = context.getAttribute(ATTRIBUTE);
            if (h instanceof Holder holder) {
                return holder;
            }
            Holder holder = new Holder(context);
            context.setAttribute(ATTRIBUTE, holder);
            return holder;
        }
    }

    /**
     * Creates the context's server once and keeps it, with the adapter factory it made from the
     * context's parameters (closed after the server).
     */
    private static final class Holder {
        private final ServletContext context;
        private SocketIoServer server;
        private AutoCloseable ownedAdapter;
        private final List<AutoCloseable> extensions = new ArrayList<>();
        private ServerMBean bean;
        private boolean closed;

        Holder(ServletContext context) {
            this.context = context;
        }

        /** Makes {@code s} the context's server unless there is one; whether it did. */
        synchronized boolean offer(SocketIoServer s) {
            if (server == null) {
                server = s;
                return true;
            }
            return false;
        }

        synchronized SocketIoServer server(ServerOptions options, AdapterFactory adapter) {
            if (server == null) {
                if (closed) {
                    throw new IllegalStateException("the web application has stopped");
                }
                ServerOptions fromContext = ContextOptions.read(context);
                ServerOptions chosen = options == null ? fromContext : keepPath(options,
                        fromContext.engine().path());
                AdapterFactory factory = adapter;
                if (factory == null && options == null) {
                    factory = ContextOptions.adapter(context);
                    ownedAdapter = factory instanceof AutoCloseable c ? c : null;
                }
                if (factory != null) {
                    chosen = chosen.toBuilder().adapter(factory).build();
                }
                SocketIoServer created = null;
                try {
                    created = SocketIoServer.create(chosen);
                    ContextOptions.extend(context, created, extensions);
                } catch (RuntimeException e) {
                    if (created != null) {
                        created.close();
                    }
                    closeAll(extensions);
                    closeOwnedAdapter();
                    throw e;
                }
                server = created;
                bean = Jmx.register(context, server);
            }
            return server;
        }

        synchronized void close() {
            closed = true;
            Jmx.unregister(bean);
            bean = null;
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                closeAll(extensions);
                closeOwnedAdapter();
            }
        }

        private void closeOwnedAdapter() {
            AutoCloseable c = ownedAdapter;
            ownedAdapter = null;
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.getLogger(SocketIo.class.getName()).log(System.Logger.Level.WARNING,
                            "closing the adapter of the Socket.IO server failed", e);
                }
            }
        }

        private static ServerOptions keepPath(ServerOptions options, String path) {
            return options.toBuilder().engine(e -> e.path(path)).build();
        }
    }
}
