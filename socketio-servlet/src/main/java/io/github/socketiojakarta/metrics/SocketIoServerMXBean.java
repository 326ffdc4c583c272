package io.github.socketiojakarta.metrics;

import java.util.Map;

/**
 * The JMX view of one Socket.IO server: its {@link io.github.socketiojakarta.server.ServerMetrics}
 * as read-only attributes (JConsole, VisualVM, Tomcat's JMX proxy, WildFly's management). Gauges
 * (connections, sockets, rooms, pending acks) are read now; the other numbers count from the
 * server's start. Maps are keyed by namespace, or by the lower-case reason.
 *
 * <p>Thread-safe; every attribute is computed when read.
 */
public interface SocketIoServerMXBean {
    /** Open Engine.IO sessions (connected clients). */
    int getConnections();

    /** Open sessions on long-polling. */
    int getPollingConnections();

    /** Open sessions on WebSocket. */
    int getWebSocketConnections();

    /** Connected sockets by namespace. */
    Map<String, Integer> getSockets();

    /** Connected sockets, every namespace. */
    int getSocketCount();

    /** Rooms with members by namespace (without each socket's own room). */
    Map<String, Integer> getRooms();

    /** Rooms with members, every namespace. */
    int getRoomCount();

    /** Handshakes accepted on long-polling. */
    long getPollingHandshakes();

    /** Handshakes accepted on WebSocket. */
    long getWebSocketHandshakes();

    /** Engine.IO requests refused, by error (e.g. {@code unknown_sid}, {@code forbidden}). */
    Map<String, Long> getRefusals();

    /** Namespace connections refused (middleware, invalid namespace). */
    long getConnectsRefused();

    /** Sessions upgraded from long-polling to WebSocket. */
    long getUpgrades();

    /** Packets received on long-polling. */
    long getPollingPacketsIn();

    /** Packets received on WebSocket. */
    long getWebSocketPacketsIn();

    /** Packets sent on long-polling. */
    long getPollingPacketsOut();

    /** Packets sent on WebSocket. */
    long getWebSocketPacketsOut();

    /** Bytes received on long-polling. */
    long getPollingBytesIn();

    /** Bytes received on WebSocket. */
    long getWebSocketBytesIn();

    /** Bytes sent on long-polling. */
    long getPollingBytesOut();

    /** Bytes sent on WebSocket. */
    long getWebSocketBytesOut();

    /** Sessions closed for an outbound queue overflow (slow clients). */
    long getQueueOverflows();

    /** Sessions closed for too many messages waiting for the application. */
    long getBacklogOverflows();

    /** Sessions closed, by reason (e.g. {@code ping_timeout}, {@code transport_close}). */
    Map<String, Long> getCloses();

    /** Acks waited for now. */
    int getPendingAcks();

    /** Acks that ended at their timeout. */
    long getAckTimeouts();

    /** Whether connection state recovery is on. */
    boolean isRecoveryEnabled();

    /** Recoveries asked for. */
    long getRecoveriesAttempted();

    /** Recoveries that restored the session. */
    long getRecoveriesSucceeded();

    /** Cluster adapter requests to other nodes. */
    long getAdapterRequests();

    /** Cluster adapter requests that timed out. */
    long getAdapterTimeouts();

    /** Cluster adapter reconnections to its broker. */
    long getAdapterReconnects();
}
