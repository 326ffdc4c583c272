package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RawSioPolling;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slowloris on long-polling: POST bodies trickled one byte at a time. Each trickling session
 * ends (the heartbeat, as it cannot poll while posting, or the POST's async timeout, 408) and
 * its request is ended within a bound; a WebSocket and a polling client connected meanwhile
 * keep answering pings and echoing. Small heartbeat (500 + 500 ms) to keep this fast.
 */
class SlowlorisTest {
    private static final long PING_INTERVAL = 500;
    private static final long PING_TIMEOUT = 500;

    /** A polling client that keeps a GET open, answers pings, and can echo. */
    private static final class PollingLoop implements AutoCloseable {
        final HttpClient http;
        final String base;
        final String sid;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger pings = new AtomicInteger();
        final List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile Throwable failure;
        final Thread thread;

        PollingLoop(HttpClient http, int port) {
            this.http = http;
            this.base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling";
            String open = get(base);
            this.sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",\""));
            post("40");
            thread = new Thread(this::loop, "slowloris-polling-bystander");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try {
                while (running.get()) {
                    for (String p : get(base + "&sid=" + sid).split("\u001e")) {
                        if (p.equals("2")) {
                            pings.incrementAndGet();
                            post("3");
                        } else if (p.equals("1")) {
                            throw new AssertionError("closed by the server");
                        } else if (p.startsWith("4")) {
                            received.add(p);
                        }
                    }
                }
            } catch (Throwable t) {
                if (running.get()) {
                    failure = t;
                }
            }
        }

        private String get(String uri) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() != 200) {
                    throw new AssertionError("GET " + r.statusCode() + " " + r.body());
                }
                return r.body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized void post(String packet) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(base + (sid == null ? "" : "&sid=" + sid)))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "text/plain;charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(packet)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() != 200) {
                    throw new AssertionError("POST " + r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            running.set(false);
            if (sid != null) {
                try {
                    post("1");
                } catch (RuntimeException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Reads the end of a trickled POST: its status, or "eof" when the server dropped it. */
    private static String endOf(RawHttp raw) {
        try {
            return String.valueOf(raw.readResponse().status());
        } catch (UncheckedIOException e) {
            return "eof";
        }
    }

    @Test
    void tricklingPostsEndWhileTheOtherSessionsGoOn() throws Exception {
        int tricklers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<RawHttp> raws = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickler = null;
        try (HardServer server = new HardServer(o -> o.engine(e -> e
                .pingInterval(Duration.ofMillis(PING_INTERVAL))
                        .pingTimeout(Duration.ofMillis(PING_TIMEOUT))), io -> { })) {
            HttpClient http = HttpClient.newBuilder().executor(pool).build();
            LightSioClient ws = LightSioClient.connect(http, server.port(), true, false)
                    .get(10, TimeUnit.SECONDS);
            ws.joined.get(10, TimeUnit.SECONDS);
            PollingLoop polling = new PollingLoop(http, server.port());

            List<String> sids = new ArrayList<>();
            List<String> socketIds = new ArrayList<>();
            for (int i = 0; i < tricklers; i++) {
                RawSioPolling victim = RawSioPolling.open(server.port());
                String answer = victim.connect();
                sids.add(victim.sid());
                socketIds.add(answer.substring(answer.indexOf("\"sid\":\"") + 7,
                        answer.lastIndexOf('"')));
                RawHttp raw = RawHttp.connect(server.port());
                raws.add(raw);
                raw.send(RawHttp.head("POST", "/socket.io/?EIO=4&transport=polling&sid="
                        + victim.sid(), "Content-Type: text/plain;charset=UTF-8",
                        "Content-Length: 100000"));
            }
            long start = System.nanoTime();
            // the stimulus: one byte per connection every 50 ms, until the server ends them
            trickler = new Thread(() -> {
                boolean[] ended = new boolean[raws.size()];
                while (trickling.get()) {
                    for (int i = 0; i < raws.size(); i++) {
                        if (!ended[i]) {
                            try {
                                raws.get(i).send("4");
                            } catch (UncheckedIOException e) {
                                ended[i] = true;
                            }
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "slowloris-trickler");
            trickler.setDaemon(true);
            trickler.start();

            for (int i = 0; i < tricklers; i++) {
                assertThat(server.reasonOf(socketIds.get(i)))
                        .isIn("ping timeout", "transport error");
                assertThat(endOf(raws.get(i))).as("end of trickled POST %d", i)
                        .isIn("408", "eof");
                server.assertGone(sids.get(i), socketIds.get(i));
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // pingInterval + pingTimeout, plus the container's timeout check (about 1 s)
            assertThat(tookMs).as("all trickled requests ended after (ms)").isLessThan(6000);
            trickling.set(false);

            // the bystanders lived through several heartbeats and still answer
            assertThat(ws.closed).isNotDone();
            assertThat(ws.emitWithAck("echo", "\"ws\"").get(10, TimeUnit.SECONDS))
                    .isEqualTo("[\"ws\"]");
            assertThat(polling.failure).isNull();
            assertThat(polling.pings.get()).isPositive();
            polling.post("421[\"echo\",\"polling\"]");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> polling.received.contains("431[\"polling\"]"));
            assertThat(polling.failure).isNull();
            polling.close();
            ws.close();
            ws.closed.get(10, TimeUnit.SECONDS);
            server.assertNothingLeft();
        } finally {
            trickling.set(false);
            if (trickler != null) {
                trickler.interrupt();
            }
            raws.forEach(RawHttp::close);
            pool.shutdownNow();
        }
    }
}
