package io.github.socketiojakarta.server;

/**
 * The callback types of the Socket.IO API. All of them run on the socket's session order: for
 * one socket, one at a time, in order, never on a container selector thread (see
 * {@link io.github.socketiojakarta.engine.CallbackDispatch}). They must not block for
 * long (they hold up that socket's later events, not other sockets or heartbeats).
 */
public final class Listeners {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private Listeners() {}

    /** Calls a listener, logging what it throws instead of passing it on. */
    static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listener failed", e);
        }
    }

    /** Receives an event. */
    @FunctionalInterface
    public interface EventListener {
        /** Handles one event; answer with {@link Event#ack} when the client asked for it. */
        void onEvent(Event event);
    }

    /** Receives an event whose first argument is mapped to {@code T}. */
    @FunctionalInterface
    public interface TypedEventListener<T> {
        /** Handles one event with its first argument mapped. */
        void onEvent(T data, Event event);
    }

    /** Told of a socket that connected to a namespace (after its CONNECT answer was sent). */
    @FunctionalInterface
    public interface ConnectionListener {
        /** A socket connected. */
        void onConnection(Socket socket);
    }

    /** Told when a socket disconnects (or is about to: {@code disconnecting}). */
    @FunctionalInterface
    public interface DisconnectListener {
        /** The socket disconnected for this reason. */
        void onDisconnect(Socket socket, DisconnectReason reason);
    }

    /** Sees every event sent or received by a socket (catch-all). */
    @FunctionalInterface
    public interface AnyListener {
        /** An event with its name and arguments. */
        void onAny(String event, java.util.List<Object> args);
    }

    /**
     * Told when a socket of this node joins or leaves a room of a namespace (the reference
     * adapter's {@code join-room} and {@code leave-room} events): also its own room when it
     * connects, every room when it disconnects, and changes made by {@code socketsJoin} /
     * {@code socketsLeave}. Runs on the thread that changed the rooms, right after the change;
     * it must not block.
     */
    @FunctionalInterface
    public interface RoomListener {
        /** A socket joined or left a room. */
        void onRoom(String room, String socketId);
    }

    /** Receives errors from packet middleware. */
    @FunctionalInterface
    public interface ErrorListener {
        /** A packet middleware failed an event. */
        void onError(Socket socket, Exception error);
    }
}
