package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.binding.PollExchange;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.codec.PacketType;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The upgrade of one long-polling session to WebSocket: at most one candidate connection at a
 * time, which answers the client's probe ({@code 2probe} → {@code 3probe}) and becomes the
 * session's transport on the client's {@code 5}; anything else, or the upgrade timeout, drops it.
 *
 * <p>Threading: the fields are guarded by the session's lock; the methods ending in
 * {@code Locked} are called with it held, the others take it.
 */
final class Upgrade {
    private static final System.Logger LOG = System.getLogger(Upgrade.class.getName());

    private final EngineSession session;
    private WebSocketTransport candidate;
    /** The candidate answered the probe. */
    private boolean probed;
    private ScheduledFuture<?> timeoutTask;

    Upgrade(EngineSession session) {
        this.session = session;
    }

    /**
     * A WebSocket connection with this session's sid opened: it becomes the upgrade candidate,
     * or is closed if the session cannot upgrade now.
     *
     * @return the candidate transport, or {@code null} when refused (the channel is closed)
     */
    WebSocketTransport offer(WebSocketChannel channel) {
        WebSocketTransport offered = new WebSocketTransport(session, channel);
        synchronized (session.lock) {
            if (session.state == EngineSession.State.OPEN
                    && session.transport instanceof PollingTransport && candidate == null
                    && session.options.canUpgrade()) {
                candidate = offered;
                probed = false;
                timeoutTask = session.server.schedule(() -> timedOut(offered),
                        session.options.upgradeTimeout());
                return offered;
            }
        }
        channel.close(1000, "upgrade refused");
        return null;
    }

    private void timedOut(WebSocketTransport ws) {
        synchronized (session.lock) {
            if (candidate != ws) {
                return;
            }
            candidate = null;
        }
        LOG.log(Level.DEBUG, "session {0}: upgrade timed out", session.id());
        ws.channel().close(1000, "upgrade timeout");
    }

    boolean isCandidateLocked(Transport transport) {
        assert Thread.holdsLock(session.lock);
        return transport != null && transport == candidate;
    }

    /** An upgrade is under way. */
    boolean inProgressLocked() {
        assert Thread.holdsLock(session.lock);
        return candidate != null;
    }

    /** An upgrade is under way and its candidate answered the probe: the client will switch. */
    boolean probedLocked() {
        assert Thread.holdsLock(session.lock);
        return candidate != null && probed;
    }

    /**
     * Forgets {@code ws} if it is the candidate (it closed, failed, or broke a limit).
     *
     * @return whether it was
     */
    boolean forgetLocked(WebSocketTransport ws) {
        assert Thread.holdsLock(session.lock);
        if (candidate != ws) {
            return false;
        }
        candidate = null;
        EngineSession.cancel(timeoutTask);
        return true;
    }

    /**
     * Drops {@code ws} if it is the candidate, closing its connection.
     *
     * @return whether it was the candidate
     */
    boolean drop(WebSocketTransport ws, String why) {
        synchronized (session.lock) {
            if (!forgetLocked(ws)) {
                return false;
            }
        }
        LOG.log(Level.DEBUG, "session {0}: upgrade abandoned ({1})", session.id(), why);
        ws.channel().close(1000, why);
        return true;
    }

    /**
     * The session is closing: the candidate, if any, is dropped.
     *
     * @return the I/O that closes it, or null
     */
    Runnable abandonLocked() {
        assert Thread.holdsLock(session.lock);
        EngineSession.cancel(timeoutTask);
        WebSocketTransport ws = candidate;
        if (ws == null) {
            return null;
        }
        candidate = null;
        return () -> ws.channel().close(1000, "session closed");
    }

    /** A packet arrived on the candidate: the probe, the switch, or the end of the upgrade. */
    Runnable packetLocked(WebSocketTransport ws, EnginePacket packet) {
        assert Thread.holdsLock(session.lock);
        PollingTransport polling = (PollingTransport) session.transport;
        if (packet.type() == PacketType.PING && packet instanceof EnginePacket.Control c
                && "probe".equals(c.data()) && !probed) {
            probed = true;
            List<EnginePacket> answer = List.of(EnginePacket.PONG_PROBE);
            session.server.counters().out(TransportType.WEBSOCKET, answer);
            Runnable pong = ws.writeLocked(answer);
            // the pending poll ends now, with a noop, so that the client can pause polling
            PollExchange get = polling.takePendingGetLocked();
            if (get == null) {
                return pong;
            }
            List<EnginePacket> batch = session.drainLocked();
            batch.add(EnginePacket.NOOP);
            return () -> {
                pong.run();
                EngineSession.run(() -> polling.answer(get, batch));
            };
        }
        if (packet.type() == PacketType.UPGRADE && probed) {
            candidate = null;
            EngineSession.cancel(timeoutTask);
            // a poll sent after the probe answer: the client has switched, refuse it
            PollExchange get = polling.takePendingGetLocked();
            session.transport = ws;
            session.server.counters().upgraded();
            Runnable flush = session.flushLocked();
            return () -> {
                if (get != null) {
                    EngineSession.run(() -> get.fail(EngineError.BAD_REQUEST));
                }
                EngineSession.run(flush);
            };
        }
        candidate = null;
        EngineSession.cancel(timeoutTask);
        return () -> ws.channel().close(1000, "unexpected packet during upgrade");
    }
}
