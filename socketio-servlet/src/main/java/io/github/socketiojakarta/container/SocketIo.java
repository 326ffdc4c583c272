package io.github.socketiojakarta.container;

import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Mounts a {@link SocketIoServer} in a web application and finds it again.
 *
 * <p>A WAR that contains this library gets a server mounted at {@code /socket.io/} by
 * {@link SocketIoInitializer} with no code; the application then registers its listeners, for
 * example in a {@code @WebListener}:
 *
 * <pre>{@code
 * SocketIoServer io = SocketIo.server(sce.getServletContext());
 * io.onConnection(socket -> socket.on("chat", e -> io.emit("chat", e.args().get(0))));
 * }</pre>
 */
public final class SocketIo {
    /** The servlet context attribute holding the server mounted by the initializer. */
    public static final String ATTRIBUTE = SocketIoServer.class.getName();

    private SocketIo() {}

    /**
     * Mounts a server at its path (both transports), makes it the context's server when none is
     * yet, and closes it when the context is destroyed. Call during context start-up.
     */
    public static void install(ServletContext context, SocketIoServer server) {
        EngineBinding.install(context, server.engine());
        if (context.getAttribute(ATTRIBUTE) == null) {
            context.setAttribute(ATTRIBUTE, server);
        }
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                server.close();
            }
        });
    }

    /**
     * The server mounted in this context.
     *
     * @throws IllegalStateException when none is mounted
     */
    public static SocketIoServer server(ServletContext context) {
        Object s = context.getAttribute(ATTRIBUTE);
        if (!(s instanceof SocketIoServer server)) {
            throw new IllegalStateException("no Socket.IO server is mounted in this context; "
                    + "is socketio.enabled false?");
        }
        return server;
    }
}
