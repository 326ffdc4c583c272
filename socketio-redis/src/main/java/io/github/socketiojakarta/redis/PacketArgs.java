package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event name and arguments of an outgoing packet as plain values (maps, lists, strings,
 * numbers, booleans, null, {@code byte[]}) to ship to other nodes. When the application passed
 * objects only the server's mapper can write (records, beans), they are read back from the
 * packet's already encoded frames, so other nodes see exactly what local clients see. Stateless.
 */
final class PacketArgs {
    private PacketArgs() {
    }

    /** The event's {@code [name, ...args]}. */
    static List<Object> of(OutboundPacket packet) {
        if (!(packet.packet() instanceof SocketPacket.Event event)) {
            throw new IllegalArgumentException("only events cross nodes: " + packet.packet());
        }
        if (isPlain(event.args(), 0)) {
            return event.args();
        }
        return fromFrames(packet.frames());
    }

    private static boolean isPlain(Object v, int depth) {
        if (depth > 512) {
            return false;
        }
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof byte[] || v instanceof ByteBuffer) {
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String) || !isPlain(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                if (!isPlain(o, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Parses {@code <type>[<n>-][<nsp>,][<id>]<json>} and puts the binary frames back. */
    private static List<Object> fromFrames(List<EnginePacket> frames) {
        String text = ((EnginePacket.TextMessage) frames.get(0)).text();
        int i = 1;
        if (frames.size() > 1) {
            i = text.indexOf('-') + 1;
        }
        if (i < text.length() && text.charAt(i) == '/') {
            i = text.indexOf(',', i) + 1;
        }
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        Object parsed;
        try {
            parsed = Json.parse(text.substring(i));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot read back an encoded packet: " + text, e);
        }
        List<byte[]> binaries = new ArrayList<>();
        for (EnginePacket frame : frames.subList(1, frames.size())) {
            binaries.add(((EnginePacket.BinaryMessage) frame).data());
        }
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) fill(parsed, binaries);
        return args;
    }

    private static Object fill(Object v, List<byte[]> binaries) {
        if (v instanceof Map<?, ?> m) {
            if (Boolean.TRUE.equals(m.get("_placeholder")) && m.get("num") instanceof Long n
                    && n >= 0 && n < binaries.size()) {
                return binaries.get(n.intValue());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, fill(x, binaries)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(fill(x, binaries)));
            return out;
        }
        return v;
    }
}
