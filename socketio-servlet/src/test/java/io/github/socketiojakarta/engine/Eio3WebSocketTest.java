package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engine.IO v3 over WebSocket ({@code allowEIO3}): binary frames with the type byte, base64
 * text frames, the client's pings, bad frames, the upgrade from v3 long-polling, and the
 * refusal when the option is off.
 */
class Eio3WebSocketTest {
    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WsClient open() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().allowEIO3(true).build(),
                listener);
        return WsClient.connect(server.ws("EIO=3&transport=websocket"));
    }

    @Test
    void binaryFramesCarryTheTypeByteBothWays() {
        try (WsClient ws = open()) {
            String sid = ws.nextOpen().sid();

            ws.sendBinary(HexFormat.of().parseHex("0401020304"));

            assertThat(ws.nextBinary()).isEqualTo(HexFormat.of().parseHex("0401020304"));
            assertThat(listener.binaries(sid)).containsExactly("01020304");
        }
    }

    @Test
    void base64TextFramesAreBinaryMessages() {
        try (WsClient ws = open()) {
            String sid = ws.nextOpen().sid();

            ws.sendText("b4AQIDBA==").sendText("4hello");

            assertThat(ws.nextBinary()).isEqualTo(HexFormat.of().parseHex("0401020304"));
            assertThat(ws.nextText()).isEqualTo("4hello");
            assertThat(listener.binaries(sid)).containsExactly("01020304");
        }
    }

    @Test
    void theClientPingsAndAPongClosesTheSession() {
        try (WsClient ws = open()) {
            String sid = ws.nextOpen().sid();

            ws.sendText("2");
            assertThat(ws.nextText()).isEqualTo("3");
            ws.sendText("3");

            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
            ws.awaitClose();
        }
    }

    @Test
    void aBinaryFrameThatIsNotAMessageClosesTheSession() {
        try (WsClient ws = open(); LogCapture log = new LogCapture()) {
            String sid = ws.nextOpen().sid();

            ws.sendBinary(new byte[] {2, 1});

            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
            ws.awaitClose();
            await().until(() -> log.has(sid, "bad packet"));
        }
    }

    @Test
    void framesOverMaxHttpBufferSizeCloseWith1009() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().allowEIO3(true)
                .maxHttpBufferSize(100).build(), listener);
        byte[] big = new byte[200];
        big[0] = 4;
        try (WsClient binary = WsClient.connect(server.ws("EIO=3&transport=websocket"));
                WsClient text = WsClient.connect(server.ws("EIO=3&transport=websocket"))) {
            String binarySid = binary.nextOpen().sid();
            String textSid = text.nextOpen().sid();

            binary.sendBinary(big);
            text.sendText("4" + "x".repeat(200));

            assertThat(binary.nextClose().code()).isEqualTo(1009);
            assertThat(text.nextClose().code()).isEqualTo(1009);
            assertThat(listener.awaitClose(binarySid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
            assertThat(listener.awaitClose(textSid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        }
    }

    @Test
    void anUpgradeProbeEndsThePendingPollWithAV3Noop() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().allowEIO3(true).build(),
                listener);
        String body = PollingClient.await(PollingClient.http().sendAsync(
                java.net.http.HttpRequest.newBuilder(server.http("EIO=3&transport=polling&b64=1"))
                        .build(), HttpResponse.BodyHandlers.ofString())).body();
        String sid = body.substring(body.indexOf("\"sid\":\"") + 7).substring(0, 20);
        String poll = "EIO=3&transport=polling&b64=1&sid=" + sid;
        CompletableFuture<HttpResponse<String>> pending = PollingClient.http().sendAsync(
                java.net.http.HttpRequest.newBuilder(server.http(poll)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().until(() -> server.served("GET", sid) == 1);

        try (WsClient ws = WsClient.connect(server.ws("EIO=3&transport=websocket&sid=" + sid))) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            assertThat(PollingClient.await(pending).body()).isEqualTo("1:6");
            ws.sendText("5");
            await().until(() -> server.engine().session(sid).transport()
                    == TransportType.WEBSOCKET);
            ws.sendBinary(HexFormat.of().parseHex("0409"));
            assertThat(ws.nextBinary()).isEqualTo(HexFormat.of().parseHex("0409"));
        }
    }

    @Test
    void aV3UpgradeRequestIsRefusedWhenNotAllowed() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(
                    server.target("EIO=3&transport=websocket"))).readResponse();

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).isEqualTo("Unsupported protocol version");
        }
        assertThat(server.engine().sessionCount()).isZero();
    }
}
