package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.binding.WebSocketLink;
import io.github.socketiojakarta.engine.codec.Eio3Codec;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EngineParseException;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * One WebSocket connection of a session: its single writer (one batch in flight, handed whole
 * to the {@link WebSocketChannel}) and the link its binding reports events to. It is either the
 * session's transport or its upgrade candidate ({@link Upgrade}); once neither, it is stale and
 * its events are ignored.
 *
 * <p>Threading: the fields are guarded by the session's lock; the {@link WebSocketLink} methods
 * are called sequentially by the binding, the write completion on any thread.
 */
final class WebSocketTransport implements Transport, WebSocketLink {
    private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());

    private final EngineSession session;
    private final WebSocketChannel channel;
    /** The completion of every batch, allocated once. */
    private final WebSocketChannel.Completion written = this::written;
    /** A batch is in flight. */
    private boolean writing;
    /** The session closed with this still writing: the close frame follows the last batch. */
    private boolean closeWhenDrained;
    private int closeCode = 1000;
    /** The cork holding this connection's writes back, or null; see {@link WriteCork}. */
    private WriteCork corkedBy;
    /** A cork is writing what it held: write, do not hold again. */
    private boolean uncorking;

    WebSocketTransport(EngineSession session, WebSocketChannel channel) {
        this.session = session;
        this.channel = channel;
    }

    @Override
    public TransportType type() {
        return TransportType.WEBSOCKET;
    }

    WebSocketChannel channel() {
        return channel;
    }

    @Override
    public boolean callbacksOnReadingThread() {
        return channel.readsOnWorkerThread();
    }

    // ---------------------------------------------------------------- writing

    @Override
    public boolean writableLocked() {
        assert Thread.holdsLock(session.lock);
        return !writing;
    }

    @Override
    public Runnable flushLocked() {
        assert Thread.holdsLock(session.lock);
        if (writing || corkedLocked()) {
            return null;
        }
        return writeQueueLocked();
    }

    /**
     * Whether the write of what is queued waits for the cork of the callback that sends it
     * ({@link WriteCork}): not once 16 kB are queued, nor for a send from another thread.
     */
    private boolean corkedLocked() {
        assert Thread.holdsLock(session.lock);
        if (session.queuedBytesLocked() < WriteCork.MAX_HELD_BYTES && !uncorking) {
            if (corkedBy == null) {
                corkedBy = session.server.corkWatch().hold(this);
            } else if (!corkedBy.holdsMore()) {
                corkedBy = null; // sent from another thread: not held by someone else's callback
            }
            if (corkedBy != null) {
                return true;
            }
        }
        corkedBy = null; // written now: the cork that held it finds it no longer its own
        return false;
    }

    /**
     * The cork that held this connection's writes was released: write what is queued, now (the
     * cork may still be open on this thread, for an outer callback: it must not hold it again).
     */
    void uncork(WriteCork cork) {
        Runnable io = null;
        synchronized (session.lock) {
            if (corkedBy != cork) {
                return;
            }
            corkedBy = null;
            if (session.state == EngineSession.State.OPEN) {
                uncorking = true;
                try {
                    io = session.flushLocked();
                } finally {
                    uncorking = false;
                }
            }
        }
        EngineSession.run(io);
    }

    /** Starts writing everything queued, as one batch. */
    private Runnable writeQueueLocked() {
        assert Thread.holdsLock(session.lock);
        return writeLocked(session.drainLocked());
    }

    /** Starts writing a batch (the queue's, or the probe's answer); nothing else is in flight. */
    Runnable writeLocked(List<EnginePacket> batch) {
        assert Thread.holdsLock(session.lock);
        writing = true;
        // v3: a binary frame starts with the message's type byte
        List<EnginePacket> frames = session.protocol() == 3 ? Eio3Codec.forWebSocket(batch)
                : batch;
        return () -> channel.send(frames, written);
    }

    private void written(Throwable error) {
        if (error != null) {
            writeFailed(error);
        } else {
            writeDone();
        }
    }

    /** A batch was written: the next one, or the close frame of a draining close. */
    private void writeDone() {
        Runnable io = null;
        synchronized (session.lock) {
            writing = false;
            if (this == session.transport) {
                if (session.state == EngineSession.State.OPEN) {
                    io = session.flushLocked();
                } else if (closeWhenDrained) {
                    if (session.hasQueuedLocked()) {
                        io = writeQueueLocked();
                    } else {
                        EngineSession.cancel(session.closeTimeoutTask);
                        int code = closeCode;
                        io = () -> channel.close(code, "");
                    }
                }
            }
        }
        EngineSession.run(io);
    }

    private void writeFailed(Throwable error) {
        LOG.log(Level.DEBUG, "session {0}: WebSocket write failed: {1}", session.id(),
                error.toString());
        Runnable io = null;
        synchronized (session.lock) {
            writing = false;
            if (this == session.transport) {
                EngineSession.cancel(session.closeTimeoutTask);
                io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null);
            } else {
                session.upgrade.forgetLocked(this);
            }
        }
        channel.close(1011, "write failed");
        EngineSession.run(io);
    }

    // ---------------------------------------------------------------- events (the link)

    /** The session this connection carries (or is the upgrade candidate of). */
    EngineSession session() {
        return session;
    }

    @Override
    public String sessionId() {
        return session.id();
    }

    @Override
    public void onText(String text) {
        EnginePacket packet;
        try {
            packet = session.protocol() == 3 ? Eio3Codec.decodeText(text)
                    : EngineCodec.decodeText(text);
        } catch (EngineParseException e) {
            badPacket(e);
            return;
        }
        session.server.counters().in(TransportType.WEBSOCKET, packet);
        session.in().onPacket(this, packet);
    }

    @Override
    public void onBinary(byte[] data) {
        EnginePacket packet;
        if (session.protocol() == 3) {
            try {
                packet = Eio3Codec.decodeBinaryFrame(data);
            } catch (EngineParseException e) {
                badPacket(e);
                return;
            }
        } else {
            packet = EngineCodec.decodeBinaryFrame(data);
        }
        session.server.counters().in(TransportType.WEBSOCKET, packet);
        session.in().onPacket(this, packet);
    }

    /** A packet that does not decode: the candidate is dropped, the session closed. */
    private void badPacket(EngineParseException e) {
        if (session.upgrade.drop(this, "bad probe")) {
            return;
        }
        LOG.log(Level.DEBUG, "session {0}: bad packet ({1}), closing", session.id(),
                e.getMessage());
        session.close(CloseReason.PARSE_ERROR);
    }

    @Override
    public void onTooBig() {
        Runnable io = null;
        synchronized (session.lock) {
            if (this == session.transport) {
                closeCode = 1009;
                io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null);
            } else {
                session.upgrade.forgetLocked(this);
            }
        }
        LOG.log(Level.DEBUG, "session {0}: WebSocket message over maxHttpBufferSize",
                session.id());
        channel.close(1009, "message too big");
        EngineSession.run(io);
    }

    @Override
    public void onClose() {
        closed(false);
    }

    @Override
    public void onError(Throwable error) {
        closed(true);
    }

    /** The connection closed or failed. */
    private void closed(boolean error) {
        Runnable io = null;
        boolean candidate;
        boolean wasOpen;
        synchronized (session.lock) {
            candidate = session.upgrade.forgetLocked(this);
            wasOpen = session.state == EngineSession.State.OPEN;
            if (!candidate) {
                if (this != session.transport) {
                    return;
                }
                writing = false;
                io = session.closeLocked(error ? CloseReason.TRANSPORT_ERROR
                        : CloseReason.TRANSPORT_CLOSE, null);
            }
        }
        if (candidate) {
            LOG.log(Level.DEBUG, "session {0}: upgrade abandoned (WebSocket {1})", session.id(),
                    error ? "failed" : "closed");
        } else if (wasOpen) {
            LOG.log(Level.DEBUG, "session {0}: WebSocket {1}, closing", session.id(),
                    error ? "failed" : "closed by the client");
        }
        EngineSession.run(io);
    }

    // ---------------------------------------------------------------- close

    /**
     * The WebSocket side of a close the session decided: the session becomes CLOSED; the
     * connection is closed now, after what is queued (graceful), after the send in progress
     * ({@code clientReads}), or aborted (a client that does not read).
     *
     * @param io where to add the I/O to do
     * @return whether the queue must be kept (it is still being written)
     */
    boolean closeLocked(CloseReason reason, boolean graceful, boolean clientReads,
            List<Runnable> io) {
        assert Thread.holdsLock(session.lock);
        session.state = EngineSession.State.CLOSED;
        int code = closeCode;
        if (graceful && (writing || session.hasQueuedLocked())) {
            closeWhenDrained = true;
            if (!writing) {
                io.add(writeQueueLocked());
            }
        } else if (writing && clientReads) {
            // nothing more is sent: the close frame once the send in progress completes
            session.clearQueueLocked();
            closeWhenDrained = true;
            session.closeTimeoutTask = session.server.schedule(() -> channel.abort(code, ""),
                    session.options.pingTimeout());
        } else if (writing && (reason == CloseReason.TRANSPORT_ERROR
                || reason == CloseReason.PING_TIMEOUT)) {
            // a send is in progress to a client that does not read (full queue, no pong):
            // do not let the close wait for it on the caller's thread
            io.add(() -> channel.abort(code, ""));
        } else {
            io.add(() -> channel.close(code, ""));
        }
        return closeWhenDrained;
    }
}
