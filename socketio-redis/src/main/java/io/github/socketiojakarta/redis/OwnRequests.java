package io.github.socketiojakarta.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This node's requests to the other nodes of one namespace, waiting for their answers (the
 * counterpart of {@link RemoteRequests}): each is bounded by its timeout from the moment it is
 * made, counting the nodes included, fails at once while Redis is unreachable, and is forgotten
 * when complete, timed out or cancelled. No request ever waits past its timeout, whatever Redis
 * or the other nodes do.
 *
 * <p>Threading: thread-safe; counting continuations, answers and timeouts run on the factory's
 * worker.
 */
final class OwnRequests {
    private final RedisAdapter adapter;
    private final RedisAdapterFactory factory;
    /** Waiting for answers, by request id. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Every request not completed yet, also those still counting the nodes. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile int serverCount = 1;

    OwnRequests(RedisAdapter adapter, RedisAdapterFactory factory) {
        this.adapter = adapter;
        this.factory = factory;
    }

    /** What a request does once the nodes are counted: its message, or null when done. */
    @FunctionalInterface
    interface Asking {
        byte[] ask(String requestId, int count) throws MessageCodecException;
    }

    /** Whether a request id is one of ours (its echo on the request channel is skipped). */
    boolean isOwn(String requestId) {
        return pending.containsKey(requestId);
    }

    /** Registers a request made by {@link Asking#ask} before its message is published. */
    void await(String requestId, Pending request) {
        pending.put(requestId, request);
    }

    /**
     * A request to every node: fails at once when Redis is unreachable, else counts the nodes
     * ({@code PUBSUB NUMSUB}), lets {@code asking} register it and publishes its message (on the
     * worker), and fails it with the pending request's timeout error when {@code timeout} ms
     * have passed since now, whatever it is waiting for. Never throws.
     */
    void request(String what, long timeout, CompletableFuture<?> result, Asking asking) {
        String requestId = RedisAdapter.uid2(6);
        inFlight.add(result);
        result.whenComplete((r, e) -> inFlight.remove(result));
        if (adapter.isClosed()) { // checked after adding: cancelAll() sees it, or this sees closed
            result.completeExceptionally(new CancellationException("adapter closed"));
            return;
        }
        if (!factory.link().isUp()) {
            result.completeExceptionally(new RedisUnavailableException(what + " failed: Redis"
                    + " is unreachable, the other nodes cannot be asked"));
            return;
        }
        factory.counters.requests.increment();
        ScheduledFuture<?> timer;
        try {
            timer = factory.worker().schedule(() -> {
                if (!result.isDone()) {
                    factory.counters.timeouts.increment();
                }
                Pending p = pending.remove(requestId);
                result.completeExceptionally(p != null ? p.timeout() : new TimeoutException(
                        "timeout reached while counting the nodes for " + what));
            }, timeout, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CancellationException("adapter closed"));
            return;
        }
        result.whenComplete((r, e) -> {
            timer.cancel(false);
            pending.remove(requestId);
        });
        countNodes().whenComplete((count, e) -> onWorker(result, () -> {
            if (result.isDone()) {
                return; // timed out (or closed) while counting
            }
            if (e != null) {
                result.completeExceptionally(new RedisUnavailableException(what + " failed:"
                        + " cannot count the nodes (" + LogLimiter.bounded(e) + ")", e));
                return;
            }
            try {
                byte[] message = asking.ask(requestId, count);
                if (message != null) {
                    adapter.publish(adapter.requestChannel, message);
                }
            } catch (MessageCodecException | RuntimeException failure) {
                pending.remove(requestId);
                result.completeExceptionally(failure);
            }
        }));
    }

    /** The last count of nodes (1 until counted); while Redis is unreachable, the one before. */
    int serverCount() {
        return serverCount;
    }

    /** {@code PUBSUB NUMSUB key-request#nsp#}, including this node; fails when unreachable. */
    private CompletionStage<Integer> countNodes() {
        RedisAsyncCommands<String, byte[]> commands = factory.link().publisher();
        if (commands == null) {
            return CompletableFuture.failedFuture(
                    new RedisUnavailableException("Redis is unreachable"));
        }
        String channel = adapter.requestChannel;
        try {
            return commands.pubsubNumsub(channel).thenApply(counts -> {
                Long n = counts.get(channel);
                serverCount = n == null ? 0 : n.intValue();
                return serverCount;
            });
        } finally {
            factory.releaseNettyThreadLocals();
        }
    }

    /** Counts afresh when Redis is reachable; completes with the last count otherwise. */
    CompletionStage<Integer> refreshServerCount() {
        if (adapter.isClosed() || factory.link().publisher() == null) {
            return CompletableFuture.completedFuture(serverCount);
        }
        return countNodes().exceptionally(e -> serverCount);
    }

    /** A broadcast with acks: answers are taken until {@code forgetAfter} ms from now. */
    void broadcastWithAck(String requestId, Pending.BroadcastAcks acks, long forgetAfter,
            byte[] message) {
        try {
            factory.worker().schedule(() -> pending.remove(requestId), forgetAfter,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return; // the factory is closed: this node's sockets only
        }
        pending.put(requestId, acks);
        adapter.publish(adapter.requestChannel, message);
    }

    private void onWorker(CompletableFuture<?> result, Runnable task) {
        try {
            factory.worker().execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }
    }

    /** An answer to one of our requests (answers to others' requests are ignored). */
    void onResponse(Map<String, Object> response) throws MessageCodecException {
        String requestId = ClassicMessages.optionalString(response, "requestId");
        Pending request = requestId == null ? null : pending.get(requestId);
        if (request == null) {
            return;
        }
        if (request.accept(response)) {
            pending.remove(requestId);
        }
    }

    /** The adapter closes (after marking itself closed): fails every request not done. */
    void cancelAll() {
        for (Pending p : pending.values()) {
            p.cancel();
        }
        pending.clear();
        for (CompletableFuture<?> result : List.copyOf(inFlight)) {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }
    }
}
