package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.container.EngineBinding;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.TestServer;
import io.github.socketiojakarta.testing.WsClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineServer#close()}: every session ends with "server shutting down", the clients are
 * told on their transport, and the threads the server owns stop.
 */
class ServerShutdownTest {
    private static final Pattern WORKER = Pattern.compile("socketio-worker-(\\d+)-\\d+");

    private final RecordingListener listener = RecordingListener.recording();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The number the engine gave its threads, learnt from a pool thread that ran a callback
     * (others ran on the container's thread that read their message: not those).
     */
    private String serverNumber() {
        await().until(() -> listener.callbackThreads().stream()
                .anyMatch(n -> WORKER.matcher(n).matches()));
        Matcher m = listener.callbackThreads().stream().map(WORKER::matcher)
                .filter(Matcher::matches).findFirst().orElseThrow();
        return m.group(1);
    }

    private static List<String> liveThreads(String serverNumber) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("socketio-worker-" + serverNumber + "-")
                        || n.startsWith("socketio-timer-" + serverNumber + "-"))
                .toList();
    }

    @Test
    void closeEndsEverySessionAndTellsTheClients() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        PollingClient polling = server.polling();
        String pending = polling.handshake().sid();
        String idle = polling.handshake().sid();
        WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        String wsSid = ws.nextOpen().sid();
        CompletableFuture<HttpResponse<String>> get = polling.getAsync(pending);
        await().until(() -> server.served("GET", pending) == 1);
        String number = serverNumber();
        assertThat(liveThreads(number)).isNotEmpty();

        // the idle polling client polls while the server goes down, and is told too
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.engine().close());
        HttpResponse<String> idleAnswer = polling.get(idle);

        assertThat(PollingClient.await(get).body()).isEqualTo("1");
        assertThat(idleAnswer.body()).endsWith("1");
        assertThat(ws.awaitClose().code()).isEqualTo(1000);
        PollingClient.await(closing);
        assertThat(server.engine().closed()).isTrue();
        assertThat(server.engine().sessionCount()).isZero();
        for (String sid : List.of(pending, idle, wsSid)) {
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        }
        // gone by the time close() returns: a container checks for them right after
        assertThat(liveThreads(number)).isEmpty();
        assertThat(listener.violations()).isEmpty();
    }

    @Test
    void closeReturnsOnlyOnceTheThreadsItStartedHaveEnded() throws Exception {
        // a pool reports itself terminated a moment before its last thread is gone: over many
        // closes, the check right after close() would catch a thread in that moment
        for (int i = 0; i < 200; i++) {
            EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(),
                    listener);
            CompletableFuture<Thread> worker = new CompletableFuture<>();
            CompletableFuture<Thread> timer = new CompletableFuture<>();
            engine.callbackExecutor().execute(() -> worker.complete(Thread.currentThread()));
            engine.scheduleTask(() -> timer.complete(Thread.currentThread()), 0);
            Thread w = worker.get(10, TimeUnit.SECONDS);
            Thread t = timer.get(10, TimeUnit.SECONDS);

            engine.close();

            assertThat(w.isAlive()).as("%s alive after close()", w.getName()).isFalse();
            assertThat(t.isAlive()).as("%s alive after close()", t.getName()).isFalse();
        }
    }

    @Test
    void aCallbackThatDoesNotReturnIsNamedInAWarningAndCloseStillReturns() throws Exception {
        EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(), listener);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> stuck = new CompletableFuture<>();
        engine.callbackExecutor().execute(() -> {
            stuck.complete(Thread.currentThread());
            awaitIgnoringInterrupts(release);
        });
        Thread t = stuck.get(10, TimeUnit.SECONDS);
        try (LogCapture log = new LogCapture()) {
            long start = System.nanoTime();
            engine.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(8));
            assertThat(t.isAlive()).isTrue();
            assertThat(log.has(t.getName(), "still running")).as(log.all()).isTrue();
            assertThat(log.has(t.getName(), "awaitIgnoringInterrupts")).as(log.all()).isTrue();
        } finally {
            release.countDown();
        }
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void closeFromACallbackDoesNotWaitForItsOwnThread() throws Exception {
        EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(), listener);
        CompletableFuture<Duration> took = new CompletableFuture<>();
        engine.callbackExecutor().execute(() -> {
            long start = System.nanoTime();
            engine.close();
            took.complete(Duration.ofNanos(System.nanoTime() - start));
        });

        assertThat(took.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(2));
        assertThat(engine.closed()).isTrue();
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void closeStillDeliversOnCloseBehindALongBacklog() {
        RecordingListener slow = RecordingListener.recording()
                .duringEachCall(() -> LockSupport.parkNanos(2_000_000));
        // on the pool, all 300 messages are read into the backlog at once (on the reading
        // thread, those not read yet at the shutdown are never read)
        server = EngineTestServer.start(EngineTestServer.quietOptions()
                .dispatch(CallbackDispatch.POOL).build(), slow);
        String sid;
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            sid = ws.nextOpen().sid();
            for (int i = 0; i < 300; i++) {
                ws.sendText("4m" + i);
            }
            await().until(() -> slow.texts(sid).size() >= 1);

            server.engine().close();

            assertThat(ws.awaitClose().code()).isEqualTo(1000);
        }
        // every callback queued before the shutdown still runs, in order, and onClose comes last
        assertThat(slow.awaitClose(sid)).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        assertThat(slow.texts(sid)).hasSize(300);
        assertThat(slow.violations()).isEmpty();
    }

    @Test
    void closeIsQuickWhenEveryClientHasARequestOpen() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        PollingClient polling = server.polling();
        String sid = polling.handshake().sid();
        CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == 1);

        long start = System.nanoTime();
        server.engine().close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(PollingClient.await(get).body()).isEqualTo("1");
    }

    @Test
    void closeIsIdempotent() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        String sid = ws.nextOpen().sid();

        server.engine().close();
        server.engine().close();
        server.engine().session(sid);

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        assertThat(listener.events(sid)).containsExactly("open", "close:server shutting down");
        assertThat(ws.awaitClose().code()).isEqualTo(1000);
    }

    @Test
    void newWebSocketAfterCloseIsTurnedAway() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        server.engine().close();

        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            assertThat(ws.awaitClose().code()).isEqualTo(1001);
        }
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void newPollingSessionAfterCloseIsToldToGoAway() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        server.engine().close();

        HttpResponse<String> r = server.polling().get(null);

        // the open packet, then the close packet in a poll of its own (queued packets first)
        List<String> packets = PollingClient.split(r.body());
        assertThat(packets.get(0)).startsWith("0{");
        if (!packets.get(packets.size() - 1).equals("1")) {
            String sid = packets.get(0).replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
            assertThat(server.polling().get(sid).body()).isEqualTo("1");
        }
        await().until(() -> server.engine().sessionCount() == 0);
    }

    @Test
    void stoppingTheWebApplicationClosesTheEngine() {
        EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(), listener);
        TestServer tomcat = TestServer.start((classes, ctx) -> EngineBinding.install(ctx, engine));
        WsClient ws;
        String sid;
        try {
            ws = WsClient.connect(URI.create("ws://127.0.0.1:" + tomcat.port()
                    + "/socket.io/?EIO=4&transport=websocket"));
            sid = ws.nextOpen().sid();
        } finally {
            tomcat.close();
        }

        assertThat(engine.closed()).isTrue();
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.SERVER_SHUTTING_DOWN);
        assertThat(ws.awaitClose().code()).isIn(1000, 1001, 1006, -1);
    }
}
