package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Storms of handshakes that never join a namespace: the connect timeout closes them (300 ms),
 * and thousands of polling sessions abandoned right after the handshake are cleaned by the
 * heartbeat. The registry, the timer queue and the namespace go back to empty; a bystander
 * keeps working.
 */
class StormTest {

    private static String sidOf(String open) {
        int s = open.indexOf("\"sid\":\"") + 7;
        return open.substring(s, open.indexOf('"', s));
    }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient http, String uri) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void handshakesWithoutConnectAreClosedAfterConnectTimeout() throws Exception {
        int each = 200;
        long connectTimeout = 300;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<LightSioClient> wsClients = new ArrayList<>();
        try (HardServer server = new HardServer(
                o -> o.connectTimeout(Duration.ofMillis(connectTimeout))
                        .engine(e -> e.pingInterval(Duration.ofSeconds(5))
                                .pingTimeout(Duration.ofSeconds(5))), io -> { })) {
            HttpClient http = HttpClient.newBuilder().executor(pool).build();
            LightSioClient bystander = LightSioClient.connect(http, server.port(), true, false)
                    .get(10, TimeUnit.SECONDS);
            bystander.joined.get(10, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + server.port()
                    + "/socket.io/?EIO=4&transport=polling";

            long start = System.nanoTime();
            List<CompletableFuture<LightSioClient>> opening = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> handshakes = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                opening.add(LightSioClient.connect(http, server.port(), false, false));
                handshakes.add(get(http, base));
            }
            // every polling session holds a GET: the connect timeout answers it with "1"
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            List<Long> pollStarts = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> h : handshakes) {
                HttpResponse<String> r = h.get(20, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                pollStarts.add(System.nanoTime());
                polls.add(get(http, base + "&sid=" + sidOf(r.body())));
            }
            for (CompletableFuture<LightSioClient> o : opening) {
                wsClients.add(o.get(20, TimeUnit.SECONDS));
            }
            for (LightSioClient c : wsClients) {
                assertThat(c.closed.get(20, TimeUnit.SECONDS)).as("close code").isEqualTo(1000);
                assertThat(c.errors).hasValue(0);
            }
            for (CompletableFuture<HttpResponse<String>> p : polls) {
                HttpResponse<String> r = p.get(20, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).as("answer of the held GET").isEqualTo("1");
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // none closed before its time: the first GETs were held at least connectTimeout
            // minus the time the handshake took
            assertThat(tookMs).isGreaterThanOrEqualTo(connectTimeout - 50);

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.io.engine().sessionCount() == 1);
            assertThat(server.io.sockets().sockets()).hasSize(1);
            assertThat(bystander.closed).isNotDone();
            assertThat(bystander.emitWithAck("echo", "1").get(10, TimeUnit.SECONDS))
                    .isEqualTo("[1]");
            bystander.close();
            bystander.closed.get(10, TimeUnit.SECONDS);
            server.assertNothingLeft();
        } finally {
            wsClients.forEach(LightSioClient::abort);
            pool.shutdownNow();
        }
    }

    @Test
    void thousandsOfAbandonedPollingSessionsAreCleanedByTheHeartbeat() throws Exception {
        int sessions = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService bystanderPool = Executors.newSingleThreadExecutor();
        // pingTimeout leaves the bystander (which answers every ping) a margin while the storm
        // keeps this JVM busy: with 300 ms it was closed by ping timeout in about 1 run in 8
        try (HardServer server = new HardServer(
                o -> o.connectTimeout(Duration.ofSeconds(120)) // not this
                        .engine(e -> e.pingInterval(Duration.ofMillis(300))
                                .pingTimeout(Duration.ofMillis(1500))), io -> { })) {
            HttpClient http = HttpClient.newBuilder().executor(pool).build();
            LightSioClient bystander = LightSioClient.connect(
                    HttpClient.newBuilder().executor(bystanderPool).build(), server.port(), true,
                    false).get(10, TimeUnit.SECONDS);
            bystander.joined.get(10, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + server.port()
                    + "/socket.io/?EIO=4&transport=polling";
            int peak = 0;
            for (int batch = 0; batch < sessions; batch += 50) {
                List<CompletableFuture<HttpResponse<String>>> handshakes = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    handshakes.add(get(http, base));
                }
                for (CompletableFuture<HttpResponse<String>> h : handshakes) {
                    assertThat(h.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }
                peak = Math.max(peak, server.io.engine().sessionCount());
            }
            assertThat(peak).as("sessions open at once").isGreaterThan(50);
            // heartbeat: ping after 300 ms, no pong within 1.5 s: closed
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> server.io.engine().sessionCount() == 1);
            // their connect timers (two minutes away) went with them
            assertThat(server.io.engine().pendingTimers()).isLessThanOrEqualTo(1);
            assertThat(bystander.closed).isNotDone();
            assertThat(bystander.emitWithAck("echo", "2").get(10, TimeUnit.SECONDS))
                    .isEqualTo("[2]");
            bystander.close();
            bystander.closed.get(10, TimeUnit.SECONDS);
            server.assertNothingLeft();
            System.out.printf("abandoned polling sessions: %d, at most %d open at once%n",
                    sessions, peak);
        } finally {
            pool.shutdownNow();
            bystanderPool.shutdownNow();
        }
    }
}
