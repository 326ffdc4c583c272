package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of socket.io-adapter's {@code ClusterAdapter} as the sharded Redis adapter
 * ({@code createShardedAdapter}, {@code @socket.io/redis-adapter} 8.3) ships them: the envelope
 * {@code {type, data, uid, nsp}} written as JSON, or with notepack when the type may carry
 * binaries ({@link MessageType#mayContainBinary()}) and its data holds one. Readers take JSON
 * when the first byte is {@code '{'}, notepack otherwise. Pure: no I/O. Stateless and
 * thread-safe.
 *
 * <p>Writers follow the Node.js sender: key order {@code type, data, uid, nsp}; absent fields
 * left out (a {@code requestId} is present exactly when acks are wanted, never {@code null});
 * the packet {@code {type: 2, data}} without {@code nsp} or {@code id} (the envelope names the
 * namespace); options {@code {rooms, except, flags}} with only the flags that are set.
 */
public final class ClusterMessages {

    private ClusterMessages() {
    }

    /**
     * A message read from Redis.
     *
     * @param type its type, {@code null} when the number is unknown
     * @param data its data ({@code {}} when absent)
     * @param uid the sending node ({@code null} when absent)
     * @param namespace the namespace ({@code null} when absent)
     */
    public record Envelope(MessageType type, Map<String, Object> data, String uid,
            String namespace) {

        /** The {@code requestId} of the data, or {@code null} when absent. */
        public String requestId() throws MessageCodecException {
            return ClassicMessages.optionalString(data, "requestId");
        }
    }

    /** Writes an envelope; JSON unless the type may carry binaries and the data holds one. */
    public static byte[] encode(MessageType type, Map<String, Object> data, String uid,
            String namespace) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.code());
        if (data != null) {
            m.put("data", data);
        }
        m.put("uid", uid);
        m.put("nsp", namespace);
        return type.mayContainBinary() && ClassicMessages.hasBinary(data, 0)
                ? Notepack.encode(m) : ClassicMessages.json(m);
    }

    /**
     * Reads an envelope.
     *
     * @throws MessageCodecException when it is not a map with an integral type, or its data,
     *     uid or nsp have the wrong shape
     */
    public static Envelope decode(byte[] bytes) throws MessageCodecException {
        Map<String, Object> m = ClassicMessages.decodeMessage(bytes);
        if (!(m.get("type") instanceof Long code)) {
            throw new MessageCodecException("a cluster message needs an integral type");
        }
        Object data = m.get("data");
        return new Envelope(MessageType.of(code),
                data == null ? Map.of() : ClassicMessages.map(data, "data"),
                ClassicMessages.optionalString(m, "uid"),
                ClassicMessages.optionalString(m, "nsp"));
    }

    // ---- data of each type ------------------------------------------------------------------

    /** {@code {packet: {type: 2, data}[, requestId], opts}} of a broadcast. */
    public static Map<String, Object> broadcast(List<Object> eventData, String requestId,
            BroadcastOptions o) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", 2);
        packet.put("data", eventData);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("packet", packet);
        if (requestId != null) {
            d.put("requestId", requestId);
        }
        d.put("opts", options(o));
        return d;
    }

    /** {@code {opts, rooms}} of socketsJoin / socketsLeave. */
    public static Map<String, Object> rooms(BroadcastOptions o, Collection<String> rooms) {
        return ClassicMessages.message("opts", options(o), "rooms", new ArrayList<>(rooms));
    }

    /** {@code {opts, close}} of disconnectSockets. */
    public static Map<String, Object> disconnect(BroadcastOptions o, boolean close) {
        return ClassicMessages.message("opts", options(o), "close", close);
    }

    /** {@code {opts, requestId}} of fetchSockets. */
    public static Map<String, Object> fetch(BroadcastOptions o, String requestId) {
        return ClassicMessages.message("opts", options(o), "requestId", requestId);
    }

    /** {@code {[requestId, ]packet: [event, ...args]}} of a server-side event. */
    public static Map<String, Object> serverSideEmit(String requestId, List<Object> eventData) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (requestId != null) {
            d.put("requestId", requestId);
        }
        d.put("packet", eventData);
        return d;
    }

    /** {@code {requestId, sockets}} answering fetchSockets. */
    public static Map<String, Object> fetchResponse(String requestId, List<Object> sockets) {
        return ClassicMessages.message("requestId", requestId, "sockets", sockets);
    }

    /** {@code {requestId, clientCount}} answering a broadcast with acks. */
    public static Map<String, Object> clientCount(String requestId, int clientCount) {
        return ClassicMessages.message("requestId", requestId, "clientCount", clientCount);
    }

    /**
     * {@code {requestId[, packet]}}: one answer (a client's ack, a node's answer to a
     * server-side event); {@code packet} left out when there is no argument, as
     * {@code JSON.stringify} leaves out {@code undefined}.
     */
    public static Map<String, Object> answer(String requestId, List<Object> args) {
        Map<String, Object> d = ClassicMessages.message("requestId", requestId);
        if (!args.isEmpty()) {
            d.put("packet", args.get(0));
        }
        return d;
    }

    /**
     * {@code {rooms, except, flags}}: flags only when set ({@code volatile: true},
     * {@code compress: false}, {@code timeout} when the operation has one); {@code local} is
     * never sent, local operations are not published.
     */
    static Map<String, Object> options(BroadcastOptions o) {
        Map<String, Object> flags = new LinkedHashMap<>();
        if (o.isVolatile()) {
            flags.put("volatile", true);
        }
        if (!o.compress()) {
            flags.put("compress", false);
        }
        if (o.timeoutMillis() >= 0) {
            flags.put("timeout", o.timeoutMillis());
        }
        return ClassicMessages.message("rooms", new ArrayList<>(o.rooms()),
                "except", new ArrayList<>(o.except()), "flags", flags);
    }

    /** The options of a message's data ({@code opts}); flags {@code volatile}/{@code compress}. */
    static BroadcastOptions options(Map<String, Object> data) throws MessageCodecException {
        return ClassicMessages.options(data.get("opts"));
    }

    /** The {@code [event, ...args]} of a broadcast's {@code packet.data}. */
    static List<Object> packetData(Map<String, Object> data) throws MessageCodecException {
        Map<String, Object> packet = ClassicMessages.map(data.get("packet"), "packet");
        return ClassicMessages.data(packet.get("data"));
    }
}
