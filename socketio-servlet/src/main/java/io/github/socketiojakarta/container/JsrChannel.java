package io.github.socketiojakarta.container;

import io.github.socketiojakarta.container.tomcat.TomcatChannel;
import io.github.socketiojakarta.container.undertow.UndertowChannel;
import io.github.socketiojakarta.engine.binding.FrameChannel;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JSR-356 session as the engine's {@link WebSocketChannel}: a batch goes out frame by frame
 * with async sends ({@link FrameChannel}), never throws, and a close never waits for a client
 * that does not read. On Tomcat and on Undertow (WildFly), {@link #open} gives the container's
 * batched channel instead.
 *
 * <p>Threading: as {@link WebSocketChannel}; close and abort from any thread.
 */
final class JsrChannel extends FrameChannel {
    /**
     * Tomcat's per-session limit (ms) for a blocking send, which the close frame is: 20 s by
     * default. A plain JSR-356 user property: other containers ignore the key.
     */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT =
            "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private static final System.Logger LOG = System.getLogger(JsrChannel.class.getName());
    /** The plain write path was logged (once per class loader: per application). */
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private final Session session;
    private final RemoteEndpoint.Async remote;

    JsrChannel(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    /**
     * The channel for a new connection: Tomcat's or Undertow's batched one when the container is
     * one it supports (and that one's switch is on), else this plain one.
     */
    static WebSocketChannel open(Session session) {
        JsrChannel plain = new JsrChannel(session);
        WebSocketChannel tomcat = TomcatChannel.of(session, plain);
        if (tomcat != null) {
            return tomcat;
        }
        WebSocketChannel undertow = UndertowChannel.of(session, plain);
        if (undertow != null) {
            return undertow;
        }
        String name = plain.remote.getClass().getName();
        if (!name.startsWith("org.apache.tomcat.websocket.")
                && !name.startsWith("io.undertow.websockets.jsr.")
                && !LOGGED.get() && LOGGED.compareAndSet(false, true)) {
            // Tomcat's and Undertow's channels log their own decision
            LOG.log(System.Logger.Level.INFO, "WebSocket writes: plain JSR-356, frame by frame"
                    + " (neither Tomcat nor Undertow: {0})", name);
        }
        return plain;
    }

    @Override
    protected void sendText(String text, Completion completion) {
        try {
            remote.sendText(text, r -> completion.done(r.isOK() ? null : r.getException()));
        } catch (RuntimeException e) {
            completion.done(e);
        }
    }

    @Override
    protected void sendBinary(byte[] data, Completion completion) {
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

    /**
     * The close frame could only follow the send in progress, and the container would block
     * this thread (the application's, e.g. a broadcast's) until its blocking-send timeout (20 s
     * on Tomcat). With no time to wait, Tomcat drops the connection at once instead.
     */
    @Override
    public void abort(int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, 0L);
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        close(code, reason);
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
