package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import io.github.socketiojakarta.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ServerMetrics} through real traffic on embedded Tomcat: exact packets and bytes each
 * way per transport (raw clients, whose frames the test sums), refusals by the engine's error,
 * and, with the official JavaScript client, connections by transport, sockets and rooms per
 * namespace, upgrades, refused namespaces, pending acks and ack timeouts. Recoveries, queue
 * overflows and closes by reason are pinned where those features are tested
 * (ConnectionStateRecovery*Test, SlowClientTest).
 */
class ServerMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void countsEveryWebSocketFrameAndItsBytesExactly() {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(
                s -> s.on("echo", e -> s.emit("echo", e.args().values().toArray()))));
                WsClient ws = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port()
                        + "/socket.io/?EIO=4&transport=websocket"))) {
            String open = ws.nextText();
            List<String> sent = List.of("40", "42[\"echo\",\"h\u00e9llo \u20ac \uD83D\uDE00\"]");
            for (String s : sent) {
                ws.sendText(s);
            }
            String connected = ws.nextText();
            String echoed = ws.nextText();
            assertThat(echoed).isEqualTo("42[\"echo\",\"h\u00e9llo \u20ac \uD83D\uDE00\"]");

            ServerMetrics m = server.io().metrics();
            await().atMost(WAIT).until(() -> m.packetsIn(TransportType.WEBSOCKET) == 2);
            assertThat(m.bytesIn(TransportType.WEBSOCKET)).isEqualTo(utf8(sent));
            assertThat(m.packetsOut(TransportType.WEBSOCKET)).isEqualTo(3);
            assertThat(m.bytesOut(TransportType.WEBSOCKET))
                    .isEqualTo(utf8(List.of(open, connected, echoed)));
            assertThat(m.handshakes(TransportType.WEBSOCKET)).isEqualTo(1);
            assertThat(m.connections(TransportType.WEBSOCKET)).isEqualTo(1);
            assertThat(m.connections(TransportType.POLLING)).isZero();
            assertThat(m.packetsIn(TransportType.POLLING)).isZero();
            assertThat(m.bytesOut(TransportType.POLLING)).isZero();
            assertThat(m.sockets()).containsEntry("/", 1);

            ws.sendText("1"); // the client closes the session
            await().atMost(WAIT).until(() -> m.connections() == 0);
            assertThat(m.closes(CloseReason.TRANSPORT_CLOSE)).isEqualTo(1);
            assertThat(m.packetsIn(TransportType.WEBSOCKET)).isEqualTo(3);
            assertThat(m.sockets()).containsEntry("/", 0);
        }
    }

    @Test
    void countsEveryPollingPacketAndItsBytesExactly() throws Exception {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(
                s -> s.on("echo", e -> s.emit("echo", e.args().values().toArray()))))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = server.url() + "/socket.io/?EIO=4&transport=polling";
            String open = send(http, HttpRequest.newBuilder(URI.create(base)).GET()).body();
            String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",\""));
            URI session = URI.create(base + "&sid=" + sid);
            List<String> posted = List.of("40", "42[\"echo\",\"\u00fcber \u4e16\u754c\"]");
            HttpResponse<String> ok = send(http, HttpRequest.newBuilder(session)
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\u001e", posted),
                            StandardCharsets.UTF_8)));
            assertThat(ok.body()).isEqualTo("ok");
            ServerMetrics m = server.io().metrics();
            await().atMost(WAIT).until(() -> m.packetsOut(TransportType.POLLING) == 1
                    && m.sockets().get("/") == 1);
            List<String> answers = PollingClient.split(
                    send(http, HttpRequest.newBuilder(session).GET()).body());
            if (answers.size() == 1) { // the echo came after the connect answer was polled
                answers = new java.util.ArrayList<>(answers);
                answers.addAll(PollingClient.split(
                        send(http, HttpRequest.newBuilder(session).GET()).body()));
            }
            assertThat(answers).hasSize(2);

            assertThat(m.packetsIn(TransportType.POLLING)).isEqualTo(2);
            assertThat(m.bytesIn(TransportType.POLLING)).isEqualTo(utf8(posted));
            assertThat(m.packetsOut(TransportType.POLLING)).isEqualTo(3);
            List<String> out = new java.util.ArrayList<>(answers);
            out.add(open);
            assertThat(m.bytesOut(TransportType.POLLING)).isEqualTo(utf8(out));
            assertThat(m.handshakes(TransportType.POLLING)).isEqualTo(1);
            assertThat(m.connections(TransportType.POLLING)).isEqualTo(1);
            assertThat(m.packetsIn(TransportType.WEBSOCKET)).isZero();
        }
    }

    @Test
    void countsRefusedRequestsByTheEnginesError() throws Exception {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> { })) {
            HttpClient http = HttpClient.newHttpClient();
            String base = server.url() + "/socket.io/?";
            assertThat(send(http, get(base + "EIO=3&transport=polling")).statusCode())
                    .isEqualTo(400);
            assertThat(send(http, get(base + "EIO=4&transport=carrier-pigeon")).statusCode())
                    .isEqualTo(400);
            assertThat(send(http, get(base + "EIO=4&transport=polling&sid=nope")).statusCode())
                    .isEqualTo(400);
            assertThat(send(http, get(base + "EIO=4&transport=polling&sid=nope")).statusCode())
                    .isEqualTo(400);
            assertThat(send(http, HttpRequest.newBuilder(URI.create(base
                    + "EIO=4&transport=polling")).POST(HttpRequest.BodyPublishers.ofString("x")))
                    .statusCode()).isEqualTo(400);

            ServerMetrics m = server.io().metrics();
            assertThat(m.refusals(EngineError.UNSUPPORTED_PROTOCOL_VERSION)).isEqualTo(1);
            assertThat(m.refusals(EngineError.UNKNOWN_TRANSPORT)).isEqualTo(1);
            assertThat(m.refusals(EngineError.UNKNOWN_SID)).isEqualTo(2);
            assertThat(m.refusals(EngineError.BAD_HANDSHAKE_METHOD)).isEqualTo(1);
            assertThat(m.refusals(EngineError.FORBIDDEN)).isZero();
            assertThat(m.handshakes(TransportType.POLLING)).isZero();
        }
    }

    @Test
    void countsHandshakesTheAllowRequestHookRefuses() throws Exception {
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.engine(e -> e.allowRequest(r -> "no")), io -> { })) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(send(http, get(server.url() + "/socket.io/?EIO=4&transport=polling"))
                    .statusCode()).isEqualTo(403);
            assertThat(server.io().metrics().refusals(EngineError.FORBIDDEN)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void theOfficialClientIsSeenOnItsTransportWithItsSocketsAndRooms(TransportMode mode) {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            for (String name : List.of("/", "/chat")) {
                io.of(name).onConnection(s -> {
                    s.join("room1", "room2");
                    s.on("metrics", e -> {
                        ServerMetrics m = io.metrics();
                        e.ack(m.connections(TransportType.POLLING),
                                m.connections(TransportType.WEBSOCKET), m.sockets(), m.rooms());
                    });
                });
            }
        })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .connect("chat", "/chat")
                    .connectRejected("nowhere", "/nowhere", null)
                    .emitWithAck("chat", "metrics", "[]", "seen")
                    .run();

            boolean ws = mode != TransportMode.POLLING;
            assertThat(r.ackArgs("seen")).containsExactly(ws ? 0L : 1L, ws ? 1L : 0L,
                    Map.of("/", 1L, "/chat", 1L), Map.of("/", 2L, "/chat", 2L));
            ServerMetrics m = server.io().metrics();
            assertThat(m.connectsRefused()).isEqualTo(1);
            assertThat(m.upgrades()).isEqualTo(mode == TransportMode.UPGRADE ? 1 : 0);
            assertThat(m.handshakes(TransportType.POLLING))
                    .isEqualTo(mode == TransportMode.WEBSOCKET ? 0 : 1);
            assertThat(m.handshakes(TransportType.WEBSOCKET))
                    .isEqualTo(mode == TransportMode.WEBSOCKET ? 1 : 0);
            await().atMost(WAIT).until(() -> m.connections() == 0);
            assertThat(m.rooms()).containsEntry("/", 0).containsEntry("/chat", 0);
        }
    }

    @Test
    void countsPendingAcksAndAckTimeouts() {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("start", e -> {
                s.timeout(Duration.ofMillis(200)).emitWithAck("unanswered")
                        .whenComplete((a, error) -> s.emit("timedOut",
                                error.getClass().getSimpleName(), io.metrics().ackTimeouts(),
                                io.metrics().pendingAcks()));
                io.timeout(Duration.ofMillis(400)).emitWithAck("broadcast")
                        .whenComplete((a, error) -> s.emit("broadcastTimedOut",
                                io.metrics().ackTimeouts()));
                e.ack(io.metrics().pendingAcks());
            });
        }))) {
            JsClient.Result r = JsClient.of(server, TransportMode.WEBSOCKET)
                    .connect("main", "/")
                    .emitWithAck("main", "start", "[]", "pending")
                    .awaitEvent("main", "timedOut", 1)
                    .awaitEvent("main", "broadcastTimedOut", 1)
                    .run();

            assertThat(r.ackArgs("pending")).containsExactly(2L);
            assertThat(r.event("main", "timedOut").get(0)).isEqualTo("AckTimeoutException");
            assertThat(r.event("main", "timedOut").get(2)).isEqualTo(1L); // the broadcast's
            assertThat(server.io().metrics().ackTimeouts()).isEqualTo(2);
            assertThat(server.io().metrics().pendingAcks()).isZero();
        }
    }

    private static HttpRequest.Builder get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).GET();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
            throws Exception {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long utf8(List<String> frames) {
        long n = 0;
        for (String f : frames) {
            n += f.getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }
}
