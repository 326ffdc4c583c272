package io.github.socketiojakarta.container;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * How WebSocket connections are served, chosen when the engine's servlet is mounted: by the
 * context init parameter {@value #PARAMETER}, else the system property of the same name, else
 * by the container.
 *
 * <ul>
 *   <li>{@code servlet}: the servlet's HTTP upgrade to our own RFC 6455 connection
 *       ({@code container.upgrade}): no JSR-356 objects per connection, much less memory per
 *       idle connection. The default on Tomcat (embedded or standalone), and only there: asked
 *       for on another container, it is refused with a warning and JSR-356 serves. On WildFly
 *       38 (Undertow 2.3) it fails the container tests: a non-blocking write to Undertow's
 *       upgraded output stream sends the whole array it is given, whatever its offset and
 *       length, so clients receive corrupt frames.</li>
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
        return choose(context.getInitParameter(PARAMETER), System.getProperty(PARAMETER),
                context.getServerInfo());
    }

    /**
     * The choice for a context parameter and a system property (each {@code null} when unset)
     * on the container whose server info is given.
     *
     * @throws IllegalArgumentException naming the parameter, for an unknown value
     */
    static WebSocketImpl choose(String parameter, String property, String serverInfo) {
        String value = parameter;
        if (value == null || value.isBlank()) {
            value = property;
        }
        boolean tomcat = isTomcat(serverInfo);
        if (value == null || value.isBlank()) {
            return tomcat ? SERVLET : JSR356;
        }
        WebSocketImpl asked = switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "servlet" -> SERVLET;
            case "jsr356", "jsr-356" -> JSR356;
            default -> throw new IllegalArgumentException(PARAMETER + ": " + value
                    + " is not servlet or jsr356");
        };
        if (asked == SERVLET && !tomcat) {
            System.getLogger(WebSocketImpl.class.getName()).log(Level.WARNING,
                    "{0}=servlet is supported on Tomcat only, not on {1}: JSR-356 serves"
                            + " WebSockets here", PARAMETER, serverInfo);
            return JSR356;
        }
        return asked;
    }

    /** Whether the container is a Tomcat (its server info, as embedded Tomcat reports it too). */
    static boolean isTomcat(ServletContext context) {
        return isTomcat(context.getServerInfo());
    }

    private static boolean isTomcat(String serverInfo) {
        return serverInfo != null && serverInfo.startsWith("Apache Tomcat");
    }
}
