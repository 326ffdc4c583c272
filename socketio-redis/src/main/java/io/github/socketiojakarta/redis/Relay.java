package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.NamespaceHandle;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands what other nodes sent from Lettuce's I/O threads to an adapter factory's single worker,
 * in arrival order, and relays it in batches: up to {@link #MAX} queued messages at a time inside
 * the write batch of the first one's namespace ({@link NamespaceHandle#batched}), so that a burst
 * of other nodes' broadcasts is written to each local connection in a few writes, not one per
 * packet.
 *
 * <p>Thread-safe: {@link #offer} from any thread; the deliveries run on the worker, one at a
 * time, in the order offered.
 */
final class Relay {
    private static final Logger LOG = System.getLogger(Relay.class.getName());

    /** How many messages one drain relays inside one write batch at most. */
    static final int MAX = 256;

    private record Item(NamespaceHandle namespace, Runnable delivery) {}

    private final Executor worker;
    private final Queue<Item> inbox = new ConcurrentLinkedQueue<>();
    /** Whether a drain is queued on the worker or running. */
    private final AtomicBoolean draining = new AtomicBoolean();

    Relay(Executor worker) {
        this.worker = worker;
    }

    /** Queues one message's delivery to a namespace of this node. */
    void offer(NamespaceHandle namespace, Runnable delivery) {
        inbox.add(new Item(namespace, delivery));
        schedule();
    }

    private void schedule() {
        if (inbox.isEmpty() || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            inbox.clear(); // the factory is closing: late messages are dropped
        }
    }

    /** On the worker: relays what arrived, in order, inside the first one's write batch. */
    private void drain() {
        Item first = inbox.peek();
        if (first != null) {
            first.namespace().batched(() -> {
                for (int i = 0; i < MAX; i++) {
                    Item m = inbox.poll();
                    if (m == null) {
                        break;
                    }
                    try {
                        m.delivery().run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "socketio-redis: failed to handle a message", e);
                    }
                }
            });
        }
        draining.set(false);
        schedule(); // what arrived meanwhile, or was left for the next batch
    }
}
