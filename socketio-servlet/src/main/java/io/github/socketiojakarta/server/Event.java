package io.github.socketiojakarta.server;

import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One event received from a client, or from another node ({@link Namespace#onServerSideEvent}):
 * its name, its arguments, and the means to acknowledge it when the sender asked for an ack.
 * Thread-safe; {@link #ack} sends at most once.
 */
public final class Event {
    private final Socket socket;
    private final String name;
    private final Arguments args;
    private final long ackId;
    /** Where the answer to a server-side event goes, or null. */
    private final Consumer<List<Object>> reply;
    private final AtomicBoolean acked = new AtomicBoolean();

    Event(Socket socket, String name, Arguments args, long ackId) {
        this(socket, name, args, ackId, null);
    }

    private Event(Socket socket, String name, Arguments args, long ackId,
            Consumer<List<Object>> reply) {
        this.socket = socket;
        this.name = name;
        this.args = args;
        this.ackId = ackId;
        this.reply = reply;
    }

    /**
     * A server-side event from another node; {@code reply} (null when the sender wants no ack)
     * takes the answer, given to the adapter as it is.
     */
    static Event serverSide(String name, Arguments args, Consumer<List<Object>> reply) {
        return new Event(null, name, args, -1, reply);
    }

    /** The socket the event came from ({@code null} for a server-side event). */
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

    /** Whether the client (or, for a server-side event, the other node) asked for an ack. */
    public boolean wantsAck() {
        return ackId >= 0 || reply != null;
    }

    /**
     * Answers the client's ack with these values (JSON-able objects, binary allowed). Only the
     * first call sends; later calls, calls for an event without ack, and calls after the socket
     * disconnected do nothing.
     *
     * <p>For a server-side event the answer goes back to the node that sent it, through the
     * adapter, as plain values (maps, lists, strings, numbers, booleans, null, {@code byte[]});
     * as in the reference, the sender sees only the first value.
     *
     * @return whether the answer was queued
     */
    public boolean ack(Object... values) {
        if (!wantsAck() || !acked.compareAndSet(false, true)) {
            return false;
        }
        if (reply != null) {
            try {
                reply.accept(Arrays.asList(values.clone()));
                return true;
            } catch (RuntimeException e) {
                System.getLogger(Event.class.getName()).log(System.Logger.Level.WARNING,
                        "the adapter failed to send the answer to a server-side event", e);
                return false;
            }
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
