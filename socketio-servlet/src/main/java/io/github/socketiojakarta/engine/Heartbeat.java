package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;

/**
 * The heartbeat of one session. Engine.IO v4: the server pings every pingInterval and closes
 * with {@link CloseReason#PING_TIMEOUT} when the pong does not come within pingTimeout.
 * Engine.IO v3: the client pings, and the session closes when no ping came for pingInterval
 * plus pingTimeout (counted from the open, then from each ping). Runs on the server's shared
 * timer.
 *
 * <p>Threading: the fields are guarded by the session's lock; the methods ending in
 * {@code Locked} are called with it held, the timer's tasks take it.
 */
final class Heartbeat {
    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    private final EngineSession session;
    private ScheduledFuture<?> task;
    private boolean awaitingPong;

    Heartbeat(EngineSession session) {
        this.session = session;
    }

    /** Schedules the first ping (v4), or the first ping timeout (v3). */
    void startLocked() {
        assert Thread.holdsLock(session.lock);
        if (session.protocol() == 3) {
            onPingLocked();
        } else {
            task = session.server.schedule(this::ping, session.options.pingInterval());
        }
    }

    /** A v3 client's ping arrived (the caller answers it): the timeout starts again. */
    void onPingLocked() {
        assert Thread.holdsLock(session.lock);
        EngineSession.cancel(task);
        awaitingPong = true; // v3: awaiting the client's next ping
        task = session.server.schedule(this::pingTimedOut,
                session.options.pingInterval().plus(session.options.pingTimeout()));
    }

    /** A pong arrived: the next ping comes a pingInterval later. */
    void onPongLocked() {
        assert Thread.holdsLock(session.lock);
        if (awaitingPong) {
            awaitingPong = false;
            EngineSession.cancel(task);
            task = session.server.schedule(this::ping, session.options.pingInterval());
        }
    }

    /** The session closes: no more pings. */
    void stopLocked() {
        assert Thread.holdsLock(session.lock);
        EngineSession.cancel(task);
    }

    private void ping() {
        synchronized (session.lock) {
            if (session.state != EngineSession.State.OPEN) {
                return;
            }
            awaitingPong = true;
            task = session.server.schedule(this::pingTimedOut, session.options.pingTimeout());
        }
        session.send(EnginePacket.PING);
    }

    private void pingTimedOut() {
        Runnable io;
        synchronized (session.lock) {
            if (session.state != EngineSession.State.OPEN || !awaitingPong) {
                return;
            }
            if (session.in().callbackHoldsReader()) {
                // the pong may be waiting, unread, behind the message whose callback runs on
                // the reading thread: wait for it another pingTimeout
                task = session.server.schedule(this::pingTimedOut, session.options.pingTimeout());
                return;
            }
            LOG.log(Level.DEBUG, "session {0}: ping timeout", session.id());
            io = session.closeLocked(CloseReason.PING_TIMEOUT, null);
        }
        EngineSession.run(io);
    }
}
