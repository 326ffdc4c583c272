package io.github.socketiojakarta.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds back the WebSocket writes of one listener callback so that what it sends goes out in
 * few large writes: a callback that emits 100 messages to 5,000 sockets ends up writing each
 * socket's 100 frames together (one batch each) rather than 500,000 frames one by one.
 *
 * <p>A cork is open on a thread while it runs a callback of its server ({@link SerialExecutor});
 * every thread takes the same path, whether it belongs to the server's own pool or to an
 * executor the application supplied: the server's {@link Watch} keeps the cork open on each
 * thread in a thread-local of its own, set when the callback starts and removed when it ends
 * (so a thread outside the server keeps nothing of it afterwards). A cork is bound to its
 * server: it holds only that server's sessions, so a callback of one server sending on a session
 * of another (two servers in one class loader) has it written at once, as from any thread that
 * runs no callback of that server.
 *
 * <p>A session that has packets to write while a cork of its server is open on the sending
 * thread joins the cork instead of writing; its packets go out when the callback returns. Only
 * that thread's sends are held: a packet for the session from any other thread (the heartbeat's
 * ping, another callback) has it written at once, with what was held. Three things bound the
 * wait: a session with {@link #MAX_HELD_BYTES} queued writes at once; when the callback has sent
 * nothing for about a millisecond (it blocks, computes, or waits for the core), the server's
 * timer ({@link Watch}) writes what the cork holds, and the cork goes on holding what comes
 * next; and the end of the callback writes the rest. So a handler that emits and then blocks on
 * a database delays its emits by a millisecond or two, not by the database call.
 *
 * <p>Callbacks may nest on one thread (a callback whose send makes the server run another
 * session's callbacks in place, when its pool refuses work): the nested one uses the same cork,
 * and its end writes what is held so far while the outer callback's cork stays open.
 *
 * <p>Thread-safe: the owning thread opens, closes and adds sessions; the timer may write what
 * they hold meanwhile. Lock order: a session's lock, then a cork's; a cork's lock is never held
 * while a session's is taken.
 */
final class WriteCork {
    /** A session with this much queued is written at once, cork or not. */
    static final long MAX_HELD_BYTES = 16 * 1024;

    private final Watch watch;
    /** The thread whose callbacks this cork holds for. */
    private final Thread owner;
    private final List<WebSocketTransport> held = new ArrayList<>();
    /** How many callbacks run in it (nested ones included); touched by the owner only. */
    private int depth;
    /** In a callback; guarded by this. */
    private boolean open = true;
    /** Holds, or held, packets in this callback: the watch looks at it. Guarded by this. */
    private boolean armed;
    /** Bumped for every packet held; the watch flushes a cork whose count stands still. */
    private volatile int sends;
    private int seenSends = -1;

    private WriteCork(Watch watch, Thread owner) {
        this.watch = watch;
        this.owner = owner;
    }

    /**
     * A session this cork holds has one more packet to write: whether the cork goes on holding
     * it. Only the owning thread's own sends are held; a send from any other thread (the
     * heartbeat's ping from the timer, another callback, the application) is not delayed by
     * this callback: the session is then written at once, with what the cork held.
     */
    boolean holdsMore() {
        if (Thread.currentThread() != owner) {
            return false;
        }
        sends++;
        return true;
    }

    private boolean add(WebSocketTransport session) {
        boolean arm;
        synchronized (this) {
            if (!open) {
                return false;
            }
            held.add(session);
            sends++;
            arm = !armed;
            armed = true;
        }
        if (arm) {
            watch.arm(this);
        }
        return true;
    }

    /**
     * Ends one callback: writes what the cork held. The outermost callback's end closes the
     * cork (what comes next is not held); a nested one's leaves it open for the outer callback.
     */
    void close() {
        assert Thread.currentThread() == owner;
        if (--depth > 0) {
            flush(false);
            return;
        }
        watch.current.remove();
        flush(true);
    }

    /** Writes what is held; {@code last} ends the cork (what comes next is not held). */
    private void flush(boolean last) {
        List<WebSocketTransport> sessions;
        synchronized (this) {
            if (last) {
                open = false;
                armed = false;
            }
            if (held.isEmpty()) {
                return;
            }
            sessions = new ArrayList<>(held);
            held.clear();
        }
        for (WebSocketTransport s : sessions) {
            s.uncork(this);
        }
    }

    /**
     * The watch's tick: writes what is held if nothing was held since the last tick. The cork
     * stays open: a callback that was only descheduled (a busy core) goes on batching, one that
     * blocks has what it sent written within about two ticks.
     *
     * @return whether the cork still needs watching
     */
    private boolean tick() {
        synchronized (this) {
            if (!armed) {
                return false;
            }
            int now = sends;
            if (now != seenSends) {
                seenSends = now;
                return true;
            }
        }
        flush(false);
        return true;
    }

    private synchronized boolean armed() {
        return armed;
    }

    /**
     * One server's corks: which is open on each thread, and the timer side: while any cork
     * holds packets in a callback, ticks every millisecond and writes what the corks whose
     * callback has gone quiet hold. Thread-safe.
     */
    static final class Watch {
        private static final long TICK_MILLIS = 1;

        private final EngineServer server;
        /** The cork open on this thread for this server's callbacks, while one runs. */
        private final ThreadLocal<WriteCork> current = new ThreadLocal<>();
        /** The corks that hold, or held, packets in their callback. */
        private final Set<WriteCork> armed = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean ticking = new AtomicBoolean();

        Watch(EngineServer server) {
            this.server = server;
        }

        /**
         * Opens the cork of one callback of this server on this thread (the one already open
         * when callbacks nest); {@link WriteCork#close()} it in a finally block.
         */
        WriteCork open() {
            WriteCork cork = current.get();
            if (cork == null) {
                cork = new WriteCork(this, Thread.currentThread());
                current.set(cork);
            }
            cork.depth++;
            return cork;
        }

        /**
         * Called with its session's lock held (a session of this server), when a WebSocket has
         * packets to write: the cork open on this thread that holds them (then it must not
         * write now, and is {@link WebSocketTransport#uncork uncorked} later), or null.
         */
        WriteCork hold(WebSocketTransport session) {
            WriteCork cork = current.get();
            return cork != null && cork.add(session) ? cork : null;
        }

        private void arm(WriteCork cork) {
            armed.add(cork);
            if (!ticking.get() && ticking.compareAndSet(false, true)) {
                schedule();
            }
        }

        private void schedule() {
            if (server.schedule(this::tick, TICK_MILLIS) == null) {
                ticking.set(false); // the server is closed
            }
        }

        private void tick() {
            if (tickAll()) {
                schedule();
                return;
            }
            ticking.set(false);
            if (anyArmed() && ticking.compareAndSet(false, true)) {
                schedule(); // armed meanwhile
            }
        }

        private boolean tickAll() {
            boolean any = false;
            for (WriteCork cork : armed) {
                if (cork.tick()) {
                    any = true;
                } else {
                    armed.remove(cork); // its callback ended
                }
            }
            return any;
        }

        private boolean anyArmed() {
            for (WriteCork cork : armed) {
                if (cork.armed()) {
                    return true;
                }
            }
            return false;
        }
    }
}
