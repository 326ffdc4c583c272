package io.github.socketiojakarta.server;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Middleware run in order over one subject: a namespace's connection {@link Middleware} over a
 * connecting {@link Socket}, or a socket's {@link PacketMiddleware} over an incoming
 * {@link Event}. Each step goes on or fails through its {@link Next}, now or later from any
 * thread; a step that throws fails. The chain then goes on in the connection's order (the
 * {@code order} executor): the next step, then {@code passed} after the last, or {@code failed}
 * with the error (a {@link Middleware.Rejection} for a refused socket).
 *
 * <p>Thread-safe: the steps are a snapshot taken when the run starts; each {@link Next} acts at
 * most once (later calls are ignored).
 *
 * @param <M> the middleware type
 * @param <T> the subject the steps look at
 */
final class MiddlewareChain<M, T> {

    /** How a step of type {@code M} is called. */
    @FunctionalInterface
    interface Invoker<M, T> {
        /** Calls {@code middleware} on {@code subject}; it must call {@code next} once. */
        void invoke(M middleware, T subject, Next next) throws Exception;
    }

    private final List<M> steps;
    private final T subject;
    private final Invoker<M, T> invoker;
    private final Executor order;
    private final Runnable passed;
    private final Consumer<Exception> failed;

    private MiddlewareChain(List<M> steps, T subject, Invoker<M, T> invoker, Executor order,
            Runnable passed, Consumer<Exception> failed) {
        this.steps = steps;
        this.subject = subject;
        this.invoker = invoker;
        this.order = order;
        this.passed = passed;
        this.failed = failed;
    }

    /**
     * Runs {@code steps} in order over {@code subject}, starting on the calling thread (which
     * should be in the connection's order).
     */
    static <M, T> void run(List<M> steps, T subject, Invoker<M, T> invoker, Executor order,
            Runnable passed, Consumer<Exception> failed) {
        new MiddlewareChain<>(List.copyOf(steps), subject, invoker, order, passed, failed).step(0);
    }

    private void step(int index) {
        if (index == steps.size()) {
            passed.run();
            return;
        }
        Next next = new Next(this, index);
        try {
            invoker.invoke(steps.get(index), subject, next);
        } catch (Exception e) {
            next.fail(e);
        }
    }

    /**
     * The continuation handed to one step: both a connection middleware's and a packet
     * middleware's {@code Next}. Only its first call counts.
     */
    static final class Next implements Middleware.Next, PacketMiddleware.Next {
        private final MiddlewareChain<?, ?> chain;
        private final int index;
        private boolean used;

        private Next(MiddlewareChain<?, ?> chain, int index) {
            this.chain = chain;
            this.index = index;
        }

        private synchronized boolean claim() {
            if (used) {
                return false;
            }
            used = true;
            return true;
        }

        @Override
        public void proceed() {
            if (claim()) {
                chain.order.execute(() -> chain.step(index + 1));
            }
        }

        @Override
        public void fail(Exception error) {
            if (claim()) {
                chain.order.execute(() -> chain.failed.accept(error));
            }
        }

        @Override
        public void reject(String message, Object data) {
            fail(new Middleware.Rejection(message, data));
        }
    }
}
