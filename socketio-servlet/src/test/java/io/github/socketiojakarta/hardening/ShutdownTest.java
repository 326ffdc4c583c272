package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown at the Socket.IO level: {@link io.github.socketiojakarta.server.SocketIoServer#close()}
 * with official JS clients connected over both transports. Every client is told (its
 * disconnect reason lets it reconnect) and starts reconnecting; every socket disconnects with
 * "server shutting down"; close() returns within a bound; no socketio-* thread and no timer of
 * the server is left.
 */
class ShutdownTest {

    private static Set<Thread> socketioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("socketio-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void closeTellsEveryClientStopsEveryThreadAndIsQuick() throws Exception {
        Set<Thread> before = socketioThreads();
        List<String> transports = List.of("websocket", "polling", "websocket", "polling",
                "websocket", "polling");
        try (HardServer server = new HardServer(o -> o.engine(e -> e
                .pingInterval(Duration.ofSeconds(20))
                .pingTimeout(Duration.ofSeconds(10))), io -> { })) {
            String args = "{\"url\":\"http://127.0.0.1:" + server.port() + "\",\"transports\":"
                    + transports.stream().map(t -> "\"" + t + "\"")
                            .collect(Collectors.joining(",", "[", "]"))
                    + ",\"timeoutMs\":20000}";
            CompletableFuture<NodeScript.JsonResult> run = CompletableFuture.supplyAsync(
                    () -> NodeScript.run("hard-shutdown.mjs", args, Duration.ofSeconds(25)));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.io.sockets().sockets().size() == transports.size()
                            || run.isDone());
            assertThat(run).as("the script ended early").isNotDone();
            List<String> ids = List.copyOf(server.io.sockets().sockets().keySet());
            Set<Thread> ours = socketioThreads();
            ours.removeAll(before);
            assertThat(ours).as("the server's threads").isNotEmpty();

            long start = System.nanoTime();
            server.io.close();
            long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(closeMs).as("close() took (ms)").isLessThan(3000);
            for (String id : ids) {
                assertThat(server.reason(id)).isCompletedWithValue("server shutting down");
            }
            assertThat(server.io.engine().sessionCount()).isZero();
            assertThat(server.io.sockets().sockets()).isEmpty();
            assertThat(server.adapter().rooms()).isEmpty();
            assertThat(server.io.engine().pendingTimers()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(ours.stream().filter(Thread::isAlive).map(Thread::getName))
                            .as("socketio threads left").isEmpty());

            NodeScript.JsonResult r = run.get(30, TimeUnit.SECONDS).assertOk();
            for (JsonValue v : r.array("clients")) {
                JsonObject c = v.asJsonObject();
                assertThat(c.getString("reason")).as("client %s", c)
                        .isEqualTo("transport close");
                assertThat(c.getInt("attempts")).as("client %s", c).isPositive();
            }
            System.out.printf("SocketIoServer.close() with %d clients took %d ms%n",
                    transports.size(), closeMs);
        }
    }
}
