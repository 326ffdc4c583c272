package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link EngineListener} contract under concurrency: per session, onOpen first, messages in
 * arrival order, onClose exactly once and last, never two calls in flight at once, never on a
 * container thread with {@link CallbackDispatch#POOL} (see {@link CallbackDispatchTest} for the
 * default); a throwing listener harms nothing.
 */
class ListenerContractTest {
    private static final int MESSAGES = 200;

    /** Each callback lingers a little, so that overlapping calls would be seen. */
    private final RecordingListener listener = RecordingListener.echoing()
            .duringEachCall(() -> LockSupport.parkNanos(20_000));
    private final ExecutorService clients = Executors.newFixedThreadPool(6);
    private EngineTestServer server;

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private void assertContract(String sid, int texts, CloseReason reason) {
        assertThat(listener.awaitClose(sid)).isEqualTo(reason);
        List<String> events = listener.events(sid);
        assertThat(events.get(0)).isEqualTo("open");
        assertThat(events.get(events.size() - 1)).isEqualTo("close:" + reason.reason());
        assertThat(events.stream().filter(e -> e.startsWith("close:"))).hasSize(1);
        List<String> received = listener.texts(sid);
        assertThat(received).hasSize(texts);
        for (int i = 0; i < texts; i++) {
            assertThat(received.get(i)).isEqualTo("m" + i);
        }
    }

    @Test
    void manySessionsOnBothTransportsKeepTheContract() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        List<CompletableFuture<String>> runs = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
                    String sid = ws.nextOpen().sid();
                    for (int i = 0; i < MESSAGES; i++) {
                        ws.sendText("4m" + i);
                    }
                    for (int i = 0; i < MESSAGES; i++) {
                        assertThat(ws.nextText()).isEqualTo("4m" + i);
                    }
                    ws.sendText("1");
                    ws.awaitClose();
                    return sid;
                }
            }, clients));
        }
        for (int c = 0; c < 2; c++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                PollingClient polling = server.polling();
                String sid = polling.handshake().sid();
                for (int i = 0; i < MESSAGES; i += 20) {
                    StringBuilder payload = new StringBuilder();
                    for (int j = i; j < i + 20; j++) {
                        payload.append(j == i ? "" : "\u001e").append("4m").append(j);
                    }
                    assertThat(polling.post(sid, payload.toString()).body()).isEqualTo("ok");
                }
                assertThat(polling.pollPackets(sid, MESSAGES)).hasSize(MESSAGES);
                polling.post(sid, "1");
                return sid;
            }, clients));
        }

        for (CompletableFuture<String> run : runs) {
            assertContract(PollingClient.await(run), MESSAGES, CloseReason.TRANSPORT_CLOSE);
        }
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void closeWhileMessagesAreStillQueuedComesAfterThem() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        String sid = ws.nextOpen().sid();

        for (int i = 0; i < MESSAGES; i++) {
            ws.sendText("4m" + i);
        }
        ws.abort();

        assertThat(listener.awaitClose(sid)).isIn(CloseReason.TRANSPORT_CLOSE,
                CloseReason.TRANSPORT_ERROR);
        List<String> events = listener.events(sid);
        assertThat(events.get(0)).isEqualTo("open");
        assertThat(events.get(events.size() - 1)).startsWith("close:");
        List<String> received = listener.texts(sid);
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i)).isEqualTo("m" + i);
        }
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void serverCloseRacingIncomingMessagesKeepsTheContract() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        List<String> sids = new ArrayList<>();
        List<WsClient> sockets = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
            sockets.add(ws);
            sids.add(ws.nextOpen().sid());
        }
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (WsClient ws : sockets) {
            senders.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < MESSAGES; i++) {
                        ws.sendText("4m" + i);
                    }
                } catch (UncheckedIOException | AssertionError closed) {
                    // the server closed the socket under us: expected
                }
            }, clients));
        }
        for (String sid : sids) {
            await().until(() -> listener.texts(sid).size() >= 10);
            server.engine().session(sid).close();
        }

        for (int c = 0; c < sids.size(); c++) {
            String sid = sids.get(c);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
            List<String> events = listener.events(sid);
            assertThat(events.get(events.size() - 1)).isEqualTo("close:forced close");
            PollingClient.await(senders.get(c));
            sockets.get(c).close();
        }
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void serverCloseAsSoonAsTheClientHasTheOpenPacketStillComesAfterOnOpen() {
        // a WebSocket client can read the open packet before the engine has finished opening
        // the session; a close at that moment must not overtake onOpen
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        for (int i = 0; i < 100; i++) {
            try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
                String sid = ws.nextOpen().sid();
                server.engine().session(sid).close();

                assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.FORCED_CLOSE);
                assertThat(listener.events(sid)).containsExactly("open", "close:forced close");
            }
        }
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void onOpenComesBeforeAMessageSentImmediately() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        for (int i = 0; i < 10; i++) {
            try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
                String sid = ws.nextOpen().sid();
                ws.sendText("4m0");
                assertThat(ws.nextText()).isEqualTo("4m0");
                assertThat(listener.events(sid)).startsWith("open", "text:m0");
            }
        }
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void withPoolDispatchCallbacksRunOnTheEnginePoolNotOnContainerThreads() {
        server = EngineTestServer.start(EngineTestServer.quietOptions()
                .dispatch(CallbackDispatch.POOL).build(), listener);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        polling.post(sid, "4a");
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            ws.nextOpen();
            ws.sendText("4b");
            ws.nextText();
        }

        assertThat(listener.callbackThreads()).isNotEmpty()
                .allMatch(name -> name.startsWith("socketio-worker-"), "an engine worker");
    }

    @Test
    void callbacksRunOnTheConfiguredExecutor() {
        ExecutorService mine = Executors.newFixedThreadPool(2, r -> new Thread(r, "my-app-pool"));
        try {
            server = EngineTestServer.start(EngineTestServer.quietOptions().executor(mine).build(),
                    listener);
            PollingClient polling = server.polling();
            String sid = polling.handshake().sid();
            polling.post(sid, "4a\u001e4b");
            assertThat(polling.pollPackets(sid, 2)).containsExactly("4a", "4b");

            assertThat(listener.callbackThreads()).isNotEmpty().allMatch("my-app-pool"::equals);
        } finally {
            server.close();
            server = null;
            mine.shutdownNow();
        }
    }

    @Test
    void listenerThatThrowsDoesNotHarmItsSession() {
        EngineListener throwing = new EngineListener() {
            @Override
            public void onOpen(EngineSession session) {
                listener.onOpen(session);
                throw new IllegalStateException("open boom");
            }

            @Override
            public void onMessage(EngineSession session, String text) {
                listener.onMessage(session, text);
                if (text.startsWith("boom")) {
                    throw new IllegalStateException("message boom");
                }
            }

            @Override
            public void onBinary(EngineSession session, byte[] data) {
                listener.onBinary(session, data);
            }

            @Override
            public void onClose(EngineSession session, CloseReason reason) {
                listener.onClose(session, reason);
                throw new IllegalStateException("close boom");
            }
        };
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), throwing);
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String sid = ws.nextOpen().sid();

            ws.sendText("4boom");
            assertThat(ws.nextText()).isEqualTo("4boom");
            ws.sendText("4after");
            assertThat(ws.nextText()).isEqualTo("4after");
            server.engine().session(sid).send(EnginePacket.message("server"));
            assertThat(ws.nextText()).isEqualTo("4server");
            ws.sendText("1");

            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
            assertThat(listener.texts(sid)).containsExactly("boom", "after");
        }
        assertThat(listener.violations()).isEmpty();
    }
}
