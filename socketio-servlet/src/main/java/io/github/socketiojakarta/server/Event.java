package io.github.socketiojakarta.server;

import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event received from a client: its name, its arguments, and the means to acknowledge it
 * when the client asked for an ack. Thread-safe; {@link #ack} sends at most once.
 */
public final class Event {
    private final Socket socket;
    private final String name;
    private final Arguments args;
    private final long ackId;
    private final AtomicBoolean acked = new AtomicBoolean();

    Event(Socket socket, String name, Arguments args, long ackId) {
        this.socket = socket;
        this.name = name;
        this.args = args;
        this.ackId = ackId;
    }

    /** The socket the event came from. */
    public Socket socket() {
        return socket;
    }

    /** The event name (a numeric name is given as its decimal text). */
    public String name() {
        return name;
    }

    /** The arguments after the name. */
    public Arguments args() {
        return args;
    }

    /** Argument {@code i} mapped to {@code type}; see {@link Arguments#get(int, Class)}. */
    public <T> T arg(int i, Class<T> type) {
        return args.get(i, type);
    }

    /** Whether the client asked for an ack. */
    public boolean wantsAck() {
        return ackId >= 0;
    }

    /**
     * Answers the client's ack with these values (JSON-able objects, binary allowed). Only the
     * first call sends; later calls, calls for an event without ack, and calls after the socket
     * disconnected do nothing.
     *
     * @return whether the answer was queued
     */
    public boolean ack(Object... values) {
        if (ackId < 0 || !acked.compareAndSet(false, true)) {
            return false;
        }
        return socket.sendAck(ackId, values);
    }

    /**
     * Whether {@code name} is reserved for the server's own lifecycle (connect, connect_error,
     * disconnect, disconnecting, newListener, removeListener): no client may send an event of
     * that name, so no listener can receive one, and the server does not emit one.
     *
     * @param name an event name
     * @return true when the name is reserved
     */
    public static boolean isReserved(String name) {
        return SocketPacket.RESERVED_EVENTS.contains(name);
    }
}
