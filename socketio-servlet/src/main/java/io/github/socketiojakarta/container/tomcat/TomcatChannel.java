package io.github.socketiojakarta.container.tomcat;

import io.github.socketiojakarta.engine.binding.FrameChannel;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A WebSocket channel on Tomcat that writes a whole batch at once: its frames are held back
 * (JSR-356 batching), then written by Tomcat's non-blocking flush ({@link TomcatRemote}), with
 * one completion; text messages go out from their cached UTF-8 wire form, so a packet shared by
 * many connections is encoded once. A batch of one packet is sent as a single frame.
 *
 * <p>Threading: as {@link WebSocketChannel}: one batch at a time; close and abort (delegated to
 * the plain channel) from any thread.
 */
public final class TomcatChannel extends FrameChannel {
    private final RemoteEndpoint.Async remote;
    private final TomcatRemote tomcat;
    private final Object endpoint;
    /** Closes the connection as the plain JSR-356 channel does. */
    private final WebSocketChannel plain;

    private TomcatChannel(RemoteEndpoint.Async remote, TomcatRemote tomcat,
            WebSocketChannel plain) {
        this.remote = remote;
        this.tomcat = tomcat;
        this.endpoint = tomcat.implementation(remote);
        this.plain = plain;
    }

    /**
     * Tomcat's batched channel for this connection, or {@code null} when the container is not a
     * Tomcat of a supported version, or the switch
     * {@code -Dio.github.socketiojakarta.tomcatBatching=false} is set (then the plain channel
     * is the one to use).
     *
     * @param plain the connection's plain JSR-356 channel: the batched one closes through it
     */
    public static TomcatChannel of(Session session, WebSocketChannel plain) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        TomcatRemote tomcat = TomcatRemote.of(remote);
        return tomcat == null ? null : new TomcatChannel(remote, tomcat, plain);
    }

    @Override
    public void send(List<EnginePacket> batch, Completion completion) {
        if (batch.size() == 1) {
            sendFrames(batch, completion);
            return;
        }
        try {
            remote.setBatchingAllowed(true);
        } catch (IOException | RuntimeException ignored) {
            // the sends fail then, and report it
        }
        sendFrames(batch, error -> {
            if (error != null) {
                completion.done(error);
            } else {
                flush(completion);
            }
        });
    }

    /**
     * Writes the batch without blocking; once written, batching is turned off again, so that
     * what the container sends by itself (a pong) is not held back until the next batch.
     * Turning it off flushes, blocking, but there is nothing left to write then.
     */
    private void flush(Completion completion) {
        Throwable failed = tomcat.flush(endpoint, r -> {
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
    protected void sendMessage(EnginePacket.TextMessage message, Completion completion) {
        Throwable failed = tomcat.sendText(endpoint, message.wireUtf8(),
                r -> completion.done(r.isOK() ? null : r.getException()));
        if (failed != null) {
            completion.done(failed);
        }
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

    /** Tomcat runs message handlers on its executor's worker threads, never on a poller. */
    @Override
    public boolean readsOnWorkerThread() {
        return true;
    }

    @Override
    public void close(int code, String reason) {
        plain.close(code, reason);
    }

    @Override
    public void abort(int code, String reason) {
        plain.abort(code, reason);
    }
}
