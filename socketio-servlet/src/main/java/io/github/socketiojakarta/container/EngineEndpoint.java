package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineRequest;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.WebSocketLink;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * The JSR-356 endpoint of one WebSocket connection, created by {@link EngineServlet} for a
 * request it has already checked. Messages arrive as parts (so the container's buffers stay
 * small), are joined up to maxHttpBufferSize bytes, and go to the engine; a longer message closes
 * the connection with 1009.
 *
 * <p>JSR-356 calls an endpoint's handlers one at a time; this class relies on that.
 */
final class EngineEndpoint extends Endpoint {
    private final EngineServer engine;
    private final EngineRequest request;
    private final String newSid;
    private final int limit;

    private WebSocketLink link;
    private StringBuilder text;
    private long textBytes;
    private ByteArrayOutputStream binary;
    private boolean tooBig;

    EngineEndpoint(EngineServer engine, EngineRequest request, String newSid) {
        this.engine = engine;
        this.request = request;
        this.newSid = newSid;
        this.limit = engine.options().maxHttpBufferSize();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinary);
        link = engine.openWebSocket(request, new JsrChannel(session), newSid);
    }

    private void onText(String part, boolean last) {
        if (tooBig) {
            return;
        }
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
        textBytes += utf8Length(part);
        if (textBytes > limit) {
            overLimit();
            return;
        }
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
