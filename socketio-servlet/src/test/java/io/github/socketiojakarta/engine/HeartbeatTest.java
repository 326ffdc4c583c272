package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.binding.FrameChannel;
import io.github.socketiojakarta.engine.binding.WebSocketLink;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The v4 heartbeat: the server pings every pingInterval, the client must answer within
 * pingTimeout, and a client that pings is breaking the protocol.
 */
class HeartbeatTest {
    /** Long enough a timeout that a loaded machine still answers in time. */
    private static final EngineOptions ANSWERABLE =
            EngineOptions.builder().pingInterval(Duration.ofMillis(300))
                    .pingTimeout(Duration.ofSeconds(5)).build();
    private static final EngineOptions SHORT =
            EngineOptions.builder().pingInterval(Duration.ofMillis(200))
                    .pingTimeout(Duration.ofMillis(200)).build();

    private final RecordingListener listener = RecordingListener.recording();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EngineTestServer start(EngineOptions options) {
        server = EngineTestServer.start(options, listener);
        return server;
    }

    // ---------------------------------------------------------------- polling

    @Test
    void pollingClientGetsPingsAndKeepsTheSessionByAnsweringPong() {
        PollingClient polling = start(ANSWERABLE).polling();
        String sid = polling.handshake().sid();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ping = polling.get(sid);
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("2");
            assertThat(polling.post(sid, "3").body()).isEqualTo("ok");
        }

        assertThat(server.hasSession(sid)).isTrue();
        assertThat(listener.closeReason(sid)).isNull();
    }

    @Test
    void pollingSessionWithoutPongClosesWithPingTimeout() {
        long start = System.nanoTime();
        PollingClient polling = start(SHORT).polling();
        String sid = polling.handshake().sid();

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PING_TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        HttpResponse<String> after = polling.get(sid);
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(after.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void pollingSessionThatReadsThePingButDoesNotAnswerCloses() {
        // room for the poll to arrive before the timeout, even on a loaded machine
        PollingClient polling = start(EngineOptions.builder().pingInterval(Duration.ofMillis(100))
                .pingTimeout(Duration.ofSeconds(1))
                .build()).polling();
        String sid = polling.handshake().sid();

        assertThat(polling.get(sid).body()).isEqualTo("2");

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PING_TIMEOUT);
    }

    @Test
    void pingFromAPollingClientClosesTheSession() {
        PollingClient polling = start(EngineTestServer.quietOptions().build()).polling();
        String sid = polling.handshake().sid();

        polling.post(sid, "2");

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(polling.get(sid).statusCode()).isEqualTo(400);
    }

    @Test
    void unsolicitedPongIsIgnored() {
        PollingClient polling = start(EngineTestServer.quietOptions().build()).polling();
        String sid = polling.handshake().sid();

        assertThat(polling.post(sid, "3\u001e3\u001e4after").body()).isEqualTo("ok");

        await().until(() -> listener.texts(sid).size() == 1);
        assertThat(server.hasSession(sid)).isTrue();
    }

    // ---------------------------------------------------------------- websocket

    @Test
    void webSocketClientGetsPingsAndKeepsTheSessionByAnsweringPong() {
        start(ANSWERABLE);
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            for (int i = 0; i < 3; i++) {
                assertThat(ws.nextText()).isEqualTo("2");
                ws.sendText("3");
            }

            assertThat(server.hasSession(sid)).isTrue();
            assertThat(ws.isClosed()).isFalse();
            assertThat(listener.closeReason(sid)).isNull();
        }
    }

    @Test
    void webSocketWithoutPongIsClosedWithPingTimeout() {
        start(SHORT);
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            assertThat(ws.nextText()).isEqualTo("2");
            WsClient.Frame.Close close = ws.nextClose();

            assertThat(close.code()).isEqualTo(1000);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PING_TIMEOUT);
            server.awaitSessionGone(sid);
        }
    }

    @Test
    void pingFromAWebSocketClientClosesTheSession() {
        start(EngineTestServer.quietOptions().build());
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            ws.sendText("2");

            assertThat(ws.nextClose().code()).isEqualTo(1000);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        }
    }

    @Test
    void pingFromAWebSocketClientDuringASendClosesAfterTheSendNotWithAnAbort() {
        // the container reports a send complete some time after the client may have read it
        // (under load, well after): the client's ping can come first. It reads, so it gets the
        // close frame (1000) after that send, not a dropped connection (1006)
        EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(), listener);
        try {
            HeldChannel channel = new HeldChannel();
            WebSocketLink link = engine.openWebSocket(new EngineRequest("GET", "/socket.io/",
                    Map.of("EIO", "4", "transport", "websocket"), "EIO=4&transport=websocket", Map.of(), "127.0.0.1", false,
                    null, System.currentTimeMillis()), channel);
            String sid = link.sessionId();
            assertThat(channel.events).singleElement().asString().startsWith("send 0{");

            link.onText("2");

            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
            assertThat(engine.session(sid)).isNull();
            assertThat(channel.events).hasSize(1); // no abort while the open packet is sent
            channel.complete();
            assertThat(channel.events).containsExactly(channel.events.get(0), "close 1000");
            assertThat(engine.pendingTimers()).isZero();
        } finally {
            engine.close();
        }
    }

    /** A channel whose sends complete only when the test says so. */
    private static final class HeldChannel extends FrameChannel {
        final List<String> events = new CopyOnWriteArrayList<>();
        private Completion pending;

        @Override
        protected void sendText(String text, Completion completion) {
            events.add("send " + text);
            pending = completion;
        }

        @Override
        protected void sendBinary(byte[] data, Completion completion) {
            events.add("send binary");
            pending = completion;
        }

        @Override
        public void close(int code, String reason) {
            events.add("close " + code);
        }

        @Override
        public void abort(int code, String reason) {
            events.add("abort " + code);
        }

        void complete() {
            Completion c = pending;
            pending = null;
            c.done(null);
        }
    }
}
