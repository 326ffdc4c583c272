package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A namespace without a server, for adapter tests: sockets that record what they are handed
 * (event, arguments, the thread it happened on) and answer acks with their id; server-side
 * events recorded and answered with {@code "ok"} (unless told not to). Thread-safe.
 */
final class FakeNamespace implements NamespaceHandle {
    /**
     * One packet handed to a socket: on which thread, and whether inside a write batch
     * ({@link #batched}), as a server writes them.
     */
    record Delivery(List<Object> args, boolean withAck, String thread, boolean batched) {
        String event() {
            return (String) args.get(0);
        }
    }

    private final String name;
    /** Set while {@link #batched} runs its task on this thread. */
    private final ThreadLocal<Boolean> inBatch = ThreadLocal.withInitial(() -> false);
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    final List<List<Object>> serverEvents = new CopyOnWriteArrayList<>();
    /** False: server-side events are recorded but never answered (a node that hangs). */
    volatile boolean answerServerEvents = true;
    /** What {@link #recovery()} answers (off unless a test sets it). */
    volatile io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery;
    /** What {@link #maxHttpBufferSize()} answers (no limit unless a test sets one). */
    volatile int maxHttpBufferSize = Integer.MAX_VALUE;
    Adapter adapter;

    FakeNamespace(String name) {
        this.name = name;
    }

    /** Connects a socket: it joins its own room and {@code rooms}. */
    Socket connect(String id, String... rooms) {
        Socket s = new Socket(id);
        sockets.put(id, s);
        Set<String> all = new LinkedHashSet<>();
        all.add(id);
        all.addAll(List.of(rooms));
        adapter.addAll(id, all);
        return s;
    }

    @Override
    public io.github.socketiojakarta.adapter.ConnectionStateRecovery recovery() {
        return recovery;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxHttpBufferSize() {
        return maxHttpBufferSize;
    }

    @Override
    public void batched(Runnable task) {
        inBatch.set(true);
        try {
            task.run();
        } finally {
            inBatch.remove();
        }
    }

    @Override
    public LocalSocket socket(String id) {
        return sockets.get(id);
    }

    @Override
    public Collection<? extends LocalSocket> sockets() {
        return new ArrayList<>(sockets.values());
    }

    @Override
    public long nextAckId() {
        return ackIds.incrementAndGet();
    }

    @Override
    public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {
        serverEvents.add(args);
        if (reply != null && answerServerEvents) {
            reply.accept(List.of("ok"));
        }
    }

    /** A socket that records. */
    final class Socket implements LocalSocket {
        private final String id;
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        volatile Boolean disconnected;

        Socket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        List<String> events() {
            return deliveries.stream().map(Delivery::event).toList();
        }

        @Override
        public boolean deliver(OutboundPacket packet, boolean isVolatile) {
            deliveries.add(new Delivery(((SocketPacket.Event) packet.packet()).args(), false,
                    Thread.currentThread().getName(), inBatch.get()));
            return true;
        }

        @Override
        public void deliverWithAck(OutboundPacket packet, long ackId,
                Consumer<List<Object>> onAck, Runnable onGone) {
            deliveries.add(new Delivery(((SocketPacket.Event) packet.packet()).args(), true,
                    Thread.currentThread().getName(), inBatch.get()));
            onAck.accept(List.of(id));
        }

        @Override
        public void disconnect(boolean close) {
            disconnected = close;
            sockets.remove(id);
            adapter.delAll(id);
        }

        @Override
        public SocketDetails details() {
            return new SocketDetails(id, Map.of(), adapter.socketRooms(id), Map.of("id", id));
        }
    }
}
