package io.github.socketiojakarta.engine;

import static io.github.socketiojakarta.testing.RecordingListener.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages over long-polling: payload format both ways, response headers, chunked bodies. */
class PollingMessagesTest {
    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;
    private PollingClient polling;
    private String sid;

    @BeforeEach
    void start() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);
        polling = server.polling();
        sid = polling.handshake().sid();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineSession session() {
        return server.engine().session(sid);
    }

    @Test
    void postIsAnswered200Ok() {
        HttpResponse<String> r = polling.post(sid, "4hello");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
    }

    @Test
    void singleTextMessageIsEchoed() {
        polling.post(sid, "4hello");

        assertThat(polling.get(sid).body()).isEqualTo("4hello");
        assertThat(listener.texts(sid)).containsExactly("hello");
    }

    @Test
    void severalPacketsInOnePostArriveInOrder() {
        assertThat(polling.post(sid, "4test1\u001e4test2\u001e4test3").body()).isEqualTo("ok");

        assertThat(polling.pollPackets(sid, 3)).containsExactly("4test1", "4test2", "4test3");
        assertThat(listener.texts(sid)).containsExactly("test1", "test2", "test3");
    }

    @Test
    void packetsQueuedWhileNoGetIsPendingComeInOneSeparatedPayload() {
        session().send(EnginePacket.message("a"));
        session().send(EnginePacket.message("b"));
        session().send(EnginePacket.binary(new byte[] {1, 2, 3, 4}));
        session().send(EnginePacket.message(""));

        assertThat(polling.get(sid).body()).isEqualTo("4a\u001e4b\u001ebAQIDBA==\u001e4");
    }

    @Test
    void textAndBinaryPostIsDeliveredAndEchoedAsBase64() {
        polling.post(sid, "4hello\u001ebAQIDBA==");

        assertThat(polling.pollPackets(sid, 2)).containsExactly("4hello", "bAQIDBA==");
        assertThat(listener.events(sid)).containsExactly("open", "text:hello", "binary:01020304");
    }

    @Test
    void emptyBinaryAndEmptyTextAreMessagesToo() {
        polling.post(sid, "b\u001e4");

        await().until(() -> listener.events(sid).size() == 3);
        assertThat(listener.events(sid)).containsExactly("open", "binary:", "text:");
    }

    @Test
    void pendingGetIsAnsweredAsSoonAsAPacketIsQueued() {
        CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == 1);
        assertThat(get).isNotDone();

        session().send(EnginePacket.message("late"));

        assertThat(PollingClient.await(get).body()).isEqualTo("4late");
    }

    @Test
    void atomicBatchIsWrittenInOneAnswer() {
        CompletableFuture<HttpResponse<String>> get = polling.getAsync(sid);
        await().until(() -> server.served("GET", sid) == 1);

        session().send(List.of(EnginePacket.message("51-[\"x\"]"),
                EnginePacket.binary(new byte[] {9})));

        assertThat(PollingClient.await(get).body()).isEqualTo("451-[\"x\"]\u001ebCQ==");
    }

    @Test
    void getAnswerHasTextPlainUtf8NoStoreAndTheUtf8ByteLength() {
        String text = "héllo € 😀";
        session().send(EnginePacket.message(text));

        HttpResponse<String> r = polling.get(sid);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("4" + text);
        int utf8Length = ("4" + text).getBytes(StandardCharsets.UTF_8).length;
        assertThat(utf8Length).isGreaterThan(("4" + text).length());
        assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(utf8Length));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t.replace(" ", "").toLowerCase(Locale.ROOT))
                        .isEqualTo("text/plain;charset=utf-8"));
    }

    @Test
    void handshakeAnswerHasTheSameHeaders() {
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = raw.send(RawHttp.head("GET",
                    server.target(PollingClient.query(null)))).readResponse();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).startsWith("0{");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().length));
            assertThat(r.header("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT))
                    .isEqualTo("text/plain;charset=utf-8");
        }
    }

    @Test
    void nonAsciiPostIsDecodedAsUtf8() {
        polling.post(sid, "4héllo € 😀");

        await().until(() -> listener.texts(sid).size() == 1);
        assertThat(listener.texts(sid)).containsExactly("héllo € 😀");
    }

    @Test
    void chunkedPostBodyIsReadWhole() {
        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.head("POST", server.target(PollingClient.query(sid)),
                    "Content-Type: text/plain;charset=UTF-8", "Transfer-Encoding: chunked"));
            raw.send(RawHttp.chunk("4hel"));
            raw.send(RawHttp.chunk("lo\u001e4wor"));
            raw.send(RawHttp.chunk("ld") + RawHttp.lastChunk());

            RawHttp.Response r = raw.readResponse();

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("ok");
        }
        await().until(() -> listener.texts(sid).size() == 2);
        assertThat(listener.texts(sid)).containsExactly("hello", "world");
    }

    @Test
    void chunkBoundaryInsideAMultiByteCharacterIsHarmless() {
        byte[] body = "4€uro".getBytes(StandardCharsets.UTF_8); // € is 3 bytes: split after 2
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(RawHttp.head("POST", server.target(PollingClient.query(sid)),
                "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
        req.writeBytes("3\r\n".getBytes(StandardCharsets.US_ASCII));
        req.write(body, 0, 3);
        req.writeBytes(("\r\n" + Integer.toHexString(body.length - 3) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        req.write(body, 3, body.length - 3);
        req.writeBytes(("\r\n" + RawHttp.lastChunk()).getBytes(StandardCharsets.US_ASCII));
        try (RawHttp raw = RawHttp.connect(server.port())) {
            assertThat(raw.send(req.toByteArray()).readResponse().text()).isEqualTo("ok");
        }

        await().until(() -> listener.texts(sid).size() == 1);
        assertThat(listener.texts(sid)).containsExactly("€uro");
    }

    @Test
    void manyPostsInARowArriveInOrder() {
        for (int i = 0; i < 30; i++) {
            assertThat(polling.post(sid, "4m" + i).body()).isEqualTo("ok");
        }

        List<String> echoed = polling.pollPackets(sid, 30);

        assertThat(echoed).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(echoed.get(i)).isEqualTo("4m" + i);
        }
    }

    @Test
    void binaryPostIsDeliveredAsBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        polling.post(sid, "b" + Base64.getEncoder().encodeToString(all));

        await().until(() -> listener.binaries(sid).size() == 1);
        assertThat(listener.binaries(sid)).containsExactly(hex(all));
    }
}
