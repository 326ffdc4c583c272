package io.github.socketiojakarta.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What starts a broadcast: a {@link Namespace}, or the {@link SocketIoServer} for its main
 * namespace {@code /}. Every method is a shortcut for the same method of {@link #broadcast()},
 * the operator with no rooms and no flags, as {@code io.to(...)} and {@code nsp.emit(...)} are
 * in the reference; the {@code serverSideEmit} methods reach the namespace's listeners on the
 * other nodes.
 *
 * <p>Thread-safe; emitting never blocks.
 */
public sealed interface Broadcaster permits Namespace, SocketIoServer {

    /** The operator every shortcut starts from: every socket of the namespace, no flags. */
    BroadcastOperator broadcast();

    /** A broadcast to rooms. */
    default BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    /** Same as {@link #to}. */
    default BroadcastOperator in(String... rooms) {
        return broadcast().to(rooms);
    }

    /** A broadcast to every socket except those in these rooms. */
    default BroadcastOperator except(String... rooms) {
        return broadcast().except(rooms);
    }

    /** A broadcast that may be dropped for sockets not ready to write. */
    default BroadcastOperator asVolatile() {
        return broadcast().asVolatile();
    }

    /** A broadcast that stays on this node. */
    default BroadcastOperator local() {
        return broadcast().local();
    }

    /** A broadcast with the compress flag set as given. */
    default BroadcastOperator compress(boolean compress) {
        return broadcast().compress(compress);
    }

    /** A broadcast whose acks are awaited at most {@code timeout}. */
    default BroadcastOperator timeout(Duration timeout) {
        return broadcast().timeout(timeout);
    }

    /** Emits to every socket of the namespace. See {@link BroadcastOperator#emit}. */
    default boolean emit(String event, Object... args) {
        return broadcast().emit(event, args);
    }

    /** Emits to every socket and collects one ack per socket. */
    default CompletableFuture<List<Arguments>> emitWithAck(String event, Object... args) {
        return broadcast().emitWithAck(event, args);
    }

    /** The sockets of the namespace, on every node. */
    default CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return broadcast().fetchSockets();
    }

    /** Makes every socket join rooms. */
    default void socketsJoin(String... rooms) {
        broadcast().socketsJoin(rooms);
    }

    /** Makes every socket leave rooms. */
    default void socketsLeave(String... rooms) {
        broadcast().socketsLeave(rooms);
    }

    /** Disconnects every socket (with {@code close}, their whole connections). */
    default void disconnectSockets(boolean close) {
        broadcast().disconnectSockets(close);
    }

    /**
     * Sends an event to the namespace's listeners on the other nodes (see
     * {@link Namespace#onServerSideEvent}; never to clients).
     */
    default void serverSideEmit(String event, Object... args) {
        Outgoing.checkReserved(event);
        broadcast().namespace().adapter().serverSideEmit(Outgoing.eventArgs(event, args), false,
                -1);
    }

    /**
     * Sends an event to the other nodes and collects their answers (none with one node).
     */
    default CompletableFuture<List<Arguments>> serverSideEmitWithAck(Duration timeout,
            String event, Object... args) {
        Outgoing.checkReserved(event);
        Namespace namespace = broadcast().namespace();
        return namespace.adapter().serverSideEmit(Outgoing.eventArgs(event, args), true,
                timeout.toMillis()).thenApply(list -> {
                    List<Arguments> out = new ArrayList<>(list.size());
                    for (List<Object> values : list) {
                        out.add(new Arguments(values, namespace.mapper()));
                    }
                    return out;
                });
    }
}
