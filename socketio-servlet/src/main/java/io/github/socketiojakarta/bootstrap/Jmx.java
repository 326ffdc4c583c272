package io.github.socketiojakarta.bootstrap;

import io.github.socketiojakarta.metrics.ServerMBean;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;

/**
 * Registers the MBean of each server the bootstrap mounts ({@link ServerMBean}), unless the
 * context parameter {@code socketio.jmx} is {@code false}; a refusal by JMX is logged, it does
 * not stop the web application.
 */
final class Jmx {
    private static final System.Logger LOG = System.getLogger(Jmx.class.getName());

    private Jmx() {}

    /** Whether the context's servers get an MBean ({@code socketio.jmx}, default true). */
    static boolean enabled(ServletContext context) {
        String value = context.getInitParameter("socketio.jmx");
        return value == null || !"false".equalsIgnoreCase(value.trim());
    }

    /** Registers the server's MBean; returns it, or {@code null} when off or refused. */
    static ServerMBean register(ServletContext context, SocketIoServer server) {
        if (!enabled(context)) {
            return null;
        }
        try {
            return ServerMBean.register(server.metrics(), context.getContextPath(),
                    server.engine().options().path());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "the Socket.IO server's MBean could not be registered", e);
            return null;
        }
    }

    /** Unregisters it (null: nothing to do); a failure is logged. */
    static void unregister(ServerMBean bean) {
        if (bean == null) {
            return;
        }
        try {
            bean.unregister();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the Socket.IO server's MBean could not be unregistered", e);
        }
    }
}
