package io.github.socketiojakarta.benchmarks.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The driver's single I/O thread: one selector for every connection, a task queue for the
 * scenario thread, and timers. All connection and client code runs on this thread, so none of
 * it locks; the scenario thread talks to it only through {@link #execute} and {@link #call}.
 */
final class Loop implements AutoCloseable {
    /** Read buffer shared by all connections: big enough for the largest frame (1 MiB pad). */
    static final int READ_BUFFER = (2 << 20) + (64 << 10);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private volatile boolean running = true;
    private long timerSeq;

    Loop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, "driver-loop");
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** The shared read buffer; only for use on the loop thread, within one read callback. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread and waits for its result. */
    <T> T call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.join();
    }

    /** Runs {@code task} on the loop thread after {@code delayMillis}. Loop thread only. */
    void schedule(long delayMillis, Runnable task) {
        timers.add(new Timer(System.nanoTime() + delayMillis * 1_000_000L, timerSeq++, task));
    }

    /** Runs {@code task} on the loop thread once the current callback is done. Loop thread only. */
    void later(Runnable task) {
        ready.add(task);
    }

    private void run() {
        while (running) {
            try {
                long timeout = 0;
                if (!ready.isEmpty() || !tasks.isEmpty()) {
                    selector.selectNow();
                } else {
                    Timer next = timers.peek();
                    if (next != null) {
                        timeout = Math.max(1, (next.at - System.nanoTime()) / 1_000_000L);
                    }
                    selector.select(timeout);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    c.onSelected(key);
                }
                selector.selectedKeys().clear();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                while ((task = ready.poll()) != null) {
                    task.run();
                }
                long now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().at <= now) {
                    timers.poll().task.run();
                }
            } catch (Throwable t) {
                System.err.println("driver loop: " + t);
                t.printStackTrace();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private record Timer(long at, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
