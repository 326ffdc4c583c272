package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Socket.IO v2 clients (the official socket.io-client 2.5.0 from npm, Engine.IO client 3.5)
 * against a server with {@code allowEIO3}, over long-polling, WebSocket and the upgrade
 * ({@code sio-v2.mjs}): what each scenario's client saw is what the Node.js reference gives it
 * (socket ids from the engine's id, CONNECT without data, errors as the v2 payloads).
 */
class SocketIoV2ClientTest {

    private static SocketIoTestServer start(boolean allowEIO3) {
        return SocketIoTestServer.start(b -> b.allowEIO3(allowEIO3), io -> {
            io.use((socket, next) -> {
                if ("1".equals(socket.handshake().query().get("deny"))) {
                    next.reject("denied");
                } else {
                    next.proceed();
                }
            });
            io.of("/secret").use((socket, next) -> next.reject("not allowed", Map.of("code", 42)));
            io.of("/plain").use((socket, next) -> next.reject("not allowed"));
            io.onConnection(socket -> {
                welcome(socket);
                socket.on("ask", e -> socket.emitWithAck("question", e.args().get(0))
                        .thenAccept(a -> socket.emit("answer", a.values().toArray())));
                socket.on("drop", e -> io.engine().session(socket.connectionId()).close());
                socket.on("join", e -> {
                    socket.join(e.args().get(0, String.class));
                    e.ack("ok");
                });
                socket.on("shout", e -> socket.namespace().to(e.args().get(0, String.class))
                        .emit("shouted", e.args().get(1)));
            });
            io.of("/chat").onConnection(SocketIoV2ClientTest::welcome);
        });
    }

    private static void welcome(Socket socket) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("id", socket.id());
        w.put("auth", socket.handshake().auth());
        w.put("eio", socket.handshake().query().get("EIO"));
        socket.emit("welcome", w);
        socket.on("echo", e -> e.ack(e.args().values().toArray()));
    }

    private static JsonObject run(SocketIoTestServer server, String scenario, String transports,
            String extra) {
        return NodeScript.run("sio-v2.mjs", "{\"url\":\"" + server.url() + "\",\"scenario\":\""
                + scenario + "\",\"transports\":" + transports + extra + ",\"timeoutMs\":10000}",
                Duration.ofSeconds(20)).assertOk().json();
    }

    private static JsonValue json(String text) {
        return Json.createReader(new java.io.StringReader(text)).readValue();
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void connectsEmitsAndAcksBothWaysWithBinary(TransportMode mode) {
        try (SocketIoTestServer server = start(true)) {
            assertSession(run(server, "session", mode.transportsJson(), ""), mode);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void connectsWithoutBinarySupport(TransportMode mode) {
        // forceBase64: b64=1, binary as b4<base64> in text payloads and frames
        try (SocketIoTestServer server = start(true)) {
            assertSession(run(server, "session", mode.transportsJson(),
                    ",\"forceBase64\":true"), mode);
        }
    }

    private static void assertSession(JsonObject r, TransportMode mode) {
        String engineId = r.getString("engineId");
        // ids as the v2 client computes them: the engine's id, "/chat#" + it
        assertThat(r.getString("rootId")).isEqualTo(engineId);
        assertThat(r.getString("chatId")).isEqualTo("/chat#" + engineId);
        assertThat(r.get("welcomeRoot")).isEqualTo(json(
                "{\"id\":\"" + engineId + "\",\"auth\":{},\"eio\":\"3\"}"));
        // the namespace's query is its auth
        assertThat(r.get("welcomeChat")).isEqualTo(json("{\"id\":\"/chat#" + engineId
                + "\",\"auth\":{\"token\":\"abc\",\"n\":\"1\"},\"eio\":\"3\"}"));
        assertThat(r.get("echo")).isEqualTo(json("[\"h\u20acllo \ud83d\ude00\",{\"$bin\":[1,2,3]},"
                + "{\"nested\":{\"bin\":{\"$bin\":[4,5]}}}]"));
        assertThat(r.get("answered")).isEqualTo(json("[\"q!\",{\"$bin\":[9,8]}]"));
        assertThat(r.get("chatEcho")).isEqualTo(json("[\"in chat\"]"));
        assertThat(r.getString("transport"))
                .isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
        assertThat(r.get("echoAfter")).isEqualTo(json("[{\"$bin\":[7]}]"));
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void middlewareRejectionsAndUnknownNamespacesAreV2Errors(TransportMode mode) {
        try (SocketIoTestServer server = start(true)) {
            JsonObject r = run(server, "errors", mode.transportsJson(), "");

            // the error's data, else its message; the unknown namespace's object as for v5
            assertThat(r.get("errors")).isEqualTo(json("{\"/secret\":{\"code\":42},"
                    + "\"/plain\":\"not allowed\",\"/nope\":{\"message\":\"Invalid namespace\"}}"));
            assertThat(r.getString("rootError")).isEqualTo("denied");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void reconnectsAfterTheServerClosesTheConnection(TransportMode mode) {
        try (SocketIoTestServer server = start(true)) {
            JsonObject r = run(server, "reconnect", mode.transportsJson(), "");

            assertThat(r.getString("reason")).isEqualTo("transport close");
            assertThat(r.getString("secondId")).isNotEqualTo(r.getString("firstId"));
            assertThat(r.get("echo")).isEqualTo(json("[\"again\"]"));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aV2AndAV4ClientInOneRoomGetTheSameBroadcast(TransportMode mode) {
        try (SocketIoTestServer server = start(true)) {
            JsonObject r = run(server, "room", mode.transportsJson(), "");

            JsonValue expected = json("{\"text\":\"hi \ud83d\ude00\",\"bin\":{\"$bin\":[1,2]}}");
            assertThat(r.get("v2Got")).isEqualTo(expected);
            assertThat(r.get("v4Got")).isEqualTo(expected);
        }
    }

    @Test
    void withoutAllowEio3AV2ClientIsRefusedAsByTheReference() {
        try (SocketIoTestServer server = start(false)) {
            // what the client reports against the Node.js server without allowEIO3
            JsonObject polling = run(server, "refused", TransportMode.POLLING.transportsJson(), "");
            assertThat(polling.getString("error")).isEqualTo("xhr poll error");
            assertThat(polling.getString("description")).isEqualTo("400");
            JsonObject ws = run(server, "refused", TransportMode.WEBSOCKET.transportsJson(), "");
            assertThat(ws.getString("error")).isEqualTo("websocket error");
            assertThat(server.io().engine().sessionCount()).isZero();
        }
    }
}
