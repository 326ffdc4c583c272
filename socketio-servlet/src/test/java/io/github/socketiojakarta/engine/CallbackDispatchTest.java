package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where callbacks run ({@link CallbackDispatch}) on a real Tomcat: a message to an idle session
 * is handled on the thread that read it; a slow callback sends its session to the pool; with
 * {@link CallbackDispatch#POOL}, or an application's executor, every callback runs there; and a
 * callback that blocks the reading thread neither costs its session the ping timeout nor stalls
 * other sessions.
 */
class CallbackDispatchTest {
    private static final String POOL_THREAD = "socketio-worker-";
    private static final String TOMCAT_THREAD = "http-nio-";

    /** The thread each message's callback ran on, by message text. */
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Echoes every message, recording its thread; {@code onMessage} runs {@code extra} first. */
    private EngineListener echo(java.util.function.Consumer<String> extra) {
        return new EngineListener() {
            @Override
            public void onOpen(EngineSession session) {
                threads.put("open:" + session.id(), Thread.currentThread().getName());
            }

            @Override
            public void onMessage(EngineSession session, String text) {
                threads.put(text, Thread.currentThread().getName());
                extra.accept(text);
                session.send(EnginePacket.message(text));
            }

            @Override
            public void onBinary(EngineSession session, byte[] data) {}

            @Override
            public void onClose(EngineSession session, CloseReason reason) {}
        };
    }

    private WsClient connect() {
        WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        ws.nextOpen();
        return ws;
    }

    private static void roundTrip(WsClient ws, String text) {
        ws.sendText("4" + text);
        assertThat(ws.nextText()).isEqualTo("4" + text);
    }

    /** Reads frames until {@code text}, answering pings; returns how many it answered. */
    private static int answerPingsUntil(WsClient ws, String text) {
        int pings = 0;
        for (String next = ws.nextText(); !next.equals(text); next = ws.nextText()) {
            assertThat(next).isEqualTo("2");
            ws.sendText("3");
            pings++;
        }
        return pings;
    }

    @Test
    void aMessageToAnIdleSessionIsHandledOnTheThreadThatReadIt() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), echo(t -> {}));
        try (WsClient ws = connect()) {
            roundTrip(ws, "a");
            roundTrip(ws, "b");
        }
        assertThat(server.engine().options().dispatch())
                .isEqualTo(CallbackDispatch.READING_THREAD_WHEN_IDLE);
        assertThat(threads.get("a")).startsWith(TOMCAT_THREAD);
        assertThat(threads.get("b")).startsWith(TOMCAT_THREAD);
        // the session opened on this WebSocket: onOpen ran on the thread that opened it too
        assertThat(threads.entrySet()).filteredOn(e -> e.getKey().startsWith("open:"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).startsWith(TOMCAT_THREAD));
    }

    @Test
    void aPostsMessagesGoToThePoolAndItsAnswerComesAfterThem() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), echo(t -> {}));
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        assertThat(polling.post(sid, "4a\u001e4b").body()).isEqualTo("ok");
        assertThat(polling.pollPackets(sid, 2)).containsExactly("4a", "4b");
        // long-polling measured slower on the request threads: its callbacks stay on the pool
        assertThat(threads.get("open:" + sid)).startsWith(POOL_THREAD);
        assertThat(threads.get("a")).startsWith(POOL_THREAD);
        assertThat(threads.get("b")).startsWith(POOL_THREAD);
    }

    @Test
    void withPoolDispatchEveryCallbackRunsOnThePool() {
        server = EngineTestServer.start(EngineTestServer.quietOptions()
                .dispatch(CallbackDispatch.POOL).build(), echo(t -> {}));
        try (WsClient ws = connect()) {
            roundTrip(ws, "a");
            roundTrip(ws, "b");
        }
        assertThat(threads.values()).hasSize(3).allMatch(n -> n.startsWith(POOL_THREAD));
    }

    @Test
    void anApplicationsExecutorTakesEveryCallbackUnlessTheApplicationAsksOtherwise() {
        java.util.concurrent.ExecutorService mine = java.util.concurrent.Executors
                .newFixedThreadPool(2, r -> new Thread(r, "my-app-pool"));
        try {
            EngineOptions options = EngineTestServer.quietOptions().executor(mine).build();
            assertThat(options.dispatch()).isEqualTo(CallbackDispatch.POOL);
            // the default follows the executor: a builder from these options without it goes
            // back to the reading thread
            assertThat(options.toBuilder().executor(null).build().dispatch())
                    .isEqualTo(CallbackDispatch.READING_THREAD_WHEN_IDLE);
            server = EngineTestServer.start(options, echo(t -> {}));
            try (WsClient ws = connect()) {
                roundTrip(ws, "a");
            }
            assertThat(threads.values()).isNotEmpty().allMatch("my-app-pool"::equals);
        } finally {
            server.close();
            server = null;
            mine.shutdownNow();
        }
    }

    @Test
    void aSlowCallbackSendsItsSessionToThePoolAndNoOtherSession() {
        long slow = TimeUnit.MILLISECONDS.toNanos(CallbackDispatch.SLOW_MILLIS * 3);
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), echo(t -> {
            if (t.startsWith("slow")) {
                // a callback that takes its time (computes, or waits for a database)
                long end = System.nanoTime() + slow;
                while (System.nanoTime() < end) {
                    LockSupport.parkNanos(end - System.nanoTime());
                }
            }
        }));
        try (WsClient ws = connect(); WsClient other = connect()) {
            roundTrip(ws, "slow");
            roundTrip(ws, "after");
            roundTrip(other, "other");
        }
        assertThat(threads.get("slow")).startsWith(TOMCAT_THREAD);
        assertThat(threads.get("after")).startsWith(POOL_THREAD);
        assertThat(threads.get("other")).startsWith(TOMCAT_THREAD);
    }

    @Test
    void aCallbackBlockingTheReadingThreadCostsNeitherThePingTimeoutNorOtherSessions()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = EngineTestServer.start(EngineTestServer.quietOptions()
                .pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(100))
                .build(), echo(t -> {
                    if (t.equals("block")) {
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        try (WsClient blocked = connect(); WsClient other = connect()) {
            blocked.sendText("4block");
            // the heartbeat goes on: the client gets its ping and answers; the server cannot
            // read that pong while the callback holds the reading thread
            assertThat(blocked.nextText()).isEqualTo("2");
            blocked.sendText("3");
            // meanwhile another session is served, through three of its own heartbeats (each
            // pingInterval + pingTimeout is 200 ms: past the blocked session's ping timeout)
            int pings = 0;
            for (int i = 0; pings < 3; i++) {
                other.sendText("4other" + i);
                pings += answerPingsUntil(other, "4other" + i);
            }
            assertThat(threads.get("block")).startsWith(TOMCAT_THREAD);
            release.countDown();
            // the blocked session is still open: its answer comes, then its heartbeat goes on
            assertThat(blocked.nextText()).isEqualTo("4block");
            assertThat(blocked.nextText()).isEqualTo("2");
            blocked.sendText("3");
            roundTrip(blocked, "again");
            assertThat(blocked.isClosed()).isFalse();
        } finally {
            release.countDown();
        }
    }
}
