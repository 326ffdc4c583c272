package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.RawSioWs;
import io.github.socketiojakarta.testing.SioScenario;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import io.github.socketiojakarta.testing.WsClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reason strings application code gets in {@code onDisconnect} (and {@code onDisconnecting},
 * which still sees the socket's rooms), one test per way a socket can go, with the reason the
 * official client reports on its side where it can see one.
 */
class DisconnectReasonsTest {

    /** What a disconnect listener saw. */
    private record Seen(String reason, Set<String> rooms, boolean connected, int order) {}

    /** A server whose sockets join "room" and record their disconnecting and disconnect. */
    private static final class Fixture implements AutoCloseable {
        final Map<String, CompletableFuture<Seen>> disconnecting = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<Seen>> disconnected = new ConcurrentHashMap<>();
        final Map<String, Socket> sockets = new ConcurrentHashMap<>();
        final CountDownLatch ready;
        final AtomicInteger order = new AtomicInteger();
        final SocketIoTestServer server;

        Fixture(int clients) {
            this(clients, b -> { });
        }

        Fixture(int clients, Consumer<ServerOptions.Builder> options) {
            ready = new CountDownLatch(clients);
            server = SocketIoTestServer.start(options, io -> {
                io.onConnection(this::onConnection);
                io.of("/other").onConnection(this::onConnection);
            });
        }

        private void onConnection(Socket socket) {
            Object auth = socket.handshake().auth().get("name");
            String name = auth == null ? "raw" : (String) auth;
            sockets.put(name, socket);
            socket.join("room");
            socket.onDisconnecting((s, r) -> future(disconnecting, name).complete(
                    new Seen(r.reason(), Set.copyOf(s.rooms()), s.connected(),
                            order.incrementAndGet())));
            socket.onDisconnect((s, r) -> future(disconnected, name).complete(
                    new Seen(r.reason(), Set.copyOf(s.rooms()), s.connected(),
                            order.incrementAndGet())));
            socket.on("kick", e -> socket.disconnect());
            socket.on("kick-close", e -> socket.disconnect(true));
            socket.on("force", e -> io().engine().session(socket.connectionId()).close());
            socket.on("ready", e -> ready.countDown());
        }

        SocketIoServer io() {
            return server.io();
        }

        /** Waits for the socket's disconnect and checks what both listeners saw. */
        String reasonOf(String name) throws Exception {
            Seen before = future(disconnecting, name).get(15, TimeUnit.SECONDS);
            Seen after = future(disconnected, name).get(15, TimeUnit.SECONDS);
            String id = sockets.get(name).id();
            assertThat(before.reason()).isEqualTo(after.reason());
            assertThat(before.order()).isLessThan(after.order());
            assertThat(before.rooms()).as("rooms while disconnecting")
                    .containsExactlyInAnyOrder(id, "room");
            assertThat(before.connected()).isTrue();
            assertThat(after.rooms()).as("rooms once disconnected").isEmpty();
            assertThat(after.connected()).isFalse();
            assertThat(sockets.get(name).namespace().adapter().socketRooms(id)).isEmpty();
            return after.reason();
        }

        void awaitReady() throws InterruptedException {
            assertThat(ready.await(20, TimeUnit.SECONDS)).as("clients ready").isTrue();
        }

        @Override
        public void close() {
            server.close();
        }

        private static CompletableFuture<Seen> future(Map<String, CompletableFuture<Seen>> map,
                String name) {
            return map.computeIfAbsent(name, k -> new CompletableFuture<>());
        }
    }

    private static SioScenario.Client client(String name, TransportMode mode) {
        return SioScenario.client(name, mode).auth(Map.of("name", name));
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clientNamespaceDisconnect(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(1)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", mode))
                    .step(SioScenario.disconnect("a"))
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("client namespace disconnect");
            assertThat(r.client("a").disconnects()).containsExactly("io client disconnect");
            assertThat(((InMemoryAdapter) f.io().of("/").adapter()).rooms()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverNamespaceDisconnect(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(1)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", mode))
                    .step(SioScenario.emit("a", "kick"))
                    .step(SioScenario.awaitDisconnect("a"))
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("server namespace disconnect");
            assertThat(r.client("a").disconnects()).containsExactly("io server disconnect");
        }
    }

    @Test
    void disconnectWithCloseGivesEverySocketOfTheConnectionServerNamespaceDisconnect()
            throws Exception {
        // pinned: like the reference, disconnect(true) disconnects each socket of the
        // connection ("server namespace disconnect") and then closes the connection
        try (Fixture f = new Fixture(2)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", TransportMode.WEBSOCKET))
                    .client(client("a2", TransportMode.WEBSOCKET).nsp("/other").shareWith("a"))
                    .step(SioScenario.emit("a", "kick-close"))
                    .step(SioScenario.awaitDisconnect("a"))
                    .step(SioScenario.awaitDisconnect("a2"))
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("server namespace disconnect");
            assertThat(f.reasonOf("a2")).isEqualTo("server namespace disconnect");
            assertThat(r.client("a").disconnects()).containsExactly("io server disconnect");
            assertThat(r.client("a2").disconnects()).containsExactly("io server disconnect");
        }
    }

    @Test
    void disconnectWithCloseOverPollingShowsIoServerDisconnectOnEverySocket() throws Exception {
        try (Fixture f = new Fixture(2)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", TransportMode.POLLING))
                    .client(client("a2", TransportMode.POLLING).nsp("/other").shareWith("a"))
                    .step(SioScenario.emit("a", "kick-close"))
                    .step(SioScenario.awaitDisconnect("a"))
                    .step(SioScenario.awaitDisconnect("a2"))
                    .run();
            assertThat(r.client("a").disconnects()).containsExactly("io server disconnect");
            assertThat(r.client("a2").disconnects()).containsExactly("io server disconnect");
        }
    }

    @Test
    void aLatePacketForTheNamespaceDoesNotCutDisconnectWithCloseShortOverPolling()
            throws Exception {
        // the client emitted again before it got the DISCONNECT of disconnect(true): that
        // packet, for a namespace the server has just left, must not end the server close
        // early; the client still gets the DISCONNECT, then the close packet (an official
        // client sees "io server disconnect", not a refused poll and "transport error")
        try (Fixture f = new Fixture(0)) {
            RawSioPolling raw = RawSioPolling.open(f.server.port());
            assertThat(raw.connect()).startsWith("40{\"sid\":");
            assertThat(raw.post("42[\"kick-close\"]", "42[\"late\"]").body()).isEqualTo("ok");
            assertThat(f.reasonOf("raw")).isEqualTo("server namespace disconnect");
            HttpResponse<String> disconnect = raw.get();
            assertThat(disconnect.statusCode()).isEqualTo(200);
            assertThat(disconnect.body()).isEqualTo("41");
            assertThat(raw.get().body()).isEqualTo("1");
            assertThat(raw.get().statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void transportCloseWhenTheClientClosesItsConnection(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(2)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", mode))
                    .client(client("a2", mode).nsp("/other").shareWith("a"))
                    .step(SioScenario.closeEngine("a"))
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("transport close");
            assertThat(f.reasonOf("a2")).isEqualTo("transport close");
            assertThat(r.client("a").disconnects()).containsExactly("forced close");
        }
    }

    @Test
    void transportCloseWhenTheClientProcessExits() throws Exception {
        try (Fixture f = new Fixture(1)) {
            SioScenario.at(f.server.url())
                    .client(client("a", TransportMode.WEBSOCKET))
                    .waitAll(false)
                    .leaveOpen()
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("transport close");
        }
    }

    @Disabled("engine/container bug, not fixed here: a pending polling GET aborted by the client "
            + "is not noticed (Tomcat reports nothing for an async request without body), so the "
            + "session lingers until the ping timeout instead of closing at once")
    @Test
    void transportErrorWhenAPollingClientProcessExits() throws Exception {
        // the reference closes at once: "poll connection closed prematurely" -> transport error
        try (Fixture f = new Fixture(1, o -> o.engine(e -> e
                .pingInterval(Duration.ofSeconds(20))))) {
            SioScenario.at(f.server.url())
                    .client(client("a", TransportMode.POLLING))
                    .waitAll(false)
                    .leaveOpen()
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("transport error");
        }
    }

    @Test
    void transportCloseWhenAWebSocketDropsWithoutCloseHandshake() throws Exception {
        try (Fixture f = new Fixture(0); RawSioWs raw = RawSioWs.open(f.server.port())) {
            assertThat(raw.connect("/")).startsWith("0{\"sid\":");
            raw.abort();
            assertThat(f.reasonOf("raw")).isEqualTo("transport close");
        }
    }

    @Test
    void pingTimeoutOnWebSocket() throws Exception {
        try (Fixture f = new Fixture(0, o -> o.engine(e -> e.pingInterval(Duration.ofMillis(200))
                .pingTimeout(Duration.ofMillis(200))));
                WsClient ws = WsClient.connect(URI.create("ws://127.0.0.1:" + f.server.port()
                        + "/socket.io/?EIO=4&transport=websocket"))) {
            ws.nextOpen();
            ws.sendText("40");
            assertThat(ws.nextText()).startsWith("40{\"sid\":");
            // never answer the ping
            assertThat(ws.nextText()).isEqualTo("2");
            assertThat(f.reasonOf("raw")).isEqualTo("ping timeout");
            ws.awaitClose();
        }
    }

    @Test
    void pingTimeoutOnPolling() throws Exception {
        try (Fixture f = new Fixture(0, o -> o.engine(e -> e.pingInterval(Duration.ofMillis(200))
                .pingTimeout(Duration.ofMillis(200))))) {
            RawSioPolling raw = RawSioPolling.open(f.server.port());
            assertThat(raw.connect()).startsWith("40{\"sid\":");
            // no poll, no pong
            assertThat(f.reasonOf("raw")).isEqualTo("ping timeout");
            HttpResponse<String> late = raw.get();
            assertThat(late.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void parseErrorOnARawGarbageFrame() throws Exception {
        try (Fixture f = new Fixture(0); RawSioWs raw = RawSioWs.open(f.server.port())) {
            assertThat(raw.connect("/")).startsWith("0{\"sid\":");
            raw.send("2abc[\"x\"]");
            raw.awaitClose();
            assertThat(f.reasonOf("raw")).isEqualTo("parse error");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void parseErrorFromAnOfficialClientSendingGarbage(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(1)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", mode))
                    .step(SioScenario.raw("a", "2abc[\"x\"]"))
                    .step(SioScenario.awaitDisconnect("a"))
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("parse error");
            assertThat(r.client("a").disconnects()).containsExactly("transport close");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void forcedCloseWhenTheApplicationClosesTheConnection(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(1)) {
            SioScenario.Result r = SioScenario.at(f.server.url())
                    .client(client("a", mode))
                    .step(SioScenario.emit("a", "force"))
                    .step(SioScenario.awaitDisconnect("a"))
                    .run();
            assertThat(f.reasonOf("a")).isEqualTo("forced close");
            assertThat(r.client("a").disconnects()).containsExactly("transport close");
        }
    }

    @Test
    void transportErrorOnOverlappingPolls() throws Exception {
        try (Fixture f = new Fixture(0)) {
            RawSioPolling raw = RawSioPolling.open(f.server.port());
            assertThat(raw.connect()).startsWith("40{\"sid\":");
            CompletableFuture<HttpResponse<String>> first = raw.getAsync();
            CompletableFuture<HttpResponse<String>> second = raw.getAsync();
            assertThat(f.reasonOf("raw")).isEqualTo("transport error");
            List<Integer> statuses = List.of(first.get(10, TimeUnit.SECONDS).statusCode(),
                    second.get(10, TimeUnit.SECONDS).statusCode());
            assertThat(statuses).contains(400);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverShuttingDown(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(2)) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(f.server.url())
                    .client(client("a", mode))
                    .client(client("b", mode).nsp("/other"))
                    .runAsync();
            f.awaitReady();
            f.io().close();
            assertThat(f.reasonOf("a")).isEqualTo("server shutting down");
            assertThat(f.reasonOf("b")).isEqualTo("server shutting down");
            SioScenario.Result r = SioScenario.join(run);
            assertThat(r.client("a").disconnects()).containsExactly("transport close");
            assertThat(r.client("b").disconnects()).containsExactly("transport close");
        }
    }
}
