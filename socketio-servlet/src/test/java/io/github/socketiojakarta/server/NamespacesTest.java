package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Namespaces multiplexed over one Engine.IO connection by the official JavaScript client's
 * Manager, over each transport mode: isolation, unknown namespaces, leaving namespaces.
 */
class NamespacesTest {

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void severalNamespacesShareOneConnectionAndStayIsolated(TransportMode mode) {
        Map<String, Socket> sockets = new ConcurrentHashMap<>();
        AtomicInteger rootPings = new AtomicInteger();
        AtomicInteger chatPings = new AtomicInteger();
        Map<String, List<Object>> answers = new ConcurrentHashMap<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            for (String name : List.of("/", "/admin", "/chat")) {
                io.of(name).onConnection(s -> {
                    sockets.put(name, s);
                    // Each namespace numbers its own acks: the answers must not cross.
                    s.emitWithAck("question", name).thenAccept(
                            args -> answers.put(name, args.values()));
                    s.on("whoami", e -> e.ack(s.namespace().name(), s.id(), s.connectionId(),
                            io.engine().sessionCount()));
                });
            }
            io.onConnection(s -> {
                s.on("ping", e -> rootPings.incrementAndGet());
                s.on("trigger", e -> {
                    io.emit("news", "for root");
                    io.of("/admin").emit("news", "for admin");
                    e.ack("done");
                });
            });
            io.of("/chat").onConnection(s -> s.on("ping", e -> chatPings.incrementAndGet()));
        })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .answer("question", "{'echo':true}")
                    .connect("main", "/")
                    .connect("admin", "/admin")
                    .connect("chat", "/chat")
                    .emitWithAck("main", "whoami", "[]", "main")
                    .emitWithAck("admin", "whoami", "[]", "admin")
                    .emitWithAck("chat", "whoami", "[]", "chat")
                    .emitWithAck("main", "trigger", "[]", "trigger")
                    .awaitEvent("main", "news", 1)
                    .awaitEvent("admin", "news", 1)
                    .emit("chat", "ping", "[]")
                    .emitWithAck("chat", "whoami", "[]", "sync")
                    .run();

            String engineId = r.engineId();
            for (String alias : List.of("main", "admin", "chat")) {
                List<Object> answer = r.ackArgs(alias);
                String nsp = alias.equals("main") ? "/" : "/" + alias;
                assertThat(answer).containsExactly(nsp, r.socketId(alias), engineId, 1L);
                assertThat(sockets.get(nsp).id()).isEqualTo(r.socketId(alias));
            }
            assertThat(Set.of(r.socketId("main"), r.socketId("admin"), r.socketId("chat")))
                    .hasSize(3).doesNotContain(engineId);
            // Broadcasts stay in their namespace; events reach only their namespace's listeners.
            assertThat(r.events("main", "news")).containsExactly(List.of("for root"));
            assertThat(r.events("admin", "news")).containsExactly(List.of("for admin"));
            assertThat(r.eventNames("chat")).containsExactly("question");
            assertThat(chatPings).hasValue(1);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(answers)
                    .containsOnly(Map.entry("/", List.of("/")), Map.entry("/admin", List.of("/admin")),
                            Map.entry("/chat", List.of("/chat"))));
            assertThat(rootPings).hasValue(0);
            // Every CONNECT answer came on the one connection, for its own namespace.
            assertThat(r.packets().stream().filter(p -> p.getInt("type") == 0)
                    .map(p -> p.getString("nsp")).collect(Collectors.toList()))
                    .containsExactly("/", "/admin", "/chat");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void unknownNamespaceGetsInvalidNamespaceAndTheOthersGoOn(TransportMode mode) {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(
                s -> s.on("echo", e -> e.ack(e.args().values().toArray()))))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .connectRejected("bad", "/does-not-exist", "{'token':'x'}")
                    .emitWithAck("main", "echo", "['still here']", "echo")
                    // A connection whose only namespace is unknown is refused the same way.
                    .connectRejectedOn("solo", "solo", "/nope", null)
                    .run();

            JsonObject error = r.error("bad");
            assertThat(error.getString("message")).isEqualTo("Invalid namespace");
            assertThat(error.getBoolean("hasData")).isFalse();
            assertThat(r.error("solo").getString("message")).isEqualTo("Invalid namespace");
            // On the wire: exactly {"message":"Invalid namespace"}.
            JsonObject connectError = r.packets().stream()
                    .filter(p -> p.getInt("type") == 4).findFirst().orElseThrow();
            assertThat(connectError.getString("nsp")).isEqualTo("/does-not-exist");
            assertThat(JsClient.expected(connectError.getJsonObject("data").toString()))
                    .isEqualTo(Map.of("message", "Invalid namespace"));
            assertThat(r.ackArgs("echo")).containsExactly("still here");
            assertThat(r.socketId("bad")).isNull();
            assertThat(server.io().namespaces()).doesNotContainKeys("/does-not-exist", "/nope");
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void leavingNamespacesKeepsTheConnectionOpenEvenWithoutAny(TransportMode mode)
            throws Exception {
        Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();
        CompletableFuture<String> rootConnection = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                opts -> opts.engine(e -> e.pingInterval(Duration.ofMillis(150))
                        .pingTimeout(Duration.ofSeconds(2))),
                io -> {
                    io.onConnection(s -> {
                        rootConnection.complete(s.connectionId());
                        s.on("state", e -> e.ack(io.engine().sessionCount(),
                                io.of("/admin").sockets().size()));
                    });
                    for (String name : List.of("/", "/admin", "/other")) {
                        io.of(name).onConnection(s -> s.onDisconnect(
                                (sock, reason) -> reasons.put(name, reason)));
                    }
                    io.of("/admin").onConnection(s -> s.on("hello", e -> e.ack("admin")));
                    io.of("/other").onConnection(s -> s.on("state", e -> e.ack(
                            io.engine().sessionCount(), io.sockets().sockets().size(),
                            s.connectionId().equals(rootConnection.getNow(null)))));
                })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .connect("admin", "/admin")
                    .emitWithAck("admin", "hello", "[]", "hello")
                    .disconnect("admin")
                    // The other namespace keeps working on the same connection.
                    .emitWithAck("main", "state", "[]", "afterAdminLeft")
                    // Leave "/" too (a raw DISCONNECT: the client's Manager would close the
                    // connection itself when its last socket disconnects).
                    .raw("1")
                    // No namespace left: heartbeats go on, and a new namespace can be joined.
                    .awaitPings(2)
                    .connect("other", "/other")
                    .emitWithAck("other", "state", "[]", "noNamespaceLeft")
                    .run();

            assertThat(r.ackArgs("hello")).containsExactly("admin");
            assertThat(r.ackArgs("afterAdminLeft")).containsExactly(1L, 0L);
            assertThat(r.ackArgs("noNamespaceLeft")).containsExactly(1L, 0L, true);
            assertThat(r.manager("default").isNull("closeReason")).isTrue();
            assertThat(r.disconnectReason("main")).isNull(); // the client was not told: raw leave
            assertThat(reasons).containsEntry("/admin", DisconnectReason.CLIENT_NAMESPACE_DISCONNECT)
                    .containsEntry("/", DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            assertThat(rootConnection.get(1, TimeUnit.SECONDS)).isEqualTo(r.engineId());
        }
    }
}
