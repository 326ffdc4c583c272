package io.github.socketiojakarta.adapter;

import java.util.Map;
import java.util.Set;

/**
 * What {@code fetchSockets} reports of one socket, as plain data (a cluster adapter gets it from
 * other nodes).
 *
 * @param id the socket id
 * @param handshake the handshake as plain values: headers, time, address, xdomain, secure,
 *     issued, url, query, auth (the reference server's field names)
 * @param rooms the rooms it is in
 * @param data the application's per-socket data
 */
public record SocketDetails(
        String id, Map<String, Object> handshake, Set<String> rooms, Map<String, Object> data) {
    /** Copies the collections. */
    public SocketDetails {
        handshake = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(handshake));
        rooms = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(rooms));
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
