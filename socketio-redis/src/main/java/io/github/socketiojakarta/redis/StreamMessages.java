package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.PersistedSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The messages of the Redis Streams adapter ({@code @socket.io/redis-streams-adapter} 0.3.1) as
 * they are written: stream entries {@code uid, nsp, type (decimal), data} whose {@code data} is
 * the JSON of the message's data, or, when the type may carry binaries and the data holds one,
 * the base64 of its MessagePack; pub/sub payloads (ephemeral messages and answers) that are the
 * whole envelope {@code {type, data, uid, nsp}} in MessagePack; connection state recovery
 * sessions, base64 of the MessagePack map {@code {sid, pid, rooms, data}}. MessagePack is
 * written as {@code @msgpack/msgpack} writes it for the values Java has (it differs from
 * notepack only on JavaScript's {@code undefined}, which Java values never hold), so
 * {@link Notepack} serves. Pure: no I/O. Stateless and thread-safe.
 */
final class StreamMessages {
    /** The offsets the reference accepts: stream entry ids. */
    static final Pattern OFFSET = Pattern.compile("^[0-9]+-[0-9]+$");

    private StreamMessages() {}

    /** The fields of a stream entry for a message, in the reference's order. */
    static Map<String, byte[]> entry(MessageType type, Map<String, Object> data, String uid,
            String namespace, boolean onlyPlaintext) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("uid", utf8(uid));
        fields.put("nsp", utf8(namespace));
        fields.put("type", utf8(String.valueOf(type.code())));
        if (data != null) {
            if (!onlyPlaintext && type.mayContainBinary() && ClassicMessages.hasBinary(data, 0)) {
                fields.put("data", Base64.getEncoder().encode(Notepack.encode(data)));
            } else {
                fields.put("data", ClassicMessages.json(data));
            }
        }
        return fields;
    }

    /**
     * Reads a stream entry's fields.
     *
     * @return the envelope, or {@code null} for an entry without {@code nsp} (skipped, as the
     *     reference does)
     * @throws MessageCodecException when its type or data cannot be read
     */
    static ClusterMessages.Envelope readEntry(Map<String, byte[]> fields)
            throws MessageCodecException {
        byte[] nsp = fields.get("nsp");
        if (nsp == null) {
            return null;
        }
        byte[] type = fields.get("type");
        long code;
        try {
            code = type == null ? -1 : Long.parseLong(new String(type, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new MessageCodecException("a stream entry needs a decimal type");
        }
        byte[] uid = fields.get("uid");
        return new ClusterMessages.Envelope(MessageType.of(code), data(fields.get("data")),
                uid == null ? null : new String(uid, StandardCharsets.UTF_8),
                new String(nsp, StandardCharsets.UTF_8));
    }

    private static Map<String, Object> data(byte[] raw) throws MessageCodecException {
        if (raw == null || raw.length == 0) {
            return Map.of();
        }
        if (raw[0] == '{') {
            return ClassicMessages.decodeMessage(raw);
        }
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw new MessageCodecException("stream entry data is neither JSON nor base64");
        }
        return ClassicMessages.map(Notepack.decode(packed), "data");
    }

    /** A pub/sub payload: the whole envelope, always MessagePack. */
    static byte[] envelope(MessageType type, Map<String, Object> data, String uid,
            String namespace) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.code());
        if (data != null) {
            m.put("data", data);
        }
        m.put("uid", uid);
        m.put("nsp", namespace);
        return Notepack.encode(m);
    }

    /** Reads a pub/sub payload (MessagePack only: the reference has no JSON fallback here). */
    static ClusterMessages.Envelope readEnvelope(byte[] bytes) throws MessageCodecException {
        if (bytes.length > 0 && bytes[0] == '{') {
            throw new MessageCodecException("a streams adapter pub/sub message is MessagePack");
        }
        return ClusterMessages.decode(bytes);
    }

    /** {@code base64(msgpack({sid, pid, rooms, data}))}: a session as the reference stores it. */
    static byte[] session(PersistedSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", s.sid());
        m.put("pid", s.pid());
        m.put("rooms", new ArrayList<>(s.rooms()));
        m.put("data", s.data());
        return Base64.getEncoder().encode(Notepack.encode(m));
    }

    /**
     * Reads a stored session; a {@code data} that is not a map (a Node.js server may store any
     * value) is kept as an empty map.
     */
    static PersistedSession readSession(byte[] raw) throws MessageCodecException {
        byte[] packed;
        try {
            packed = Base64.getDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw new MessageCodecException("a session is base64");
        }
        Map<String, Object> m = ClassicMessages.map(Notepack.decode(packed), "session");
        String sid = ClassicMessages.string(m.get("sid"), "sid");
        String pid = ClassicMessages.string(m.get("pid"), "pid");
        Set<String> rooms = m.get("rooms") == null ? Set.of()
                : ClassicMessages.strings(m.get("rooms"), "rooms");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = m.get("data") instanceof Map<?, ?> d
                ? (Map<String, Object>) d : Map.of();
        return new PersistedSession(sid, pid, rooms, data);
    }

    /** The first id after {@code offset} ({@code nextOffset}: exclusive ranges need Redis 6.2). */
    static String nextOffset(String offset) {
        int dash = offset.indexOf('-');
        return offset.substring(0, dash + 1)
                + (Long.parseUnsignedLong(offset.substring(dash + 1)) + 1);
    }

    /** {@code shouldIncludePacket}: in one of the rooms (or no rooms given), in no except room. */
    static boolean includes(Set<String> sessionRooms, Set<String> rooms, Set<String> except) {
        boolean included = rooms.isEmpty();
        for (String r : sessionRooms) {
            if (except.contains(r)) {
                return false;
            }
            included |= rooms.contains(r);
        }
        return included;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
