package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Long-polling requests that break the rules: bodies too large, binary content type, invalid
 * packets, overlapping GETs and POSTs, and a pending GET the client gives up on. Each closes the
 * session (and only it), and every request gets an answer.
 */
class PollingRequestFaultsTest {
    private static final String CODE_1 = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final String CODE_3 = "{\"code\":3,\"message\":\"Bad request\"}";
    private static final int LIMIT = 100;

    private final RecordingListener listener = RecordingListener.recording();
    private EngineTestServer server;
    private PollingClient polling;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String open(EngineOptions options) {
        server = EngineTestServer.start(options, listener);
        polling = server.polling();
        return polling.handshake().sid();
    }

    private String open() {
        return open(EngineTestServer.quietOptions().maxHttpBufferSize(LIMIT).build());
    }

    private void assertClosed(String sid, CloseReason reason) {
        assertThat(listener.awaitClose(sid)).isEqualTo(reason);
        server.awaitSessionGone(sid);
        HttpResponse<String> after = polling.get(sid);
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(after.body()).isEqualTo(CODE_1);
    }

    // ---------------------------------------------------------------- body size

    @Test
    void postOfExactlyMaxHttpBufferSizeIsAccepted() {
        String sid = open();
        String body = "4" + "x".repeat(LIMIT - 1);

        assertThat(polling.post(sid, body).body()).isEqualTo("ok");
        await().until(() -> listener.texts(sid).size() == 1);
        assertThat(server.hasSession(sid)).isTrue();
    }

    @Test
    void postOverMaxHttpBufferSizeByContentLengthIs413AndClosesTheSession() {
        String sid = open();

        HttpResponse<String> r = polling.post(sid, "4" + "x".repeat(LIMIT));

        assertThat(r.statusCode()).isEqualTo(413);
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
        assertThat(listener.texts(sid)).isEmpty();
    }

    @Test
    void limitCountsUtf8BytesNotCharacters() {
        String sid = open();
        String body = "4" + "é".repeat(LIMIT / 2); // LIMIT + 1 bytes, fewer characters

        assertThat(polling.post(sid, body).statusCode()).isEqualTo(413);
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void chunkedPostOverMaxHttpBufferSizeIs413AndClosesTheSession() {
        String sid = open();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", server.target(PollingClient.query(sid)),
                    "Transfer-Encoding: chunked"));
            raw.send(RawHttp.chunk("4" + "x".repeat(59)));
            raw.send(RawHttp.chunk("y".repeat(60)) + RawHttp.lastChunk());

            RawHttp.Response r = raw.readResponse();

            assertThat(r.status()).isEqualTo(413);
        }
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
        assertThat(listener.texts(sid)).isEmpty();
    }

    @Test
    void chunkedPostIsRefusedAsSoonAsItPassesTheLimit() {
        String sid = open();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", server.target(PollingClient.query(sid)),
                    "Transfer-Encoding: chunked"));
            // more than the limit, and the body is not finished: the answer must not wait for it
            raw.send(RawHttp.chunk("4" + "x".repeat(LIMIT + 10)));

            assertThat(raw.readResponse().status()).isEqualTo(413);
        }
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
    }

    // ---------------------------------------------------------------- bad bodies

    @Test
    void binaryContentTypeIs400AndClosesTheSession() {
        String sid = open();

        HttpResponse<String> r = polling.request("POST", PollingClient.query(sid), "4hello",
                "Content-Type", "application/octet-stream");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(CODE_3);
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
        assertThat(listener.texts(sid)).isEmpty();
    }

    @Test
    void invalidPacketIs400AndClosesTheSessionWithParseError() {
        String sid = open();

        HttpResponse<String> r = polling.post(sid, "abc");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(CODE_3);
        assertClosed(sid, CloseReason.PARSE_ERROR);
    }

    @Test
    void payloadWithOneBadRecordDeliversNothing() {
        String sid = open();

        assertThat(polling.post(sid, "4first\u001eb!!!\u001e4third").statusCode()).isEqualTo(400);

        assertClosed(sid, CloseReason.PARSE_ERROR);
        assertThat(listener.events(sid)).containsExactly("open", "close:parse error");
    }

    @Test
    void emptyPostBodyIs400AndClosesTheSession() {
        String sid = open();

        assertThat(polling.post(sid, "").statusCode()).isEqualTo(400);

        assertClosed(sid, CloseReason.PARSE_ERROR);
    }

    // ---------------------------------------------------------------- overlapping requests

    @Test
    void overlappingGetIs400TheHeldOneGetsCloseAndTheSessionCloses() {
        String sid = open();
        CompletableFuture<HttpResponse<String>> held = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == 1);
        assertThat(held).isNotDone();

        HttpResponse<String> second = polling.get(sid);

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(CODE_3);
        HttpResponse<String> first = PollingClient.await(held);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("1");
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void overlappingPostIs400AndClosesTheSession() {
        String sid = open();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", server.target(PollingClient.query(sid)),
                    "Content-Type: text/plain;charset=UTF-8", "Content-Length: 10"));
            raw.send("4held"); // 5 of the 10 bytes: the body stays open
            await().until(() -> server.served("POST", sid) == 1);

            HttpResponse<String> second = polling.post(sid, "4second");

            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(second.body()).isEqualTo(CODE_3);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);

            // the held POST still gets an answer once its body is complete, but nothing of it
            // reaches the closed session
            raw.send("-done");
            assertThat(raw.readResponse().status()).isBetween(200, 499);
        }
        assertClosed(sid, CloseReason.TRANSPORT_ERROR);
        assertThat(listener.texts(sid)).isEmpty();
    }

    @Test
    void postWhileAGetIsPendingIsNormal() {
        String sid = open();
        CompletableFuture<HttpResponse<String>> held = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == 1);

        assertThat(polling.post(sid, "4hi").body()).isEqualTo("ok");
        server.engine().session(sid).send(EnginePacket.NOOP);

        assertThat(PollingClient.await(held).body()).isEqualTo("6");
        assertThat(server.hasSession(sid)).isTrue();
    }

    // ---------------------------------------------------------------- abandoned GET

    @Test
    void abandonedGetThenNewPollIsRefusedAndTheSessionIsClosed() {
        String sid = open();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("GET", server.target(PollingClient.query(sid))));
            await().until(() -> server.served("GET", sid) == 1);
        } // the client gives up on the pending GET

        HttpResponse<String> next = polling.get(sid);

        assertThat(next.statusCode()).isEqualTo(400);
        assertThat(next.body()).isIn(CODE_1, CODE_3);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.hasSession(sid));
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void abandonedGetClosesTheSessionByTheNextHeartbeatAtTheLatest() {
        // Tomcat does not report a client that vanishes while its async request is idle; the
        // heartbeat notices: the ping goes nowhere and no pong comes back
        String sid = open(EngineOptions.builder().pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)).build());
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("GET", server.target(PollingClient.query(sid))));
            await().until(() -> server.served("GET", sid) == 1);
            raw.reset();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !server.hasSession(sid));
        assertThat(listener.awaitClose(sid)).isIn(CloseReason.TRANSPORT_ERROR,
                CloseReason.PING_TIMEOUT);
    }

    // ---------------------------------------------------------------- isolation

    @Test
    void faultsCloseOnlyTheirOwnSession() {
        String sid = open();
        String other = polling.handshake().sid();
        String third = polling.handshake().sid();

        polling.post(sid, "abc");
        polling.post(other, "4" + "x".repeat(LIMIT));

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
        assertThat(listener.awaitClose(other)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(polling.post(third, "4still here").body()).isEqualTo("ok");
        await().until(() -> listener.texts(third).equals(List.of("still here")));
        assertThat(server.hasSession(third)).isTrue();
    }
}
