package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EngineParseException;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.codec.PacketType;
import io.github.socketiojakarta.engine.transport.PollExchange;
import io.github.socketiojakarta.engine.transport.WebSocketChannel;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One Engine.IO session: its state machine, heartbeat, transport (long-polling, possibly upgraded
 * to WebSocket) and bounded outbound queue with a single writer.
 *
 * <p>Threading: every method is thread-safe. State changes happen under the session's one lock;
 * I/O happens after it is released. {@link #send} never blocks and never throws: it queues the
 * packet and returns whether it was accepted. Received messages reach the {@link EngineListener}
 * as its contract says. Over WebSocket, what a listener callback sends is written when the
 * callback returns, a session's packets together (or sooner: at 16 kB queued, or when the
 * callback has sent nothing for about a millisecond), so that a burst of emits costs a few
 * writes rather than one per packet.
 *
 * <p>Memory is bounded: the outbound queue by {@link EngineOptions#maxBufferedBytes()}, the
 * messages waiting for the application by {@link EngineOptions#maxInboundBacklog()}; a session
 * past either bound is closed.
 */
public final class EngineSession {
    private static final System.Logger LOG = System.getLogger(EngineSession.class.getName());

    private enum State { OPEN, CLOSING, CLOSED }

    /** How long a poll that arrives during an upgrade is held before a noop ends it. */
    private static final long UPGRADE_NOOP_DELAY = 100;

    private final EngineServer server;
    private final String id;
    private final EngineRequest request;
    private final EngineOptions options;
    private final SerialExecutor inbound;

    private final Object lock = new Object();
    private State state = State.OPEN;
    private Transport transport;
    private Transport.WebSocket upgrading;
    private final ArrayDeque<EnginePacket> queue = new ArrayDeque<>(8);
    private long queuedBytes;
    private ScheduledFuture<?> heartbeatTask;
    private boolean awaitingPong;
    private ScheduledFuture<?> upgradeTimeoutTask;
    private ScheduledFuture<?> closeTimeoutTask;
    private CloseReason closeReason;
    private EnginePacket closingAnswer = EnginePacket.CLOSE;
    private boolean openQueued;
    /** The cork holding this session's writes back, or null; see {@link WriteCork}. */
    private WriteCork corkedBy;

    private volatile Object attachment;

    EngineSession(EngineServer server, String id, EngineRequest request, Transport transport) {
        this.server = server;
        this.id = id;
        this.request = request;
        this.options = server.options();
        this.transport = transport;
        this.inbound = new SerialExecutor(server.executor(), server.corkWatch());
    }

    /** The session id (the {@code sid} query parameter). */
    public String id() {
        return id;
    }

    /** The request that opened the session. */
    public EngineRequest request() {
        return request;
    }

    /** The transport currently carrying the session. */
    public TransportType transport() {
        synchronized (lock) {
            return transport.type();
        }
    }

    /** Whether the session is open (not closing or closed). */
    public boolean open() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    /** The object the layer above keeps with this session (the Socket.IO client), or null. */
    public Object attachment() {
        return attachment;
    }

    /** Sets the object the layer above keeps with this session. */
    public void attach(Object value) {
        attachment = value;
    }

    /**
     * Queues a packet for the client.
     *
     * @return {@code false} when the session is no longer open (the packet is dropped)
     */
    public boolean send(EnginePacket packet) {
        return enqueue(packet, false);
    }

    /**
     * Queues several packets for the client, atomically: they are written in order, with no
     * other packet between them (a Socket.IO binary packet and its attachments).
     *
     * @return {@code false} when the session is no longer open (nothing is queued)
     */
    public boolean send(List<? extends EnginePacket> packets) {
        Runnable io;
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            for (EnginePacket p : packets) {
                queue.add(p);
                queuedBytes += weight(p);
            }
            io = afterEnqueueLocked();
        }
        run(io);
        return true;
    }

    /**
     * Queues several packets only if they can be written right away (nothing queued and the
     * transport ready); otherwise drops them all.
     *
     * @return whether they were queued
     */
    public boolean sendVolatile(List<? extends EnginePacket> packets) {
        Runnable io;
        synchronized (lock) {
            if (state != State.OPEN || !(queue.isEmpty() && writableLocked())) {
                return false;
            }
            for (EnginePacket p : packets) {
                queue.add(p);
                queuedBytes += weight(p);
            }
            io = afterEnqueueLocked();
        }
        run(io);
        return true;
    }

    /**
     * Runs a task in this session's callback order: after the listener calls already queued,
     * never concurrently with them. For the layers above, to bring work done on other threads
     * (timers, asynchronous middleware) back into the session's order.
     */
    public void execute(Runnable task) {
        inbound.execute(task);
    }

    /**
     * Queues a packet only if it can be written right away (nothing queued and the transport
     * ready); otherwise drops it. This is the policy of Socket.IO's volatile emits.
     *
     * @return whether the packet was queued
     */
    public boolean sendVolatile(EnginePacket packet) {
        return enqueue(packet, true);
    }

    private boolean enqueue(EnginePacket packet, boolean isVolatile) {
        Runnable io;
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            if (isVolatile && !(queue.isEmpty() && writableLocked())) {
                return false;
            }
            queue.add(packet);
            queuedBytes += weight(packet);
            io = afterEnqueueLocked();
        }
        run(io);
        return true;
    }

    private Runnable afterEnqueueLocked() {
        if (queuedBytes > options.maxBufferedBytes() && queue.size() > 1) {
            LOG.log(Level.WARNING, "session {0}: outbound queue over {1} bytes, closing", id,
                    options.maxBufferedBytes());
            return closeLocked(CloseReason.TRANSPORT_ERROR, null);
        }
        return flushLocked();
    }

    /** Closes the session from the server side ("forced close"); queued packets are sent first. */
    public void close() {
        close(CloseReason.FORCED_CLOSE);
    }

    /** Closes the session with a reason; queued packets are sent first for server closes. */
    public void close(CloseReason reason) {
        Runnable io;
        synchronized (lock) {
            io = closeLocked(reason, null);
        }
        run(io);
    }

    /**
     * Closes the session as the server's decision, whatever the reason reported: queued packets
     * are sent first, then the close packet (on long-polling, in the client's next poll), as for
     * {@link #close()}. For the layers above that end a connection over what the client sent,
     * e.g. a Socket.IO packet that does not decode: the reference server closes its Engine.IO
     * socket then, and the client sees a clean close, not a refused poll.
     */
    public void closeGracefully(CloseReason reason) {
        Runnable io;
        synchronized (lock) {
            io = closeLocked(reason, null, true, false);
        }
        run(io);
    }

    // ---------------------------------------------------------------- polling (binding side)

    /**
     * A long-polling GET arrived for this session. The exchange is answered now or later; never
     * twice.
     */
    public void onPoll(PollExchange exchange) {
        Runnable io;
        synchronized (lock) {
            io = pollLocked(exchange);
        }
        run(io);
    }

    private Runnable pollLocked(PollExchange exchange) {
        if (state == State.CLOSED) {
            return () -> exchange.fail(EngineError.UNKNOWN_SID);
        }
        if (!(transport instanceof Transport.Polling polling)) {
            return () -> exchange.fail(EngineError.BAD_REQUEST);
        }
        if (state == State.CLOSING) {
            // a server close waited for requests to deliver what is left, then the close packet
            // in a poll of its own (as the reference: clients handle decoded packets a tick
            // later, so a "1" in the same payload would overtake them)
            if (!queue.isEmpty()) {
                List<EnginePacket> batch = drainLocked();
                return () -> exchange.send(batch);
            }
            EnginePacket last = closingAnswer;
            finishLocked();
            return () -> exchange.send(List.of(last));
        }
        if (polling.pendingGet != null) {
            LOG.log(Level.DEBUG, "session {0}: overlapping GET, closing", id);
            Runnable close = closeLocked(CloseReason.TRANSPORT_ERROR, null);
            return () -> {
                exchange.fail(EngineError.BAD_REQUEST);
                run(close);
            };
        }
        if (!queue.isEmpty()) {
            List<EnginePacket> batch = drainLocked();
            return () -> exchange.send(batch);
        }
        polling.pendingGet = exchange;
        if (upgrading != null && upgrading.probed) {
            // the client is about to switch: end this request soon (as the reference does, on a
            // 100 ms tick) so that it can pause polling; if the upgrade completes first, this
            // request came after the client's last poll and is refused
            server.schedule(() -> endPollDuringUpgrade(exchange), UPGRADE_NOOP_DELAY);
        }
        return null;
    }

    private void endPollDuringUpgrade(PollExchange exchange) {
        synchronized (lock) {
            if (!(transport instanceof Transport.Polling polling) || polling.pendingGet != exchange
                    || upgrading == null) {
                return;
            }
            polling.pendingGet = null;
        }
        exchange.send(List.of(EnginePacket.NOOP));
    }

    /**
     * A pending GET ended without being answered (the client went away, or the container timed
     * it out). If it was this session's pending request the session closes.
     *
     * @param clientGone true when the client aborted the request; false for a container timeout,
     *     which only ends the request (with a noop) and keeps the session
     */
    public void onPollEnded(PollExchange exchange, boolean clientGone) {
        Runnable io = null;
        synchronized (lock) {
            if (transport instanceof Transport.Polling polling && polling.pendingGet == exchange) {
                polling.pendingGet = null;
                if (clientGone) {
                    LOG.log(Level.DEBUG, "session {0}: pending GET cancelled by the client", id);
                    io = closeLocked(CloseReason.TRANSPORT_ERROR, null);
                } else {
                    io = () -> exchange.send(List.of(EnginePacket.NOOP));
                }
            }
        }
        run(io);
    }

    /**
     * A long-polling POST is about to be read.
     *
     * @return {@code null} to go on, or the error to answer with (the session may be closed)
     */
    public EngineError beginPost() {
        Runnable io;
        EngineError error;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return EngineError.UNKNOWN_SID;
            }
            if (!(transport instanceof Transport.Polling polling)) {
                return EngineError.BAD_REQUEST;
            }
            if (!polling.postInFlight) {
                polling.postInFlight = true;
                return null;
            }
            LOG.log(Level.DEBUG, "session {0}: overlapping POST, closing", id);
            error = EngineError.BAD_REQUEST;
            io = closeLocked(CloseReason.TRANSPORT_ERROR, null);
        }
        run(io);
        return error;
    }

    /**
     * The body of a POST begun with {@link #beginPost()} was read; handles its packets. When the
     * body is accepted, {@code answer} runs (to answer "ok" and end the POST) once the listener
     * has been given this body's messages, in the session's callback order: as with the
     * reference server, a client's next poll then finds what the application answered, and a
     * client that posts faster than the application handles is slowed down, not buffered.
     *
     * @return {@code null} when the body was accepted, or the error to answer with at once
     */
    public EngineError onPostBody(String body, Runnable answer) {
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(body, 1 + body.length() / 2);
        } catch (EngineParseException e) {
            LOG.log(Level.DEBUG, "session {0}: bad payload ({1}), closing", id, e.getMessage());
            endPost();
            close(CloseReason.PARSE_ERROR);
            return EngineError.BAD_REQUEST;
        }
        try {
            for (EnginePacket p : packets) {
                if (!onPacket(null, p)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            endPost();
            throw e;
        }
        inbound.execute(() -> {
            endPost();
            answer.run();
        });
        return null;
    }

    /** Ends a POST begun with {@link #beginPost()} without a body (error, too large, aborted). */
    public void endPost() {
        synchronized (lock) {
            if (transport instanceof Transport.Polling polling) {
                polling.postInFlight = false;
            }
        }
    }

    // ---------------------------------------------------------------- websocket (binding side)

    /**
     * A WebSocket connection with this session's sid opened: it becomes the upgrade candidate,
     * or is closed if the session cannot upgrade now.
     *
     * @return the candidate transport, or {@code null} when refused (the channel is closed)
     */
    Transport.WebSocket offerUpgrade(WebSocketChannel channel) {
        Transport.WebSocket candidate = new Transport.WebSocket(channel);
        synchronized (lock) {
            if (state == State.OPEN && transport instanceof Transport.Polling && upgrading == null
                    && options.canUpgrade()) {
                upgrading = candidate;
                upgradeTimeoutTask = server.schedule(() -> upgradeTimedOut(candidate),
                        options.upgradeTimeout().toMillis());
                return candidate;
            }
        }
        channel.close(1000, "upgrade refused");
        return null;
    }

    private void upgradeTimedOut(Transport.WebSocket candidate) {
        synchronized (lock) {
            if (upgrading != candidate) {
                return;
            }
            upgrading = null;
        }
        LOG.log(Level.DEBUG, "session {0}: upgrade timed out", id);
        candidate.channel.close(1000, "upgrade timeout");
    }

    /** A text frame arrived on a WebSocket of this session. */
    void onWebSocketText(Transport.WebSocket ws, String text) {
        EnginePacket packet;
        try {
            packet = EngineCodec.decodeText(text);
        } catch (EngineParseException e) {
            if (isCandidate(ws)) {
                dropCandidate(ws, "bad probe");
                return;
            }
            LOG.log(Level.DEBUG, "session {0}: bad packet ({1}), closing", id, e.getMessage());
            close(CloseReason.PARSE_ERROR);
            return;
        }
        onPacket(ws, packet);
    }

    /** A binary frame arrived on a WebSocket of this session. */
    void onWebSocketBinary(Transport.WebSocket ws, byte[] data) {
        onPacket(ws, EngineCodec.decodeBinaryFrame(data));
    }

    /** A WebSocket of this session closed or failed. */
    void onWebSocketClosed(Transport.WebSocket ws, boolean error) {
        Runnable io = null;
        boolean candidate;
        boolean wasOpen;
        synchronized (lock) {
            candidate = upgrading == ws;
            wasOpen = state == State.OPEN;
            if (candidate) {
                upgrading = null;
                cancel(upgradeTimeoutTask);
            } else if (transport == ws) {
                ws.writing = false;
                io = closeLocked(error ? CloseReason.TRANSPORT_ERROR : CloseReason.TRANSPORT_CLOSE,
                        null);
            } else {
                return;
            }
        }
        if (candidate) {
            LOG.log(Level.DEBUG, "session {0}: upgrade abandoned (WebSocket {1})", id,
                    error ? "failed" : "closed");
        } else if (wasOpen) {
            LOG.log(Level.DEBUG, "session {0}: WebSocket {1}, closing", id,
                    error ? "failed" : "closed by the client");
        }
        run(io);
    }

    /** A WebSocket message was larger than maxHttpBufferSize: close with 1009. */
    void onWebSocketTooBig(Transport.WebSocket ws) {
        Runnable io = null;
        synchronized (lock) {
            if (upgrading == ws) {
                upgrading = null;
            } else if (transport == ws) {
                ws.closeCode = 1009;
                io = closeLocked(CloseReason.TRANSPORT_ERROR, null);
            }
        }
        LOG.log(Level.DEBUG, "session {0}: WebSocket message over maxHttpBufferSize", id);
        ws.channel.close(1009, "message too big");
        run(io);
    }

    private boolean isCandidate(Transport.WebSocket ws) {
        synchronized (lock) {
            return upgrading == ws;
        }
    }

    private void dropCandidate(Transport.WebSocket ws, String why) {
        synchronized (lock) {
            if (upgrading != ws) {
                return;
            }
            upgrading = null;
            cancel(upgradeTimeoutTask);
        }
        LOG.log(Level.DEBUG, "session {0}: upgrade abandoned ({1})", id, why);
        ws.channel.close(1000, why);
    }

    // ---------------------------------------------------------------- packets in

    /**
     * Handles one received packet. {@code ws} is the WebSocket it came on, or null for polling.
     *
     * @return whether to go on with further packets of the same payload
     */
    private boolean onPacket(Transport.WebSocket ws, EnginePacket packet) {
        Runnable io = null;
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            if (ws != null && ws == upgrading) {
                io = candidatePacketLocked(ws, packet);
            } else if (ws != null && ws != transport) {
                return false; // a stale socket
            } else if (ws == null && !(transport instanceof Transport.Polling)) {
                return false; // polling data after the upgrade
            } else {
                switch (packet.type()) {
                    case PONG -> {
                        if (awaitingPong) {
                            awaitingPong = false;
                            cancel(heartbeatTask);
                            heartbeatTask = server.schedule(this::ping,
                                    options.pingInterval().toMillis());
                        }
                    }
                    case MESSAGE -> {
                        if (inbound.backlog() >= options.maxInboundBacklog()) {
                            LOG.log(Level.WARNING,
                                    "session {0}: {1} messages wait for the application, closing",
                                    id, options.maxInboundBacklog());
                            io = closeLocked(CloseReason.TRANSPORT_ERROR, null);
                        } else {
                            deliver(packet);
                        }
                    }
                    case CLOSE -> io = closeLocked(CloseReason.TRANSPORT_CLOSE, EnginePacket.NOOP);
                    case PING -> {
                        // v4: only the server pings. The client reads (it just sent this): on a
                        // WebSocket the close frame follows a send in progress, not an abort
                        LOG.log(Level.DEBUG, "session {0}: ping from a v4 client, closing", id);
                        io = closeLocked(CloseReason.TRANSPORT_ERROR, null, false, true);
                    }
                    default -> {
                        // open, upgrade and noop from the client mean nothing here
                    }
                }
            }
        }
        run(io);
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    private Runnable candidatePacketLocked(Transport.WebSocket ws, EnginePacket packet) {
        if (packet.type() == PacketType.PING && packet instanceof EnginePacket.Control c
                && "probe".equals(c.data()) && !ws.probed) {
            ws.probed = true;
            ws.writing = true;
            Runnable noop = null;
            if (transport instanceof Transport.Polling polling && polling.pendingGet != null) {
                PollExchange get = polling.pendingGet;
                polling.pendingGet = null;
                List<EnginePacket> batch = drainLocked();
                batch.add(EnginePacket.NOOP);
                noop = () -> get.send(batch);
            }
            Runnable flushGet = noop;
            return () -> {
                ws.write(List.of(EnginePacket.PONG_PROBE), this);
                run(flushGet);
            };
        }
        if (packet.type() == PacketType.UPGRADE && ws.probed) {
            upgrading = null;
            cancel(upgradeTimeoutTask);
            Runnable endGet = null;
            if (transport instanceof Transport.Polling polling && polling.pendingGet != null) {
                // a poll sent after the probe answer: the client has switched, refuse it
                PollExchange get = polling.pendingGet;
                polling.pendingGet = null;
                endGet = () -> get.fail(EngineError.BAD_REQUEST);
            }
            transport = ws;
            Runnable flush = flushLocked();
            Runnable end = endGet;
            return () -> {
                run(end);
                run(flush);
            };
        }
        upgrading = null;
        cancel(upgradeTimeoutTask);
        return () -> ws.channel.close(1000, "unexpected packet during upgrade");
    }

    private void deliver(EnginePacket packet) {
        EngineListener listener = server.listener();
        if (packet instanceof EnginePacket.TextMessage m) {
            String text = m.text();
            inbound.execute(() -> listener.onMessage(this, text));
        } else if (packet instanceof EnginePacket.BinaryMessage b) {
            byte[] data = b.data();
            inbound.execute(() -> listener.onBinary(this, data));
        }
    }

    // ---------------------------------------------------------------- heartbeat

    /**
     * Queues the open packet, starts the heartbeat and tells the listener; called once by the
     * server after registering. All under the lock, so that no close can queue onClose before
     * onOpen is queued (a WebSocket client may read the open packet before this returns).
     */
    void start(EnginePacket openPacket) {
        Runnable io;
        synchronized (lock) {
            if (state != State.OPEN) {
                return; // closed while being registered: onOpen and onClose are queued already
            }
            queue.add(openPacket);
            queuedBytes += weight(openPacket);
            heartbeatTask = server.schedule(this::ping, options.pingInterval().toMillis());
            queueOnOpenLocked();
            io = flushLocked();
        }
        run(io);
    }

    /** Queues the listener's onOpen unless it is queued already. */
    private void queueOnOpenLocked() {
        if (!openQueued) {
            openQueued = true;
            EngineListener listener = server.listener();
            inbound.execute(() -> listener.onOpen(this));
        }
    }

    private void ping() {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            awaitingPong = true;
            heartbeatTask = server.schedule(this::pingTimedOut, options.pingTimeout().toMillis());
        }
        send(EnginePacket.PING);
    }

    private void pingTimedOut() {
        Runnable io;
        synchronized (lock) {
            if (state != State.OPEN || !awaitingPong) {
                return;
            }
            LOG.log(Level.DEBUG, "session {0}: ping timeout", id);
            io = closeLocked(CloseReason.PING_TIMEOUT, null);
        }
        run(io);
    }

    // ---------------------------------------------------------------- writing

    private boolean writableLocked() {
        if (transport instanceof Transport.Polling polling) {
            return polling.pendingGet != null;
        }
        return !((Transport.WebSocket) transport).writing;
    }

    /** Hands queued packets to the transport if it can take them now; returns the I/O to do. */
    private Runnable flushLocked() {
        if (queue.isEmpty()) {
            return null;
        }
        if (transport instanceof Transport.Polling polling) {
            if (polling.pendingGet == null) {
                return null;
            }
            PollExchange get = polling.pendingGet;
            polling.pendingGet = null;
            List<EnginePacket> batch = drainLocked();
            return () -> get.send(batch);
        }
        Transport.WebSocket ws = (Transport.WebSocket) transport;
        if (ws.writing) {
            return null;
        }
        if (queuedBytes < WriteCork.MAX_HELD_BYTES) {
            if (corkedBy == null) {
                corkedBy = WriteCork.hold(this);
            } else if (!corkedBy.holdsMore()) {
                corkedBy = null; // sent from another thread: not held by someone else's callback
            }
            if (corkedBy != null) {
                return null;
            }
        }
        corkedBy = null; // written now: the cork that held it finds it no longer its own
        ws.writing = true;
        List<EnginePacket> batch = drainLocked();
        return () -> ws.write(batch, this);
    }

    /** The cork that held this session's writes was released: write what is queued. */
    void uncork(WriteCork cork) {
        Runnable io = null;
        synchronized (lock) {
            if (corkedBy != cork) {
                return;
            }
            corkedBy = null;
            if (state == State.OPEN) {
                io = flushLocked();
            }
        }
        run(io);
    }

    private List<EnginePacket> drainLocked() {
        List<EnginePacket> batch = new ArrayList<>(queue.size() + 1);
        batch.addAll(queue);
        queue.clear();
        queuedBytes = 0;
        return batch;
    }

    /** A WebSocket finished writing a batch. */
    void onWriteDone(Transport.WebSocket ws) {
        Runnable io = null;
        synchronized (lock) {
            ws.writing = false;
            if (ws == transport) {
                if (state == State.OPEN) {
                    io = flushLocked();
                } else if (ws.closeWhenDrained) {
                    if (queue.isEmpty()) {
                        cancel(closeTimeoutTask);
                        io = () -> ws.channel.close(ws.closeCode, "");
                    } else {
                        ws.writing = true;
                        List<EnginePacket> batch = drainLocked();
                        io = () -> ws.write(batch, this);
                    }
                }
            }
        }
        run(io);
    }

    /** A write on a WebSocket failed. */
    void onTransportError(Transport.WebSocket ws, Throwable error) {
        LOG.log(Level.DEBUG, "session {0}: WebSocket write failed: {1}", id, error.toString());
        Runnable io = null;
        synchronized (lock) {
            ws.writing = false;
            if (ws == transport) {
                cancel(closeTimeoutTask);
                io = closeLocked(CloseReason.TRANSPORT_ERROR, null);
            } else if (ws == upgrading) {
                upgrading = null;
            }
        }
        ws.channel.close(1011, "write failed");
        run(io);
    }

    // ---------------------------------------------------------------- closing

    /**
     * Decides a close under the lock and returns the I/O that carries it out.
     *
     * @param lastPacket what a pending GET is answered with, or null for the reason's default
     */
    private Runnable closeLocked(CloseReason reason, EnginePacket lastPacket) {
        return closeLocked(reason, lastPacket, reason.serverInitiated(), false);
    }

    /**
     * As {@link #closeLocked(CloseReason, EnginePacket)}; {@code graceful} makes it a server
     * close: what is queued is delivered first, then the close packet. {@code clientReads} says
     * that the client is known to read (it broke the protocol, it did not stop reading): a
     * WebSocket send still in progress is then followed by the close frame instead of being
     * aborted (a send is "in progress" until the container reports it complete, which under load
     * can be well after the client got it), with an abort only if it never completes.
     */
    private Runnable closeLocked(CloseReason reason, EnginePacket lastPacket, boolean graceful,
            boolean clientReads) {
        if (state == State.CLOSED) {
            return null;
        }
        if (state == State.CLOSING) {
            // closing already; only a failure of the client's side ends the wait early. A
            // graceful close is the server's decision whatever its reason (e.g. a late packet
            // for a namespace the server just disconnected): it must not drop what is queued
            if (!graceful) {
                finishLocked();
            }
            return null;
        }
        closeReason = reason;
        cancel(heartbeatTask);
        cancel(upgradeTimeoutTask);
        List<Runnable> io = new ArrayList<>(3);
        if (upgrading != null) {
            Transport.WebSocket candidate = upgrading;
            upgrading = null;
            io.add(() -> candidate.channel.close(1000, "session closed"));
        }
        queueOnOpenLocked(); // onOpen always comes first, even for a session closed at birth
        EngineListener listener = server.listener();
        inbound.execute(() -> listener.onClose(this, reason));

        if (transport instanceof Transport.Polling polling) {
            boolean serverClose = graceful;
            boolean clientClose = lastPacket != null; // the client's close packet
            if ((serverClose && (polling.pendingGet == null || !queue.isEmpty()))
                    || (clientClose && polling.pendingGet == null)) {
                // keep the session reachable for a while. After a server close, what is queued
                // goes out first (to the pending GET if any), then "1" in a later poll. After
                // the client's close packet with no GET pending, a GET the client sent before
                // it (racing with it on another connection) still gets its noop, as from a
                // server that handles requests in arrival order; nothing more is sent.
                state = State.CLOSING;
                closingAnswer = serverClose ? EnginePacket.CLOSE : lastPacket;
                if (clientClose) {
                    queue.clear();
                    queuedBytes = 0;
                }
                closeTimeoutTask = server.schedule(this::closeTimedOut, (serverClose
                        ? options.pingInterval().plus(options.pingTimeout())
                        : options.pingTimeout()).toMillis());
                if (polling.pendingGet != null) {
                    PollExchange get = polling.pendingGet;
                    polling.pendingGet = null;
                    List<EnginePacket> batch = drainLocked();
                    io.add(() -> get.send(batch));
                }
                return combine(io);
            }
            state = State.CLOSED;
            if (polling.pendingGet != null) {
                PollExchange get = polling.pendingGet;
                polling.pendingGet = null;
                List<EnginePacket> batch = List.of(graceful || lastPacket == null
                        ? EnginePacket.CLOSE : lastPacket);
                io.add(() -> get.send(batch));
            }
        } else {
            state = State.CLOSED;
            Transport.WebSocket ws = (Transport.WebSocket) transport;
            if (graceful && (ws.writing || !queue.isEmpty())) {
                ws.closeWhenDrained = true;
                if (!ws.writing) {
                    ws.writing = true;
                    List<EnginePacket> batch = drainLocked();
                    io.add(() -> ws.write(batch, this));
                }
            } else if (ws.writing && clientReads) {
                // nothing more is sent: the close frame once the send in progress completes
                queue.clear();
                queuedBytes = 0;
                ws.closeWhenDrained = true;
                int code = ws.closeCode;
                closeTimeoutTask = server.schedule(() -> ws.channel.abort(code, ""),
                        options.pingTimeout().toMillis());
            } else if (ws.writing && (reason == CloseReason.TRANSPORT_ERROR
                    || reason == CloseReason.PING_TIMEOUT)) {
                // a send is in progress to a client that does not read (full queue, no pong):
                // do not let the close wait for it on the caller's thread
                int code = ws.closeCode;
                io.add(() -> ws.channel.abort(code, ""));
            } else {
                int code = ws.closeCode;
                io.add(() -> ws.channel.close(code, ""));
            }
        }
        if (!(transport instanceof Transport.WebSocket ws && ws.closeWhenDrained)) {
            queue.clear();
            queuedBytes = 0;
        }
        server.unregister(this); // before any client can see the close
        return combine(io);
    }

    private void closeTimedOut() {
        synchronized (lock) {
            if (state != State.CLOSING) {
                return;
            }
            finishLocked();
        }
    }

    /** Ends a CLOSING session: now CLOSED and unregistered (before the client sees the end). */
    private void finishLocked() {
        state = State.CLOSED;
        cancel(closeTimeoutTask);
        queue.clear();
        queuedBytes = 0;
        server.unregister(this);
    }

    /** Why the session closed, or {@code null} while open. */
    public CloseReason closeReason() {
        synchronized (lock) {
            return closeReason;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long weight(EnginePacket p) {
        if (p instanceof EnginePacket.TextMessage m) {
            return m.text().length() + 16L;
        }
        if (p instanceof EnginePacket.BinaryMessage b) {
            return b.data().length + 16L;
        }
        return 16;
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static Runnable combine(List<Runnable> actions) {
        if (actions.isEmpty()) {
            return null;
        }
        return () -> actions.forEach(EngineSession::run);
    }

    private static void run(Runnable io) {
        if (io != null) {
            try {
                io.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "I/O action failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + "]";
    }
}
