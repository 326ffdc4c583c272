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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a session from either side, on either transport: who is told what, and that what was
 * queued before a server-side close is still delivered, before the close.
 */
class CloseTest {
    private static final String CODE_1 = "{\"code\":1,\"message\":\"Session ID unknown\"}";

    private final RecordingListener listener = RecordingListener.recording();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PollingClient start(EngineOptions options) {
        server = EngineTestServer.start(options, listener);
        return server.polling();
    }

    private PollingClient start() {
        return start(EngineTestServer.quietOptions().build());
    }

    private CompletableFuture<HttpResponse<String>> pendingGet(PollingClient polling, String sid) {
        int before = server.served("GET", sid);
        CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == before + 1);
        assertThat(get).isNotDone();
        return get;
    }

    private void assertGone(PollingClient polling, String sid) {
        HttpResponse<String> after = polling.get(sid);
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(after.body()).isEqualTo(CODE_1);
    }

    // ---------------------------------------------------------------- client closes

    @Test
    void closePacketOverPollingAnswersThePendingGetWithNoop() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        CompletableFuture<HttpResponse<String>> get = pendingGet(polling, sid);

        assertThat(polling.post(sid, "1").body()).isEqualTo("ok");

        HttpResponse<String> answered = PollingClient.await(get);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("6");
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertGone(polling, sid);
    }

    @Test
    void closePacketOverPollingWithoutPendingGetClosesAtOnceAndARacingGetGetsNoop() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();

        polling.post(sid, "4last\u001e1\u001e4ignored");

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(listener.texts(sid)).containsExactly("last");
        assertThat(server.engine().session(sid).open()).isFalse();
        // a GET the client sent before its close packet, on another connection, may be handled
        // after it: it ends with a noop, as it would have on a server handling requests in
        // arrival order; the next request finds the session gone
        assertThat(polling.get(sid).body()).isEqualTo("6");
        assertGone(polling, sid);
    }

    @Test
    void afterTheClientsClosePacketTheSessionIsDroppedWithoutFurtherRequests() {
        PollingClient polling = start(EngineOptions.builder().pingInterval(Duration.ofSeconds(5))
                .pingTimeout(Duration.ofMillis(200))
                .build());
        String sid = polling.handshake().sid();

        polling.post(sid, "1");

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.hasSession(sid));
        assertGone(polling, sid);
    }

    @Test
    void aGracefulCloseDuringAServerCloseKeepsWhatIsQueuedAndTheClosePacket() {
        // disconnect(true) queues a DISCONNECT per socket, then closes; a packet the client sent
        // before, for a namespace just disconnected, then closes "gracefully" with parse error.
        // That must not end the server close early: the client still gets the DISCONNECT and
        // "1", not a refused poll (an official client would report "transport error")
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);

        assertThat(session.send(EnginePacket.message("41"))).isTrue();
        session.close();
        session.closeGracefully(CloseReason.PARSE_ERROR);

        HttpResponse<String> queued = polling.get(sid);
        assertThat(queued.statusCode()).isEqualTo(200);
        assertThat(queued.body()).isEqualTo("441");
        HttpResponse<String> closing = polling.get(sid);
        assertThat(closing.statusCode()).isEqualTo(200);
        assertThat(closing.body()).isEqualTo("1");
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
        assertGone(polling, sid);
    }

    @Test
    void closePacketOverWebSocketClosesTheSocket() {
        start();
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            ws.sendText("1");

            assertThat(ws.nextClose().code()).isEqualTo(1000);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
            server.awaitSessionGone(sid);
        }
    }

    @Test
    void webSocketCloseFrameClosesTheSession() {
        start();
        String sid;
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            sid = ws.nextOpen().sid();
        } // normal close frame

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        server.awaitSessionGone(sid);
    }

    @Test
    void droppedWebSocketConnectionClosesTheSession() {
        start();
        WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        String sid = ws.nextOpen().sid();

        ws.abort();

        assertThat(listener.awaitClose(sid)).isIn(CloseReason.TRANSPORT_CLOSE,
                CloseReason.TRANSPORT_ERROR);
        server.awaitSessionGone(sid);
    }

    // ---------------------------------------------------------------- server closes, polling

    @Test
    void serverCloseAnswersThePendingGetWithClose() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        CompletableFuture<HttpResponse<String>> get = pendingGet(polling, sid);

        server.engine().session(sid).close();

        assertThat(PollingClient.await(get).body()).isEqualTo("1");
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
        assertGone(polling, sid);
    }

    @Test
    void serverCloseWithoutPendingGetHandsQueuedPacketsAndCloseToTheNextGet() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);
        session.send(EnginePacket.message("a"));
        session.send(EnginePacket.binary(new byte[] {1}));

        session.close();

        assertThat(session.open()).isFalse();
        assertThat(session.send(EnginePacket.message("too late"))).isFalse();
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
        HttpResponse<String> queued = polling.get(sid);
        assertThat(queued.statusCode()).isEqualTo(200);
        assertThat(queued.body()).isEqualTo("4a\u001ebAQ==");
        // the close packet comes in a poll of its own, as from the reference server
        HttpResponse<String> last = polling.get(sid);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.body()).isEqualTo("1");
        assertGone(polling, sid);
    }

    @Test
    void packetsSentJustBeforeServerCloseReachThePollingClientFirst() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        CompletableFuture<HttpResponse<String>> get = pendingGet(polling, sid);
        EngineSession session = server.engine().session(sid);

        session.send(EnginePacket.message("a")); // answers the pending GET
        session.send(EnginePacket.message("b"));
        session.close();

        List<String> received = new ArrayList<>(PollingClient.split(PollingClient.await(get).body()));
        received.addAll(PollingClient.split(polling.get(sid).body()));
        if (!received.contains("1")) {
            received.addAll(PollingClient.split(polling.get(sid).body()));
        }
        assertThat(received).containsExactly("4a", "4b", "1");
        assertGone(polling, sid);
    }

    @Test
    void serverClosedPollingSessionThatNeverPollsAgainIsDroppedAfterTheHeartbeatPeriod() {
        PollingClient polling = start(EngineOptions.builder().pingInterval(Duration.ofMillis(200))
                .pingTimeout(Duration.ofMillis(200))
                .build());
        String sid = polling.handshake().sid();

        server.engine().session(sid).close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !server.hasSession(sid));
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void sessionCloseIsIdempotentAndTheListenerHearsOnce() {
        PollingClient polling = start();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);

        session.close();
        session.close();
        session.close(CloseReason.SERVER_SHUTTING_DOWN);
        polling.get(sid);
        session.close(CloseReason.TRANSPORT_ERROR);

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
        await().until(() -> !server.hasSession(sid));
        assertThat(session.closeReason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(listener.events(sid)).containsExactly("open", "close:forced close");
        assertThat(listener.violations()).isEmpty();
    }

    // ---------------------------------------------------------------- server closes, websocket

    @Test
    void serverCloseOnWebSocketFlushesQueuedPacketsBeforeClosing() {
        start();
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();
            EngineSession session = server.engine().session(sid);

            session.send(EnginePacket.message("a"));
            session.send(EnginePacket.binary(new byte[] {7}));
            session.send(EnginePacket.message("c"));
            session.close();

            assertThat(ws.nextText()).isEqualTo("4a");
            assertThat(ws.nextBinary()).containsExactly(7);
            assertThat(ws.nextText()).isEqualTo("4c");
            assertThat(ws.nextClose().code()).isEqualTo(1000);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
        }
    }

    @Test
    void serverCloseOnWebSocketDeliversALongBacklogInOrder() {
        start();
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();
            EngineSession session = server.engine().session(sid);

            for (int i = 0; i < 500; i++) {
                session.send(EnginePacket.message("m" + i));
            }
            session.close();

            for (int i = 0; i < 500; i++) {
                assertThat(ws.nextText()).isEqualTo("4m" + i);
            }
            assertThat(ws.nextClose().code()).isEqualTo(1000);
            server.awaitSessionGone(sid);
        }
    }

    @Test
    void serverCloseOnAnIdleWebSocketClosesAtOnce() {
        start();
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            server.engine().session(sid).close();

            assertThat(ws.nextClose().code()).isEqualTo(1000);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
            server.awaitSessionGone(sid);
        }
    }
}
