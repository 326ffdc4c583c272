package io.github.socketiojakarta.engine;

import static io.github.socketiojakarta.testing.RecordingListener.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.RecordingListener;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official {@code engine.io-client} (npm, run by {@code src/test/js/eio-echo.mjs}) against
 * the engine: polling only, WebSocket only, and polling upgraded to WebSocket, exchanging text
 * (non-ASCII included) and binary messages through an echoing listener.
 */
class EngineClientInteropTest {
    // no empty text: the official client hands an empty message ("4") to the application as
    // undefined, not ""; the raw tests pin that the engine echoes "4" as "4"
    private static final List<String> TEXTS = List.of("hello", "héllo wörld € 😀",
            "42[\"chat\",{\"a\":1}]", "line\nbreak\ttab", "x".repeat(20_000));
    private static final List<byte[]> BINARIES = List.of(new byte[] {1, 2, 3, 4},
            new byte[] {0, (byte) 0xff, '4', 'b'}, new byte[0]);

    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;

    @BeforeEach
    void start() {
        server = EngineTestServer.start(EngineOptions.builder().path("/engine.io/")
                .pingInterval(Duration.ofMillis(500)).pingTimeout(Duration.ofMillis(2500))
                        .build(), listener);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private NodeScript.JsonResult echo(List<String> transports, boolean waitUpgrade) {
        JsonArrayBuilder texts = Json.createArrayBuilder();
        TEXTS.forEach(texts::add);
        JsonArrayBuilder binaries = Json.createArrayBuilder();
        for (byte[] b : BINARIES) {
            JsonArrayBuilder bytes = Json.createArrayBuilder();
            for (byte x : b) {
                bytes.add(x & 0xff);
            }
            binaries.add(bytes);
        }
        JsonObject args = Json.createObjectBuilder()
                .add("url", "http://127.0.0.1:" + server.port())
                .add("path", "/engine.io/")
                .add("transports", Json.createArrayBuilder(transports))
                .add("waitUpgrade", waitUpgrade)
                .add("texts", texts)
                .add("binaries", binaries)
                .add("timeoutMs", 20_000)
                .build();
        return NodeScript.run("eio-echo.mjs", args, Duration.ofSeconds(30)).assertOk();
    }

    private void assertEchoed(NodeScript.JsonResult r, CloseReason... endings) {
        assertThat(r.strings("texts")).containsExactlyElementsOf(TEXTS);
        List<byte[]> received = r.byteArrays("binaries");
        assertThat(received).hasSize(BINARIES.size());
        for (int i = 0; i < BINARIES.size(); i++) {
            assertThat(received.get(i)).as("binary %d", i).containsExactly(BINARIES.get(i));
        }
        String sid = r.string("sid");
        assertThat(sid).matches("[A-Za-z0-9_-]{20}");
        assertThat(listener.texts(sid)).containsExactlyElementsOf(TEXTS);
        assertThat(listener.binaries(sid))
                .containsExactlyElementsOf(BINARIES.stream().map(b -> hex(b)).toList());
        // the script closes its socket as it exits: the engine hears of it one way or another
        assertThat(listener.awaitClose(sid)).isIn((Object[]) endings);
        await().until(() -> !server.hasSession(sid));
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void pollingOnly() {
        NodeScript.JsonResult r = echo(List.of("polling"), false);

        assertThat(r.transport()).isEqualTo("polling");
        assertThat(r.bool("upgraded")).isFalse();
        // the client's close POST may not leave before node exits; its held GET then goes
        // unnoticed by Tomcat until the heartbeat finds the client gone
        assertEchoed(r, CloseReason.TRANSPORT_CLOSE, CloseReason.PING_TIMEOUT);
    }

    @Test
    void webSocketOnly() {
        NodeScript.JsonResult r = echo(List.of("websocket"), false);

        assertThat(r.transport()).isEqualTo("websocket");
        assertThat(r.bool("upgraded")).isFalse();
        assertEchoed(r, CloseReason.TRANSPORT_CLOSE, CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void pollingUpgradedToWebSocket() {
        NodeScript.JsonResult r = echo(List.of("polling", "websocket"), true);

        assertThat(r.transport()).isEqualTo("websocket");
        assertThat(r.bool("upgraded")).isTrue();
        assertEchoed(r, CloseReason.TRANSPORT_CLOSE, CloseReason.TRANSPORT_ERROR);
    }
}
