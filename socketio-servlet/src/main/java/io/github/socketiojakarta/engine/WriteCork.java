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
 * <p>A cork is open on a worker thread while it runs one callback ({@link SerialExecutor}).
 * A session that has packets to write while a cork is open on the sending thread joins the cork
 * instead of writing; its packets go out when the callback returns. Three things bound the
 * wait: a session with {@link #MAX_HELD_BYTES} queued writes at once; when the callback has
 * sent nothing for about a millisecond (it blocks, computes, or waits for the core), the
 * server's timer ({@link Watch}) writes what the cork holds, and the cork goes on holding what
 * comes next; and the end of the callback writes the rest. So a handler that emits and then
 * blocks on a database delays its emits by a millisecond or two, not by the database call.
 *
 * <p>Thread-safe: the owning thread adds sessions, the timer may write what they hold meanwhile.
 * Lock order: a session's lock, then a cork's; a cork's lock is never held while a session's
 * is taken.
 */
final class WriteCork {
    /** A session with this much queued is written at once, cork or not. */
    static final long MAX_HELD_BYTES = 16 * 1024;

    private static final ThreadLocal<WriteCork> CURRENT = new ThreadLocal<>();

    private final Watch watch;
    private final List<EngineSession> held = new ArrayList<>();
    private boolean open = true;
    private boolean watched;
    /** Bumped for every packet held; the watch flushes a cork whose count stands still. */
    private volatile int sends;
    private int seenSends = -1;

    private WriteCork(Watch watch) {
        this.watch = watch;
    }

    /** Opens a cork on this thread; {@link #close()} it in a finally block. */
    static WriteCork open(Watch watch) {
        WriteCork cork = new WriteCork(watch);
        CURRENT.set(cork);
        return cork;
    }

    /**
     * Called with {@code session}'s lock held, when it has packets to write: whether they are
     * held by the cork open on this thread (then the session must not write now, and is
     * {@link EngineSession#uncork uncorked} later).
     */
    static WriteCork hold(EngineSession session) {
        WriteCork cork = CURRENT.get();
        return cork != null && cork.add(session) ? cork : null;
    }

    /** Notes one more packet held for a session this cork holds already. */
    void touch() {
        sends++;
    }

    private boolean add(EngineSession session) {
        boolean register;
        synchronized (this) {
            if (!open) {
                return false;
            }
            held.add(session);
            sends++;
            register = !watched;
            watched = true;
        }
        if (register) {
            watch.register(this);
        }
        return true;
    }

    /** Ends the callback's cork: writes what it held. */
    void close() {
        CURRENT.remove();
        release();
        watch.unregister(this);
    }

    private void release() {
        flush(true);
    }

    /** Writes what is held; {@code last} closes the cork (what comes next is not held). */
    private void flush(boolean last) {
        List<EngineSession> sessions;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = !last;
            if (held.isEmpty()) {
                return;
            }
            sessions = new ArrayList<>(held);
            held.clear();
        }
        for (EngineSession s : sessions) {
            s.uncork(this);
        }
    }

    /**
     * The watch's tick: writes what is held if nothing was held since the last tick. The cork
     * stays open: a callback that was only descheduled (a busy core) goes on batching, one that
     * blocks has what it sent written within about two ticks.
     */
    private void tick() {
        synchronized (this) {
            int now = sends;
            if (now != seenSends) {
                seenSends = now;
                return;
            }
        }
        flush(false);
    }

    /**
     * One server's timer side of its corks: while any cork is open that held packets, ticks
     * every millisecond and writes what the corks whose callback has gone quiet hold.
     */
    static final class Watch {
        private static final long TICK_MILLIS = 1;

        private final EngineServer server;
        private final Set<WriteCork> corks = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean ticking = new AtomicBoolean();

        Watch(EngineServer server) {
            this.server = server;
        }

        void register(WriteCork cork) {
            corks.add(cork);
            if (ticking.compareAndSet(false, true)) {
                schedule();
            }
        }

        void unregister(WriteCork cork) {
            corks.remove(cork);
        }

        private void schedule() {
            if (server.schedule(this::tick, TICK_MILLIS) == null) {
                ticking.set(false); // the server is closed
            }
        }

        private void tick() {
            for (WriteCork cork : corks) {
                cork.tick();
            }
            if (!corks.isEmpty()) {
                schedule();
                return;
            }
            ticking.set(false);
            if (!corks.isEmpty() && ticking.compareAndSet(false, true)) {
                schedule(); // a cork registered meanwhile
            }
        }
    }
}
