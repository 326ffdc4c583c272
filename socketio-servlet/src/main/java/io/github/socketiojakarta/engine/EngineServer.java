package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.binding.PollingLink;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.binding.WebSocketLink;
import io.github.socketiojakarta.engine.codec.OpenPacket;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport-neutral Engine.IO server (v4, and v3 with {@link EngineOptions#allowEIO3()}):
 * checks requests against the error table, opens sessions and keeps the one registry both
 * transports share, and owns the shared timer and the pool application callbacks run on. Container bindings call it; it knows nothing of containers
 * and nothing of Socket.IO.
 *
 * <p>Thread-safe. {@link #close()} closes every session and stops the threads it owns.
 */
public final class EngineServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EngineServer.class.getName());
    private static final AtomicInteger SERVERS = new AtomicInteger();
    /** How long {@link #close()} waits for the threads to end, after the sessions' goodbyes. */
    private static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final EngineOptions options;
    private final EngineListener listener;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    /** The bound on callbacks on reading threads, or null when they always go to the pool. */
    private final ReadingThreads readingThreads;
    private final WriteCork.Watch corkWatch = new WriteCork.Watch(this);
    private final EngineCounters counters = new EngineCounters();
    /**
     * The threads this server started, so that {@link #close()} can wait until they have ended,
     * not merely until their pool says it terminated (a pool terminates a moment before its
     * last thread is gone, and a container undeploying the application checks for live threads).
     * Ended ones are pruned as new ones start.
     */
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param options the settings
     * @param listener receives every session's events, see its threading contract
     */
    public EngineServer(EngineOptions options, EngineListener listener) {
        this.options = options;
        this.listener = listener;
        int n = SERVERS.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("socketio-timer-" + n));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        int size = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        this.readingThreads = options.dispatch() == CallbackDispatch.READING_THREAD_WHEN_IDLE
                ? new ReadingThreads(size) : null;
        if (options.executor() != null) {
            this.executor = options.executor();
            this.ownedExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads("socketio-worker-" + n));
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
            this.ownedExecutor = pool;
        }
    }

    /** The settings. */
    public EngineOptions options() {
        return options;
    }

    EngineListener listener() {
        return listener;
    }

    Executor executor() {
        return executor;
    }

    ReadingThreads readingThreads() {
        return readingThreads;
    }

    WriteCork.Watch corkWatch() {
        return corkWatch;
    }

    /** The open sessions' count. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * The open sessions whose current transport is {@code transport}; counted now, one look at
     * each session (for metrics, not for every request).
     */
    public int sessionCount(TransportType transport) {
        int n = 0;
        for (EngineSession s : sessions.values()) {
            if (s.transport() == transport) {
                n++;
            }
        }
        return n;
    }

    /** What this server has done since it started (handshakes, packets, bytes...). */
    public EngineCounters counters() {
        return counters;
    }

    /**
     * Counts a request a binding refused before asking {@link #check}, such as one from an
     * origin the CORS settings do not allow ({@link EngineError#FORBIDDEN}).
     */
    public void countRefusal(EngineError error) {
        counters.refused(error);
    }

    /**
     * Diagnostic: how many tasks wait on the shared timer (heartbeats, upgrade and close
     * timeouts, and the layers' connect and ack timeouts; cancelled tasks are removed at once).
     * With no session open and no ack pending it is back to 0: the hardening tests use it to
     * check that closed sessions leave no timer behind. Not a stable API.
     */
    public int pendingTimers() {
        return scheduler.getQueue().size();
    }

    /** The session with this id, or {@code null}. */
    public EngineSession session(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** A snapshot of the open sessions. */
    public List<EngineSession> sessions() {
        return new ArrayList<>(sessions.values());
    }

    /**
     * Checks a request against the Engine.IO rules, in the reference server's order: transport,
     * protocol version, sid (known, and on its current transport unless upgrading), handshake
     * method, WebSocket without upgrade, and the application's hook.
     *
     * @param request the request
     * @param isUpgrade whether it asks for a WebSocket upgrade
     * @return {@code null} when acceptable, else the rejection
     */
    public Rejection check(EngineRequest request, boolean isUpgrade) {
        Rejection rejection = rules(request, isUpgrade);
        if (rejection != null) {
            counters.refused(rejection.error());
        }
        return rejection;
    }

    private Rejection rules(EngineRequest request, boolean isUpgrade) {
        TransportType transport = TransportType.ofWireName(request.query().get("transport"));
        if (transport == null || !options.allows(transport)) {
            return new Rejection(EngineError.UNKNOWN_TRANSPORT, null);
        }
        if (protocolOf(request) == 3 && !options.allowEIO3()) {
            return new Rejection(EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
        }
        if (transport == TransportType.WEBSOCKET && !isUpgrade) {
            return new Rejection(EngineError.BAD_REQUEST, null);
        }
        String sid = request.query().get("sid");
        if (sid != null) {
            EngineSession session = sessions.get(sid);
            if (session == null) {
                return new Rejection(EngineError.UNKNOWN_SID, null);
            }
            // an upgrade the session cannot take (already upgraded or upgrading) is accepted as
            // a WebSocket and closed right away, as the reference server does
            if (!isUpgrade && session.transport() != transport) {
                return new Rejection(EngineError.BAD_REQUEST, null);
            }
            return null;
        }
        if (!"GET".equals(request.method())) {
            return new Rejection(EngineError.BAD_HANDSHAKE_METHOD, null);
        }
        if (options.allowRequest() != null) {
            String refusal;
            try {
                refusal = options.allowRequest().check(request);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "allowRequest hook failed; refusing the handshake", e);
                refusal = "";
            }
            if (refusal != null) {
                return new Rejection(EngineError.FORBIDDEN, refusal.isEmpty() ? null : refusal);
            }
        }
        return null;
    }

    /**
     * The Engine.IO protocol version of a request, as the reference reads it: 4 when its
     * {@code EIO} parameter is exactly {@code 4}, else 3 (missing, {@code 3} or anything else).
     */
    static int protocolOf(EngineRequest request) {
        return "4".equals(request.query().get("EIO")) ? 4 : 3;
    }

    /**
     * A refused request: the error, and a custom message (from the allowRequest hook) or null.
     *
     * @param error the error of the table
     * @param message the message to send instead of the standard one, or null
     */
    public record Rejection(EngineError error, String message) {
        /** The JSON body. */
        public String json() {
            return message == null ? error.json() : error.json(message);
        }

        /** The message: the custom one, or the standard one. */
        public String text() {
            return message == null ? error.message() : message;
        }
    }

    /**
     * Opens a long-polling session for a checked handshake. It is registered before anything is
     * sent, so the client's first POST always finds it; the open packet is queued for the
     * handshake GET.
     *
     * @return the new session's polling link, for the binding to hand it the handshake GET
     */
    public PollingLink openPolling(EngineRequest request) {
        EngineSession session = register(request, null,
                options.canUpgrade() ? List.of(TransportType.WEBSOCKET.wireName()) : List.of(),
                null);
        return session.pollingLink();
    }

    /**
     * The long-polling side of the session with this id, for the binding's GETs and POSTs; a
     * session not on long-polling refuses them.
     *
     * @return the link, or {@code null} when no session has this id
     */
    public PollingLink polling(String sid) {
        EngineSession session = session(sid);
        return session == null ? null : session.pollingLink();
    }

    /**
     * Binds a newly opened WebSocket connection: to a new session when the request has no sid
     * (the open packet is sent on it), or as the upgrade candidate of the polling session it
     * names. A connection that cannot be bound any more is closed.
     */
    public WebSocketLink openWebSocket(EngineRequest request, WebSocketChannel channel) {
        return openWebSocket(request, channel, null);
    }

    /**
     * Like {@link #openWebSocket(EngineRequest, WebSocketChannel)}, with the id a new session
     * gets when the request has no sid (from {@link #newSessionId()}, so that the binding could
     * put it in a handshake cookie), or {@code null} to draw one.
     */
    public WebSocketLink openWebSocket(EngineRequest request, WebSocketChannel channel,
            String newSid) {
        String sid = request.query().get("sid");
        if (sid == null) {
            if (closed) {
                channel.close(1001, "server shutting down");
                return new RefusedLink(channel);
            }
            EngineSession session = register(request, channel, List.of(), newSid);
            return (WebSocketTransport) session.initialTransport();
        }
        EngineSession session = sessions.get(sid);
        if (session == null) {
            channel.close(1000, "unknown session");
            return new RefusedLink(channel);
        }
        WebSocketTransport candidate = session.upgrade.offer(channel);
        return candidate == null ? new RefusedLink(channel) : candidate;
    }

    /** @param channel the WebSocket the session opens on, or {@code null} for long-polling */
    private EngineSession register(EngineRequest request, WebSocketChannel channel,
            List<String> upgrades, String presetSid) {
        String sid = presetSid;
        EngineSession session;
        while (true) {
            if (sid == null) {
                sid = newSessionId();
            }
            session = new EngineSession(this, sid, request, channel);
            if (sessions.putIfAbsent(sid, session) == null) {
                break;
            }
            sid = null;
        }
        counters.handshake(channel == null ? TransportType.POLLING : TransportType.WEBSOCKET);
        session.start(new OpenPacket(sid, upgrades, options.pingInterval().toMillis(),
                options.pingTimeout().toMillis(), options.maxHttpBufferSize()).toPacket());
        if (closed) {
            session.close(CloseReason.SERVER_SHUTTING_DOWN);
        }
        return session;
    }

    void unregister(EngineSession session) {
        if (sessions.remove(session.id(), session) && closed && sessions.isEmpty()) {
            synchronized (sessions) {
                sessions.notifyAll(); // close() waits for the last goodbye
            }
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return schedule(task, delay.toMillis());
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "timer task failed", e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * Runs a task on the shared timer after a delay; for the layers above (connect timeouts,
     * ack timeouts). Returns {@code null} once the server is closed.
     */
    public ScheduledFuture<?> scheduleTask(Runnable task, long delayMillis) {
        return schedule(task, delayMillis);
    }

    /**
     * Runs {@code task} on the calling thread as a listener callback is run: what it sends over
     * WebSocket to this server's sessions is held back and written when it returns, each session's
     * packets in one batch (sooner once 16 kB wait, or when it has sent nothing for about a
     * millisecond). For the layers above that deliver many packets from a thread of their own (a
     * cluster adapter relaying other nodes' broadcasts). May nest in a callback or in itself.
     */
    public void batched(Runnable task) {
        WriteCork cork = corkWatch.open();
        try {
            task.run();
        } finally {
            cork.close();
        }
    }

    /** The pool application callbacks run on; for the layers above. */
    public Executor callbackExecutor() {
        return executor;
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /**
     * Closes every session ("server shutting down": clients are told and reconnect), waits a
     * bounded time for the goodbyes to be written, then stops the timer and the owned pool and
     * waits (at most 5 s) until their threads have ended: the callbacks already queued, such
     * as disconnect handlers, still run. A thread still busy then is named in a warning.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EngineSession s : sessions()) {
            s.close(CloseReason.SERVER_SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (sessions) {
            long left;
            while (!sessions.isEmpty() && (left = remaining(deadline)) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(sessions, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        scheduler.shutdownNow();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown(); // what is queued (disconnect handlers) still runs
        }
        // the timer thread ends at once (no task runs long), the pool's once the queue is done.
        // Wait until the threads themselves are gone, not for the pools to say they terminated
        // (a moment before their last thread is), so that a container undeploying the
        // application sees no thread of ours left
        long stopBy = System.nanoTime() + STOP_WAIT_NANOS;
        Thread self = Thread.currentThread();
        try {
            for (Thread t : started) {
                if (t != self) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(stopBy))));
                }
            }
        } catch (InterruptedException e) {
            self.interrupt();
        }
        List<Thread> busy = new ArrayList<>();
        for (Thread t : started) {
            if (t.isAlive() && t != self) {
                busy.add(t);
            }
        }
        if (!busy.isEmpty() && ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        for (Thread t : busy) {
            LOG.log(Level.WARNING, "thread {0} of the closed server is still running after "
                    + "{1} s (application code that does not return?): {2}", t.getName(),
                    TimeUnit.NANOSECONDS.toSeconds(STOP_WAIT_NANOS), stack(t));
        }
        sessions.clear();
    }

    /** A fresh random session id: 20 URL-safe characters (120 random bits). */
    public static String newSessionId() {
        return SessionIds.next();
    }

    private ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> track(new Thread(r, name + "-" + count.incrementAndGet()));
    }

    private Thread track(Thread t) {
        t.setDaemon(true);
        started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
        started.add(t);
        return t;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String stack(Thread t) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            b.append("\n\tat ").append(e);
        }
        return b.toString();
    }
}
