package io.github.socketiojakarta.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server's bound on callbacks running at once on the container's reading threads
 * ({@link CallbackDispatch#READING_THREAD_WHEN_IDLE}): as many as its pool has threads, so that
 * callbacks that block can hold no more of the container's threads than of the pool's; past it,
 * messages go to the pool. Thread-safe.
 */
final class ReadingThreads {
    private final int max;
    private final AtomicInteger running = new AtomicInteger();

    ReadingThreads(int max) {
        this.max = max;
    }

    /** Takes a place, if one is free. */
    boolean enter() {
        while (true) {
            int n = running.get();
            if (n >= max) {
                return false;
            }
            if (running.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place {@link #enter} took. */
    void exit() {
        running.decrementAndGet();
    }
}
