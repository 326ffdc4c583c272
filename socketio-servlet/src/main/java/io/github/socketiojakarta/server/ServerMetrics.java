package io.github.socketiojakarta.server;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.engine.binding.EngineError;
import java.util.Map;

/**
 * A live, read-only view of one {@link SocketIoServer}'s numbers, for metrics and monitoring
 * (the JMX MBean and the Micrometer binder read it): connections, sockets and rooms now, and
 * counters that only grow from the server's start (handshakes, refusals, upgrades, packets and
 * bytes, overflows, ack timeouts, recoveries, the cluster adapter's requests).
 *
 * <p>Each call reads the current value; none is a consistent snapshot of the others. Counting
 * costs the server nothing but lock-free additions; the gauges (connections, sockets, rooms,
 * pending acks) are computed on read by looking at each session or socket once, so read them at
 * a scrape interval, not per request.
 *
 * <p>Thread-safe. Get it from {@link SocketIoServer#metrics()}.
 */
public interface ServerMetrics {

    /** Open Engine.IO sessions (connected clients) whose current transport is this one. */
    int connections(TransportType transport);

    /** Open Engine.IO sessions (connected clients), on every transport. */
    int connections();

    /** Connected sockets on this node, by namespace name (every namespace that exists). */
    Map<String, Integer> sockets();

    /**
     * Rooms with members on this node, by namespace name, without each socket's own room; a
     * namespace whose adapter does not tell ({@link io.github.socketiojakarta.adapter.Adapter#roomCount()})
     * is left out.
     */
    Map<String, Integer> rooms();

    /** Engine.IO handshakes accepted (sessions opened) on this transport. */
    long handshakes(TransportType transport);

    /**
     * Engine.IO requests refused with this error of the protocol's table (handshakes and
     * requests of sessions; {@link EngineError#FORBIDDEN} for the allowRequest hook and the
     * origin check).
     */
    long refusals(EngineError error);

    /**
     * Socket.IO namespace connections refused: by a middleware, or for a namespace that does
     * not exist ("Invalid namespace").
     */
    long connectsRefused();

    /** Sessions upgraded from long-polling to WebSocket. */
    long upgrades();

    /** Engine.IO packets received on this transport. */
    long packetsIn(TransportType transport);

    /** Engine.IO packets sent on this transport. */
    long packetsOut(TransportType transport);

    /**
     * Bytes received on this transport: each packet's size as a WebSocket frame carries it
     * (see {@link io.github.socketiojakarta.engine.EngineCounters}).
     */
    long bytesIn(TransportType transport);

    /** Bytes sent on this transport, measured as {@link #bytesIn}. */
    long bytesOut(TransportType transport);

    /** Sessions closed because their outbound queue overflowed (clients too slow to read). */
    long queueOverflows();

    /** Sessions closed because too many of their messages waited for the application. */
    long backlogOverflows();

    /** Sessions closed for this reason (ping timeouts, transport errors, ...). */
    long closes(CloseReason reason);

    /** Acks the server waits for from its clients now (emits with an ack callback). */
    int pendingAcks();

    /** Acks (single or broadcast) that ended at their timeout. */
    long ackTimeouts();

    /** Whether connection state recovery is on. */
    boolean recoveryEnabled();

    /** Clients that asked to recover a session (reconnecting with a private id and offset). */
    long recoveriesAttempted();

    /** Sessions recovered (the others got a new socket). */
    long recoveriesSucceeded();

    /** The cluster adapter's requests to other nodes (0 without a cluster adapter). */
    long adapterRequests();

    /** The cluster adapter's requests that ended at their timeout. */
    long adapterTimeouts();

    /** The cluster adapter's reconnections to its broker (Redis). */
    long adapterReconnects();
}
