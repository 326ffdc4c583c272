package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.testing.SioScenario;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rooms: join, leave, {@code rooms()}, the room named by each socket's id, {@code to(room)}
 * reaching members only, no state coming back after a disconnect, and rooms emptied when their
 * sockets leave. Official JS clients on each transport mode.
 *
 * <p>"Did not receive" is checked without waiting: after each room emit the server emits a
 * {@code fence} to everybody, and a socket's packets arrive in order, so a socket that got the
 * fence but not the room emit was not sent it.
 */
class RoomsTest {

    private static SocketIoTestServer start() {
        return SocketIoTestServer.start(io -> io.onConnection(socket -> {
            socket.on("join", e -> {
                List<String> rooms = new ArrayList<>();
                for (Object r : e.args().values()) {
                    rooms.add((String) r);
                }
                boolean joined = socket.join(rooms.toArray(String[]::new));
                e.ack(joined, List.copyOf(socket.rooms()));
            });
            socket.on("leave", e -> {
                socket.leave(e.arg(0, String.class));
                e.ack(List.copyOf(socket.rooms()));
            });
            socket.on("shout", e -> {
                String room = e.arg(0, String.class);
                io.to(room).emit("news", room);
                io.emit("fence", e.arg(1, String.class));
                e.ack();
            });
        }));
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void joinLeaveAndRoomsDecideWhoGetsRoomEmits(TransportMode mode) {
        try (SocketIoTestServer server = start()) {
            SioScenario.Result r = SioScenario.at(server.url())
                    .client(SioScenario.client("a", mode))
                    .client(SioScenario.client("b", mode))
                    .client(SioScenario.client("c", mode))
                    .step(SioScenario.emit("a", "join", "red", "blue").ack("a-join"))
                    .step(SioScenario.emit("b", "join", "red").ack("b-join"))
                    .step(SioScenario.emit("a", "shout", "red", "1").ack("s1"))
                    .step(SioScenario.await("a", "fence", 1))
                    .step(SioScenario.await("b", "fence", 1))
                    .step(SioScenario.await("c", "fence", 1))
                    .step(SioScenario.emit("a", "leave", "red").ack("a-leave"))
                    .step(SioScenario.emit("b", "shout", "red", "2").ack("s2"))
                    .step(SioScenario.await("a", "fence", 2))
                    .step(SioScenario.await("b", "fence", 2))
                    .step(SioScenario.await("c", "fence", 2))
                    // every socket is in the room named by its own id
                    .step(SioScenario.emit("c", "shout", "$id:b", "3").ack("s3"))
                    .step(SioScenario.await("a", "fence", 3))
                    .step(SioScenario.await("b", "fence", 3))
                    .step(SioScenario.await("c", "fence", 3))
                    .waitAll(false)
                    .run();

            String a = r.client("a").id();
            String b = r.client("b").id();
            assertThat(r.ack("a-join").getBoolean(0)).isTrue();
            assertThat(strings(r.ack("a-join").getJsonArray(1)))
                    .containsExactlyInAnyOrder(a, "red", "blue");
            assertThat(strings(r.ack("b-join").getJsonArray(1))).containsExactlyInAnyOrder(b, "red");
            assertThat(strings(r.ack("a-leave").getJsonArray(0))).containsExactlyInAnyOrder(a, "blue");

            assertThat(r.client("a").trace())
                    .containsExactly("news:red", "fence:1", "fence:2", "fence:3");
            assertThat(r.client("b").trace())
                    .containsExactly("news:red", "fence:1", "news:red", "fence:2", "news:" + b,
                            "fence:3");
            assertThat(r.client("c").trace()).containsExactly("fence:1", "fence:2", "fence:3");
            String expected = mode == TransportMode.POLLING ? "polling" : "websocket";
            for (String name : List.of("a", "b", "c")) {
                assertThat(r.client(name).transport()).as(name).isEqualTo(expected);
            }

            // the clients left: no room is left behind
            InMemoryAdapter adapter = (InMemoryAdapter) server.io().of("/").adapter();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.io().sockets().sockets()).isEmpty();
                assertThat(adapter.rooms()).isEmpty();
            });
            assertThat(adapter.socketRooms(a)).isEmpty();
            assertThat(adapter.socketRooms(b)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void joiningAfterDisconnectIsRefusedAndLeavesNoState(TransportMode mode) throws Exception {
        CompletableFuture<Socket> gone = new CompletableFuture<>();
        CompletableFuture<Set<String>> roomsWhileDisconnecting = new CompletableFuture<>();
        CompletableFuture<Boolean> joinInDisconnect = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(socket -> {
            socket.join("before");
            socket.onDisconnecting((s, reason) -> {
                roomsWhileDisconnecting.complete(Set.copyOf(s.rooms()));
                s.join("during");
            });
            socket.onDisconnect((s, reason) -> {
                joinInDisconnect.complete(s.join("after"));
                gone.complete(s);
            });
        }))) {
            SioScenario.at(server.url())
                    .client(SioScenario.client("a", mode))
                    .step(SioScenario.disconnect("a"))
                    .waitAll(false)
                    .run();

            Socket socket = gone.get(10, TimeUnit.SECONDS);
            assertThat(roomsWhileDisconnecting.get(10, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrder(socket.id(), "before");
            assertThat(joinInDisconnect.get()).isFalse();
            // and from another thread, later
            assertThat(socket.join("later")).isFalse();
            assertThat(socket.connected()).isFalse();
            assertThat(socket.rooms()).isEmpty();
            InMemoryAdapter adapter = (InMemoryAdapter) server.io().of("/").adapter();
            assertThat(adapter.socketRooms(socket.id())).isEmpty();
            assertThat(adapter.sockets(Set.of("before", "during", "after", "later", socket.id())))
                    .isEmpty();
            assertThat(adapter.rooms()).isEmpty();
            // a broadcast to those rooms reaches nobody and does not fail
            assertThat(server.io().to("later", socket.id()).emit("nobody")).isTrue();
        }
    }

    private static List<String> strings(jakarta.json.JsonArray a) {
        return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
