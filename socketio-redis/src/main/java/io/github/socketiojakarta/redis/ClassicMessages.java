package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages of the classic {@code @socket.io/redis-adapter} 8.3 ({@code createAdapter}) as
 * bytes: the broadcast {@code [uid, packet, opts]} (notepack), and the requests and responses
 * (JSON, except the broadcast-with-ack request and its acks, which are notepack maps). Readers
 * take JSON when the first byte is {@code '{'} and notepack otherwise, as the Node.js adapter
 * does. Pure: no I/O. Stateless and thread-safe.
 *
 * <p>Writers follow the Node.js sender: absent fields are left out (never {@code null}), flags
 * only when set, the packet always {@code {type: 2, data, nsp}} with raw binaries in
 * {@code data}.
 */
public final class ClassicMessages {

    /** The request types of {@code RequestType} in the adapter's {@code lib/index.ts}. */
    public static final int SOCKETS = 0;
    /** All rooms of the namespace across the cluster. */
    public static final int ALL_ROOMS = 1;
    /** Make the selected sockets join rooms. */
    public static final int REMOTE_JOIN = 2;
    /** Make the selected sockets leave rooms. */
    public static final int REMOTE_LEAVE = 3;
    /** Disconnect the selected sockets. */
    public static final int REMOTE_DISCONNECT = 4;
    /** fetchSockets. */
    public static final int REMOTE_FETCH = 5;
    /** A server-side event. */
    public static final int SERVER_SIDE_EMIT = 6;
    /** A broadcast asking for acks. */
    public static final int BROADCAST = 7;
    /** A node's count of the clients a broadcast with ack reached (response). */
    public static final int BROADCAST_CLIENT_COUNT = 8;
    /** One client's ack of a broadcast (response). */
    public static final int BROADCAST_ACK = 9;

    private ClassicMessages() {
    }

    /**
     * A broadcast published on {@code key#nsp#} or {@code key#nsp#room#}.
     *
     * @param uid the publishing node ({@code "emitter"} for the emitter)
     * @param namespace the packet's {@code nsp} ({@code "/"} when absent)
     * @param data the event name and arguments; binaries as {@code byte[]}
     * @param options rooms, except and the volatile/compress flags
     */
    public record Broadcast(String uid, String namespace, List<Object> data,
            BroadcastOptions options) {
    }

    /** Encodes {@code [uid, {type:2, data, nsp}, {rooms, except, flags}]} with notepack. */
    public static byte[] encodeBroadcast(Broadcast b) {
        return Notepack.encode(List.of(b.uid(), packet(b.namespace(), b.data()),
                options(b.options(), true)));
    }

    /**
     * Decodes a broadcast.
     *
     * @throws MessageCodecException unless it is an array starting with a string uid, a packet
     *     with a non-empty {@code data} array and an options map
     */
    public static Broadcast decodeBroadcast(byte[] bytes) throws MessageCodecException {
        if (!(Notepack.decode(bytes) instanceof List<?> list) || list.size() < 3
                || !(list.get(0) instanceof String uid)) {
            throw new MessageCodecException("a broadcast is [uid, packet, opts]");
        }
        Map<String, Object> packet = map(list.get(1), "packet");
        Object nsp = packet.get("nsp");
        return new Broadcast(uid, nsp == null ? "/" : string(nsp, "packet.nsp"),
                data(packet.get("data")), options(list.get(2)));
    }

    static Map<String, Object> packet(String namespace, List<Object> data) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", 2);
        packet.put("data", data);
        packet.put("nsp", namespace);
        return packet;
    }

    /** {@code {rooms, except[, flags]}}; flags only those set (compress only when false). */
    static Map<String, Object> options(BroadcastOptions o, boolean withFlags) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rooms", new ArrayList<>(o.rooms()));
        out.put("except", new ArrayList<>(o.except()));
        if (withFlags) {
            Map<String, Object> flags = new LinkedHashMap<>();
            if (o.isVolatile()) {
                flags.put("volatile", true);
            }
            if (!o.compress()) {
                flags.put("compress", false);
            }
            out.put("flags", flags);
        }
        return out;
    }

    /** Reads {@code {rooms, except, flags}}; missing parts are empty, flags may be null. */
    static BroadcastOptions options(Object value) throws MessageCodecException {
        Map<String, Object> o = value == null ? Map.of() : map(value, "opts");
        Object flagsValue = o.get("flags");
        Map<String, Object> flags = flagsValue == null ? Map.of() : map(flagsValue, "flags");
        return new BroadcastOptions(strings(o.get("rooms"), "rooms"),
                strings(o.get("except"), "except"), Boolean.TRUE.equals(flags.get("volatile")),
                false, !Boolean.FALSE.equals(flags.get("compress")), -1);
    }

    // ---- requests and responses -----------------------------------------------------------

    /**
     * Reads a request or response: JSON if it starts with {@code '{'}, notepack otherwise.
     *
     * @return the message as a map, see {@link Json} and {@link Notepack} for the value types
     * @throws MessageCodecException when it is not a map
     */
    public static Map<String, Object> decodeMessage(byte[] bytes) throws MessageCodecException {
        Object value;
        if (bytes.length > 0 && bytes[0] == '{') {
            try {
                value = Json.parse(new String(bytes, StandardCharsets.UTF_8));
            } catch (ParseException e) {
                throw new MessageCodecException("malformed JSON: " + e.getMessage(), e);
            }
        } else {
            value = Notepack.decode(bytes);
        }
        return map(value, "message");
    }

    /** Writes a request or response map as JSON (no binaries allowed). */
    public static byte[] json(Map<String, Object> message) {
        return Json.write(message).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {uid, requestId, type:1}}: asks every node for its rooms. */
    public static byte[] allRoomsRequest(String uid, String requestId) {
        return json(message("uid", uid, "requestId", requestId, "type", ALL_ROOMS));
    }

    /** {@code {uid, requestId, type:5, opts:{rooms, except}}}: fetchSockets. */
    public static byte[] fetchRequest(String uid, String requestId, BroadcastOptions o) {
        return json(message("uid", uid, "requestId", requestId, "type", REMOTE_FETCH,
                "opts", options(o, false)));
    }

    /** {@code {uid, type:2|3, opts:{rooms, except}, rooms}}: socketsJoin / socketsLeave. */
    public static byte[] roomsRequest(String uid, boolean join, BroadcastOptions o,
            Collection<String> rooms) {
        return json(message("uid", uid, "type", join ? REMOTE_JOIN : REMOTE_LEAVE,
                "opts", options(o, false), "rooms", new ArrayList<>(rooms)));
    }

    /** {@code {uid, type:4, opts:{rooms, except}, close}}: disconnectSockets. */
    public static byte[] disconnectRequest(String uid, BroadcastOptions o, boolean close) {
        return json(message("uid", uid, "type", REMOTE_DISCONNECT, "opts", options(o, false),
                "close", close));
    }

    /**
     * {@code {uid, type:6, data[, requestId]}}: a server-side event; JSON like Node.js when the
     * arguments hold no binary, notepack otherwise (Node.js's JSON would mangle it).
     */
    public static byte[] serverSideEmitRequest(String uid, String requestId, List<Object> data) {
        Map<String, Object> m = message("uid", uid, "type", SERVER_SIDE_EMIT, "data", data);
        if (requestId != null) {
            m.put("requestId", requestId);
        }
        return hasBinary(data, 0) ? Notepack.encode(m) : json(m);
    }

    /** {@code {type:6, requestId, data}}: a node's answer to a server-side event. */
    public static byte[] serverSideEmitResponse(String requestId, Object data) {
        Map<String, Object> m = message("type", SERVER_SIDE_EMIT, "requestId", requestId);
        if (data != null) {
            m.put("data", data);
        }
        return hasBinary(data, 0) ? Notepack.encode(m) : json(m);
    }

    /** {@code {requestId, rooms}}: this node's rooms. */
    public static byte[] allRoomsResponse(String requestId, Collection<String> rooms) {
        return json(message("requestId", requestId, "rooms", new ArrayList<>(rooms)));
    }

    /** {@code {requestId, sockets}}: this node's sockets (ids for type 0, details for 5). */
    public static byte[] socketsResponse(String requestId, List<?> sockets) {
        Map<String, Object> m = message("requestId", requestId, "sockets", sockets);
        return hasBinary(sockets, 0) ? Notepack.encode(m) : json(m);
    }

    /** {@code {type:8, requestId, clientCount}}: how many clients a broadcast reached here. */
    public static byte[] clientCountResponse(String requestId, int clientCount) {
        return json(message("type", BROADCAST_CLIENT_COUNT, "requestId", requestId,
                "clientCount", clientCount));
    }

    /** {@code {type:9, requestId, packet}} with notepack: one client's (first) ack argument. */
    public static byte[] ackResponse(String requestId, Object firstArg) {
        Map<String, Object> m = message("type", BROADCAST_ACK, "requestId", requestId);
        if (firstArg != null) {
            m.put("packet", firstArg);
        }
        return Notepack.encode(m);
    }

    /** {@code {uid, requestId, type:7, packet, opts}} with notepack: a broadcast with acks. */
    public static byte[] broadcastWithAckRequest(String uid, String requestId, String namespace,
            List<Object> data, BroadcastOptions o) {
        return Notepack.encode(message("uid", uid, "requestId", requestId, "type", BROADCAST,
                "packet", packet(namespace, data), "opts", options(o, true)));
    }

    // ---- field access -----------------------------------------------------------------------

    /** Builds an insertion-ordered map from key/value pairs. */
    static Map<String, Object> message(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The integral {@code type} field, or -1 when absent or not an integer. */
    public static int type(Map<String, Object> message) {
        return message.get("type") instanceof Long l && l >= 0 && l < 100 ? l.intValue() : -1;
    }

    /** A string field that may be absent. */
    public static String optionalString(Map<String, Object> m, String key)
            throws MessageCodecException {
        Object v = m.get(key);
        return v == null ? null : string(v, key);
    }

    /** The event name and arguments of a packet's {@code data}. */
    static List<Object> data(Object value) throws MessageCodecException {
        if (!(value instanceof List<?> list) || list.isEmpty()
                || !(list.get(0) instanceof String || list.get(0) instanceof Number)) {
            throw new MessageCodecException("data must be [event, ...args]");
        }
        return new ArrayList<>(list);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) throws MessageCodecException {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new MessageCodecException(what + " is not a map");
    }

    static String string(Object value, String what) throws MessageCodecException {
        if (value instanceof String s) {
            return s;
        }
        throw new MessageCodecException(what + " is not a string");
    }

    /** A list of strings (absent or null: empty). */
    static Set<String> strings(Object value, String what) throws MessageCodecException {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new MessageCodecException(what + " is not an array");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            out.add(string(o, what + " element"));
        }
        return out;
    }

    /** Whether a value holds a binary at any depth. */
    static boolean hasBinary(Object value, int depth) {
        if (depth > 512) {
            return false;
        }
        if (value instanceof byte[] || value instanceof java.nio.ByteBuffer) {
            return true;
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (hasBinary(v, depth + 1)) {
                    return true;
                }
            }
        } else if (value instanceof Collection<?> c) {
            for (Object v : c) {
                if (hasBinary(v, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
