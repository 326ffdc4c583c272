package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every row of the Engine.IO HTTP error table: status, JSON body and content type, for polling
 * and handshake requests; and the plain-text answers to WebSocket upgrade requests.
 */
class ErrorTableTest {
    private static final String CODE_0 = "{\"code\":0,\"message\":\"Transport unknown\"}";
    private static final String CODE_1 = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final String CODE_2 = "{\"code\":2,\"message\":\"Bad handshake method\"}";
    private static final String CODE_3 = "{\"code\":3,\"message\":\"Bad request\"}";
    private static final String CODE_4 = "{\"code\":4,\"message\":\"Forbidden\"}";
    private static final String CODE_5 = "{\"code\":5,\"message\":\"Unsupported protocol version\"}";

    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PollingClient start(EngineOptions options) {
        server = EngineTestServer.start(options, RecordingListener.recording());
        return server.polling();
    }

    private PollingClient start() {
        return start(EngineTestServer.quietOptions().build());
    }

    private static void assertError(HttpResponse<String> r, int status, String json) {
        assertThat(r.statusCode()).as("status of %s", r.uri()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(json);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
    }

    // ---------------------------------------------------------------- code 0

    @Test
    void missingTransportIsCode0() {
        assertError(start().request("GET", "EIO=4", null), 400, CODE_0);
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void unknownTransportIsCode0() {
        PollingClient polling = start();
        assertError(polling.request("GET", "EIO=4&transport=abc", null), 400, CODE_0);
        assertError(polling.request("GET", "EIO=4&transport=webtransport", null), 400, CODE_0);
        assertError(polling.request("GET", "EIO=4&transport=POLLING", null), 400, CODE_0);
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void transportNotEnabledInTheOptionsIsCode0() {
        PollingClient polling = start(EngineTestServer.quietOptions()
                .transports(TransportType.WEBSOCKET).build());

        assertError(polling.request("GET", "EIO=4&transport=polling", null), 400, CODE_0);
        assertThat(server.engine().sessionCount()).isZero();
    }

    // ---------------------------------------------------------------- code 1

    @Test
    void unknownSidIsCode1ForGetAndPost() {
        PollingClient polling = start();
        assertError(polling.get("AAAAAAAAAAAAAAAAAAAA"), 400, CODE_1);
        assertError(polling.post("AAAAAAAAAAAAAAAAAAAA", "4hello"), 400, CODE_1);
    }

    @Test
    void sidOfAClosedSessionIsCode1() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        server.engine().session(sid).close(CloseReason.TRANSPORT_CLOSE);

        assertError(polling.get(sid), 400, CODE_1);
    }

    // ---------------------------------------------------------------- code 2

    @Test
    void postHandshakeIsCode2() {
        assertError(start().request("POST", "EIO=4&transport=polling", "4hello"), 400, CODE_2);
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void putHandshakeIsCode2() {
        assertError(start().request("PUT", "EIO=4&transport=polling", "x"), 400, CODE_2);
        assertThat(server.engine().sessionCount()).isZero();
    }

    // ---------------------------------------------------------------- code 3

    @Test
    void webSocketTransportWithoutUpgradeIsCode3() {
        PollingClient polling = start();
        assertError(polling.request("GET", "EIO=4&transport=websocket", null), 400, CODE_3);
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void pollingRequestForAWebSocketSessionIsCode3() {
        PollingClient polling = start();
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            assertError(polling.get(sid), 400, CODE_3);
            assertError(polling.post(sid, "4hello"), 400, CODE_3);
            // a mismatch is refused, not fatal: the session goes on
            ws.sendText("1");
            assertThat(ws.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void pollingRequestForAnUpgradedSidIsCode3() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket&sid=" + sid))) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            ws.sendText("5");
            await().until(() -> server.engine().session(sid).transport() == TransportType.WEBSOCKET);

            assertError(polling.get(sid), 400, CODE_3);
            assertError(polling.post(sid, "4late"), 400, CODE_3);
            assertThat(server.hasSession(sid)).isTrue();
        }
    }

    // ---------------------------------------------------------------- code 4

    @Test
    void handshakeRefusedByAllowRequestIsCode4With403() {
        PollingClient polling = start(EngineTestServer.quietOptions()
                .allowRequest(req -> "").build());

        assertError(polling.request("GET", "EIO=4&transport=polling", null), 403, CODE_4);
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void allowRequestCanGiveItsOwnMessage() {
        PollingClient polling = start(EngineTestServer.quietOptions()
                .allowRequest(req -> "no \"token\"\nhere").build());

        assertError(polling.request("GET", "EIO=4&transport=polling", null), 403,
                "{\"code\":4,\"message\":\"no \\\"token\\\"\\u000ahere\"}");
    }

    @Test
    void allowRequestThatThrowsRefusesTheHandshake() {
        PollingClient polling = start(EngineTestServer.quietOptions().allowRequest(req -> {
            throw new IllegalStateException("boom");
        }).build());

        assertError(polling.request("GET", "EIO=4&transport=polling", null), 403, CODE_4);
    }

    @Test
    void allowRequestSeesTheRequestAndCanAccept() {
        AtomicReference<EngineRequest> seen = new AtomicReference<>();
        PollingClient polling = start(EngineTestServer.quietOptions().allowRequest(req -> {
            seen.set(req);
            return "yes".equals(req.header("X-Token")) ? null : "";
        }).build());

        HttpResponse<String> ok = polling.request("GET", "EIO=4&transport=polling&x=1", null,
                "X-Token", "yes");
        HttpResponse<String> refused = polling.request("GET", "EIO=4&transport=polling", null,
                "X-Token", "no");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("0{");
        assertError(refused, 403, CODE_4);
        assertThat(seen.get().method()).isEqualTo("GET");
        assertThat(seen.get().path()).isEqualTo("/socket.io/");
        assertThat(seen.get().header("x-token")).isEqualTo("no");
    }

    @Test
    void allowRequestIsOnlyAskedForHandshakes() {
        AtomicReference<Boolean> refuse = new AtomicReference<>(false);
        PollingClient polling = start(EngineTestServer.quietOptions()
                .allowRequest(req -> refuse.get() ? "" : null).build());
        String sid = polling.handshake().sid();
        refuse.set(true);

        assertThat(polling.post(sid, "4hello").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- code 5

    @ParameterizedTest
    @CsvSource({"EIO=abc&transport=polling", "EIO=3&transport=polling", "transport=polling",
            "EIO=5&transport=polling", "EIO=&transport=polling", "EIO=04&transport=polling"})
    void badProtocolVersionIsCode5(String query) {
        assertError(start().request("GET", query, null), 400, CODE_5);
        assertThat(server.engine().sessionCount()).isZero();
    }

    // ---------------------------------------------------------------- WebSocket upgrade requests

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "EIO=3&transport=websocket|400|Unsupported protocol version",
        "transport=websocket|400|Unsupported protocol version",
        "EIO=4&transport=abc|400|Transport unknown",
        "EIO=4|400|Transport unknown",
        "EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA|400|Session ID unknown"})
    void errorsOnAWebSocketUpgradeArePlainText(String query, int status, String message) {
        start();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(server.target(query)))
                    .readResponse();

            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            assertThat(r.text()).isEqualTo(message);
            assertThat(r.header("Upgrade")).isNull();
        }
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void refusedWebSocketHandshakeIsPlainText403() {
        start(EngineTestServer.quietOptions().allowRequest(req -> "go away").build());
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(
                    server.target("EIO=4&transport=websocket"))).readResponse();

            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            assertThat(r.text()).isEqualTo("go away");
        }
    }

    @Test
    void webSocketUpgradeWhenOnlyPollingIsEnabledIsRefused() {
        start(EngineTestServer.quietOptions().transports(TransportType.POLLING).build());
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(
                    server.target("EIO=4&transport=websocket"))).readResponse();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).isEqualTo("Transport unknown");
        }
    }

    @Test
    void webSocketClientSeesTheRefusal() {
        start();
        Throwable thrown = catchThrowable(() -> WsClient.connect(server.ws("EIO=3&transport=websocket")));

        WebSocketHandshakeException refusal = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException w) {
                refusal = w;
            }
        }
        assertThat(refusal).as("handshake exception in %s", thrown).isNotNull();
        assertThat(refusal.getResponse().statusCode()).isEqualTo(400);
    }
}
