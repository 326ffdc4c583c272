package io.github.socketiojakarta.adapter;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Keeps a namespace's rooms and carries its broadcasts: the seam where a cluster adapter (Redis)
 * plugs in. Operation names follow socket.io-adapter; options are plain data
 * ({@link BroadcastOptions}), packets are encoded once ({@link OutboundPacket}).
 *
 * <p>One adapter per namespace, created by an {@link AdapterFactory}. Implementations must be
 * thread-safe: room changes and broadcasts arrive from many sessions' threads at once. No method
 * may block on the network; request/response operations return futures.
 */
public interface Adapter extends AutoCloseable {

    /** Called once before use. */
    default void init() {}

    /** Adds a socket to rooms. */
    void addAll(String socketId, Set<String> rooms);

    /** Removes a socket from a room. */
    void del(String socketId, String room);

    /** Removes a socket from all its rooms (it disconnected). */
    void delAll(String socketId);

    /** Sends a packet to the sockets the options select. */
    void broadcast(OutboundPacket packet, BroadcastOptions options);

    /**
     * Sends a packet carrying ack id {@code ackId} to the sockets the options select and
     * collects their answers.
     *
     * @param clientCount told how many sockets the packet went to (once per node)
     * @param onAck called with each socket's answer
     * @param onGone called for each recipient that disconnected before answering
     */
    void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
            IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone);

    /** The ids of the sockets in any of the rooms (all sockets when empty), on this node. */
    Set<String> sockets(Set<String> rooms);

    /** The rooms of a socket on this node (empty when unknown). */
    Set<String> socketRooms(String socketId);

    /** The sockets the options select, on every node. */
    CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options);

    /** Makes the selected sockets join rooms, on every node. */
    void addSockets(BroadcastOptions options, Set<String> rooms);

    /** Makes the selected sockets leave rooms, on every node. */
    void delSockets(BroadcastOptions options, Set<String> rooms);

    /** Disconnects the selected sockets, on every node. */
    void disconnectSockets(BroadcastOptions options, boolean close);

    /**
     * Sends an event to the other nodes' listeners of this namespace (not to clients).
     *
     * @param timeoutMillis with acks: how long to wait for the other nodes, or -1 for none
     * @return the other nodes' answers when acks are wanted (none with a single node), else a
     *     completed future with an empty list
     */
    CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args, boolean withAck,
            long timeoutMillis);

    /**
     * Keeps the session of a socket that disconnected for a reason it may come back from, for
     * the connection state recovery window. Called only when recovery is on
     * ({@link NamespaceHandle#recovery()}). The default keeps nothing: an adapter that does not
     * override it (as the reference's Redis pub/sub adapter) never recovers a session.
     */
    default void persistSession(PersistedSession session) {}

    /**
     * Finds the session of private id {@code pid} and the packets it missed after
     * {@code offset}, and forgets the session (a session is restored once). Called only when
     * recovery is on. Completes with {@code null} when there is nothing to restore (unknown or
     * expired session, unknown or too old offset); a failed future counts as {@code null}. The
     * default never restores.
     *
     * <p>An adapter that restores sessions also gives offsets: each packet it stores
     * ({@link OutboundPacket#recoverable}) is sent with its offset appended as its last argument
     * ({@link OutboundPacket#withOffset}).
     */
    default CompletableFuture<RestoredSession> restoreSession(String pid, String offset) {
        return CompletableFuture.completedFuture(null);
    }

    /** How many nodes share this namespace (1 for the in-memory adapter). */
    default int serverCount() {
        return 1;
    }

    /**
     * How many nodes share this namespace, asked now: a broadcast with acks waits for one
     * client count from each (as the reference awaits its adapter's {@code serverCount()}).
     * Cluster adapters ask their broker; the default is {@link #serverCount()}. Never fails: an
     * adapter that cannot tell answers what it last knew.
     */
    default CompletableFuture<Integer> countServers() {
        return CompletableFuture.completedFuture(serverCount());
    }

    /**
     * How many rooms have members on this node, not counting each socket's own room (named
     * after its id); for metrics, so it must be cheap and never touch the network. The default
     * is -1: the adapter does not tell.
     */
    default int roomCount() {
        return -1;
    }

    /** Releases resources; called when the server closes. */
    @Override
    default void close() {}
}
