package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineServer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

/**
 * Mounts an {@link EngineServer} in a servlet context: one servlet at the server's path serves
 * both transports (WebSocket through the servlet's HTTP upgrade on Tomcat, through the context's
 * JSR-356 container elsewhere; the context parameter or system property
 * {@code socketio.websocket}, {@code servlet} or {@code jsr356}, chooses), and the server is
 * closed when the context is destroyed. No JSR-356 endpoint is registered: the servlet decides
 * every upgrade itself.
 *
 * <p>Call during context start-up: from a {@code ServletContainerInitializer}, or from a
 * {@code ServletContextListener} declared in {@code web.xml} or with {@code @WebListener}.
 */
public final class EngineBinding {
    private EngineBinding() {}

    /**
     * Mounts {@code engine} at {@code engine.options().path()}.
     *
     * @throws IllegalStateException when a servlet is already mounted at that path by us
     */
    public static void install(ServletContext context, EngineServer engine) {
        mount(context, engine.options().path(), () -> engine);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                engine.close();
            }
        });
    }

    /**
     * Registers the servlet for the engine {@code engines} gives, at {@code path}, without
     * closing anything when the context ends: for a caller that creates its engine on first use
     * and owns its life (the Socket.IO bootstrap). Call during context start-up.
     *
     * @param context the servlet context being started
     * @param path the mount path, ending in {@code /}; the servlet serves {@code path*}
     * @param engines gives the engine on the first request (and the same one after that)
     * @throws IllegalStateException when a servlet is already mounted at that path by us
     * @throws IllegalArgumentException when the context parameter or system property
     *     {@code socketio.websocket} is neither {@code servlet} nor {@code jsr356}
     */
    public static void mount(ServletContext context, String path,
            java.util.function.Supplier<EngineServer> engines) {
        String name = "socketio-engine:" + path;
        // checked here, during start-up: an unknown choice fails the application's start
        WebSocketImpl webSocket = WebSocketImpl.choose(context);
        ServletRegistration.Dynamic reg = context.addServlet(name,
                new EngineServlet(engines, webSocket));
        if (reg == null) {
            throw new IllegalStateException("an engine is already mounted at " + path);
        }
        reg.setAsyncSupported(true);
        reg.setLoadOnStartup(1);
        reg.addMapping(path + "*");
    }
}
