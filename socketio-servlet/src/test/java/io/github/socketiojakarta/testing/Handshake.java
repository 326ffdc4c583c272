package io.github.socketiojakarta.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.List;

/**
 * A parsed Engine.IO open packet, as a client sees it.
 *
 * @param sid the session id
 * @param upgrades the offered upgrades
 * @param pingInterval the announced ping interval
 * @param pingTimeout the announced ping timeout
 * @param maxPayload the announced maximum payload
 * @param json the whole JSON object (to check its keys)
 */
public record Handshake(String sid, List<String> upgrades, long pingInterval, long pingTimeout,
        long maxPayload, JsonObject json) {

    /**
     * Parses an open packet ({@code 0{...}}).
     *
     * @throws AssertionError when it is not one
     */
    public static Handshake parse(String packet) {
        if (packet == null || !packet.startsWith("0{")) {
            throw new AssertionError("not an open packet: " + packet);
        }
        JsonObject o;
        try (JsonReader r = Json.createReader(new StringReader(packet.substring(1)))) {
            o = r.readObject();
        }
        List<String> upgrades = o.getJsonArray("upgrades").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        return new Handshake(o.getString("sid"), upgrades,
                o.getJsonNumber("pingInterval").longValueExact(),
                o.getJsonNumber("pingTimeout").longValueExact(),
                o.getJsonNumber("maxPayload").longValueExact(), o);
    }
}
