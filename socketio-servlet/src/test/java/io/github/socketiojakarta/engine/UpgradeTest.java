package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The polling to WebSocket upgrade: probe, noop to the pending GET after a tick, upgrade packet, buffered
 * packets flushed in order; and the ways an upgrade is refused or abandoned while polling goes
 * on.
 */
class UpgradeTest {
    private static final String CODE_3 = "{\"code\":3,\"message\":\"Bad request\"}";

    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;
    private PollingClient polling;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String open(EngineOptions options) {
        server = EngineTestServer.start(options, listener);
        polling = server.polling();
        return polling.handshake().sid();
    }

    private String open() {
        return open(EngineTestServer.quietOptions().build());
    }

    private CompletableFuture<HttpResponse<String>> pendingGet(String sid) {
        int before = server.served("GET", sid);
        CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == before + 1);
        assertThat(get).isNotDone();
        return get;
    }

    private WsClient candidate(String sid) {
        return WsClient.connect(server.ws("EIO=4&transport=websocket&sid=" + sid));
    }

    /** Assert that polling still carries the session both ways. */
    private void assertPollingWorks(String sid, String text) {
        assertThat(server.engine().session(sid).transport()).isEqualTo(TransportType.POLLING);
        assertThat(polling.post(sid, "4" + text).body()).isEqualTo("ok");
        assertThat(polling.pollPackets(sid, 1)).containsExactly("4" + text);
    }

    @Test
    void fullUpgradeSequence() {
        String sid = open();
        CompletableFuture<HttpResponse<String>> get = pendingGet(sid);
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");

            assertThat(ws.nextText()).isEqualTo("3probe");
            HttpResponse<String> paused = PollingClient.await(get);
            assertThat(paused.statusCode()).isEqualTo(200);
            assertThat(paused.body()).isEqualTo("6");
            assertThat(server.engine().session(sid).transport()).isEqualTo(TransportType.POLLING);

            // packets sent while the client switches are buffered for the WebSocket
            EngineSession session = server.engine().session(sid);
            session.send(EnginePacket.message("buffered1"));
            session.send(EnginePacket.binary(new byte[] {1, 2}));
            session.send(EnginePacket.message("buffered3"));
            ws.sendText("5");

            assertThat(ws.nextText()).isEqualTo("4buffered1");
            assertThat(ws.nextBinary()).containsExactly(1, 2);
            assertThat(ws.nextText()).isEqualTo("4buffered3");
            assertThat(session.transport()).isEqualTo(TransportType.WEBSOCKET);

            ws.sendText("4hello");
            assertThat(ws.nextText()).isEqualTo("4hello");
            ws.sendBinary(new byte[] {9});
            assertThat(ws.nextBinary()).containsExactly(9);

            HttpResponse<String> late = polling.get(sid);
            assertThat(late.statusCode()).isEqualTo(400);
            assertThat(late.body()).isEqualTo(CODE_3);
            assertThat(listener.closeReason(sid)).isNull();
            assertThat(listener.texts(sid)).containsExactly("hello");
        }
    }

    @Test
    void pollDuringTheProbedUpgradeIsAnsweredWithNoopAfterATick() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");

            assertThat(polling.get(sid).body()).isEqualTo("6");
            assertThat(polling.get(sid).body()).isEqualTo("6");

            ws.sendText("5");
            await().until(() -> server.engine().session(sid).transport() == TransportType.WEBSOCKET);
        }
    }

    /**
     * As on the reference, the poll pending when the probe arrives is held for a tick before a
     * noop ends it, so a packet the session sends meanwhile (the answer to a CONNECT posted just
     * before, an ack) still goes out on it: the client receives no noop in between. The tick is
     * lengthened here so that the order does not depend on the machine's speed.
     */
    @Test
    void aPacketSentRightAfterTheProbeGoesOutOnThePendingPoll() {
        long tick = PollingTransport.upgradeNoopDelay;
        PollingTransport.upgradeNoopDelay = 5_000;
        try {
            String sid = open();
            CompletableFuture<HttpResponse<String>> get = pendingGet(sid);
            try (WsClient ws = candidate(sid)) {
                ws.sendText("2probe");
                assertThat(ws.nextText()).isEqualTo("3probe");
                assertThat(get).isNotDone();
                server.engine().session(sid).send(EnginePacket.message("answer"));
                assertThat(PollingClient.await(get).body()).isEqualTo("4answer");
                ws.sendText("5");
                await().until(() -> server.engine().session(sid).transport()
                        == TransportType.WEBSOCKET);
            }
        } finally {
            PollingTransport.upgradeNoopDelay = tick;
        }
    }

    @Test
    void packetsQueuedBeforeTheProbeGoToTheNextPoll() {
        String sid = open();
        server.engine().session(sid).send(EnginePacket.message("early"));
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");

            assertThat(polling.get(sid).body()).isEqualTo("4early");

            ws.sendText("5");
            ws.sendText("4after");
            assertThat(ws.nextText()).isEqualTo("4after");
        }
    }

    @Test
    void messagesPostedWhileUpgradingStillArrive() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            assertThat(polling.post(sid, "4posted").body()).isEqualTo("ok");
            await().until(() -> listener.texts(sid).size() == 1);

            ws.sendText("5");

            // the echo was queued while polling was paused: it now goes to the WebSocket
            assertThat(ws.nextText()).isEqualTo("4posted");
        }
    }

    @Test
    void secondWebSocketAfterTheUpgradeIsAcceptedThenClosed() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            ws.sendText("5");
            await().until(() -> server.engine().session(sid).transport() == TransportType.WEBSOCKET);

            try (WsClient second = candidate(sid)) {
                assertThat(second.nextClose().code()).isEqualTo(1000);
            }

            ws.sendText("4still");
            assertThat(ws.nextText()).isEqualTo("4still");
            assertThat(listener.closeReason(sid)).isNull();
        }
    }

    @Test
    void secondCandidateDuringAnUpgradeIsClosed() {
        String sid = open();
        try (WsClient first = candidate(sid)) {
            first.sendText("2probe");
            assertThat(first.nextText()).isEqualTo("3probe"); // first is the candidate now

            try (WsClient second = candidate(sid)) {
                assertThat(second.nextClose().code()).isEqualTo(1000);
            }

            first.sendText("5");
            first.sendText("4via first");
            assertThat(first.nextText()).isEqualTo("4via first");
        }
    }

    @Test
    void upgradeTimeoutClosesTheWebSocketAndPollingGoesOn() {
        // long enough for the probe to beat it on a loaded machine
        String sid = open(EngineTestServer.quietOptions().upgradeTimeout(Duration.ofSeconds(1))
                .build());
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");

            assertThat(ws.nextClose().code()).isEqualTo(1000);
        }
        assertPollingWorks(sid, "after timeout");
        assertThat(listener.closeReason(sid)).isNull();
    }

    @Test
    void candidateThatNeverProbesTimesOutToo() {
        String sid = open(EngineTestServer.quietOptions().upgradeTimeout(Duration.ofMillis(300))
                .build());
        try (WsClient ws = candidate(sid)) {
            assertThat(ws.nextClose().code()).isEqualTo(1000);
        }
        assertPollingWorks(sid, "still polling");
    }

    @Test
    void upgradeCanBeRetriedAfterATimeout() {
        String sid = open(EngineTestServer.quietOptions().upgradeTimeout(Duration.ofSeconds(1))
                .build());
        try (WsClient ws = candidate(sid)) {
            ws.nextClose();
        }
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            ws.sendText("5");
            ws.sendText("4second try");
            assertThat(ws.nextText()).isEqualTo("4second try");
        }
    }

    @Test
    void messageOnTheCandidateClosesItAndIsNotDelivered() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");

            ws.sendText("4sneaky");

            assertThat(ws.nextClose().code()).isEqualTo(1000);
        }
        assertPollingWorks(sid, "legit");
        assertThat(listener.texts(sid)).containsExactly("legit");
    }

    @Test
    void upgradePacketBeforeTheProbeClosesTheCandidate() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("5");

            assertThat(ws.nextClose().code()).isEqualTo(1000);
        }
        assertPollingWorks(sid, "polling");
    }

    @Test
    void plainPingOrBinaryOnTheCandidateClosesIt() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2");
            ws.nextClose();
        }
        try (WsClient ws = candidate(sid)) {
            ws.sendBinary(new byte[] {1});
            ws.nextClose();
        }
        try (WsClient ws = candidate(sid)) {
            ws.sendText("garbage");
            ws.nextClose();
        }
        assertPollingWorks(sid, "unharmed");
        assertThat(listener.binaries(sid)).isEmpty();
    }

    @Test
    void candidateClosedByTheClientLeavesPollingAlone() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            assertThat(polling.get(sid).body()).isEqualTo("6"); // paused while upgrading
            ws.closeHandshake();
        }

        // once the engine hears of the close, the upgrade is abandoned and polls are held again
        // (a paused session answers every poll at once with "6")
        CompletableFuture<HttpResponse<String>> held = await().until(() -> {
            CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
            try {
                assertThat(get.get(500, TimeUnit.MILLISECONDS).body()).isEqualTo("6");
                return null;
            } catch (TimeoutException stillHeld) {
                return get;
            }
        }, Objects::nonNull);
        server.engine().session(sid).send(EnginePacket.message("x"));
        assertThat(PollingClient.await(held).body()).isEqualTo("4x");
    }

    @Test
    void sessionClosedDuringTheUpgradeClosesTheCandidate() {
        String sid = open();
        try (WsClient ws = candidate(sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");

            server.engine().session(sid).close();

            assertThat(ws.nextClose().code()).isEqualTo(1000);
        }
        assertThat(polling.get(sid).body()).isEqualTo("1");
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void webSocketSessionCannotBeUpgraded() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();
            try (WsClient second = candidate(sid)) {
                assertThat(second.nextClose().code()).isEqualTo(1000);
            }
            ws.sendText("4ok");
            assertThat(ws.nextText()).isEqualTo("4ok");
        }
    }

    @Test
    void upgradeIsRefusedWhenUpgradesAreOff() {
        String sid = open(EngineTestServer.quietOptions().allowUpgrades(false).build());
        try (WsClient ws = candidate(sid)) {
            assertThat(ws.nextClose().code()).isEqualTo(1000);
        }
        assertPollingWorks(sid, "polling only");
    }
}
