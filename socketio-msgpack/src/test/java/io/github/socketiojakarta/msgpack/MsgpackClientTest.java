package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.server.Middleware;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official client with {@code socket.io-msgpack-parser} (npm, exact versions in
 * {@code src/test/js/package.json}) against a server with {@link MsgpackParser}, over
 * WebSocket, polling, and polling upgraded to WebSocket: events and acks both ways, binary at
 * any depth, records through the argument mapper, a room broadcast, a namespace and a
 * middleware's refusal. Listeners see the same Java types as with the default parser.
 */
class MsgpackClientTest {

    /** Mapped from and to the client's objects by JSON-B, as with the default parser. */
    public record Point(int x, int y) {}

    static void setUp(SocketIoServer io) {
        io.onConnection(socket -> {
            socket.emit("welcome", Map.of("id", socket.id()));
            socket.on("echo", e -> {
                List<Object> out = new ArrayList<>();
                out.add(types(e.args().values()));
                out.addAll(e.args().values());
                e.ack(out.toArray());
            });
            socket.on("point", Point.class, (p, e) -> e.ack(new Point(p.x() * 10, p.y() * 10)));
            socket.on("ask-client", e -> socket.emitWithAck("question", e.args().get(0))
                    .thenAccept(answer -> socket.emit("client-answered", answer.get(0),
                            types(answer.values()))));
            socket.on("join", e -> {
                socket.join((String) e.args().get(0));
                e.ack("ok");
            });
            socket.on("to-room", e -> socket.to((String) e.args().get(0))
                    .emit("room-msg", e.args().get(1)));
        });
        io.of("/chat").onConnection(socket -> socket.on("where",
                e -> e.ack(socket.namespace().name())));
        io.of("/guarded").use((socket, next) -> {
            Map<String, Object> data = new LinkedHashMap<>(); // in this order on the wire
            data.put("code", 42);
            data.put("bin", new byte[] {1});
            throw new Middleware.Rejection("not allowed", data);
        });
    }

    /** The Java types of decoded values, recursively. */
    static Object types(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(types(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, types(v)));
            return out;
        }
        return value.getClass().getSimpleName();
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void theOfficialClientWithTheMsgpackParserTalksToTheServer(TransportMode mode) {
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.parser(new MsgpackParser()), MsgpackClientTest::setUp)) {
            JsonObject r = NodeScript.run("msgpack-client.mjs", "{\"url\":\"" + server.url()
                    + "\",\"transports\":" + mode.transportsJson() + ",\"timeoutMs\":15000}",
                    Duration.ofSeconds(25)).assertOk().json();

            assertThat(r.getString("transport"))
                    .isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
            assertThat(r.getJsonObject("welcome").getString("id")).isNotEmpty();
            // what the listener got (Java types), then the values it sent back
            assertThat(r.getJsonArray("echoed").toString()).isEqualTo("[[\"Long\",\"Long\","
                    + "\"Long\",\"Double\",\"String\",\"null\",\"Boolean\",{\"a\":{\"b\":"
                    + "[\"byte[]\"]}},[\"null\",\"Long\"],\"byte[]\",\"String\"],"
                    + "1,-200,1099511627776,1.5,\"s\",null,true,{\"a\":{\"b\":[{\"bin\":[1,2,3]}]}},"
                    + "[null,7],{\"bin\":[9,8]},\"2024-01-02T03:04:05.678Z\"]");
            assertThat(r.getJsonObject("point").toString()).isEqualTo("{\"x\":30,\"y\":40}");
            assertThat(r.getJsonArray("clientAnswer").toString()).isEqualTo(
                    "[{\"doubled\":42,\"bin\":{\"bin\":[4,5]}},[{\"doubled\":\"Long\","
                            + "\"bin\":\"byte[]\"}]]");
            assertThat(r.getJsonObject("inRoom").toString())
                    .isEqualTo("{\"deep\":[[{\"bin\":[7]}]]}");
            assertThat(r.getString("where")).isEqualTo("/chat");
            assertThat(r.getJsonObject("refused").toString()).isEqualTo(
                    "{\"message\":\"not allowed\",\"data\":{\"code\":42,\"bin\":{\"bin\":[1]}}}");
        }
    }
}
