package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.SioScenario;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hooks integrations (the Admin UI instrumentation) build on: room joins and leaves per
 * namespace (own room at connect, {@code join}, {@code leave}, {@code socketsJoin}, every room
 * at disconnection), namespaces created later (static and dynamic children), and Engine.IO
 * connections opening and closing, and connection listeners that run before the others.
 * Official JS client.
 */
class ServerHooksTest {

    @Test
    void roomNamespaceAndConnectionHooksFire() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            io.onNewNamespace(n -> {
                seen.add("nsp " + n.name());
                n.onRoomJoined((room, id) -> seen.add(n.name() + " join " + label(room, id)));
                n.onRoomLeft((room, id) -> seen.add(n.name() + " leave " + label(room, id)));
            });
            io.onConnectionOpen(s -> seen.add("open"));
            io.onConnectionClose((s, reason) -> seen.add("close " + reason.reason()));
            io.of("/static");
            ParentNamespace dyn = io.of(Pattern.compile("/dyn-\\d+"));
            dyn.onConnection(socket -> seen.add("parent listener"));
            dyn.prependConnectionListener(socket -> seen.add("parent first"));
            io.onNewNamespace(n -> {
                n.onConnection(socket -> seen.add("child listener"));
                n.prependConnectionListener(socket -> seen.add("child first"));
            });
            dyn.onConnection(socket -> {
                socket.on("go", e -> {
                    socket.join("red", "blue");
                    socket.join("red"); // already in: no second event
                    socket.leave("blue");
                    socket.leave("green"); // not in: no event
                    socket.namespace().in(socket.id()).socketsJoin("viaAdapter");
                    e.ack();
                });
            });
        })) {
            SioScenario.at(server.url())
                    .client(SioScenario.client("a", TransportMode.WEBSOCKET).nsp("/dyn-1"))
                    .step(SioScenario.emit("a", "go").ack("go"))
                    .step(SioScenario.disconnect("a"))
                    .waitAll(false)
                    .run();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen)
                    .anyMatch(s -> s.startsWith("close ")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen)
                    .filteredOn(s -> s.startsWith("/dyn-1 leave")).hasSize(4));
            assertThat(seen).startsWith("nsp /static").contains("nsp /dyn-1", "open");
            assertThat(seen.stream().filter(s -> s.startsWith("/dyn-1")).toList())
                    .startsWith("/dyn-1 join <own>", "/dyn-1 join red", "/dyn-1 join blue",
                            "/dyn-1 leave blue", "/dyn-1 join viaAdapter");
            assertThat(Set.copyOf(seen.stream().filter(s -> s.startsWith("/dyn-1 leave"))
                    .toList())).containsExactlyInAnyOrder("/dyn-1 leave blue",
                            "/dyn-1 leave <own>", "/dyn-1 leave red", "/dyn-1 leave viaAdapter");
            // prepended listeners first (the parent's, then the child's), then the others
            assertThat(seen.stream().filter(x -> x.endsWith(" first") || x.endsWith(" listener"))
                    .toList()).containsExactly("parent first", "child first", "parent listener",
                            "child listener");
            assertThat(seen.indexOf("nsp /dyn-1")).isLessThan(seen.indexOf("/dyn-1 join <own>"));
        }
    }

    private static String label(String room, String id) {
        return room.equals(id) ? "<own>" : room;
    }
}
