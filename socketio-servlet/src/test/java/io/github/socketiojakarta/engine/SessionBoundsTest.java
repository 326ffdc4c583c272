package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Memory per session is bounded both ways: the outbound queue of a client that does not read,
 * and the inbound backlog of an application that does not keep up. Past a bound only that
 * session is closed.
 */
class SessionBoundsTest {
    private static final String BLOCK = "block";

    private final RecordingListener recorder = RecordingListener.echoing();
    private final CountDownLatch release = new CountDownLatch(1);
    private EngineTestServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    /** Echoes like the recorder, but a message "block" holds its session's callbacks until released. */
    private final EngineListener blockingListener = new EngineListener() {
        @Override
        public void onOpen(EngineSession session) {
            recorder.onOpen(session);
        }

        @Override
        public void onMessage(EngineSession session, String text) {
            recorder.onMessage(session, text);
            if (text.equals(BLOCK)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onBinary(EngineSession session, byte[] data) {
            recorder.onBinary(session, data);
        }

        @Override
        public void onClose(EngineSession session, CloseReason reason) {
            recorder.onClose(session, reason);
        }
    };

    // ---------------------------------------------------------------- outbound

    @Test
    void sessionWhoseQueueGrowsPastTheBoundIsClosed() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxBufferedBytes(10_000)
                .build(), recorder);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);

        int accepted = 0;
        while (accepted < 100 && session.send(EnginePacket.message("x".repeat(1000)))) {
            accepted++;
        }

        assertThat(accepted).isBetween(9, 11);
        assertThat(session.open()).isFalse();
        assertThat(recorder.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        server.awaitSessionGone(sid);
        assertThat(polling.get(sid).statusCode()).isEqualTo(400);
    }

    @Test
    void queueWithinTheBoundIsDeliveredWhole() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxBufferedBytes(10_000)
                .build(), recorder);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);

        for (int i = 0; i < 9; i++) {
            assertThat(session.send(EnginePacket.message(i + "x".repeat(999)))).isTrue();
        }

        List<String> packets = PollingClient.split(polling.get(sid).body());
        assertThat(packets).hasSize(9);
        assertThat(session.open()).isTrue();
    }

    @Test
    void singlePacketLargerThanTheBoundIsStillSent() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxBufferedBytes(10_000)
                .build(), recorder);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();

        assertThat(server.engine().session(sid).send(EnginePacket.message("y".repeat(20_000))))
                .isTrue();

        assertThat(polling.get(sid).body()).hasSize(20_001);
        assertThat(server.hasSession(sid)).isTrue();
    }

    @Test
    void drainedQueueStartsCountingAfresh() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxBufferedBytes(10_000)
                .build(), recorder);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 8; i++) {
                assertThat(session.send(EnginePacket.message("z".repeat(1000)))).isTrue();
            }
            assertThat(PollingClient.split(polling.get(sid).body())).hasSize(8);
        }
        assertThat(session.open()).isTrue();
    }

    // ---------------------------------------------------------------- inbound

    @Test
    void applicationThatFallsBehindClosesOnlyItsOwnSession() {
        // on the pool: a WebSocket's messages are read into the backlog while its callback
        // blocks (see the next test for the reading thread)
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxInboundBacklog(8)
                .dispatch(CallbackDispatch.POOL).build(), blockingListener);
        try (WsClient slow = WsClient.connect(server.ws("EIO=4&transport=websocket"));
                WsClient other = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String slowSid = slow.nextOpen().sid();
            String otherSid = other.nextOpen().sid();

            slow.sendText("4" + BLOCK);
            await().until(() -> recorder.texts(slowSid).contains(BLOCK));
            try {
                for (int i = 0; i < 50; i++) {
                    slow.sendText("4m" + i);
                }
            } catch (UncheckedIOException | AssertionError closedMeanwhile) {
                // the server may close the socket before the last sends
            }

            assertThat(slow.awaitClose().code()).isEqualTo(1000);
            server.awaitSessionGone(slowSid);

            // the other session is served while the slow one's callback is still blocked
            for (int i = 0; i < 5; i++) {
                other.sendText("4other" + i);
                assertThat(other.nextText()).isEqualTo("4other" + i);
            }
            assertThat(recorder.closeReason(slowSid)).isNull(); // onClose waits its turn

            release.countDown();

            assertThat(recorder.awaitClose(slowSid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
            List<String> events = recorder.events(slowSid);
            assertThat(events.get(events.size() - 1)).isEqualTo("close:transport error");
            assertThat(recorder.texts(slowSid)).hasSizeLessThanOrEqualTo(1 + 8)
                    .startsWith(BLOCK);
            assertThat(server.hasSession(otherSid)).isTrue();
            assertThat(recorder.violations()).isEmpty();
        }
    }

    @Test
    void onTheReadingThreadAFloodWaitsInTheConnectionNotInMemory() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), blockingListener);
        try (WsClient slow = WsClient.connect(server.ws("EIO=4&transport=websocket"));
                WsClient other = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String slowSid = slow.nextOpen().sid();
            other.nextOpen();

            slow.sendText("4" + BLOCK);
            await().until(() -> recorder.texts(slowSid).contains(BLOCK));
            for (int i = 0; i < 50; i++) {
                slow.sendText("4m" + i);
            }
            // the blocked callback holds its connection's reading: nothing more is read, so
            // nothing piles up in the backlog, and the other session is served meanwhile
            for (int i = 0; i < 5; i++) {
                other.sendText("4other" + i);
                assertThat(other.nextText()).isEqualTo("4other" + i);
            }
            assertThat(recorder.texts(slowSid)).containsExactly(BLOCK);

            release.countDown();

            // then every message is read and handled, in order, and the session stays open
            assertThat(slow.nextText()).isEqualTo("4" + BLOCK);
            for (int i = 0; i < 50; i++) {
                assertThat(slow.nextText()).isEqualTo("4m" + i);
            }
            assertThat(server.hasSession(slowSid)).isTrue();
            assertThat(recorder.violations()).isEmpty();
        }
    }

    /**
     * A session's first POST, to an idle session, is answered at once (its messages are queued,
     * within the backlog bound, and their callbacks run after), as the reference answers before
     * what they trigger reaches the client; a POST that finds callbacks still running waits for
     * them, so a client that floods waits in its connection instead of filling memory.
     */
    @Test
    void aPostThatFindsCallbacksRunningWaitsForThem() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(),
                blockingListener);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();

        assertThat(polling.post(sid, "4" + BLOCK).body()).isEqualTo("ok");
        await().until(() -> recorder.texts(sid).contains(BLOCK)); // its callback holds the session
        EngineCounters counters = server.engine().counters();
        long before = counters.packetsIn(TransportType.POLLING);
        CompletableFuture<HttpResponse<String>> second = polling.postAsync(sid, "4next");
        await().until(() -> counters.packetsIn(TransportType.POLLING) == before + 1); // read
        assertThat(second).isNotDone();

        release.countDown();
        assertThat(PollingClient.await(second).body()).isEqualTo("ok");
        await().until(() -> recorder.texts(sid).equals(java.util.List.of(BLOCK, "next")));
    }

    @Test
    void backlogBoundAppliesToPollingPayloadsToo() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxInboundBacklog(8)
                .build(), blockingListener);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        String other = polling.handshake().sid();

        // a POST that finds its session busy is answered once the application was given its
        // messages (aPostThatFindsCallbacksRunningWaitsForThem), so one client has about one
        // POST's worth in the backlog at most: the bound applies within that payload
        StringBuilder many = new StringBuilder("4" + BLOCK);
        for (int i = 0; i < 30; i++) {
            many.append('\u001e').append("4m").append(i);
        }
        CompletableFuture<HttpResponse<String>> post = polling.postAsync(sid, many.toString());

        server.awaitSessionGone(sid);
        assertThat(polling.post(other, "4fine").body()).isEqualTo("ok");
        assertThat(polling.pollPackets(other, 1)).containsExactly("4fine");
        release.countDown();
        assertThat(PollingClient.await(post).statusCode()).isEqualTo(200);
        assertThat(recorder.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(recorder.texts(sid)).hasSizeLessThanOrEqualTo(1 + 8);
    }
}
