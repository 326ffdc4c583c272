package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.binding.PollExchange;
import io.github.socketiojakarta.engine.binding.PollingLink;
import io.github.socketiojakarta.engine.codec.Eio3Codec;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EngineParseException;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Long-polling for one session, and its request protocol: at most one pending GET, answered
 * with what is queued, and one POST in flight. A session opened on long-polling keeps this
 * object as its {@link PollingLink} after an upgrade; it then refuses every request.
 *
 * <p>Threading: the fields are guarded by the session's lock; the {@link PollingLink} methods
 * take it and answer exchanges after releasing it.
 */
final class PollingTransport implements Transport, PollingLink {
    private static final System.Logger LOG = System.getLogger(PollingTransport.class.getName());

    /**
     * How long a poll pending during an upgrade is held, once probed, before a noop ends it: the
     * reference's 100 ms tick. Tests in this package lengthen it to make a race deterministic.
     */
    static volatile long upgradeNoopDelay = 100;

    private final EngineSession session;
    /** The payload format of an Engine.IO v3 session, or null for v4. */
    private final Eio3Polling v3;
    private PollExchange pendingGet;
    private boolean postInFlight;
    /** A POST's messages were handled before: the next is not the session's first. */
    private boolean posted;
    /** What the last poll of a CLOSING session gets. */
    private EnginePacket closingAnswer = EnginePacket.CLOSE;

    PollingTransport(EngineSession session) {
        this.session = session;
        this.v3 = session.protocol() == 3 ? Eio3Polling.of(session.request()) : null;
    }

    /** Answers a GET with packets, in the session's payload format (v4 or v3). */
    void answer(PollExchange get, List<EnginePacket> packets) {
        if (v3 == null) {
            get.send(packets);
        } else {
            v3.answer(get, packets);
        }
    }

    /**
     * A POST's messages go to the pool: handled on the POST's request thread (and the POST
     * answered there), long-polling echo measured 41% slower on Tomcat (benchmarks/README.md,
     * "Callbacks on the reading thread").
     */
    @Override
    public boolean callbacksOnReadingThread() {
        return false;
    }

    @Override
    public TransportType type() {
        return TransportType.POLLING;
    }

    /** The session this transport carries (for the engine's tests and the server). */
    EngineSession session() {
        return session;
    }

    @Override
    public String sessionId() {
        return session.id();
    }

    @Override
    public void fail() {
        session.close(CloseReason.TRANSPORT_ERROR);
    }

    @Override
    public boolean writableLocked() {
        assert Thread.holdsLock(session.lock);
        return pendingGet != null;
    }

    @Override
    public Runnable flushLocked() {
        assert Thread.holdsLock(session.lock);
        PollExchange get = takePendingGetLocked();
        if (get == null) {
            return null;
        }
        List<EnginePacket> batch = session.drainLocked();
        return () -> answer(get, batch);
    }

    /** The pending GET, which the caller now answers, or null. */
    PollExchange takePendingGetLocked() {
        assert Thread.holdsLock(session.lock);
        PollExchange get = pendingGet;
        pendingGet = null;
        return get;
    }

    // ---------------------------------------------------------------- GET

    @Override
    public void onPoll(PollExchange exchange) {
        Runnable io;
        synchronized (session.lock) {
            io = pollLocked(exchange);
        }
        EngineSession.run(io);
    }

    private Runnable pollLocked(PollExchange exchange) {
        assert Thread.holdsLock(session.lock);
        if (session.state == EngineSession.State.CLOSED) {
            return () -> exchange.fail(EngineError.UNKNOWN_SID);
        }
        if (session.transport != this) {
            return () -> exchange.fail(EngineError.BAD_REQUEST);
        }
        if (session.state == EngineSession.State.CLOSING) {
            // a server close waited for requests to deliver what is left, then the close packet
            // in a poll of its own (as the reference: clients handle decoded packets a tick
            // later, so a "1" in the same payload would overtake them)
            if (session.hasQueuedLocked()) {
                List<EnginePacket> batch = session.drainLocked();
                return () -> answer(exchange, batch);
            }
            EnginePacket last = closingAnswer;
            session.finishLocked();
            return () -> answer(exchange, List.of(last));
        }
        if (pendingGet != null) {
            LOG.log(Level.DEBUG, "session {0}: overlapping GET, closing", session.id());
            Runnable close = session.closeLocked(CloseReason.TRANSPORT_ERROR, null);
            return () -> {
                exchange.fail(EngineError.BAD_REQUEST);
                EngineSession.run(close);
            };
        }
        if (session.hasQueuedLocked()) {
            List<EnginePacket> batch = session.drainLocked();
            return () -> answer(exchange, batch);
        }
        pendingGet = exchange;
        if (session.upgrade.probedLocked()) {
            // the client is about to switch: end this request soon (as the reference does, on a
            // 100 ms tick) so that it can pause polling; if the upgrade completes first, this
            // request came after the client's last poll and is refused
            endPendingPollSoonLocked();
        }
        return null;
    }

    /**
     * The upgrade was probed: the pending poll, if any (and if still pending then), ends with a
     * noop in {@link #upgradeNoopDelay} ms.
     */
    void endPendingPollSoonLocked() {
        assert Thread.holdsLock(session.lock);
        PollExchange exchange = pendingGet;
        if (exchange != null) {
            session.server.schedule(() -> endPollDuringUpgrade(exchange), upgradeNoopDelay);
        }
    }

    private void endPollDuringUpgrade(PollExchange exchange) {
        synchronized (session.lock) {
            if (session.transport != this || pendingGet != exchange
                    || !session.upgrade.inProgressLocked()) {
                return;
            }
            pendingGet = null;
        }
        answer(exchange, List.of(EnginePacket.NOOP));
    }

    @Override
    public void onPollEnded(PollExchange exchange, boolean clientGone) {
        Runnable io = null;
        synchronized (session.lock) {
            if (session.transport == this && pendingGet == exchange) {
                pendingGet = null;
                if (clientGone) {
                    LOG.log(Level.DEBUG, "session {0}: pending GET cancelled by the client",
                            session.id());
                    io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null);
                } else {
                    io = () -> answer(exchange, List.of(EnginePacket.NOOP));
                }
            }
        }
        EngineSession.run(io);
    }

    // ---------------------------------------------------------------- POST

    @Override
    public EngineError beginPost() {
        Runnable io;
        synchronized (session.lock) {
            if (session.state == EngineSession.State.CLOSED) {
                return EngineError.UNKNOWN_SID;
            }
            if (session.transport != this) {
                return EngineError.BAD_REQUEST;
            }
            if (!postInFlight) {
                postInFlight = true;
                return null;
            }
            LOG.log(Level.DEBUG, "session {0}: overlapping POST, closing", session.id());
            io = session.closeLocked(CloseReason.TRANSPORT_ERROR, null);
        }
        EngineSession.run(io);
        return EngineError.BAD_REQUEST;
    }

    @Override
    public EngineError onPostBody(String body, Runnable answer) {
        List<EnginePacket> packets;
        try {
            int max = 1 + body.length() / 2;
            packets = v3 == null ? EngineCodec.decodePayload(body, max) : v3.decode(body, max);
        } catch (EngineParseException e) {
            return badPayload(e);
        }
        return onPackets(packets, answer);
    }

    @Override
    public boolean acceptsBinaryPosts() {
        return v3 != null && v3.acceptsBinaryPosts();
    }

    @Override
    public EngineError onBinaryPostBody(byte[] body, int size, Runnable answer) {
        if (!acceptsBinaryPosts()) {
            return badPayload(new EngineParseException("a binary POST to a v4 session"));
        }
        List<EnginePacket> packets;
        try {
            packets = Eio3Codec.decodeBinaryPayload(body, size, 1 + size / 3);
        } catch (EngineParseException e) {
            return badPayload(e);
        }
        return onPackets(packets, answer);
    }

    /** A POST whose body does not decode: the session closes, the POST gets 400. */
    private EngineError badPayload(EngineParseException e) {
        LOG.log(Level.DEBUG, "session {0}: bad payload ({1}), closing", session.id(),
                e.getMessage());
        endPost();
        session.close(CloseReason.PARSE_ERROR);
        return EngineError.BAD_REQUEST;
    }

    private EngineError onPackets(List<EnginePacket> packets, Runnable answer) {
        boolean workerThread = callbacksOnReadingThread();
        for (EnginePacket p : packets) {
            session.server.counters().in(TransportType.POLLING, p);
        }
        // every packet is queued (and counted against the backlog bound) before the first
        // callback runs, here or on the pool; then the answer, after them
        boolean[] owed = {false};
        try {
            for (EnginePacket p : packets) {
                if (!session.in().onPacket(this, p, workerThread, owed)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            endPost();
            if (owed[0]) {
                session.in().startOwedCallbacks(false);
            }
            throw e;
        }
        boolean early;
        synchronized (session.lock) {
            early = owed[0] && (!posted || session.upgrade.inProgressLocked());
            posted = true;
        }
        if (early) {
            // the session's first POST (the client's CONNECT, sent as it opens its WebSocket to
            // upgrade), or one during an upgrade, to an idle session: answered as soon as its
            // messages are queued, as the reference's "ok" leaves in the same tick as what they
            // send. The client waits for it before it sends more, and an upgrade probe answered
            // meanwhile would hold its first emit for the upgrade's 100 ms tick. Other POSTs are
            // answered after their callbacks, which measured faster in closed-loop echo
            // (benchmarks/README.md), and so a flood waits in the connection, not in memory
            session.in().startOwedCallbacks(workerThread);
            endPost();
            answer.run();
            return null;
        }
        session.in().afterCallbacks(() -> {
            endPost();
            answer.run();
        }, workerThread, owed[0]);
        return null;
    }

    @Override
    public void endPost() {
        synchronized (session.lock) {
            if (session.transport == this) {
                postInFlight = false;
            }
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * The polling side of a close the session decided: the session becomes CLOSING while a
     * last poll is awaited, else CLOSED; the pending GET, if any, is answered.
     *
     * @param io where to add the I/O to do
     * @return whether the queue must be kept (never: polling sends what is left in the GETs)
     */
    boolean closeLocked(EnginePacket lastPacket, boolean graceful, List<Runnable> io) {
        assert Thread.holdsLock(session.lock);
        boolean serverClose = graceful;
        boolean clientClose = lastPacket != null; // the client's close packet
        if ((serverClose && (pendingGet == null || session.hasQueuedLocked()))
                || (clientClose && pendingGet == null)) {
            // keep the session reachable for a while. After a server close, what is queued
            // goes out first (to the pending GET if any), then "1" in a later poll. After
            // the client's close packet with no GET pending, a GET the client sent before
            // it (racing with it on another connection) still gets its noop, as from a
            // server that handles requests in arrival order; nothing more is sent.
            session.state = EngineSession.State.CLOSING;
            closingAnswer = serverClose ? EnginePacket.CLOSE : lastPacket;
            if (clientClose) {
                session.clearQueueLocked();
            }
            EngineOptions options = session.options;
            session.closeTimeoutTask = session.server.schedule(session::closeTimedOut,
                    serverClose ? options.pingInterval().plus(options.pingTimeout())
                            : options.pingTimeout());
            PollExchange get = takePendingGetLocked();
            if (get != null) {
                List<EnginePacket> batch = session.drainLocked();
                io.add(() -> answer(get, batch));
            }
            return false;
        }
        session.state = EngineSession.State.CLOSED;
        PollExchange get = takePendingGetLocked();
        if (get != null) {
            List<EnginePacket> batch = List.of(graceful || lastPacket == null
                    ? EnginePacket.CLOSE : lastPacket);
            io.add(() -> answer(get, batch));
        }
        return false;
    }
}
