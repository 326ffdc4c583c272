package io.github.socketiojakarta.container;

import jakarta.servlet.ServletContext;
import java.util.Locale;

/**
 * How WebSocket connections are served, chosen when the engine's servlet is mounted: by the
 * context init parameter {@value #PARAMETER}, else the system property of the same name, else
 * by the container.
 *
 * <ul>
 *   <li>{@code servlet}: the servlet's HTTP upgrade to our own RFC 6455 connection
 *       ({@code container.upgrade}): no JSR-356 objects per connection, much less memory per
 *       idle connection. The default on Tomcat (embedded or standalone).</li>
 *   <li>{@code jsr356}: the container's JSR-356 implementation
 *       ({@code ServerContainer.upgradeHttpToWebSocket}). The default elsewhere (WildFly /
 *       Undertow, whose non-blocking listeners run on I/O threads shared by many
 *       connections).</li>
 * </ul>
 * Any other value fails the start of the web application.
 */
enum WebSocketImpl {
    /** The servlet's HTTP upgrade and our own WebSocket protocol. */
    SERVLET,
    /** The container's JSR-356 WebSocket. */
    JSR356;

    /** The context parameter, and system property, that chooses. */
    static final String PARAMETER = "socketio.websocket";

    /**
     * The implementation the context's parameter or the system property asks for, else the
     * default for the container.
     *
     * @throws IllegalArgumentException naming the parameter, for an unknown value
     */
    static WebSocketImpl choose(ServletContext context) {
        String value = context.getInitParameter(PARAMETER);
        if (value == null || value.isBlank()) {
            value = System.getProperty(PARAMETER);
        }
        if (value == null || value.isBlank()) {
            return isTomcat(context) ? SERVLET : JSR356;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "servlet" -> SERVLET;
            case "jsr356", "jsr-356" -> JSR356;
            default -> throw new IllegalArgumentException(PARAMETER + ": " + value
                    + " is not servlet or jsr356");
        };
    }

    /** Whether the container is a Tomcat (its server info, as embedded Tomcat reports it too). */
    static boolean isTomcat(ServletContext context) {
        String info = context.getServerInfo();
        return info != null && info.startsWith("Apache Tomcat");
    }
}
