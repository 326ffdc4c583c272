package io.github.socketiojakarta.server;

import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The acks one socket waits for, by the ack id it asked its client for, and the counter of those
 * ids (per socket, from 0). A socket creates it on its first emit that asks for an ack.
 *
 * <p>Thread-safe: acks are added from any emitting thread, answered and failed in the session's
 * order, and timed out on the scheduler's thread; each pending ack is taken out exactly once.
 */
final class PendingAcks {
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** One ack waited for: what to do with the answer, and with none (the socket went away). */
    static final class Pending {
        final Consumer<List<Object>> onAck;
        final Runnable onGone;
        /** The broadcast this ack belongs to, or {@link SocketPacket#NO_ACK}. */
        final long broadcastId;
        volatile ScheduledFuture<?> timer;

        Pending(Consumer<List<Object>> onAck, Runnable onGone, long broadcastId) {
            this.onAck = onAck;
            this.onGone = onGone;
            this.broadcastId = broadcastId;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /** The ack id for the next packet that asks this socket's client for one. */
    long nextId() {
        return ids.getAndIncrement();
    }

    /** Waits for the ack with id {@code id} (from {@link #nextId()}). */
    void put(long id, Pending p) {
        pending.put(id, p);
    }

    /** Takes out the ack waited for under {@code id} if it is still {@code p}. */
    boolean remove(long id, Pending p) {
        return pending.remove(id, p);
    }

    /** Takes out the ack waited for under {@code id} (its timer cancelled), or null. */
    Pending answered(long id) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.cancelTimer();
        }
        return p;
    }

    /** Stops waiting for the acks of broadcast {@code broadcastId}; their callbacks are dropped. */
    void forgetBroadcast(long broadcastId) {
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.broadcastId == broadcastId && pending.remove(e.getKey(), p)) {
                p.cancelTimer();
            }
        }
    }

    /** Takes out every pending ack (timers cancelled), to be told the socket is gone. */
    List<Pending> drain() {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : all) {
            p.cancelTimer();
        }
        return all;
    }

    /** How many acks are waited for. */
    int size() {
        return pending.size();
    }
}
