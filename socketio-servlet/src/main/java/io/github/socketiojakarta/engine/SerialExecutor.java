package io.github.socketiojakarta.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the per-session ordering
 * behind {@link EngineListener}'s contract. Each task runs with a {@link WriteCork} open, so that
 * what it sends goes out in few writes. Thread-safe.
 *
 * <p>A task may instead run on the thread that offers it ({@link #offer} then {@link #start}),
 * when nothing of the session is queued or running, the session's last such run was not slow,
 * and the server's {@link ReadingThreads} gate lets one more in: see
 * {@link CallbackDispatch#READING_THREAD_WHEN_IDLE}. Order is kept either way: a task runs only
 * once the tasks offered before it have, and never while another of the session's runs.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final int BATCH = 64;
    private static final long SLOW_NANOS =
            TimeUnit.MILLISECONDS.toNanos(CallbackDispatch.SLOW_MILLIS);
    /** How long a session whose callback was slow on a reading thread stays on the pool. */
    private static final long SLOW_PENALTY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Executor pool;
    private final WriteCork.Watch corkWatch;
    /** The server's gate for runs on reading threads, or null when they are off. */
    private final ReadingThreads readingThreads;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(4);
    /** A drain runs or is submitted (to the pool, or about to start on an offering thread). */
    private boolean scheduled;
    /** Until when ({@code nanoTime}) tasks go to the pool after a slow run; guarded by tasks. */
    private long poolUntil;
    private boolean penalised;
    /** A task of this session runs on the thread that read its message. */
    private volatile boolean runningOnReader;

    SerialExecutor(Executor pool, WriteCork.Watch corkWatch, ReadingThreads readingThreads) {
        this.pool = pool;
        this.corkWatch = corkWatch;
        this.readingThreads = readingThreads;
    }

    @Override
    public void execute(Runnable task) {
        if (offer(task)) {
            schedule();
        }
    }

    /**
     * Queues a task; the caller, if told so, then starts the drain with {@link #start} (for
     * instance once it released a lock that the task must not run under).
     *
     * @return whether the caller must call {@link #start}: nothing was queued or running
     */
    boolean offer(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (scheduled) {
                return false;
            }
            scheduled = true;
            return true;
        }
    }

    /**
     * Starts the drain that {@link #offer} handed to the caller: on this thread when
     * {@code here} and the session and the server allow it, else on the pool.
     *
     * @param here whether this thread may run callbacks (a container's worker thread that read
     *     the message, never a selector thread)
     */
    void start(boolean here) {
        if (here && readingThreads != null && !penalised() && readingThreads.enter()) {
            try {
                runHere();
            } finally {
                readingThreads.exit();
            }
        } else {
            schedule();
        }
    }

    /** How many tasks wait (not counting the one running). */
    int backlog() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /** Whether a task runs now on the thread that read its session's message. */
    boolean runningOnReader() {
        return runningOnReader;
    }

    private boolean penalised() {
        synchronized (tasks) {
            if (penalised && System.nanoTime() - poolUntil >= 0) {
                penalised = false;
            }
            return penalised;
        }
    }

    /** The drain on this (reading) thread; what is left after a batch goes to the pool. */
    private void runHere() {
        long began = System.nanoTime();
        boolean more;
        runningOnReader = true;
        try {
            more = runBatch();
        } finally {
            runningOnReader = false;
        }
        long now = System.nanoTime();
        if (now - began > SLOW_NANOS) {
            synchronized (tasks) {
                penalised = true;
                poolUntil = now + SLOW_PENALTY_NANOS;
            }
            LOG.log(Level.DEBUG, "a callback ran {0} ms on a reading thread: its session''s "
                    + "callbacks go to the pool for a while", (now - began) / 1_000_000);
        }
        if (more) {
            schedule();
        }
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the pool is shut down or full: run what is queued here rather than lose it (an
            // onClose, or the answer to a POST)
            drain();
        }
    }

    /**
     * Runs up to {@link #BATCH} tasks.
     *
     * @return whether tasks remain (the drain is still scheduled), or the queue is empty
     *     (it is not)
     */
    private boolean runBatch() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    scheduled = false;
                    return false;
                }
            }
            WriteCork cork = corkWatch.open();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "application callback failed", e);
            } finally {
                cork.close();
            }
        }
        return true;
    }

    private void drain() {
        while (runBatch()) {
            // let other sessions run before continuing with this one
            try {
                pool.execute(this::drain);
                return;
            } catch (RejectedExecutionException e) {
                // the pool is shutting down (or full): go on on this pool thread, so that what
                // is queued (an onClose above all) still runs, in order
            }
        }
    }
}
