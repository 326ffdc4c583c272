package io.github.socketiojakarta.adapter;

import java.util.List;
import java.util.function.Consumer;

/**
 * What an adapter sees of a socket connected to this node. Implemented by the server; safe to
 * call from any thread.
 */
public interface LocalSocket {

    /** The socket id. */
    String id();

    /**
     * Queues the packet's frames for this socket.
     *
     * @param isVolatile drop the packet instead if it cannot be written right away
     * @return whether it was queued
     */
    boolean deliver(OutboundPacket packet, boolean isVolatile);

    /**
     * Queues a packet of broadcast {@code ackId} that asks for an ack, and registers what to do
     * with the client's answer. The socket sends it under an ack id of its own (a per-socket
     * counter, {@link OutboundPacket#withAckId}); {@code ackId} names the broadcast. If the
     * socket disconnects first, {@code onGone} runs instead.
     */
    void deliverWithAck(OutboundPacket packet, long ackId, Consumer<List<Object>> onAck,
            Runnable onGone);

    /** Disconnects the socket (and, with {@code close}, its whole connection). */
    void disconnect(boolean close);

    /** The socket's details for fetchSockets. */
    SocketDetails details();
}
