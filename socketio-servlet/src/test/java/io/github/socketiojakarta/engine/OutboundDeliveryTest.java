package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server sends: large answers arrive whole, concurrent senders lose nothing and keep
 * their own order, an atomic batch (a Socket.IO packet and its attachments) is never split by
 * another sender's packet, and volatile packets are dropped rather than queued.
 */
class OutboundDeliveryTest {
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 250;

    private final ExecutorService threads = Executors.newFixedThreadPool(SENDERS);
    private EngineTestServer server;

    @BeforeEach
    void start() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(),
                RecordingListener.recording());
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        server.close();
    }

    /** Runs {@code body(sender)} on SENDERS threads at once and waits for all. */
    private void concurrently(IntConsumer body) {
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            int sender = t;
            runs.add(CompletableFuture.runAsync(() -> body.accept(sender), threads));
        }
        runs.forEach(PollingClient::await);
    }

    /** Checks that each sender's numbered packets arrived complete and in order. */
    private static void assertPerSenderOrder(List<String> received) {
        Map<String, Integer> next = new HashMap<>();
        for (String p : received) {
            String[] parts = p.substring(1).split("-");
            int expected = next.getOrDefault(parts[0], 0);
            assertThat(Integer.parseInt(parts[1])).as("order of sender %s", parts[0])
                    .isEqualTo(expected);
            next.put(parts[0], expected + 1);
        }
        assertThat(next).hasSize(SENDERS).allSatisfy((k, v) -> assertThat(v).isEqualTo(PER_SENDER));
    }

    @Test
    void largePollingAnswerArrivesWhole() {
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        String big = "é".repeat(600_000); // 1.2 MB of UTF-8, written in many chunks

        server.engine().session(sid).send(EnginePacket.message(big));
        HttpResponse<String> r = polling.get(sid);

        assertThat(r.body()).hasSize(big.length() + 1).startsWith("4é").endsWith("é");
        assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(1 + 1_200_000));
    }

    @Test
    void largeWebSocketMessagesArriveWhole() {
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();
            byte[] bytes = new byte[1_500_000];
            bytes[bytes.length - 1] = 42;

            server.engine().session(sid).send(EnginePacket.message("z".repeat(700_000)));
            server.engine().session(sid).send(EnginePacket.binary(bytes));

            assertThat(ws.nextText()).hasSize(700_001);
            assertThat(ws.nextBinary()).hasSize(1_500_000).endsWith(42);
        }
    }

    @Test
    void concurrentSendersOnWebSocketLoseNothingAndKeepTheirOrder() {
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            EngineSession session = server.engine().session(ws.nextOpen().sid());

            concurrently(t -> {
                for (int i = 0; i < PER_SENDER; i++) {
                    assertThat(session.send(EnginePacket.message(t + "-" + i))).isTrue();
                }
            });

            List<String> received = new ArrayList<>();
            for (int i = 0; i < SENDERS * PER_SENDER; i++) {
                received.add(ws.nextText());
            }
            assertPerSenderOrder(received);
        }
    }

    @Test
    void concurrentSendersOnPollingLoseNothingAndKeepTheirOrder() {
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(
                () -> polling.pollPackets(sid, SENDERS * PER_SENDER));

        concurrently(t -> {
            for (int i = 0; i < PER_SENDER; i++) {
                session.send(EnginePacket.message(t + "-" + i));
            }
        });

        List<String> received = PollingClient.await(reader);
        assertThat(received).hasSize(SENDERS * PER_SENDER);
        assertPerSenderOrder(received);
    }

    @Test
    void atomicBatchesAreNeverInterleavedOnWebSocket() {
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            EngineSession session = server.engine().session(ws.nextOpen().sid());

            concurrently(t -> {
                for (int i = 0; i < 100; i++) {
                    session.send(List.of(EnginePacket.message("52-" + t),
                            EnginePacket.binary(new byte[] {(byte) t, 0}),
                            EnginePacket.binary(new byte[] {(byte) t, 1})));
                    session.send(EnginePacket.message("2-" + t)); // a plain packet in between
                }
            });

            for (int n = 0; n < SENDERS * 100 * 2; n++) {
                String text = ws.nextText();
                if (text.startsWith("452-")) {
                    byte t = Byte.parseByte(text.substring(4));
                    assertThat(ws.nextBinary()).containsExactly(t, 0);
                    assertThat(ws.nextBinary()).containsExactly(t, 1);
                } else {
                    assertThat(text).startsWith("42-");
                }
            }
            assertThat(ws.nothingPending()).isTrue();
        }
    }

    @Test
    void atomicBatchesAreNeverInterleavedOnPolling() {
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(
                () -> polling.pollPackets(sid, SENDERS * 50 * 4));

        concurrently(t -> {
            for (int i = 0; i < 50; i++) {
                session.send(List.of(EnginePacket.message("52-" + t),
                        EnginePacket.binary(new byte[] {(byte) t, 0}),
                        EnginePacket.binary(new byte[] {(byte) t, 1})));
                session.send(EnginePacket.message("2-" + t));
            }
        });

        List<String> received = PollingClient.await(reader);
        for (int n = 0; n < received.size(); n++) {
            String p = received.get(n);
            if (p.startsWith("452-")) {
                byte t = Byte.parseByte(p.substring(4));
                String b0 = "b" + Base64.getEncoder().encodeToString(new byte[] {t, 0});
                String b1 = "b" + Base64.getEncoder().encodeToString(new byte[] {t, 1});
                assertThat(received.subList(n + 1, n + 3)).containsExactly(b0, b1);
                n += 2;
            } else {
                assertThat(p).startsWith("42-");
            }
        }
    }

    @Test
    void volatilePacketIsDroppedUnlessItCanBeWrittenNow() {
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);

        assertThat(session.sendVolatile(EnginePacket.message("nobody polls"))).isFalse();

        CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == 1);
        assertThat(session.sendVolatile(EnginePacket.message("polled"))).isTrue();
        assertThat(PollingClient.await(get).body()).isEqualTo("4polled");

        session.send(EnginePacket.message("queued"));
        assertThat(session.sendVolatile(EnginePacket.message("behind a queue"))).isFalse();
        assertThat(polling.get(sid).body()).isEqualTo("4queued");
    }

    @Test
    void sendsToAClosedSessionAreRefused() {
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        EngineSession session = server.engine().session(sid);
        session.close(CloseReason.TRANSPORT_CLOSE);

        assertThat(session.send(EnginePacket.message("x"))).isFalse();
        assertThat(session.send(List.of(EnginePacket.message("y")))).isFalse();
        assertThat(session.sendVolatile(EnginePacket.message("z"))).isFalse();
    }
}
