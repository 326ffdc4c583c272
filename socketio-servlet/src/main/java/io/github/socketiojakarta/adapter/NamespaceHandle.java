package io.github.socketiojakarta.adapter;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * What an adapter sees of its namespace: its name and its sockets on this node. Implemented by
 * the server; thread-safe.
 */
public interface NamespaceHandle {

    /** The namespace name, e.g. {@code /} or {@code /chat}. */
    String name();

    /**
     * The server's {@code maxHttpBufferSize}: the largest message, in bytes, a client may send
     * it. A cluster adapter refuses (does not decode) larger messages from other nodes. Handles
     * that do not know it answer {@link Integer#MAX_VALUE} (no limit).
     */
    default int maxHttpBufferSize() {
        return Integer.MAX_VALUE;
    }

    /**
     * Runs {@code task} on the calling thread so that what it delivers to this node's sockets is
     * written in batches (each connection's packets together when it returns), as what a listener
     * emits is. A cluster adapter relays other nodes' broadcasts inside it. The default runs the
     * task as it is.
     */
    default void batched(Runnable task) {
        task.run();
    }

    /**
     * The connection state recovery settings, or {@code null} when recovery is off (the
     * default). When on, the adapter stores packets and gives them offsets
     * ({@link Adapter#restoreSession}).
     */
    default ConnectionStateRecovery recovery() {
        return null;
    }

    /**
     * Whether anything listens to room changes ({@link #roomJoined}, {@link #roomLeft}): an
     * adapter may skip collecting them when not. The default is false.
     */
    default boolean watchesRooms() {
        return false;
    }

    /**
     * Tells the namespace that a socket of this node joined a room it was not in (the
     * reference's {@code join-room} event). Adapters call it after the change, outside their
     * locks, on the thread that made it. The default does nothing.
     */
    default void roomJoined(String room, String socketId) {}

    /**
     * Tells the namespace that a socket of this node left a room it was in (the reference's
     * {@code leave-room} event), also when it leaves all its rooms on disconnection. Adapters
     * call it after the change, outside their locks. The default does nothing.
     */
    default void roomLeft(String room, String socketId) {}

    /**
     * Encodes a packet for this node's sockets with the server's parser and argument mapper:
     * how a cluster adapter turns another node's broadcast into frames. The default encodes
     * with the default parser and no mapper.
     *
     * @throws IllegalArgumentException when a value cannot be encoded
     */
    default OutboundPacket encode(io.github.socketiojakarta.protocol.SocketPacket packet) {
        return OutboundPacket.encode(packet, null);
    }

    /** The connected socket with this id on this node, or {@code null}. */
    LocalSocket socket(String id);

    /** The connected sockets on this node (a snapshot or a weakly consistent view). */
    Collection<? extends LocalSocket> sockets();

    /**
     * A new id for a broadcast that asks for acks, unique in this namespace on this node. It
     * names the broadcast in its packet; each socket sends it under an ack id of its own.
     */
    long nextAckId();

    /**
     * Delivers a server-side event from another node to this node's listeners.
     *
     * @param reply where to send the listener's answer, or {@code null} when none is wanted
     */
    void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply);
}
