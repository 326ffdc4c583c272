package io.github.socketiojakarta.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds back the WebSocket writes of one listener callback so that what it sends goes out in
 * few large writes: a callback that emits 100 messages to 5,000 sockets ends up writing each
 * socket's 100 frames together (one batch each) rather than 500,000 frames one by one.
 *
 * <p>A cork is open on a worker thread while it runs one callback ({@link SerialExecutor}).
 * A session that has packets to write while a cork is open on the sending thread joins the cork
 * instead of writing; its packets go out when the callback returns. Only that thread's sends
 * are held: a packet for the session from any other thread (the heartbeat's ping, another
 * callback) has it written at once, with what was held. Three things bound the wait: a session
 * with {@link #MAX_HELD_BYTES} queued writes at once; when the callback has sent nothing for
 * about a millisecond (it blocks, computes, or waits for the core), the
 * server's timer ({@link Watch}) writes what the cork holds, and the cork goes on holding what
 * comes next; and the end of the callback writes the rest. So a handler that emits and then
 * blocks on a database delays its emits by a millisecond or two, not by the database call.
 *
 * <p>The threads of a server's own pool ({@link Worker}) each keep one cork for all their
 * callbacks, found without a thread-local lookup; a callback on another thread (an executor
 * the application supplied) gets a cork of its own through a thread-local.
 *
 * <p>Thread-safe: the owning thread adds sessions, the timer may write what they hold meanwhile.
 * Lock order: a session's lock, then a cork's; a cork's lock is never held while a session's
 * is taken.
 */
final class WriteCork {
    /** A session with this much queued is written at once, cork or not. */
    static final long MAX_HELD_BYTES = 16 * 1024;

    private static final ThreadLocal<WriteCork> FOREIGN = new ThreadLocal<>();
    /** How many corks are open on threads that are not {@link Worker}s. */
    private static final AtomicInteger FOREIGN_OPEN = new AtomicInteger();

    private final Watch watch;
    private final boolean reusable;
    /** The thread whose callbacks this cork holds for. */
    private final Thread owner;
    private final List<EngineSession> held = new ArrayList<>();
    /** In a callback; written by the owning thread only. */
    private boolean open;
    /** Holds, or held, packets in this callback: the watch looks at it. */
    private boolean armed;
    /** Bumped for every packet held; the watch flushes a cork whose count stands still. */
    private volatile int sends;
    private int seenSends = -1;

    private WriteCork(Watch watch, boolean reusable, Thread owner) {
        this.watch = watch;
        this.reusable = reusable;
        this.owner = owner;
    }

    /** A thread of a server's own callback pool, with its cork. */
    static final class Worker extends Thread {
        private final WriteCork cork;

        Worker(Runnable task, String name, Watch watch) {
            super(task, name);
            this.cork = new WriteCork(watch, true, this);
        }

        @Override
        public void run() {
            cork.watch.workers.add(cork);
            try {
                super.run();
            } finally {
                cork.watch.workers.remove(cork);
            }
        }
    }

    /** Opens a cork on this thread for one callback; {@link #close()} it in a finally block. */
    static WriteCork open(Watch watch) {
        if (Thread.currentThread() instanceof Worker w && w.cork.watch == watch && !w.cork.open) {
            w.cork.open = true;
            return w.cork;
        }
        WriteCork cork = new WriteCork(watch, false, Thread.currentThread());
        cork.open = true;
        FOREIGN.set(cork); // a cork open on this thread already (a nested drain) ends early
        FOREIGN_OPEN.incrementAndGet();
        return cork;
    }

    /**
     * Called with {@code session}'s lock held, when it has packets to write: the cork open on
     * this thread that holds them (then the session must not write now, and is
     * {@link EngineSession#uncork uncorked} later), or null.
     */
    static WriteCork hold(EngineSession session) {
        WriteCork cork;
        if (Thread.currentThread() instanceof Worker w && w.cork.open) {
            cork = w.cork;
        } else if (FOREIGN_OPEN.get() > 0) {
            cork = FOREIGN.get();
        } else {
            return null;
        }
        return cork != null && cork.add(session) ? cork : null;
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

    private boolean add(EngineSession session) {
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

    /** Ends the callback's cork: writes what it held. */
    void close() {
        if (!reusable) {
            FOREIGN.remove();
            FOREIGN_OPEN.decrementAndGet();
            watch.foreign.remove(this);
        }
        flush(true);
    }

    /** Writes what is held; {@code last} ends the callback (what comes next is not held). */
    private void flush(boolean last) {
        List<EngineSession> sessions;
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
        for (EngineSession s : sessions) {
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
     * One server's timer side of its corks: while any cork holds packets in a callback, ticks
     * every millisecond and writes what the corks whose callback has gone quiet hold.
     */
    static final class Watch {
        private static final long TICK_MILLIS = 1;

        private final EngineServer server;
        /** The corks of the server's own pool threads, for their lives. */
        private final List<WriteCork> workers = new CopyOnWriteArrayList<>();
        /** The corks open on other threads, while open. */
        private final Set<WriteCork> foreign = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean ticking = new AtomicBoolean();

        Watch(EngineServer server) {
            this.server = server;
        }

        /** A pool thread for the server's callbacks, with its cork. */
        Thread newWorker(Runnable task, String name) {
            return new Worker(task, name, this);
        }

        private void arm(WriteCork cork) {
            if (!cork.reusable) {
                foreign.add(cork);
            }
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
            for (WriteCork cork : workers) {
                any |= cork.tick();
            }
            for (WriteCork cork : foreign) {
                any |= cork.tick();
            }
            return any;
        }

        private boolean anyArmed() {
            for (WriteCork cork : workers) {
                if (cork.armed()) {
                    return true;
                }
            }
            for (WriteCork cork : foreign) {
                if (cork.armed()) {
                    return true;
                }
            }
            return false;
        }
    }
}
