package io.github.socketiojakarta.clusterwar;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The application of the WAR: every {@code shout} of a client is broadcast to all clients of
 * the cluster as {@code shouted}, with the same arguments. The server is the library's default
 * one (context parameters, so the Redis adapter of {@code web.xml}); it is created here, at
 * deployment, so that the WAR is connected to Redis before the first client comes, and the
 * library closes it, with its adapter, when the WAR is undeployed.
 */
@WebListener
public final class RelayListener implements ServletContextListener {
    /** For the container. */
    public RelayListener() {}

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        SocketIoServer io = SocketIo.server(sce.getServletContext());
        io.onConnection(socket -> socket.on("shout",
                e -> io.broadcast().emit("shouted", e.args().values().toArray())));
    }
}
