package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.PollingLink;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One Engine.IO session: its state machine, heartbeat, bounded outbound queue and close; its
 * transport (long-polling, possibly upgraded to WebSocket) carries the queue to the client.
 * This is the API of the layer above (Socket.IO); the container binding drives a session
 * through {@link io.github.socketiojakarta.engine.binding}.
 *
 * <p>Threading: every method is thread-safe. State changes happen under the session's one lock
 * (shared with its transports, its {@link Upgrade} and its {@link Heartbeat}); I/O happens after
 * it is released.
 * {@link #send} never blocks and never throws: it queues the packet and returns whether it was
 * accepted. Received messages reach the {@link EngineListener} as its contract says. Over
 * WebSocket, what a listener callback sends is written when the callback returns, a session's
 * packets together (or sooner: at 16 kB queued, or when the callback has sent nothing for about
 * a millisecond), so that a burst of emits costs a few writes rather than one per packet.
 *
 * <p>Memory is bounded: the outbound queue by {@link EngineOptions#maxBufferedBytes()}, the
 * messages waiting for the application by {@link EngineOptions#maxInboundBacklog()}; a session
 * past either bound is closed.
 */
public final class EngineSession {
    private static final System.Logger LOG = System.getLogger(EngineSession.class.getName());

    /** The session's one state machine; guarded by {@link #lock}. */
    enum State { OPEN, CLOSING, CLOSED }

    final EngineServer server;
    final EngineOptions options;
    private final String id;
    private final EngineRequest request;
    /** The Engine.IO protocol version, fixed by the handshake: 3 or 4. */
    private final int protocol;
    /** The listener's callbacks, in order. */
    final SerialExecutor inbound;
    private final PacketsIn in;
    /** The transport the session opened on (its link for the binding). */
    private final Transport initial;
    /** The upgrade to WebSocket: its candidate and timer. */
    final Upgrade upgrade;

    /** The session's one lock: guards the state, the queue and the transports' fields. */
    final Object lock = new Object();
    State state = State.OPEN;
    Transport transport;
    private final ArrayDeque<EnginePacket> queue = new ArrayDeque<>(8);
    private long queuedBytes;
    final Heartbeat heartbeat = new Heartbeat(this);
    /** Ends a CLOSING session, or aborts a WebSocket whose last send does not complete. */
    ScheduledFuture<?> closeTimeoutTask;
    private CloseReason closeReason;
    private boolean openQueued;

    private volatile Object attachment;

    /**
     * @param channel the WebSocket the session opens on, or {@code null} for long-polling
     */
    EngineSession(EngineServer server, String id, EngineRequest request,
            WebSocketChannel channel) {
        this.server = server;
        this.id = id;
        this.request = request;
        this.protocol = EngineServer.protocolOf(request);
        this.options = server.options();
        this.inbound = new SerialExecutor(server.executor(), server.corkWatch(),
                server.readingThreads());
        this.upgrade = new Upgrade(this);
        this.in = new PacketsIn(this);
        this.initial = channel == null ? new PollingTransport(this)
                : new WebSocketTransport(this, channel);
        this.transport = initial;
    }

    /** The session id (the {@code sid} query parameter). */
    public String id() {
        return id;
    }

    /** The request that opened the session. */
    public EngineRequest request() {
        return request;
    }

    /**
     * The Engine.IO protocol version the client speaks: 4, or 3 for a Socket.IO v2 client
     * (only with {@link EngineOptions#allowEIO3()}); fixed by the handshake.
     */
    public int protocol() {
        return protocol;
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
        return enqueue(List.of(packet), false);
    }

    /**
     * Queues several packets for the client, atomically: they are written in order, with no
     * other packet between them (a Socket.IO binary packet and its attachments).
     *
     * @return {@code false} when the session is no longer open (nothing is queued)
     */
    public boolean send(List<? extends EnginePacket> packets) {
        return enqueue(packets, false);
    }

    /**
     * Queues a packet only if it can be written right away (nothing queued and the transport
     * ready); otherwise drops it. This is the policy of Socket.IO's volatile emits.
     *
     * @return whether the packet was queued
     */
    public boolean sendVolatile(EnginePacket packet) {
        return enqueue(List.of(packet), true);
    }

    /**
     * Queues several packets only if they can be written right away (nothing queued and the
     * transport ready); otherwise drops them all.
     *
     * @return whether they were queued
     */
    public boolean sendVolatile(List<? extends EnginePacket> packets) {
        return enqueue(packets, true);
    }

    /** The one way packets join the queue from outside: all of them, or none. */
    private boolean enqueue(List<? extends EnginePacket> packets, boolean isVolatile) {
        Runnable io;
        synchronized (lock) {
            if (state != State.OPEN) {
                return false;
            }
            if (isVolatile && !(queue.isEmpty() && transport.writableLocked())) {
                return false;
            }
            for (EnginePacket p : packets) {
                queueLocked(p);
            }
            if (queuedBytes > options.maxBufferedBytes() && queue.size() > 1) {
                LOG.log(Level.WARNING, "session {0}: outbound queue over {1} bytes, closing", id,
                        options.maxBufferedBytes());
                server.counters().queueOverflow();
                io = closeLocked(CloseReason.TRANSPORT_ERROR, null);
            } else {
                io = flushLocked();
            }
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

    /** Why the session closed, or {@code null} while open. */
    public CloseReason closeReason() {
        synchronized (lock) {
            return closeReason;
        }
    }

    // ---------------------------------------------------------------- for the binding

    /** The transport the session opened on. */
    Transport initialTransport() {
        return initial;
    }

    /**
     * This session's long-polling requests: its polling transport, or, for a session opened on
     * a WebSocket, one that refuses every request (the session is not on long-polling).
     */
    PollingLink pollingLink() {
        return initial instanceof PollingTransport polling ? polling : new PollingTransport(this);
    }

    // ---------------------------------------------------------------- packets in

    /** Where the transports hand received packets ({@link PacketsIn}). */
    PacketsIn in() {
        return in;
    }

    // ---------------------------------------------------------------- start

    /**
     * Queues the open packet, starts the heartbeat and tells the listener; called once by the
     * server after registering. All under the lock, so that no close can queue onClose before
     * onOpen is queued (a WebSocket client may read the open packet before this returns).
     */
    void start(EnginePacket openPacket) {
        Runnable io;
        boolean startCallbacks;
        synchronized (lock) {
            if (state != State.OPEN) {
                return; // closed while being registered: onOpen and onClose are queued already
            }
            queueLocked(openPacket);
            heartbeat.startLocked();
            openQueued = true;
            EngineListener listener = server.listener();
            startCallbacks = inbound.offer(() -> listener.onOpen(this));
            io = flushLocked();
        }
        run(io);
        if (startCallbacks) {
            // a WebSocket opened on a container worker thread (Tomcat's): onOpen may run here
            inbound.start(initial.callbacksOnReadingThread());
        }
    }

    /** Queues the listener's onOpen unless it is queued already. */
    private void queueOnOpenLocked() {
        assert Thread.holdsLock(lock);
        if (!openQueued) {
            openQueued = true;
            EngineListener listener = server.listener();
            inbound.execute(() -> listener.onOpen(this));
        }
    }

    // ---------------------------------------------------------------- the queue

    private void queueLocked(EnginePacket p) {
        assert Thread.holdsLock(lock);
        queue.add(p);
        queuedBytes += weight(p);
    }

    boolean hasQueuedLocked() {
        assert Thread.holdsLock(lock);
        return !queue.isEmpty();
    }

    /** Takes everything queued, in order (with room for one more packet). */
    List<EnginePacket> drainLocked() {
        assert Thread.holdsLock(lock);
        List<EnginePacket> batch = new ArrayList<>(queue.size() + 1);
        batch.addAll(queue);
        server.counters().out(transport.type(), batch);
        clearQueueLocked();
        return batch;
    }

    void clearQueueLocked() {
        assert Thread.holdsLock(lock);
        queue.clear();
        queuedBytes = 0;
    }

    /** Hands queued packets to the transport if it can take them now; returns the I/O to do. */
    Runnable flushLocked() {
        assert Thread.holdsLock(lock);
        return queue.isEmpty() ? null : transport.flushLocked();
    }

    /** The weight of what is queued (bytes, roughly). */
    long queuedBytesLocked() {
        assert Thread.holdsLock(lock);
        return queuedBytes;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Decides a close under the lock and returns the I/O that carries it out.
     *
     * @param lastPacket what a pending GET is answered with, or null for the reason's default
     */
    Runnable closeLocked(CloseReason reason, EnginePacket lastPacket) {
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
    Runnable closeLocked(CloseReason reason, EnginePacket lastPacket, boolean graceful,
            boolean clientReads) {
        assert Thread.holdsLock(lock);
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
        server.counters().closed(reason);
        heartbeat.stopLocked();
        List<Runnable> io = new ArrayList<>(3);
        Runnable dropCandidate = upgrade.abandonLocked();
        if (dropCandidate != null) {
            io.add(dropCandidate);
        }
        queueOnOpenLocked(); // onOpen always comes first, even for a session closed at birth
        EngineListener listener = server.listener();
        inbound.execute(() -> listener.onClose(this, reason));

        // the transport moves the state on: CLOSING (polling waits for a last poll) or CLOSED
        boolean keepQueue = transport instanceof PollingTransport polling
                ? polling.closeLocked(lastPacket, graceful, io)
                : ((WebSocketTransport) transport).closeLocked(reason, graceful, clientReads, io);
        if (state == State.CLOSED) {
            if (!keepQueue) {
                clearQueueLocked();
            }
            server.unregister(this); // before any client can see the close
        }
        return combine(io);
    }

    /** Ends a CLOSING session after its time is up. */
    void closeTimedOut() {
        synchronized (lock) {
            if (state != State.CLOSING) {
                return;
            }
            finishLocked();
        }
    }

    /** Ends a CLOSING session: now CLOSED and unregistered (before the client sees the end). */
    void finishLocked() {
        assert Thread.holdsLock(lock);
        state = State.CLOSED;
        cancel(closeTimeoutTask);
        clearQueueLocked();
        server.unregister(this);
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

    static void cancel(ScheduledFuture<?> task) {
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

    /** Runs an I/O action decided under the lock (after releasing it); null does nothing. */
    static void run(Runnable io) {
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
