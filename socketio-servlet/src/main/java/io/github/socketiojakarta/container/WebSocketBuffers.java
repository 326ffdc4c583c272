package io.github.socketiojakarta.container;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;

/**
 * Lowers Tomcat's default WebSocket message buffers for the web application that mounts an
 * engine. Tomcat gives every WebSocket session a text buffer (8192 characters: a 16 kB array)
 * and a binary buffer (8192 bytes), allocated when the connection opens and kept for its life:
 * a third of what an idle connection costs on a stock Tomcat. The engine's endpoint takes
 * messages in parts and joins them up to maxHttpBufferSize, so these buffers do not bound the
 * size of its messages, and 1024 is enough.
 *
 * <p>The defaults belong to the web application (Tomcat's context parameters
 * {@code org.apache.tomcat.websocket.textBufferSize} and {@code binaryBufferSize}), so they
 * are lowered only where the application has not set that parameter itself: an application
 * with its own endpoints that take whole messages longer than 1 kB sets the parameters (in
 * {@code web.xml}) and keeps its sizes; the engine's endpoint then still shrinks its text
 * buffer per session. Other containers are left as they are.
 */
final class WebSocketBuffers {
    private static final System.Logger LOG = System.getLogger(WebSocketBuffers.class.getName());
    static final String TEXT_PARAM = "org.apache.tomcat.websocket.textBufferSize";
    static final String BINARY_PARAM = "org.apache.tomcat.websocket.binaryBufferSize";

    private WebSocketBuffers() {}

    /** Lowers the defaults of the context's WebSocket container (call once it exists). */
    static void lowerDefaults(ServletContext context) {
        Object attr = context.getAttribute(ServerContainer.class.getName());
        if (!(attr instanceof ServerContainer container)
                || !container.getClass().getName().startsWith("org.apache.tomcat.websocket.")) {
            return;
        }
        int size = EngineEndpoint.MESSAGE_BUFFER;
        if (context.getInitParameter(TEXT_PARAM) == null
                && container.getDefaultMaxTextMessageBufferSize() > size) {
            container.setDefaultMaxTextMessageBufferSize(size);
        }
        if (context.getInitParameter(BINARY_PARAM) == null
                && container.getDefaultMaxBinaryMessageBufferSize() > size) {
            container.setDefaultMaxBinaryMessageBufferSize(size);
        }
        LOG.log(Level.DEBUG, "WebSocket message buffers of this application: text {0}, binary {1}",
                container.getDefaultMaxTextMessageBufferSize(),
                container.getDefaultMaxBinaryMessageBufferSize());
    }
}
