package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.server.RemoteSocket;
import io.github.socketiojakarta.server.Socket;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The UI's view of a socket ({@code SerializedSocket}) and its timestamps, as plain values the
 * server's codec writes. The handshake's auth payload is never included (it holds passwords and
 * the private recovery id); the metadata kept under {@link #ADMIN_KEY} in the socket's data (so
 * that other nodes' {@code fetchSockets} see it, as the reference does) is not shown as data.
 * Stateless.
 */
final class Serialized {
    /** The key of the UI's metadata in a socket's data: {@code {clientId, transport}}. */
    static final String ADMIN_KEY = "_admin";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Serialized() {}

    /** Now, as a JavaScript {@code Date} is written in JSON ({@code 2024-05-01T12:34:56.789Z}). */
    static String now() {
        return ISO_MILLIS.format(Instant.now());
    }

    /** A socket of this node. */
    static Map<String, Object> local(Socket socket) {
        Map<String, Object> data;
        Map<String, Object> d = socket.data();
        synchronized (d) {
            data = new LinkedHashMap<>(d);
        }
        return of(socket.id(), clientId(socket.connectionId()), socket.transport(),
                socket.namespace().name(), socket.handshake().toMap(), socket.rooms(), data);
    }

    /** A socket found by {@code fetchSockets}, on this node or another. */
    static Map<String, Object> remote(RemoteSocket socket, String nsp) {
        Object admin = socket.data().get(ADMIN_KEY);
        Object clientId = null;
        Object transport = null;
        if (admin instanceof Map<?, ?> m) {
            clientId = m.get("clientId");
            transport = m.get("transport");
        }
        return of(socket.id(), clientId, transport, nsp, socket.handshake(), socket.rooms(),
                socket.data());
    }

    /** The first 12 characters of the connection id (the reference shows no more of it). */
    static String clientId(String connectionId) {
        return connectionId.length() <= 12 ? connectionId : connectionId.substring(0, 12);
    }

    /** The metadata stored under {@link #ADMIN_KEY}. */
    static Map<String, Object> adminData(Socket socket, String transport) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientId", clientId(socket.connectionId()));
        m.put("transport", transport);
        return m;
    }

    /** The data without the UI's metadata. */
    static Map<String, Object> data(Map<String, Object> data) {
        Map<String, Object> out = new LinkedHashMap<>(data);
        out.remove(ADMIN_KEY);
        return out;
    }

    private static Map<String, Object> of(String id, Object clientId, Object transport,
            String nsp, Map<String, Object> handshake, Set<String> rooms,
            Map<String, Object> data) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("clientId", clientId);
        s.put("transport", transport);
        s.put("nsp", nsp);
        s.put("data", data(data));
        s.put("handshake", handshake(handshake));
        s.put("rooms", new ArrayList<>(rooms));
        return s;
    }

    /** The handshake's fields the UI shows; never {@code auth}. */
    private static Map<String, Object> handshake(Map<String, Object> h) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object headers = h.get("headers");
        out.put("address", address(headers, h.get("address")));
        out.put("headers", headers == null ? Map.of() : headers);
        out.put("query", h.get("query") == null ? Map.of() : h.get("query"));
        out.put("issued", h.get("issued"));
        out.put("secure", h.get("secure"));
        out.put("time", h.get("time"));
        out.put("url", h.get("url"));
        out.put("xdomain", h.get("xdomain"));
        return out;
    }

    /** As the reference: {@code cf-connecting-ip}, else {@code x-forwarded-for}, else the peer. */
    private static Object address(Object headers, Object address) {
        if (headers instanceof Map<?, ?> m) {
            for (String name : List.of("cf-connecting-ip", "x-forwarded-for")) {
                Object v = m.get(name);
                if (v != null && !String.valueOf(v).isEmpty()) {
                    return v;
                }
            }
        }
        return address;
    }
}
