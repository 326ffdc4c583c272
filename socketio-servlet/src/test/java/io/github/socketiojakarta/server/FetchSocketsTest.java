package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.SioScenario;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server-side socket operations: fetchSockets (ids, rooms, data, handshake), socketsJoin,
 * socketsLeave, disconnectSockets with room filters, the operations of a {@link RemoteSocket},
 * and serverSideEmit with the in-memory adapter (a single node). Official JS clients; the test
 * thread drives the server while they run.
 */
class FetchSocketsTest {

    /**
     * Clients a (rooms r1), b (r1, r2), c (none) on {@code /}; the server keeps their sockets
     * and their disconnect reasons by name.
     */
    private static final class Fixture implements AutoCloseable {
        final CountDownLatch ready;
        final Map<String, Socket> sockets = new ConcurrentHashMap<>();
        final Map<String, String> reasons = new ConcurrentHashMap<>();
        final SocketIoTestServer server;
        final CompletableFuture<SioScenario.Result> run;

        Fixture(TransportMode mode) throws InterruptedException {
            this(mode, false);
        }

        /**
         * @param multiplexed also b2 and c2 on {@code /other}, sharing the connections of b
         *     and c
         */
        Fixture(TransportMode mode, boolean multiplexed) throws InterruptedException {
            ready = new CountDownLatch(multiplexed ? 5 : 3);
            server = SocketIoTestServer.start(io -> {
                io.onConnection(this::onConnection);
                io.of("/other").onConnection(this::onConnection);
            });
            SioScenario scenario = SioScenario.at(server.url())
                    .client(SioScenario.client("a", mode)
                            .auth(Map.of("name", "a", "rooms", List.of("r1")))
                            .query(Map.of("x", "1")))
                    .client(SioScenario.client("b", mode)
                            .auth(Map.of("name", "b", "rooms", List.of("r1", "r2"))))
                    .client(SioScenario.client("c", mode)
                            .auth(Map.of("name", "c", "rooms", List.of())));
            if (multiplexed) {
                scenario.client(SioScenario.client("b2", mode).nsp("/other").shareWith("b")
                                .auth(Map.of("name", "b2", "rooms", List.of())))
                        .client(SioScenario.client("c2", mode).nsp("/other").shareWith("c")
                                .auth(Map.of("name", "c2", "rooms", List.of())));
            }
            run = scenario.runAsync();
            if (!ready.await(20, TimeUnit.SECONDS)) {
                SioScenario.join(run);
                throw new AssertionError("clients not ready");
            }
        }

        private void onConnection(Socket socket) {
            Map<String, Object> auth = socket.handshake().auth();
            String name = (String) auth.get("name");
            socket.data().put("name", name);
            socket.data().put("level", name.length() * 7);
            socket.data().put("nothing", null); // as the reference's socket.data, nulls too
            for (Object room : (List<?>) auth.get("rooms")) {
                socket.join((String) room);
            }
            socket.onDisconnect((s, reason) -> reasons.put(name, reason.reason()));
            socket.on("ready", e -> {
                sockets.put(name, socket);
                ready.countDown();
            });
        }

        SocketIoServer io() {
            return server.io();
        }

        String id(String name) {
            return sockets.get(name).id();
        }

        /** Ends the clients still connected and returns what they saw. */
        SioScenario.Result finish() {
            io().emit("done");
            io().of("/other").emit("done");
            return SioScenario.join(run);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static List<RemoteSocket> fetch(BroadcastOperator op) throws Exception {
        return op.fetchSockets().get(5, TimeUnit.SECONDS);
    }

    private static List<String> names(List<RemoteSocket> sockets) {
        return sockets.stream().map(s -> (String) s.data().get("name")).toList();
    }

    @Test
    void fetchSocketsReportsIdsRoomsDataAndHandshake() throws Exception {
        try (Fixture f = new Fixture(TransportMode.WEBSOCKET)) {
            List<RemoteSocket> all = f.io().fetchSockets().get(5, TimeUnit.SECONDS);
            assertThat(names(all)).containsExactlyInAnyOrder("a", "b", "c");
            RemoteSocket a = all.stream().filter(s -> s.id().equals(f.id("a"))).findFirst()
                    .orElseThrow();
            assertThat(a.rooms()).containsExactlyInAnyOrder(f.id("a"), "r1");
            // in insertion order, the null value kept
            assertThat(a.data()).containsExactly(entry("name", "a"), entry("level", 7),
                    entry("nothing", null));

            Map<String, Object> hs = a.handshake();
            assertThat(hs).containsOnlyKeys("headers", "time", "address", "xdomain", "secure",
                    "issued", "url", "query", "auth");
            assertThat(hs.get("auth")).isEqualTo(Map.of("name", "a", "rooms", List.of("r1")));
            @SuppressWarnings("unchecked")
            Map<String, Object> query = (Map<String, Object>) hs.get("query");
            assertThat(query).containsEntry("x", "1").containsEntry("EIO", "4")
                    .containsEntry("transport", "websocket");
            @SuppressWarnings("unchecked")
            Map<String, Object> headers = (Map<String, Object>) hs.get("headers");
            assertThat(headers).containsKey("host");
            assertThat(hs.get("address")).isEqualTo("127.0.0.1");
            assertThat(hs.get("secure")).isEqualTo(false);
            assertThat((String) hs.get("url")).startsWith("/socket.io/?");
            assertThat(hs.get("issued")).isEqualTo(f.sockets.get("a").handshake().issued());

            // room filters
            assertThat(names(fetch(f.io().in("r1")))).containsExactlyInAnyOrder("a", "b");
            assertThat(names(fetch(f.io().in("r1").except("r2")))).containsExactly("a");
            assertThat(names(fetch(f.io().except("r1")))).containsExactly("c");
            assertThat(names(fetch(f.io().in(f.id("c"), "r2")))).containsExactlyInAnyOrder("b", "c");
            assertThat(fetch(f.io().in("nowhere"))).isEmpty();
            assertThat(f.io().of("/elsewhere").fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();

            // a fetched socket is a snapshot
            f.sockets.get("a").join("later");
            f.sockets.get("a").data().put("name", "changed");
            assertThat(a.rooms()).doesNotContain("later");
            assertThat(a.data()).containsEntry("name", "a");
            assertThatThrownBy(() -> a.data().put("x", 1))
                    .isInstanceOf(UnsupportedOperationException.class);

            SioScenario.Result r = f.finish();
            assertThat(a.id()).isEqualTo(r.client("a").id());
        }
    }

    @Test
    void socketsJoinAndSocketsLeaveChangeTheRoomsOfTheSelectedSockets() throws Exception {
        try (Fixture f = new Fixture(TransportMode.WEBSOCKET)) {
            f.io().socketsJoin("everyone");
            f.io().in("r1").socketsJoin("r1-extra", "more");
            f.io().except("r1").socketsJoin("lonely");
            f.io().in("r2").socketsLeave("r1");
            f.io().socketsLeave("more");

            assertThat(f.sockets.get("a").rooms())
                    .containsExactlyInAnyOrder(f.id("a"), "r1", "everyone", "r1-extra");
            assertThat(f.sockets.get("b").rooms())
                    .containsExactlyInAnyOrder(f.id("b"), "r2", "everyone", "r1-extra");
            assertThat(f.sockets.get("c").rooms())
                    .containsExactlyInAnyOrder(f.id("c"), "everyone", "lonely");

            // the clients see the new rooms in broadcasts
            f.io().to("lonely").emit("m", "lonely");
            f.io().to("r1").emit("m", "r1");
            SioScenario.Result r = f.finish();
            assertThat(r.client("a").trace()).containsExactly("m:r1");
            assertThat(r.client("b").trace()).isEmpty();
            assertThat(r.client("c").trace()).containsExactly("m:lonely");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void disconnectSocketsHonoursRoomFiltersAndTheCloseFlag(TransportMode mode) throws Exception {
        try (Fixture f = new Fixture(mode, true)) {
            // b2 and c2 share the connections of b and c, on /other
            f.io().in("r2").disconnectSockets(false);
            f.io().except("r1").disconnectSockets(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.reasons.size() == 3);
            // disconnect(true) closes the whole connection: c2 goes too, with the same reason
            // as the reference server (each socket of the connection is disconnected first)
            assertThat(f.reasons).containsOnly(Map.entry("b", "server namespace disconnect"),
                    Map.entry("c", "server namespace disconnect"),
                    Map.entry("c2", "server namespace disconnect"));
            assertThat(f.sockets.get("a").connected()).isTrue();
            assertThat(f.sockets.get("b2").connected()).isTrue();
            assertThat(f.io().engine().session(f.sockets.get("b2").connectionId()).open())
                    .isTrue();

            SioScenario.Result r = f.finish();
            assertThat(r.client("b").disconnects()).containsExactly("io server disconnect");
            assertThat(r.client("c").disconnects()).containsExactly("io server disconnect");
            assertThat(r.client("c2").disconnects()).containsExactly("io server disconnect");
            assertThat(r.client("a").disconnects()).isEmpty();
            assertThat(r.client("a").eventNames()).containsExactly("done");
            // b's connection stayed open for b2 (a namespace disconnect is not a close)
            assertThat(r.client("b2").disconnects()).isEmpty();
            assertThat(r.client("b2").eventNames()).containsExactly("done");
            assertThat(r.client("b2").transport())
                    .isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
        }
    }

    @Test
    void aRemoteSocketEmitsJoinsLeavesAndDisconnects() throws Exception {
        try (Fixture f = new Fixture(TransportMode.WEBSOCKET)) {
            RemoteSocket a = fetch(f.io().in(f.id("a"))).get(0);
            assertThat(a.emit("m", "to-a")).isTrue();
            a.join("x", "y");
            assertThat(f.sockets.get("a").rooms()).contains("x", "y");
            a.leave("x");
            assertThat(f.sockets.get("a").rooms()).contains("y").doesNotContain("x");
            f.io().to("y").emit("m", "y");

            RemoteSocket b = fetch(f.io().in(f.id("b"))).get(0);
            b.disconnect(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.reasons.containsKey("b"));
            assertThat(f.reasons.get("b")).isEqualTo("server namespace disconnect");
            // a stale remote socket cannot bring the disconnected socket back
            b.join("ghost");
            assertThat(b.emit("m", "ghost")).isTrue();
            assertThat(f.io().of("/").adapter().socketRooms(f.id("b"))).isEmpty();
            assertThat(f.io().of("/").adapter().sockets(Set.of("ghost"))).isEmpty();

            SioScenario.Result r = f.finish();
            assertThat(r.client("a").trace()).containsExactly("m:to-a", "m:y");
            assertThat(r.client("b").trace()).isEmpty();
            assertThat(r.client("b").disconnects()).containsExactly("io server disconnect");
            assertThat(r.client("c").trace()).isEmpty();
        }
    }

    @Test
    void serverSideEmitWithOneNodeReachesNoOneAndCollectsNoAnswer() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        try (SocketIoServer io = SocketIoServer.create()) {
            io.of("/").onServerSideEvent("hello", e -> heard.incrementAndGet());
            io.serverSideEmit("hello", 1, "two");
            io.of("/").serverSideEmit("hello");
            List<Arguments> answers = io.of("/")
                    .serverSideEmitWithAck(Duration.ofSeconds(5), "hello", 1)
                    .get(1, TimeUnit.SECONDS);
            assertThat(answers).isEmpty();
            // the in-memory adapter answers synchronously: nothing was delivered locally
            assertThat(heard).hasValue(0);
            assertThatThrownBy(() -> io.serverSideEmit("disconnect"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> io.of("/").serverSideEmitWithAck(Duration.ofSeconds(1),
                    "connect")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
