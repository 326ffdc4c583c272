package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.lang.System.Logger.Level;

/**
 * The packets a session receives, from either transport: heartbeat answers, closes, and
 * messages, which it queues for the listener in order ({@link SerialExecutor}) and may run on
 * the thread that read them ({@link CallbackDispatch}).
 *
 * <p>Threading: called by the transports on the threads that read the packets; the session's
 * state is read and changed under its lock, callbacks are started after it is released.
 */
final class PacketsIn {
    private static final System.Logger LOG = System.getLogger(PacketsIn.class.getName());

    private final EngineSession session;

    PacketsIn(EngineSession session) {
        this.session = session;
    }

    /**
     * Handles one received packet. {@code from} is the transport it came on.
     *
     * @return whether to go on with further packets of the same payload
     */
    boolean onPacket(Transport from, EnginePacket packet) {
        return onPacket(from, packet, from.callbacksOnReadingThread(), null);
    }

    /**
     * Handles one received packet; {@code workerThread}: whether this thread may run the
     * session's callbacks ({@link Transport#callbacksOnReadingThread}).
     *
     * @param owed null to start the callbacks the packet calls for now; else where to record
     *     that the caller owes their start ({@code owed[0]}), to give it with
     *     {@link #afterCallbacks} once every packet of a payload is queued
     * @return whether to go on with further packets of the same payload
     */
    boolean onPacket(Transport from, EnginePacket packet, boolean workerThread, boolean[] owed) {
        Runnable io = null;
        boolean startCallbacks = false;
        boolean pong = false;
        synchronized (session.lock) {
            if (session.state != EngineSession.State.OPEN) {
                return false;
            }
            if (session.upgrade.isCandidateLocked(from)) {
                io = session.upgrade.packetLocked((WebSocketTransport) from, packet);
            } else if (from != session.transport) {
                return false; // a stale socket, or polling data after the upgrade
            } else {
                boolean v3 = session.protocol() == 3;
                switch (packet.type()) {
                    case PONG -> {
                        if (v3) {
                            // v3: only the client pings
                            LOG.log(Level.DEBUG, "session {0}: pong from a v3 client, closing",
                                    session.id());
                            io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null, false,
                                    true);
                        } else {
                            session.heartbeat.onPongLocked();
                        }
                    }
                    case MESSAGE -> {
                        if (session.inbound.backlog() >= session.options.maxInboundBacklog()) {
                            LOG.log(Level.WARNING,
                                    "session {0}: {1} messages wait for the application, closing",
                                    session.id(), session.options.maxInboundBacklog());
                            session.server.counters().backlogOverflow();
                            io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null);
                        } else {
                            startCallbacks = deliverLocked(packet);
                        }
                    }
                    case CLOSE -> io = session.closeLocked(CloseReason.TRANSPORT_CLOSE,
                            EnginePacket.NOOP);
                    case PING -> {
                        if (v3) {
                            // v3: the client pings, the server answers at once
                            session.heartbeat.onPingLocked();
                            pong = true;
                        } else {
                            // v4: only the server pings. The client reads (it just sent this):
                            // on a WebSocket the close frame follows a send in progress
                            LOG.log(Level.DEBUG, "session {0}: ping from a v4 client, closing",
                                    session.id());
                            io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null, false,
                                    true);
                        }
                    }
                    default -> {
                        // open, upgrade and noop from the client mean nothing here
                    }
                }
            }
        }
        EngineSession.run(io);
        if (pong) {
            session.send(EnginePacket.PONG);
        }
        if (startCallbacks) {
            if (owed != null) {
                owed[0] = true;
            } else {
                // after the lock: the callback may run here, on the thread that read the packet
                session.inbound.start(workerThread);
            }
        }
        synchronized (session.lock) {
            return session.state == EngineSession.State.OPEN;
        }
    }

    /**
     * Queues the listener's call for a message, in order with every other callback.
     *
     * @return whether the caller must start the callbacks ({@link SerialExecutor#start}) once
     *     it released the lock
     */
    private boolean deliverLocked(EnginePacket packet) {
        assert Thread.holdsLock(session.lock);
        EngineListener listener = session.server.listener();
        if (packet instanceof EnginePacket.TextMessage m) {
            String text = m.text();
            return session.inbound.offer(() -> listener.onMessage(session, text));
        } else if (packet instanceof EnginePacket.BinaryMessage b) {
            byte[] data = b.data();
            return session.inbound.offer(() -> listener.onBinary(session, data));
        }
        return false;
    }

    /**
     * Whether a callback of this session runs now on the thread that read its message: that
     * thread reads nothing of the connection meanwhile, a pong included.
     */
    boolean callbackHoldsReader() {
        return session.inbound.runningOnReader();
    }

    /**
     * Runs {@code task} after the listener calls queued so far (a POST's answer): on this
     * thread, if {@code workerThread} and the session was idle, as a message's callback.
     *
     * @param owed whether the caller owes the start of callbacks it queued
     *     ({@link #onPacket(Transport, EnginePacket, boolean, boolean[])})
     */
    void afterCallbacks(Runnable task, boolean workerThread, boolean owed) {
        if (session.inbound.offer(task) || owed) {
            session.inbound.start(workerThread);
        }
    }

    /** Starts the callbacks the caller owes, without more to queue (a payload that failed). */
    void startOwedCallbacks(boolean workerThread) {
        session.inbound.start(workerThread);
    }
}
