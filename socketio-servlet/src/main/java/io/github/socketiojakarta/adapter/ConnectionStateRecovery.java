package io.github.socketiojakarta.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery settings: how long a disconnected socket's session (id, rooms,
 * data) and the packets it may have missed are kept, so that a client that comes back within
 * that window gets the same socket and every broadcast it missed, in order.
 *
 * <p>The reference server's defaults are {@link #defaults()}: a window of 2 minutes, middlewares
 * skipped on a successful recovery. The reference keeps every packet of the window; this server
 * also caps what one namespace keeps in memory ({@code maxPackets}, {@code maxBytes}) and the
 * number of disconnected sessions it keeps ({@code maxSessions}), dropping the oldest first. A
 * client whose last packet was dropped, or whose session was, connects as a new socket.
 *
 * @param maxDisconnectionDuration how long sessions and packets are kept (2 minutes)
 * @param skipMiddlewares whether a recovered socket connects without running the namespace's
 *     middlewares (true)
 * @param maxPackets the most packets kept per namespace by the in-memory adapter (10,000)
 * @param maxBytes the most bytes of encoded packets kept per namespace by the in-memory
 *     adapter (32 MiB)
 * @param maxSessions the most disconnected sessions kept per namespace by the in-memory adapter
 *     (100,000)
 */
public record ConnectionStateRecovery(
        Duration maxDisconnectionDuration,
        boolean skipMiddlewares,
        int maxPackets,
        long maxBytes,
        int maxSessions) {

    /** The default window: 2 minutes. */
    public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);
    /** The default cap on packets kept per namespace. */
    public static final int DEFAULT_MAX_PACKETS = 10_000;
    /** The default cap on bytes of packets kept per namespace. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** The default cap on disconnected sessions kept per namespace. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;

    /** Checks the values. */
    public ConnectionStateRecovery {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
        }
        if (maxPackets < 1 || maxBytes < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("maxPackets, maxBytes and maxSessions must be positive");
        }
    }

    /** The reference's defaults, with this server's memory caps. */
    public static ConnectionStateRecovery defaults() {
        return of(DEFAULT_MAX_DISCONNECTION_DURATION, true);
    }

    /** A window and the middleware choice, with the default memory caps. */
    public static ConnectionStateRecovery of(Duration maxDisconnectionDuration,
            boolean skipMiddlewares) {
        return new ConnectionStateRecovery(maxDisconnectionDuration, skipMiddlewares,
                DEFAULT_MAX_PACKETS, DEFAULT_MAX_BYTES, DEFAULT_MAX_SESSIONS);
    }

    /** The same settings with other memory caps. */
    public ConnectionStateRecovery withLimits(int packets, long bytes, int sessions) {
        return new ConnectionStateRecovery(maxDisconnectionDuration, skipMiddlewares, packets,
                bytes, sessions);
    }
}
