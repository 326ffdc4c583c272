package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RawSioPolling;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults on real sockets: a client whose TCP connection is reset (or just dropped, without a
 * WebSocket close) in the middle of a POST body, of an upgrade (after the probe, before
 * {@code 5}), or of a binary packet (header received, attachments never). Each closes its own
 * session with a log line and leaves nothing behind (registry, timers, sockets, rooms); a
 * bystander connected before keeps working. The first ping is far away (20 s), so the heartbeat
 * is never what cleans up here.
 */
class FaultsTest {
    private static final String BINARY_HEADER =
            "451-[\"bin\",{\"_placeholder\":true,\"num\":0}]";

    private final AtomicInteger binEvents = new AtomicInteger();
    private LogCapture log;
    private HardServer server;
    private ExecutorService pool;
    private LightSioClient bystander;

    @BeforeEach
    void start() throws Exception {
        log = new LogCapture();
        // first ping in 20 s; pingTimeout short, as a polling session closed by its client stays
        // reachable that long (for a GET racing with the close packet)
        server = new HardServer(o -> o.engine(e -> e.pingInterval(Duration.ofSeconds(20))
                .pingTimeout(Duration.ofSeconds(2))),
                io -> io.onConnection(s -> s.on("bin", e -> binEvents.incrementAndGet())));
        pool = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().executor(pool).build();
        bystander = LightSioClient.connect(http, server.port(), true, true)
                .get(10, TimeUnit.SECONDS);
        bystander.joined.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        try {
            if (bystander != null) {
                bystander.abort();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            pool.shutdownNow();
            log.close();
        }
    }

    private static String socketIdOf(String connectAnswer) {
        int start = connectAnswer.indexOf("\"sid\":\"") + 7;
        return connectAnswer.substring(start, connectAnswer.indexOf('"', start));
    }

    private static String pollingTarget(String sid) {
        return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    /** The bystander still gets answers; then it leaves and nothing at all is left. */
    private void assertBystanderServedAndNothingLeft() throws Exception {
        assertThat(bystander.emitWithAck("echo", "\"still here\"").get(10, TimeUnit.SECONDS))
                .isEqualTo("[\"still here\"]");
        assertThat(bystander.closed).isNotDone();
        assertThat(bystander.errors).hasValue(0);
        bystander.close();
        bystander.closed.get(10, TimeUnit.SECONDS);
        server.assertNothingLeft();
        assertThat(binEvents).as("half binary events dispatched").hasValue(0);
    }

    private void awaitLog(String sid, String words) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .alias("log line with " + sid + " and '" + words + "'")
                .until(() -> log.has(sid, words));
    }

    @Test
    void resetInTheMiddleOfAPostBodyClosesThatSession() throws Exception {
        RawSioPolling victim = RawSioPolling.open(server.port());
        String socketId = socketIdOf(victim.connect());
        int posts = server.served("POST", victim.sid());
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", pollingTarget(victim.sid()),
                    "Content-Type: text/plain;charset=UTF-8", "Content-Length: 100")
                    + "42[\"echo\",\"par");
            server.awaitServed("POST", victim.sid(), posts + 1); // the body is being read
            raw.reset();
        }
        assertThat(server.reasonOf(socketId)).isEqualTo("transport error");
        server.assertGone(victim.sid(), socketId);
        awaitLog(victim.sid(), "POST read failed");
        assertBystanderServedAndNothingLeft();
    }

    @Test
    void resetAfterTheProbeLeavesTheSessionOnPollingAndDropsTheUpgradeTimer() throws Exception {
        RawSioPolling victim = RawSioPolling.open(server.port());
        String socketId = socketIdOf(victim.connect());
        int timers = server.io.engine().pendingTimers(); // the two heartbeats
        try (RawHttp ws = RawHttp.connect(server.port())) {
            ws.send(RawHttp.websocketUpgrade("/socket.io/?EIO=4&transport=websocket&sid="
                    + victim.sid()));
            assertThat(ws.readResponse().status()).isEqualTo(101);
            ws.send(RawHttp.maskedTextFrame("2probe"));
            assertThat(ws.readFrame().text()).isEqualTo("3probe");
            assertThat(server.io.engine().pendingTimers()).as("with the upgrade timeout")
                    .isEqualTo(timers + 1);
            ws.reset(); // before "5"
        }
        awaitLog(victim.sid(), "upgrade abandoned");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.io.engine().pendingTimers() == timers);
        // as the reference server: the upgrade failed, the session goes on over polling
        assertThat(server.io.engine().session(victim.sid()).transport())
                .isEqualTo(TransportType.POLLING);
        assertThat(victim.post("421[\"echo\",\"after\"]").body()).isEqualTo("ok");
        HttpResponse<String> answer = victim.get();
        assertThat(RawSioPolling.packets(answer)).contains("431[\"after\"]");
        // the client leaves properly: everything of it goes
        assertThat(victim.post("1").statusCode()).isEqualTo(200);
        assertThat(server.reasonOf(socketId)).isEqualTo("transport close");
        server.assertGone(victim.sid(), socketId);
        assertBystanderServedAndNothingLeft();
    }

    /**
     * A WebSocket client sends a binary packet's header, then goes away without a WebSocket
     * close: with a FIN (a process that exits: "transport close") or a reset ("transport
     * error"). The decoder's half packet goes with the connection.
     */
    @ParameterizedTest(name = "reset={0}")
    @ValueSource(booleans = {false, true})
    void webSocketDroppedInTheMiddleOfABinaryPacket(boolean reset) throws Exception {
        String sid;
        String socketId;
        try (RawHttp ws = RawHttp.connect(server.port())) {
            ws.send(RawHttp.websocketUpgrade("/socket.io/?EIO=4&transport=websocket"));
            assertThat(ws.readResponse().status()).isEqualTo(101);
            String open = ws.readFrame().text();
            assertThat(open).startsWith("0{");
            sid = socketIdOf(open);
            ws.send(RawHttp.maskedTextFrame("40"));
            socketId = socketIdOf(ws.readFrame().text());
            ws.send(RawHttp.maskedTextFrame(BINARY_HEADER));
            if (reset) {
                ws.reset();
            }
        }
        assertThat(server.reasonOf(socketId))
                .isEqualTo(reset ? "transport error" : "transport close");
        server.assertGone(sid, socketId);
        awaitLog(sid, reset ? "WebSocket failed, closing" : "WebSocket closed by the client");
        assertBystanderServedAndNothingLeft();
    }

    /**
     * A polling client posts a binary packet's header, then resets the connection in the
     * middle of the POST carrying the attachment: the session closes at once. (A reset of a
     * held GET is noticed by the next heartbeat only, as the container does not read an idle
     * request: see PollingRequestFaultsTest.)
     */
    @Test
    void pollingResetInTheMiddleOfTheAttachmentClosesThatSession() throws Exception {
        RawSioPolling victim = RawSioPolling.open(server.port());
        String socketId = socketIdOf(victim.connect());
        assertThat(victim.post(BINARY_HEADER).body()).isEqualTo("ok");
        int posts = server.served("POST", victim.sid());
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", pollingTarget(victim.sid()),
                    "Content-Type: text/plain;charset=UTF-8", "Content-Length: 40")
                    + "bAQIDBAUG");
            server.awaitServed("POST", victim.sid(), posts + 1);
            raw.reset();
        }
        assertThat(server.reasonOf(socketId)).isEqualTo("transport error");
        server.assertGone(victim.sid(), socketId);
        awaitLog(victim.sid(), "POST read failed");
        assertBystanderServedAndNothingLeft();
    }

    /** Many faults at once, of every kind: the bystander does not notice. */
    @Test
    void aBurstOfResetsClosesOnlyTheirOwnSessions() throws Exception {
        int n = 20;
        List<String> sids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawSioPolling victim = RawSioPolling.open(server.port());
            victim.connect();
            sids.add(victim.sid());
            int posts = server.served("POST", victim.sid());
            try (RawHttp raw = RawHttp.connect(server.port())) {
                raw.send(RawHttp.head("POST", pollingTarget(victim.sid()),
                        "Content-Type: text/plain;charset=UTF-8", "Content-Length: 50") + "42[");
                server.awaitServed("POST", victim.sid(), posts + 1);
                raw.reset();
            }
            try (RawHttp ws = RawHttp.connect(server.port())) {
                ws.send(RawHttp.websocketUpgrade("/socket.io/?EIO=4&transport=websocket"));
                assertThat(ws.readResponse().status()).isEqualTo(101);
                sids.add(socketIdOf(ws.readFrame().text()));
                ws.send(RawHttp.maskedTextFrame("40"));
                ws.readFrame();
                ws.send(RawHttp.maskedTextFrame(BINARY_HEADER));
                ws.reset();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> sids.stream().allMatch(s -> server.io.engine().session(s) == null));
        assertThat(server.io.engine().sessionCount()).isEqualTo(1);
        assertThat(server.io.sockets().sockets()).hasSize(1);
        assertBystanderServedAndNothingLeft();
    }
}
