package io.github.socketiojakarta.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the per-session ordering
 * behind {@link EngineListener}'s contract. Each task runs with a {@link WriteCork} open, so that
 * what it sends goes out in few writes. Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final int BATCH = 64;

    private final Executor pool;
    private final WriteCork.Watch corkWatch;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(4);
    private boolean scheduled;

    SerialExecutor(Executor pool, WriteCork.Watch corkWatch) {
        this.pool = pool;
        this.corkWatch = corkWatch;
    }

    @Override
    public void execute(Runnable task) {
        boolean start;
        synchronized (tasks) {
            tasks.add(task);
            start = !scheduled;
            scheduled = true;
        }
        if (start) {
            schedule();
        }
    }

    /** How many tasks wait (not counting the one running). */
    int backlog() {
        synchronized (tasks) {
            return tasks.size();
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

    private void drain() {
        while (true) {
            for (int i = 0; i < BATCH; i++) {
                Runnable task;
                synchronized (tasks) {
                    task = tasks.poll();
                    if (task == null) {
                        scheduled = false;
                        return;
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
