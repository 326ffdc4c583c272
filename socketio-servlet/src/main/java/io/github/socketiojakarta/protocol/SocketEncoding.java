package io.github.socketiojakarta.protocol;

import java.util.List;

/**
 * A packet encoded by a {@link SocketParser}: the payloads of the Engine.IO message packets that
 * carry it, sent in order with nothing in between. Immutable; one encoding is sent to many clients
 * from several threads (the byte arrays must not be modified).
 */
public interface SocketEncoding {

    /**
     * The Engine.IO message payloads, in order: a {@code String} for a text message, a
     * {@code byte[]} for a binary one. Never empty.
     */
    List<Object> messages();

    /**
     * The same event under another ack id, without encoding its arguments again where the format
     * allows: how a broadcast that asks for acks reaches each socket under an id of the socket's
     * own.
     *
     * @param event the encoded event, which asks for an ack
     * @throws IllegalStateException if the event does not ask for an ack
     */
    SocketEncoding withAckId(SocketPacket.Event event, long ackId);

    /**
     * The same event with one more argument at its end, {@code offset}: what connection state
     * recovery appends to a stored packet.
     *
     * @param event the encoded event
     * @param offset a string, or null
     */
    SocketEncoding withLastArgument(SocketPacket.Event event, String offset);
}
