package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.Handshake;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One bad session never harms another: while attackers send garbage, oversized data, invalid
 * frames and reset connections, two well-behaved sessions (one per transport) keep echoing, and
 * each attacked session is closed on its own.
 */
class SessionIsolationTest {
    private static final int LIMIT = 1000;

    private final RecordingListener listener = RecordingListener.echoing();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Throwable> victimFailures = new CopyOnWriteArrayList<>();
    private final AtomicInteger roundTrips = new AtomicInteger();
    private EngineTestServer server;
    private PollingClient polling;

    @BeforeEach
    void start() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxHttpBufferSize(LIMIT)
                .build(), listener);
        polling = server.polling();
    }

    @AfterEach
    void close() {
        stop.set(true);
        server.close();
    }

    /** A well-behaved WebSocket session echoing in a loop until stopped. */
    private CompletableFuture<String> webSocketVictim() {
        return CompletableFuture.supplyAsync(() -> {
            try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
                String sid = ws.nextOpen().sid();
                for (int i = 0; !stop.get(); i++) {
                    ws.sendText("4ws" + i);
                    assertThat(ws.nextText()).isEqualTo("4ws" + i);
                    roundTrips.incrementAndGet();
                }
                assertThat(server.hasSession(sid)).as("victim still open").isTrue();
                assertThat(listener.closeReason(sid)).isNull();
                return sid;
            } catch (Throwable t) {
                victimFailures.add(t);
                throw t;
            }
        });
    }

    /** A well-behaved polling session echoing in a loop until stopped. */
    private CompletableFuture<String> pollingVictim() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String sid = polling.handshake().sid();
                for (int i = 0; !stop.get(); i++) {
                    assertThat(polling.post(sid, "4p" + i).body()).isEqualTo("ok");
                    assertThat(polling.pollPackets(sid, 1)).containsExactly("4p" + i);
                    roundTrips.incrementAndGet();
                }
                return sid;
            } catch (Throwable t) {
                victimFailures.add(t);
                throw t;
            }
        });
    }

    /** Opens a raw WebSocket session; returns its sid once the open packet is read. */
    private String rawWebSocketSession(RawHttp raw) {
        RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(
                server.target("EIO=4&transport=websocket"))).readResponse();
        assertThat(r.status()).isEqualTo(101);
        return Handshake.parse(raw.readFrame().text()).sid();
    }

    @Test
    void garbageFromOneClientNeverHarmsTheOthers() {
        CompletableFuture<String> wsVictim = webSocketVictim();
        CompletableFuture<String> pollVictim = pollingVictim();
        List<String> attacked = new CopyOnWriteArrayList<>();

        // polling: invalid packets, oversized and binary bodies, overlapping GETs
        String s1 = polling.handshake().sid();
        attacked.add(s1);
        assertThat(polling.post(s1, "\u0000\u0001garbage").statusCode()).isEqualTo(400);
        String s2 = polling.handshake().sid();
        attacked.add(s2);
        assertThat(polling.post(s2, "4" + "x".repeat(LIMIT * 2)).statusCode()).isEqualTo(413);
        String s3 = polling.handshake().sid();
        attacked.add(s3);
        assertThat(polling.request("POST", PollingClient.query(s3), "bAAAA",
                "Content-Type", "application/octet-stream").statusCode()).isEqualTo(400);
        String s4 = polling.handshake().sid();
        attacked.add(s4);
        CompletableFuture<HttpResponse<String>> held = polling.getAsync(s4);
        await().until(() -> server.served("GET", s4) == 1);
        assertThat(polling.get(s4).statusCode()).isEqualTo(400);
        assertThat(PollingClient.await(held).body()).isEqualTo("1");

        // polling: a connection reset in the middle of a POST body
        String s5 = polling.handshake().sid();
        attacked.add(s5);
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", server.target(PollingClient.query(s5)),
                    "Content-Length: 500"));
            raw.send("4partial");
            await().until(() -> server.served("POST", s5) == 1);
            raw.reset();
        }

        // websocket: invalid packet, oversized message
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            attacked.add(ws.nextOpen().sid());
            ws.sendText("not a packet");
            ws.awaitClose();
        }
        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            attacked.add(ws.nextOpen().sid());
            ws.sendBinary(new byte[LIMIT + 1]);
            assertThat(ws.awaitClose().code()).isEqualTo(1009);
        }

        // websocket: frames that break the WebSocket protocol itself
        try (RawHttp raw = RawHttp.connect(server.port())) {
            attacked.add(rawWebSocketSession(raw));
            raw.send(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8});
            assertThat(raw.awaitEof()).isTrue();
        }
        try (RawHttp raw = RawHttp.connect(server.port())) {
            attacked.add(rawWebSocketSession(raw));
            raw.send(new byte[] {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o'}); // unmasked
            assertThat(raw.awaitEof()).isTrue();
        }
        try (RawHttp raw = RawHttp.connect(server.port())) {
            attacked.add(rawWebSocketSession(raw));
            raw.send(RawHttp.maskedTextFrame("4fine"));
            raw.send(new byte[] {(byte) 0x81, (byte) 0xfe, 0x10}); // half a header
            raw.reset();
        }

        // plain HTTP garbage on the engine's path
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send("GARBAGE /socket.io/?EIO=4 NOT-HTTP\r\n\u0001\u0002\r\n\r\n");
            raw.awaitEof();
        }

        for (String sid : attacked) {
            server.awaitSessionGone(sid);
        }
        int before = roundTrips.get();
        await().until(() -> roundTrips.get() >= before + 10);
        stop.set(true);

        String wsSid = PollingClient.await(wsVictim);
        String pollSid = PollingClient.await(pollVictim);
        assertThat(victimFailures).isEmpty();
        assertThat(listener.awaitClose(wsSid)).isEqualTo(CloseReason.TRANSPORT_CLOSE); // its own
        assertThat(server.hasSession(pollSid)).isTrue();
        assertThat(listener.closeReason(pollSid)).isNull();
        assertThat(listener.violations()).isEmpty();
        for (String sid : attacked) {
            assertThat(listener.awaitClose(sid)).as("close of %s", sid).isNotNull();
        }
    }
}
