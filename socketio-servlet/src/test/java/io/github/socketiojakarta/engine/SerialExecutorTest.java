package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SerialExecutor} on reading threads: order and exclusion are kept whoever runs the
 * drain; the server's gate bounds the runs on reading threads; a slow run sends its session to
 * the pool.
 */
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "pool"));
    private final ExecutorService readers =
            Executors.newFixedThreadPool(2, r -> new Thread(r, "reader"));
    private final WriteCork.Watch watch = new WriteCork.Watch(null);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        readers.shutdownNow();
    }

    /** Offers the task and starts the drain if the caller owns it, as the engine does. */
    private static void deliver(SerialExecutor e, Runnable task, boolean here) {
        if (e.offer(task)) {
            e.start(here);
        }
    }

    @Test
    void anIdleSessionsTaskRunsOnTheOfferingThreadAndWhatComesMeanwhileRunsAfterIt()
            throws Exception {
        SerialExecutor e = new SerialExecutor(pool, watch, new ReadingThreads(1));
        List<String> ran = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> deliver(e, () -> {
            if (inFlight.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            ran.add("first@" + Thread.currentThread().getName());
            running.countDown();
            await(release);
            inFlight.decrementAndGet();
        }, true), readers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(e.runningOnReader()).isTrue();
        for (int i = 0; i < 3; i++) {
            int n = i;
            // a later message finds the session busy: queued, not run here
            deliver(e, () -> {
                if (inFlight.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                ran.add("next" + n);
                inFlight.decrementAndGet();
            }, true);
        }
        assertThat(ran).containsExactly("first@reader");
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("first@reader", "next0", "next1", "next2");
        assertThat(overlaps).hasValue(0);
        assertThat(e.runningOnReader()).isFalse();
    }

    @Test
    void pastTheServersBoundTasksGoToThePool() throws Exception {
        ReadingThreads gate = new ReadingThreads(1);
        SerialExecutor busy = new SerialExecutor(pool, watch, gate);
        SerialExecutor other = new SerialExecutor(pool, watch, gate);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> deliver(busy, () -> {
            running.countDown();
            await(release);
        }, true), readers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> where = new CompletableFuture<>();
        deliver(other, () -> where.complete(Thread.currentThread().getName()), true);
        assertThat(where.get(10, TimeUnit.SECONDS)).isEqualTo("pool");
        release.countDown();
        blocked.get(10, TimeUnit.SECONDS);
        // the place is free again (a third session: the other one's pool drain may still be
        // finishing, and then takes what it is offered itself)
        SerialExecutor third = new SerialExecutor(pool, watch, gate);
        CompletableFuture<String> again = new CompletableFuture<>();
        deliver(third, () -> again.complete(Thread.currentThread().getName()), true);
        assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo("main");
    }

    @Test
    void aSlowRunSendsItsSessionToThePoolAndAThreadThatMayNotRunCallbacksNeverRunsThem()
            throws Exception {
        SerialExecutor e = new SerialExecutor(pool, watch, new ReadingThreads(4));
        long slow = TimeUnit.MILLISECONDS.toNanos(CallbackDispatch.SLOW_MILLIS + 5);
        CompletableFuture<String> first = new CompletableFuture<>();
        deliver(e, () -> {
            long end = System.nanoTime() + slow;
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
            first.complete(Thread.currentThread().getName());
        }, true);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("main");
        CompletableFuture<String> next = new CompletableFuture<>();
        deliver(e, () -> next.complete(Thread.currentThread().getName()), true);
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("pool");

        SerialExecutor fresh = new SerialExecutor(pool, watch, new ReadingThreads(4));
        CompletableFuture<String> selector = new CompletableFuture<>();
        deliver(fresh, () -> selector.complete(Thread.currentThread().getName()), false);
        assertThat(selector.get(10, TimeUnit.SECONDS)).isEqualTo("pool");
        // and with the dispatch set to the pool there is no gate: never here
        SerialExecutor pooled = new SerialExecutor(pool, watch, null);
        CompletableFuture<String> always = new CompletableFuture<>();
        deliver(pooled, () -> always.complete(Thread.currentThread().getName()), true);
        assertThat(always.get(10, TimeUnit.SECONDS)).isEqualTo("pool");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
