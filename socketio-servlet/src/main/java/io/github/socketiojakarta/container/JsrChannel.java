package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.transport.WebSocketChannel;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A JSR-356 session as the engine's {@link WebSocketChannel}; async sends, never throws. */
final class JsrChannel implements WebSocketChannel {
    private final Session session;
    private final RemoteEndpoint.Async remote;

    JsrChannel(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    @Override
    public void sendText(String text, Completion completion) {
        try {
            remote.sendText(text, r -> completion.done(r.isOK() ? null : r.getException()));
        } catch (RuntimeException e) {
            completion.done(e);
        }
    }

    @Override
    public void sendBinary(byte[] data, Completion completion) {
        try {
            remote.sendBinary(ByteBuffer.wrap(data),
                    r -> completion.done(r.isOK() ? null : r.getException()));
        } catch (RuntimeException e) {
            completion.done(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code),
                    truncate(reason)));
        } catch (IOException | RuntimeException ignored) {
            // already closing
        }
    }

    /** A close reason must fit in 123 bytes of UTF-8. */
    private static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        return b.length <= 123 ? reason : new String(b, 0, 120, StandardCharsets.US_ASCII);
    }
}
