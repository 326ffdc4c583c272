package io.github.socketiojakarta.redis;

/**
 * The message types of socket.io-adapter's {@code ClusterAdapter} ({@code MessageType} in
 * {@code cluster-adapter.ts}, 2.5.x), the protocol of the sharded adapter. The heartbeat types
 * (1, 2, 13) belong to {@code ClusterAdapterWithHeartbeat}, which the sharded adapter does not
 * use; they are listed so that they are recognised and ignored. Immutable.
 */
public enum MessageType {
    /** A node starts (heartbeat adapters only). */
    INITIAL_HEARTBEAT(1),
    /** A node is alive (heartbeat adapters only). */
    HEARTBEAT(2),
    /** {@code {packet, opts[, requestId]}}: a broadcast; with a request id it asks for acks. */
    BROADCAST(3),
    /** {@code {opts, rooms}}: the selected sockets join rooms. */
    SOCKETS_JOIN(4),
    /** {@code {opts, rooms}}: the selected sockets leave rooms. */
    SOCKETS_LEAVE(5),
    /** {@code {opts, close}}: the selected sockets are disconnected. */
    DISCONNECT_SOCKETS(6),
    /** {@code {opts, requestId}}: fetchSockets. */
    FETCH_SOCKETS(7),
    /** {@code {requestId, sockets}}: one node's answer to fetchSockets. */
    FETCH_SOCKETS_RESPONSE(8),
    /** {@code {packet[, requestId]}}: a server-side event; with a request id it asks for acks. */
    SERVER_SIDE_EMIT(9),
    /** {@code {requestId, packet}}: one node's answer to a server-side event. */
    SERVER_SIDE_EMIT_RESPONSE(10),
    /** {@code {requestId, clientCount}}: how many clients a broadcast with acks reached there. */
    BROADCAST_CLIENT_COUNT(11),
    /** {@code {requestId, packet}}: one client's (first) ack argument. */
    BROADCAST_ACK(12),
    /** A node leaves (heartbeat adapters only). */
    ADAPTER_CLOSE(13);

    private static final MessageType[] BY_CODE = new MessageType[14];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The type of a wire number, or {@code null} when unknown. */
    public static MessageType of(long code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /**
     * Whether the sharded adapter writes a message of this type with notepack when its data
     * holds a binary ({@code encode()} of {@code sharded-adapter.ts}); otherwise always JSON.
     */
    public boolean mayContainBinary() {
        return this == BROADCAST || this == BROADCAST_ACK || this == FETCH_SOCKETS_RESPONSE
                || this == SERVER_SIDE_EMIT || this == SERVER_SIDE_EMIT_RESPONSE;
    }

    /** Whether this is an answer to a request (handled by {@code onResponse}). */
    public boolean isResponse() {
        return this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT_RESPONSE
                || this == BROADCAST_CLIENT_COUNT || this == BROADCAST_ACK;
    }
}
