package io.github.socketiojakarta.engine.codec;

import java.util.List;

/**
 * The handshake data the server sends in the open packet.
 *
 * @param sid the session id
 * @param upgrades the transports the client may upgrade to ({@code ["websocket"]} for a polling
 *     session that may upgrade, empty otherwise)
 * @param pingInterval milliseconds between the server's pings
 * @param pingTimeout milliseconds the server waits for a pong
 * @param maxPayload the largest payload, in bytes, the server accepts
 */
public record OpenPacket(
        String sid, List<String> upgrades, long pingInterval, long pingTimeout, long maxPayload) {

    /** Checks and copies the arguments. */
    public OpenPacket {
        upgrades = List.copyOf(upgrades);
        if (!isSafeToken(sid)) {
            throw new IllegalArgumentException("sid must be a non-empty URL-safe token");
        }
        for (String u : upgrades) {
            if (!isSafeToken(u)) {
                throw new IllegalArgumentException("transport names must be URL-safe tokens");
            }
        }
    }

    /** The JSON handshake, written in the field order the reference server uses. */
    public String toJson() {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"sid\":\"").append(sid).append("\",\"upgrades\":[");
        for (int i = 0; i < upgrades.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"').append(upgrades.get(i)).append('"');
        }
        b.append("],\"pingInterval\":").append(pingInterval)
                .append(",\"pingTimeout\":").append(pingTimeout)
                .append(",\"maxPayload\":").append(maxPayload).append('}');
        return b.toString();
    }

    /** The open packet carrying this handshake. */
    public EnginePacket.Control toPacket() {
        return new EnginePacket.Control(PacketType.OPEN, toJson());
    }

    private static boolean isSafeToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
