package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineRequest;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.binding.WebSocketLink;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The JSR-356 endpoint of one WebSocket connection, created by {@link EngineServlet} for a
 * request it has already checked. Messages arrive as parts (so the container's buffers stay
 * small: on Tomcat it shrinks them, see {@link #smallBuffers}), are joined up to maxHttpBufferSize bytes, and go to the engine; a longer message closes
 * the connection with 1009.
 *
 * <p>It is also the {@link ServerEndpointConfig} of its own upgrade: the container keeps the
 * config for the life of the connection, and a separate config object per connection (with its
 * user-properties map and lists) would be memory per idle connection. Its configurator is made
 * on each call and holds nothing but this endpoint; its user properties are an empty map, as the
 * container gives each session its own copy.
 *
 * <p>For the same reason it is its own handler of text parts.
 *
 * <p>JSR-356 calls an endpoint's handlers one at a time; this class relies on that.
 */
final class EngineEndpoint extends Endpoint
        implements ServerEndpointConfig, MessageHandler.Partial<String> {
    /**
     * The size of Tomcat's per-session message buffers for this endpoint (characters for text,
     * bytes for binary): a longer message arrives in parts of this size. Packets of most
     * applications fit in one part.
     */
    static final int MESSAGE_BUFFER = 1024;
    private static final String TOMCAT_WEBSOCKET = "org.apache.tomcat.websocket.";

    private final EngineServer engine;
    /** What {@link #onOpen} needs, dropped there. */
    private Opening opening;

    private WebSocketLink link;
    private StringBuilder text;
    private int textBytes;
    private ByteArrayOutputStream binary;
    private boolean tooBig;

    private record Opening(EngineRequest request, String newSid) {}

    /**
     * @param newSid the id of the session this connection opens, or {@code null} when it
     *     upgrades an existing one (the request's sid)
     */
    EngineEndpoint(EngineServer engine, EngineRequest request, String newSid) {
        this.engine = engine;
        this.opening = new Opening(request, newSid);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0);
        smallBuffers(session);
        session.addMessageHandler(String.class, this); // text parts: onMessage
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
        Opening o = opening;
        opening = null;
        link = engine.openWebSocket(o.request(), JsrChannel.open(session), o.newSid());
    }

    /**
     * On Tomcat, shrinks this session's message buffers (by default 8192 characters of text, a
     * 16 kB array, and 8192 bytes of binary, held for the life of every connection) to
     * {@link #MESSAGE_BUFFER} unless the application configured smaller ones. They do not bound
     * the size of a message here: the handlers take messages in parts and join them up to
     * maxHttpBufferSize. Tomcat allocated the default buffers before {@code onOpen}; it replaces
     * them by buffers of the new size when the next message begins (the client's first packet),
     * so an idle connection keeps only the small ones. Other containers are left as they are.
     */
    private static void smallBuffers(Session session) {
        if (!session.getClass().getName().startsWith(TOMCAT_WEBSOCKET)) {
            return;
        }
        if (session.getMaxTextMessageBufferSize() > MESSAGE_BUFFER) {
            session.setMaxTextMessageBufferSize(MESSAGE_BUFFER);
        }
        if (session.getMaxBinaryMessageBufferSize() > MESSAGE_BUFFER) {
            session.setMaxBinaryMessageBufferSize(MESSAGE_BUFFER);
        }
    }

    /** A part of a text message (the endpoint is its own text handler: one object less). */
    @Override
    public void onMessage(String part, boolean last) {
        if (tooBig) {
            return;
        }
        int limit = limit();
        if (last && text == null) {
            if (utf8Length(part) > limit) {
                overLimit();
                return;
            }
            link.onText(part);
            return;
        }
        if (text == null) {
            text = new StringBuilder(Math.min(limit, Math.max(part.length() * 2, 64)));
            textBytes = 0;
        }
        long bytes = textBytes + utf8Length(part);
        if (bytes > limit) {
            overLimit();
            return;
        }
        textBytes = (int) bytes;
        text.append(part);
        if (last) {
            String message = text.toString();
            text = null;
            link.onText(message);
        }
    }

    private void onBinary(ByteBuffer part, boolean last) {
        if (tooBig) {
            return;
        }
        int limit = limit();
        if (last && binary == null) {
            if (part.remaining() > limit) {
                overLimit();
                return;
            }
            byte[] data = new byte[part.remaining()];
            part.get(data);
            link.onBinary(data);
            return;
        }
        if (binary == null) {
            binary = new ByteArrayOutputStream(Math.max(part.remaining() * 2, 64));
        }
        if (binary.size() + (long) part.remaining() > limit) {
            overLimit();
            return;
        }
        byte[] chunk = new byte[part.remaining()];
        part.get(chunk);
        binary.write(chunk, 0, chunk.length);
        if (last) {
            byte[] data = binary.toByteArray();
            binary = null;
            link.onBinary(data);
        }
    }

    private void overLimit() {
        tooBig = true;
        text = null;
        binary = null;
        link.onTooBig();
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (link != null) {
            link.onClose();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        if (link == null) {
            return;
        }
        if (error instanceof EOFException) {
            // the peer closed the TCP connection without a close frame (a client process that
            // exits): a close, "transport close", as the reference server reports it
            link.onClose();
        } else {
            link.onError(error);
        }
    }

    private int limit() {
        return engine.options().maxHttpBufferSize();
    }

    // ServerEndpointConfig: the config of this endpoint's own upgrade

    @Override
    public Class<?> getEndpointClass() {
        return EngineEndpoint.class;
    }

    @Override
    public String getPath() {
        return engine.options().path();
    }

    @Override
    public List<String> getSubprotocols() {
        return List.of();
    }

    @Override
    public List<Extension> getExtensions() {
        return List.of();
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return List.of();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return List.of();
    }

    /** None: the container copies these into each session's own map, which stays writable. */
    @Override
    public Map<String, Object> getUserProperties() {
        return Collections.emptyMap();
    }

    @Override
    public ServerEndpointConfig.Configurator getConfigurator() {
        return new Configurator(this);
    }

    /** The upgrade's configurator: made per call, kept by nobody. */
    private static final class Configurator extends ServerEndpointConfig.Configurator {
        private final EngineEndpoint endpoint;

        Configurator(EngineEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> type) {
            return type.cast(endpoint);
        }

        @Override
        public boolean checkOrigin(String origin) {
            return true; // checked by the servlet before the upgrade
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return ""; // none supported (what the container's default gives for none)
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed,
                List<Extension> requested) {
            return new ArrayList<>(); // no permessage-deflate: memory per connection
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                HandshakeResponse response) {
            Opening o = endpoint.opening;
            var cookie = endpoint.engine.options().cookie();
            if (o != null && o.newSid() != null && cookie != null) {
                response.getHeaders().put("Set-Cookie", List.of(cookie.header(o.newSid())));
            }
        }
    }

    private static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return n;
    }
}
