package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Socket.IO handshake seen by the official JavaScript client over each transport mode: the
 * CONNECT answer, the socket id, and what {@link Socket#handshake()} tells the application.
 */
class HandshakeTest {

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void connectAnswerGivesASocketIdThatIsNotTheEngineSessionId(TransportMode mode)
            throws Exception {
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        AtomicBoolean connectedInListener = new AtomicBoolean();
        CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            connectedInListener.set(s.connected());
            s.onDisconnect((sock, reason) -> disconnected.complete(reason));
            connected.complete(s);
            s.emit("ids", s.id(), s.connectionId(), s.transport());
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .awaitEvent("main", "ids", 1)
                    .run();

            Socket socket = connected.get(5, TimeUnit.SECONDS);
            String socketId = r.socketId("main");
            assertThat(socketId).isEqualTo(socket.id()).isNotEqualTo(r.engineId());
            assertThat(r.engineId()).isEqualTo(socket.connectionId());
            assertThat(r.event("main", "ids")).containsExactly(socket.id(), r.engineId(),
                    mode == TransportMode.WEBSOCKET ? "websocket" : "polling");
            // The CONNECT answer on the wire: {"sid": <socket id>} and nothing else.
            JsonObject connect = r.packets().stream()
                    .filter(p -> p.getInt("type") == 0).findFirst().orElseThrow();
            assertThat(connect.getString("nsp")).isEqualTo("/");
            assertThat(JsClient.plain(JsClient.expected(connect.getJsonObject("data").toString())))
                    .isEqualTo(Map.of("sid", socketId));
            if (mode == TransportMode.UPGRADE) {
                assertThat(r.transport()).isEqualTo("websocket");
            } else {
                assertThat(r.transport()).isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
            }

            assertThat(connectedInListener).isTrue();
            // The script closed its connection: the socket is no longer connected.
            assertThat(disconnected.get(5, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.TRANSPORT_CLOSE);
            assertThat(socket.connected()).isFalse();
            assertThat(server.io().sockets().sockets()).doesNotContainKey(socket.id());
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void handshakeCarriesAuthInOrderAndTheRequestDetails(TransportMode mode) throws Exception {
        CompletableFuture<Handshake> handshake = new CompletableFuture<>();
        CompletableFuture<Handshake> crossOrigin = new CompletableFuture<>();
        CompletableFuture<Handshake> withoutAuth = new CompletableFuture<>();
        long before = System.currentTimeMillis();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            Handshake h = s.handshake();
            String who = String.valueOf(h.query().get("who"));
            switch (who) {
                case "main":
                    handshake.complete(h);
                    break;
                case "cors":
                    crossOrigin.complete(h);
                    break;
                default:
                    withoutAuth.complete(h);
                    break;
            }
        }))) {
            JsClient.of(server, mode)
                    .managerOptions("default", "{'query':{'who':'main','lang':'fr',"
                            + "'odd':'a b&c=d/\u00e9?#%'},"
                            + "'extraHeaders':{'x-test-header':'hello'}}")
                    .managerOptions("cors", "{'query':{'who':'cors'},"
                            + "'extraHeaders':{'origin':'http://example.test'}}")
                    .managerOptions("plain", "{'query':{'who':'plain'}}")
                    .connect("main", "/", "{'zeta':'last','alpha':1,'mid':{'nested':[true,null]},"
                            + "'beta':2.5}")
                    .connectOn("cors", "cors", "/", null)
                    .connectOn("plain", "plain", "/", null)
                    .run();
            long after = System.currentTimeMillis();

            Handshake h = handshake.get(5, TimeUnit.SECONDS);
            assertThat(List.copyOf(h.auth().keySet())).containsExactly("zeta", "alpha", "mid", "beta");
            assertThat(JsClient.plain(h.auth())).isEqualTo(JsClient.expected(
                    "{'zeta':'last','alpha':1,'mid':{'nested':[true,null]},'beta':2.5}"));
            assertThat(h.header("x-test-header")).isEqualTo("hello");
            assertThat(h.header("X-Test-Header")).isEqualTo("hello");
            assertThat(h.headers()).containsKey("x-test-header").containsKey("host");
            assertThat(h.headers().keySet().stream().filter(k -> !k.equals(k.toLowerCase()))
                    .collect(Collectors.toList())).isEmpty();
            assertThat(h.query()).containsEntry("who", "main").containsEntry("lang", "fr")
                    .containsEntry("EIO", "4")
                    .containsEntry("transport", mode == TransportMode.WEBSOCKET ? "websocket" : "polling");
            assertThat(h.query()).containsEntry("odd", "a b&c=d/\u00e9?#%");
            // the url is the request's as received, like the reference's req.url: the client's
            // parameters in its order, still encoded
            assertThat(h.url()).matches("/socket\\.io/\\?who=main&lang=fr"
                    + "&odd=a%20b%26c%3Dd%2F%C3%A9%3F%23%25&EIO=4&transport="
                    + (mode == TransportMode.WEBSOCKET ? "websocket" : "polling") + "(&t=[^&]+)?");
            assertThat(queryOf(h.url())).containsEntry("who", "main").containsEntry("lang", "fr")
                    .containsEntry("odd", "a b&c=d/\u00e9?#%").containsEntry("EIO", "4");
            assertThat(h.address()).isIn("127.0.0.1", "::ffff:127.0.0.1");
            assertThat(h.xdomain()).isFalse();
            assertThat(h.secure()).isFalse();
            assertThat(h.issued()).isBetween(before, after);
            assertThat(h.time().toEpochMilli()).isEqualTo(h.issued());
            assertThat(h.principal()).isNull();

            Handshake cors = crossOrigin.get(5, TimeUnit.SECONDS);
            assertThat(cors.xdomain()).isTrue();
            assertThat(cors.header("origin")).isEqualTo("http://example.test");

            Handshake none = withoutAuth.get(5, TimeUnit.SECONDS);
            assertThat(none.auth()).isEmpty();
            assertThat(none.header("x-test-header")).isNull();
            assertThat(none.toMap()).containsEntry("xdomain", false).containsEntry("auth", Map.of())
                    .containsKeys("headers", "time", "address", "secure", "issued", "url", "query");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void socketIsConnectedOnlyBetweenConnectAndDisconnect(TransportMode mode) throws Exception {
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        CompletableFuture<Boolean> connectedWhenDisconnecting = new CompletableFuture<>();
        CompletableFuture<Boolean> connectedWhenDisconnected = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.onDisconnecting((sock, reason) -> connectedWhenDisconnecting.complete(sock.connected()));
            s.onDisconnect((sock, reason) -> connectedWhenDisconnected.complete(sock.connected()));
            s.on("state", e -> e.ack(s.connected(), server(s).engine().sessionCount()));
            connected.complete(s);
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emitWithAck("main", "state", "[]", "state")
                    .disconnect("main")
                    .run();

            assertThat(r.ackArgs("state")).containsExactly(true, 1L);
            Socket socket = connected.get(5, TimeUnit.SECONDS);
            assertThat(connectedWhenDisconnecting.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(connectedWhenDisconnected.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(socket.connected()).isFalse();
            assertThat(socket.emit("late")).isFalse();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.io().engine().sessionCount() == 0);
        }
    }

    /** The decoded query parameters of a URL path with query. */
    private static Map<String, String> queryOf(String url) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static SocketIoServer server(Socket s) {
        return s.namespace().server();
    }
}
