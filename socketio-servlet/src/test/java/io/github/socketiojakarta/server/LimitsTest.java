package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.protocol.DecoderLimits;
import io.github.socketiojakarta.protocol.JsonLimits;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.RawSioWs;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.WsClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The bounds that keep one connection from holding the server: connectTimeout, the bounded
 * outbound queue, the decoder's limits (attachments, JSON depth and length) and
 * maxHttpBufferSize. Each closes only the offending connection; a bystander keeps working.
 */
class LimitsTest {

    /** A server echoing "echo" and recording disconnect reasons by socket id. */
    private static final class Fixture implements AutoCloseable {
        final Map<String, CompletableFuture<String>> reasons = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<Object>> received = new ConcurrentHashMap<>();
        final CompletableFuture<Socket> firstSocket = new CompletableFuture<>();
        final SocketIoTestServer server;

        Fixture(Consumer<ServerOptions.Builder> options) {
            server = SocketIoTestServer.start(options, io -> io.onConnection(socket -> {
                firstSocket.complete(socket);
                socket.onDisconnect((s, r) -> reason(s.id()).complete(r.reason()));
                socket.on("echo", e -> socket.emit("echo", e.args().values().toArray()));
                socket.on("keep", e -> received.computeIfAbsent(socket.id(),
                        k -> new CompletableFuture<>()).complete(e.args().values()));
            }));
        }

        CompletableFuture<String> reason(String socketId) {
            return reasons.computeIfAbsent(socketId, k -> new CompletableFuture<>());
        }

        String reasonOf(String socketId) throws Exception {
            return reason(socketId).get(15, TimeUnit.SECONDS);
        }

        int port() {
            return server.port();
        }

        SocketIoServer io() {
            return server.io();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static String sidOf(String connectAnswer) {
        int start = connectAnswer.indexOf("\"sid\":\"") + 7;
        return connectAnswer.substring(start, connectAnswer.indexOf('"', start));
    }

    /** A client connected to / before the offence, which must keep working after it. */
    private static void assertStillServes(RawSioWs bystander) {
        bystander.send("2[\"echo\",\"still here\"]");
        assertThat(bystander.next()).isEqualTo("2[\"echo\",\"still here\"]");
    }

    // ---------------------------------------------------------------- connectTimeout

    @Test
    void aConnectionThatNeverJoinsANamespaceIsClosedAfterConnectTimeout() throws Exception {
        try (Fixture f = new Fixture(o -> o.connectTimeout(Duration.ofMillis(300)));
                RawSioWs joined = RawSioWs.open(f.port())) {
            assertThat(joined.connect("/")).startsWith("0{\"sid\":");
            long start = System.nanoTime();
            try (RawSioWs idle = RawSioWs.open(f.port())) {
                idle.awaitClose();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isGreaterThanOrEqualTo(250);
                assertThat(idle.seenText()).doesNotContain("40");
            }
            // the joined connection's own timer fired earlier: it is still served
            assertStillServes(joined);
        }
    }

    @Test
    void aPollingConnectionThatNeverJoinsIsClosedAfterConnectTimeout() {
        try (Fixture f = new Fixture(o -> o.connectTimeout(Duration.ofMillis(300)))) {
            RawSioPolling idle = RawSioPolling.open(f.port());
            // held until the timeout closes the session, or answered with the close packet
            HttpResponse<String> r = idle.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("1");
            assertThat(f.io().engine().session(idle.sid())).isNull();
        }
    }

    @Test
    void leavingTheLastNamespaceDoesNotBringTheConnectTimeoutBack() throws Exception {
        try (Fixture f = new Fixture(o -> o.connectTimeout(Duration.ofMillis(300)));
                RawSioWs client = RawSioWs.open(f.port())) {
            String first = client.connect("/");
            client.send("1");
            assertThat(f.reasonOf(sidOf(first))).isEqualTo("client namespace disconnect");
            // a connection opened later is closed by its timer: ours has fired by then
            try (RawSioWs clock = RawSioWs.open(f.port())) {
                clock.awaitClose();
            }
            assertThat(client.isClosed()).isFalse();
            assertThat(client.connect("/")).startsWith("0{\"sid\":");
            assertStillServes(client);
        }
    }

    // ---------------------------------------------------------------- outbound queue

    @Test
    void aPollingClientThatNeverPollsIsClosedWhenItsQueueIsFull() throws Exception {
        long bound = 64 * 1024;
        try (Fixture f = new Fixture(o -> o.engine(e -> e.maxBufferedBytes(bound)));
                RawSioWs bystander = RawSioWs.open(f.port())) {
            RawSioPolling stuck = RawSioPolling.open(f.port());
            String answer = stuck.connect();
            Socket socket = f.io().sockets().sockets().get(sidOf(answer));
            assertThat(bystander.connect("/")).startsWith("0{\"sid\":");

            String chunk = "x".repeat(1000);
            long accepted = 0;
            int emits = 0;
            while (socket.emit("flood", chunk)) {
                accepted += chunk.length();
                emits++;
                assertThat(emits).as("emits accepted").isLessThan(10_000);
            }
            assertThat(accepted).isLessThanOrEqualTo(bound + chunk.length());
            assertThat(f.reasonOf(socket.id())).isEqualTo("transport error");
            assertThat(f.io().engine().session(stuck.sid())).isNull();
            assertThat(f.io().sockets().sockets()).doesNotContainKey(socket.id());
            assertThat(stuck.get().statusCode()).isEqualTo(400);
            assertStillServes(bystander);
        }
    }

    @Test
    void aWebSocketClientThatDoesNotReadIsClosedWhenItsQueueIsFull() throws Exception {
        long bound = 256 * 1024;
        try (Fixture f = new Fixture(o -> o.engine(e -> e.maxBufferedBytes(bound)));
                RawHttp stuck = RawHttp.connect(f.port());
                RawSioWs bystander = RawSioWs.open(f.port())) {
            stuck.send(RawHttp.websocketUpgrade("/socket.io/?EIO=4&transport=websocket"));
            assertThat(stuck.readResponse().status()).isEqualTo(101);
            assertThat(stuck.readFrame().text()).startsWith("0{");
            stuck.send(RawHttp.maskedTextFrame("40"));
            String answer = stuck.readFrame().text();
            Socket socket = f.io().sockets().sockets().get(sidOf(answer));
            assertThat(bystander.connect("/")).startsWith("0{\"sid\":");

            // the client reads nothing more: the socket buffers fill, then the queue
            String chunk = "y".repeat(64 * 1024);
            int emits = 0;
            while (socket.emit("flood", chunk)) {
                emits++;
                assertThat(emits).as("emits accepted").isLessThan(10_000);
            }
            assertThat(f.reasonOf(socket.id())).isEqualTo("transport error");
            assertThat(f.io().sockets().sockets()).doesNotContainKey(socket.id());
            assertStillServes(bystander);
        }
    }

    // ---------------------------------------------------------------- decoder limits

    @Test
    void tenAttachmentsAreAcceptedAndElevenCloseTheConnection() throws Exception {
        try (Fixture f = new Fixture(o -> { });
                RawSioWs bystander = RawSioWs.open(f.port());
                RawSioWs client = RawSioWs.open(f.port())) {
            assertThat(bystander.connect("/")).startsWith("0{");
            String sid = sidOf(client.connect("/"));

            client.send("510-" + placeholders("keep", 10));
            for (int i = 0; i < 10; i++) {
                client.sendBinary(new byte[] {(byte) i});
            }
            Object args = f.received.computeIfAbsent(sid, k -> new CompletableFuture<>())
                    .get(10, TimeUnit.SECONDS);
            assertThat((List<?>) args).hasSize(10)
                    .allSatisfy(a -> assertThat(a).isInstanceOf(byte[].class));

            client.send("511-" + placeholders("keep", 11));
            client.awaitClose();
            assertThat(f.reasonOf(sid)).isEqualTo("parse error");
            assertStillServes(bystander);
        }
    }

    @Test
    void aJsonDepthBombClosesTheConnection() throws Exception {
        try (Fixture f = new Fixture(o -> { });
                RawSioWs bystander = RawSioWs.open(f.port());
                RawSioWs client = RawSioWs.open(f.port())) {
            assertThat(bystander.connect("/")).startsWith("0{");
            String sid = sidOf(client.connect("/"));
            // depth 60 in all is within the default 64
            client.send("2[\"echo\"," + "[".repeat(59) + "]".repeat(59) + "]");
            assertThat(client.next()).startsWith("2[\"echo\",[[[[");
            client.send("2[\"echo\"," + "[".repeat(100_000) + "]".repeat(100_000) + "]");
            client.awaitClose();
            assertThat(f.reasonOf(sid)).isEqualTo("parse error");
            assertStillServes(bystander);
        }
    }

    @Test
    void customDecoderLimitsApply() throws Exception {
        DecoderLimits limits = new DecoderLimits(2, new JsonLimits(4, 200));
        try (Fixture f = new Fixture(o -> o.decoderLimits(limits));
                RawSioWs bystander = RawSioWs.open(f.port())) {
            assertThat(bystander.connect("/")).startsWith("0{");
            for (String offence : new String[] {
                "53-" + placeholders("keep", 3),
                "2[\"echo\",[[[[1]]]]]",
                "2[\"echo\",\"" + "z".repeat(300) + "\"]"}) {
                try (RawSioWs client = RawSioWs.open(f.port())) {
                    String sid = sidOf(client.connect("/"));
                    client.send(offence);
                    client.awaitClose();
                    assertThat(f.reasonOf(sid)).as(offence).isEqualTo("parse error");
                }
            }
            // within the limits
            bystander.send("2[\"echo\",[[1]]]");
            assertThat(bystander.next()).isEqualTo("2[\"echo\",[[1]]]");
            assertStillServes(bystander);
        }
    }

    @Test
    void aMessageOverMaxHttpBufferSizeClosesTheConnectionOnBothTransports() throws Exception {
        try (Fixture f = new Fixture(o -> o.engine(e -> e.maxHttpBufferSize(10_000)));
                RawSioWs bystander = RawSioWs.open(f.port());
                WsClient big = WsClient.connect(URI.create("ws://127.0.0.1:" + f.port()
                        + "/socket.io/?EIO=4&transport=websocket"))) {
            assertThat(bystander.connect("/")).startsWith("0{");
            big.nextOpen();
            big.sendText("40");
            String sid = sidOf(big.nextText());
            big.sendText("42[\"echo\",\"" + "w".repeat(20_000) + "\"]");
            assertThat(big.awaitClose().code()).isEqualTo(1009);
            assertThat(f.reasonOf(sid)).isEqualTo("transport error");

            RawSioPolling polling = RawSioPolling.open(f.port());
            String pollingSid = sidOf(polling.connect());
            HttpResponse<String> tooBig = polling.post("42[\"echo\",\"" + "w".repeat(20_000) + "\"]");
            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(f.reasonOf(pollingSid)).isEqualTo("transport error");
            assertStillServes(bystander);
        }
    }

    /** {@code ["event",{placeholder 0},...,{placeholder n-1}]} */
    private static String placeholders(String event, int n) {
        StringBuilder b = new StringBuilder("[\"").append(event).append('"');
        for (int i = 0; i < n; i++) {
            b.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
        }
        return b.append(']').toString();
    }
}
