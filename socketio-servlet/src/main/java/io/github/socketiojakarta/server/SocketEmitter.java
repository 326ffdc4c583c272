package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Emits to one socket with flags: {@code socket.timeout(Duration.ofSeconds(5)).emitWithAck(...)}
 * waits at most that long for the ack, {@code socket.asVolatile().emit(...)} drops the packet
 * instead of queueing it when the connection is not ready to write. Immutable: each modifier
 * returns a new emitter, like {@link BroadcastOperator}.
 *
 * <p>Thread-safe; emitting never blocks.
 */
public final class SocketEmitter {
    private final Socket socket;
    private final Duration timeout;
    private final boolean isVolatile;

    SocketEmitter(Socket socket, Duration timeout, boolean isVolatile) {
        this.socket = socket;
        this.timeout = timeout;
        this.isVolatile = isVolatile;
    }

    /** Waits for acks at most {@code timeout} ({@link #emitWithAck}). */
    public SocketEmitter timeout(Duration timeout) {
        return new SocketEmitter(socket, Objects.requireNonNull(timeout, "timeout"), isVolatile);
    }

    /** The packet is dropped instead of queued when the connection is not ready to write. */
    public SocketEmitter asVolatile() {
        return new SocketEmitter(socket, timeout, true);
    }

    /**
     * Sends an event to the socket's client; see {@link Socket#emit}.
     *
     * @return whether it was queued (false once disconnected, or when a volatile packet was
     *     dropped)
     */
    public boolean emit(String event, Object... args) {
        return emit(socket, isVolatile, event, args);
    }

    /**
     * Sends an event and waits for the client's ack: up to the {@link #timeout} if one was set
     * (then the future fails with {@link AckTimeoutException}). The future fails with
     * {@link DisconnectedException} if the socket disconnects first; a volatile packet that was
     * dropped fails it at once with an {@link AckTimeoutException} (no answer can come).
     */
    public CompletableFuture<Arguments> emitWithAck(String event, Object... args) {
        return emitWithAck(socket, timeout, isVolatile, event, args);
    }

    @Override
    public String toString() {
        return "SocketEmitter[" + socket + (timeout == null ? "" : " timeout " + timeout)
                + (isVolatile ? " volatile" : "") + "]";
    }

    /** Emits to {@code socket}; what {@link Socket#emit} and {@link #emit} do. */
    static boolean emit(Socket socket, boolean isVolatile, String event, Object[] args) {
        Outgoing.checkReserved(event);
        List<Object> list = Outgoing.eventArgs(event, args);
        Namespace namespace = socket.namespace();
        OutboundPacket packet = namespace.encode(new SocketPacket.Event(namespace.name(), list));
        if (namespace.recovery() != null) {
            // as the reference: through the adapter, to the socket's own room, so that the
            // packet is stored (with its offset) and sent again if the client recovers; the
            // adapter's delivery tells the outgoing listeners
            namespace.adapter().broadcast(packet, new BroadcastOptions(Set.of(socket.id()),
                    Set.of(), isVolatile, false, true, -1));
            return socket.connected();
        }
        Outgoing.fire(socket, event, list);
        return socket.deliver(packet, isVolatile);
    }

    /**
     * Emits to {@code socket} asking for an ack, waited for at most {@code timeout} (null: for
     * ever); what {@link Socket#emitWithAck} and {@link #emitWithAck} do.
     */
    static CompletableFuture<Arguments> emitWithAck(Socket socket, Duration timeout,
            boolean isVolatile, String event, Object[] args) {
        Outgoing.checkReserved(event);
        List<Object> list = Outgoing.eventArgs(event, args);
        Namespace namespace = socket.namespace();
        CompletableFuture<Arguments> future = new CompletableFuture<>();
        PendingAcks acks = socket.acks();
        long ackId = acks.nextId();
        OutboundPacket packet = namespace.encode(
                new SocketPacket.Event(namespace.name(), list, ackId));
        PendingAcks.Pending pending = new PendingAcks.Pending(
                values -> future.complete(new Arguments(values, namespace.mapper())),
                () -> future.completeExceptionally(
                        new DisconnectedException("socket " + socket.id() + " disconnected")),
                SocketPacket.NO_ACK);
        acks.put(ackId, pending);
        Client client = socket.client();
        if (timeout != null) {
            pending.timer = client.schedule(() -> {
                if (acks.remove(ackId, pending)) {
                    namespace.server().counters.ackTimeouts.increment();
                    future.completeExceptionally(new AckTimeoutException(
                            "no ack within " + timeout.toMillis() + " ms", List.of()));
                }
            }, timeout.toMillis());
        }
        Outgoing.fire(socket, event, list);
        boolean wasConnected = socket.connected();
        if (!wasConnected || !client.send(packet, isVolatile)) {
            if (acks.remove(ackId, pending)) {
                pending.cancelTimer();
                // a volatile packet the connection was not ready for: no answer can come
                future.completeExceptionally(isVolatile && wasConnected && socket.connected()
                        ? new AckTimeoutException("the volatile packet was dropped", List.of())
                        : new DisconnectedException("socket " + socket.id()
                                + " is not connected"));
            }
        }
        return future;
    }
}
