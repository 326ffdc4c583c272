package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.transport.WebSocketChannel;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A JSR-356 session as the engine's {@link WebSocketChannel}; async sends, never throws, and a
 * close that never waits for a client that does not read.
 */
final class JsrChannel implements WebSocketChannel {
    /**
     * Tomcat's per-session limit (ms) for a blocking send, which the close frame is: 20 s by
     * default. Other containers ignore the key.
     */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT =
            "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final Session session;
    private final RemoteEndpoint.Async remote;
    /** Tomcat's internals (non-blocking flush, pre-encoded text), or null on other containers. */
    private final TomcatRemote tomcat;
    private final Object tomcatEndpoint;

    JsrChannel(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.tomcat = TomcatRemote.of(remote);
        this.tomcatEndpoint = tomcat == null ? null : tomcat.implementation(remote);
    }

    @Override
    public boolean batching() {
        return tomcat != null;
    }

    @Override
    public boolean sendsUtf8() {
        return tomcat != null;
    }

    @Override
    public void sendUtf8Text(byte[] utf8, Completion completion) {
        Throwable failed = tomcat.sendText(tomcatEndpoint, utf8,
                r -> completion.done(r.isOK() ? null : r.getException()));
        if (failed != null) {
            completion.done(failed);
        }
    }

    @Override
    public void beginBatch() {
        try {
            remote.setBatchingAllowed(true);
        } catch (IOException | RuntimeException ignored) {
            // the sends fail then, and report it
        }
    }

    /**
     * Writes the batch without blocking; once written, batching is turned off again, so that
     * what the container sends by itself (a pong) is not held back until the next batch.
     * Turning it off flushes, blocking, but there is nothing left to write then.
     */
    @Override
    public void flushBatch(Completion completion) {
        Throwable failed = tomcat.flush(tomcatEndpoint, r -> {
            Throwable error = r.isOK() ? null : r.getException();
            if (error == null) {
                try {
                    remote.setBatchingAllowed(false);
                } catch (IOException | RuntimeException e) {
                    error = e;
                }
            }
            completion.done(error);
        });
        if (failed != null) {
            completion.done(failed);
        }
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
