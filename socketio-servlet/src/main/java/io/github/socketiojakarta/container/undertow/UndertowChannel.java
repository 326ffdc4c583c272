package io.github.socketiojakarta.container.undertow;

import io.github.socketiojakarta.engine.binding.FrameChannel;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket channel on Undertow (WildFly) that writes a whole batch at once, through plain
 * JSR-356: with batching allowed, Undertow 2 queues every frame of the batch without writing it,
 * then {@code flushBatch()} hands them all to its I/O thread, which writes them with gathering
 * writes and without blocking the caller (Undertow's {@code flushBatch} is its channel's
 * non-blocking flush); frame by frame, every send is a task of its own on the I/O thread and a
 * write of its own. The frames of a batch are started without waiting for each other (Undertow
 * keeps them in the order they were started); the batch completes when the last frame's
 * completion ran, with the first failure if any. A batch of one packet is sent as a single
 * frame, as by the plain channel.
 *
 * <p>Used only where it was checked ({@link #of}: Undertow 2's JSR-356 implementation, whose
 * classes it recognises by name, no compile-time or module dependency); elsewhere, and with
 * {@code -Dio.github.socketiojakarta.undertowBatching=false}, the plain channel sends frame by
 * frame. Which write path is used is logged once, at INFO.
 *
 * <p>Threading: as {@link WebSocketChannel}: one batch at a time; close and abort (delegated to
 * the plain channel) from any thread.
 */
public final class UndertowChannel extends FrameChannel {
    private static final System.Logger LOG = System.getLogger(UndertowChannel.class.getName());
    /** The switch: {@code -Dio.github.socketiojakarta.undertowBatching=false} turns this off. */
    public static final String SWITCH = "io.github.socketiojakarta.undertowBatching";
    private static final boolean ENABLED = !"false".equals(System.getProperty(SWITCH));
    /** The package of Undertow's JSR-356 remote endpoints. */
    static final String UNDERTOW_JSR = "io.undertow.websockets.jsr.";
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private final RemoteEndpoint.Async remote;
    /** Closes the connection as the plain JSR-356 channel does. */
    private final WebSocketChannel plain;

    private UndertowChannel(RemoteEndpoint.Async remote, WebSocketChannel plain) {
        this.remote = remote;
        this.plain = plain;
    }

    /**
     * Undertow's batched channel for this connection, or {@code null} when the container is not
     * Undertow 2, or the switch {@code -Dio.github.socketiojakarta.undertowBatching=false} is set
     * (then the plain channel is the one to use).
     *
     * @param plain the connection's plain JSR-356 channel: the batched one closes through it
     */
    public static UndertowChannel of(Session session, WebSocketChannel plain) {
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        String name = remote.getClass().getName();
        if (!name.startsWith(UNDERTOW_JSR)) {
            return null; // another container: its own probe logs the path
        }
        if (!ENABLED) {
            logPath("plain JSR-356, frame by frame (Undertow batching switched off by -D"
                    + SWITCH + "=false)");
            return null;
        }
        String version = version(remote.getClass());
        if (!supported(version)) {
            logPath("plain JSR-356, frame by frame (Undertow " + version + " is not 2.x)");
            return null;
        }
        logPath("Undertow " + version + " batches, written with JSR-356 batching and its"
                + " non-blocking flushBatch (-D" + SWITCH + "=false for frame by frame)");
        return new UndertowChannel(remote, plain);
    }

    /**
     * Whether this Undertow version's {@code flushBatch} is its channel's non-blocking flush
     * (Undertow 2.x); an unknown version (no manifest) counts as not supported.
     */
    static boolean supported(String version) {
        return version != null && version.startsWith("2.");
    }

    /**
     * Undertow's version ("2.3.20.Final"): the JSR-356 package's implementation version, else
     * Undertow's own {@code io.undertow.Version} as the remote's class loader sees it, or null.
     */
    private static String version(Class<?> remoteClass) {
        Package p = remoteClass.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        if (version != null) {
            return version;
        }
        try {
            Class<?> v = Class.forName("io.undertow.Version", false, remoteClass.getClassLoader());
            return v.getMethod("getVersionString").invoke(null) instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static void logPath(String path) {
        if (!LOGGED.get() && LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "WebSocket writes: {0}", path);
        }
    }

    @Override
    public void send(List<EnginePacket> batch, Completion completion) {
        if (batch.size() == 1) {
            sendFrames(batch, completion);
            return;
        }
        Batch pending = new Batch(batch.size(), completion);
        try {
            remote.setBatchingAllowed(true);
        } catch (Exception e) {
            completion.done(e);
            return;
        }
        for (EnginePacket p : batch) {
            if (p instanceof EnginePacket.BinaryMessage b) {
                sendBinary(b.data(), pending);
            } else {
                sendText(EngineCodec.encodeText(p), pending);
            }
        }
        try {
            // off again before the flush, so that what Undertow sends by itself (a pong) is not
            // held back until the next batch; the frames queued so far wait for the flush
            remote.setBatchingAllowed(false);
            remote.flushBatch();
        } catch (Exception e) {
            pending.fail(e);
        }
    }

    @Override
    protected void sendText(String text, Completion completion) {
        try {
            remote.sendText(text, r -> completion.done(error(r)));
        } catch (RuntimeException e) {
            completion.done(e);
        }
    }

    @Override
    protected void sendBinary(byte[] data, Completion completion) {
        try {
            remote.sendBinary(ByteBuffer.wrap(data), r -> completion.done(error(r)));
        } catch (RuntimeException e) {
            completion.done(e);
        }
    }

    private static Throwable error(SendResult r) {
        return r.isOK() ? null : r.getException();
    }

    @Override
    public void close(int code, String reason) {
        plain.close(code, reason);
    }

    @Override
    public void abort(int code, String reason) {
        plain.abort(code, reason);
    }

    /**
     * The frames of one batch in flight: completes the batch once, when every frame's completion
     * ran (with the first failure), or at once when the flush itself failed.
     */
    private static final class Batch implements Completion {
        private final AtomicInteger left;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Completion completion;
        private volatile Throwable failure;

        Batch(int frames, Completion completion) {
            this.left = new AtomicInteger(frames);
            this.completion = completion;
        }

        @Override
        public void done(Throwable error) {
            if (error != null && failure == null) {
                failure = error;
            }
            if (left.decrementAndGet() == 0) {
                finish(failure);
            }
        }

        void fail(Throwable error) {
            finish(error);
        }

        private void finish(Throwable error) {
            if (done.compareAndSet(false, true)) {
                completion.done(error);
            }
        }
    }
}
