package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.SioScenario;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Broadcasts with acks ({@code io.timeout(..).emitWithAck(..)}): one answer per client, a
 * timeout that reports the answers received, clients that disconnect instead of answering, and
 * no ack callback left behind. Official JS clients on each transport mode; the test thread
 * drives the server while the clients run.
 */
class BroadcastAcksTest {

    /** A server counting "ready" clients and keeping their sockets by client name. */
    private static final class Fixture implements AutoCloseable {
        final CountDownLatch ready;
        final Map<String, Socket> sockets = new ConcurrentHashMap<>();
        final SocketIoTestServer server;

        Fixture(int clients) {
            ready = new CountDownLatch(clients);
            server = SocketIoTestServer.start(io -> io.onConnection(socket -> {
                if (Boolean.TRUE.equals(socket.handshake().auth().get("inRoom"))) {
                    socket.join("room");
                }
                socket.on("ready", e -> {
                    sockets.put(e.arg(0, String.class), socket);
                    ready.countDown();
                });
            }));
        }

        SocketIoServer io() {
            return server.io();
        }

        void awaitReady() throws InterruptedException {
            assertThat(ready.await(20, TimeUnit.SECONDS)).as("clients ready").isTrue();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static List<String> firstArgs(List<Arguments> answers) {
        return answers.stream().map(a -> (String) a.get(0)).toList();
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void everyClientAnswersOnce(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(3)) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(f.server.url())
                    .client(SioScenario.client("a", mode).auth(Map.of("inRoom", true))
                            .reply("q", "a", 1))
                    .client(SioScenario.client("b", mode).reply("q", "b", 2))
                    .client(SioScenario.client("c", mode).auth(Map.of("inRoom", true))
                            .reply("q", "c", 3))
                    .runAsync();
            f.awaitReady();

            List<Arguments> timed = f.io().timeout(Duration.ofSeconds(10))
                    .emitWithAck("q", "timed").get(15, TimeUnit.SECONDS);
            assertThat(firstArgs(timed)).containsExactlyInAnyOrder("a", "b", "c");
            for (Arguments a : timed) {
                assertThat(a.size()).isEqualTo(2);
                assertThat(a.get(1, Integer.class)).isEqualTo(Map.of("a", 1, "b", 2, "c", 3)
                        .get((String) a.get(0)));
            }
            // without a timeout it completes too, once everybody answered
            List<Arguments> untimed = f.io().emitWithAck("q", "untimed").get(15, TimeUnit.SECONDS);
            assertThat(firstArgs(untimed)).containsExactlyInAnyOrder("a", "b", "c");
            // only the room's members are asked
            List<Arguments> room = f.io().to("room").timeout(Duration.ofSeconds(10))
                    .emitWithAck("q", "room").get(15, TimeUnit.SECONDS);
            assertThat(firstArgs(room)).containsExactlyInAnyOrder("a", "c");
            // nobody to ask: done at once
            assertThat(f.io().to("empty").timeout(Duration.ofSeconds(10)).emitWithAck("q")
                    .get(1, TimeUnit.SECONDS)).isEmpty();
            assertThat(f.io().to("empty").emitWithAck("q").get(1, TimeUnit.SECONDS)).isEmpty();
            // no ack is left waiting
            for (Socket s : f.sockets.values()) {
                assertThat(s.pendingAcks()).as(s.toString()).isZero();
            }
            f.io().emit("done");
            SioScenario.Result r = SioScenario.join(run);

            for (String name : List.of("a", "b", "c")) {
                assertThat(r.client(name).events("q")).allSatisfy(e ->
                        assertThat(e.withAck()).isTrue());
            }
            assertThat(r.client("a").trace()).containsExactly("q:timed", "q:untimed", "q:room");
            assertThat(r.client("b").trace()).containsExactly("q:timed", "q:untimed");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aSilentClientMakesTheTimeoutFailWithTheAnswersReceived(TransportMode mode)
            throws Exception {
        try (Fixture f = new Fixture(3)) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(f.server.url())
                    .client(SioScenario.client("a", mode))
                    .client(SioScenario.client("b", mode))
                    .client(SioScenario.client("silent", mode).noReply("q"))
                    .runAsync();
            f.awaitReady();

            long start = System.nanoTime();
            CompletableFuture<List<Arguments>> answers =
                    f.io().timeout(Duration.ofMillis(500)).emitWithAck("q");
            Throwable failure = catchThrowable(() -> answers.get(10, TimeUnit.SECONDS));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(failure).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AckTimeoutException.class);
            AckTimeoutException timeout = (AckTimeoutException) failure.getCause();
            assertThat(firstArgs(timeout.responses())).containsExactlyInAnyOrder("a", "b");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(450);
            // the silent socket does not keep the timed-out ack's callback
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(f.sockets.get("silent").pendingAcks()).isZero());
            f.io().emit("done");
            SioScenario.Result r = SioScenario.join(run);
            assertThat(r.client("silent").events("q")).singleElement()
                    .satisfies(e -> assertThat(e.withAck()).isTrue());
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clientsThatLeaveInsteadOfAnsweringDoNotHoldTheBroadcast(TransportMode mode)
            throws Exception {
        try (Fixture f = new Fixture(4)) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(f.server.url())
                    .client(SioScenario.client("a", mode))
                    .client(SioScenario.client("b", mode))
                    .client(SioScenario.client("leaves", mode).disconnectOn("q"))
                    .client(SioScenario.client("closes", mode).closeEngineOn("q"))
                    .runAsync();
            f.awaitReady();

            // no timeout: only the departures can end it
            List<Arguments> untimed = f.io().emitWithAck("q").get(15, TimeUnit.SECONDS);
            assertThat(firstArgs(untimed)).containsExactlyInAnyOrder("a", "b");
            f.io().emit("done");
            SioScenario.Result r = SioScenario.join(run);
            assertThat(r.client("leaves").disconnects()).containsExactly("io client disconnect");
            // the client closed its own connection: socket.io-client reports it so
            assertThat(r.client("closes").disconnects()).containsExactly("forced close");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aDepartureBeforeTheTimeoutCompletesTheBroadcastEarly(TransportMode mode)
            throws Exception {
        try (Fixture f = new Fixture(2)) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(f.server.url())
                    .client(SioScenario.client("a", mode))
                    .client(SioScenario.client("leaves", mode).disconnectOn("q"))
                    .runAsync();
            f.awaitReady();

            List<Arguments> answers = f.io().timeout(Duration.ofSeconds(60)).emitWithAck("q")
                    .get(15, TimeUnit.SECONDS);
            assertThat(firstArgs(answers)).containsExactly("a");
            f.io().emit("done");
            SioScenario.join(run);
        }
    }
}
