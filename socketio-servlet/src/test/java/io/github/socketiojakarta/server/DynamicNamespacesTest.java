package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dynamic namespaces ({@link SocketIoServer#of(Pattern)}, {@link
 * SocketIoServer#of(ParentNamespace.NamespaceMatcher)}) with the official JavaScript client over
 * each transport mode.
 */
class DynamicNamespacesTest {

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void patternCreatesChildrenThatRunTheParentsMiddlewareAndListeners(TransportMode mode) {
        Queue<String> middlewareSeen = new ConcurrentLinkedQueue<>();
        Queue<String> listenerSeen = new ConcurrentLinkedQueue<>();
        AtomicReference<ParentNamespace> parent = new AtomicReference<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            ParentNamespace dyn = io.of(Pattern.compile("/dyn-\\d+"));
            parent.set(dyn);
            dyn.use((s, next) -> {
                middlewareSeen.add(s.namespace().name());
                if (Boolean.TRUE.equals(s.handshake().auth().get("deny"))) {
                    next.reject("denied by parent");
                    return;
                }
                s.data().put("checkedBy", "parent");
                next.proceed();
            });
            dyn.onConnection(s -> {
                listenerSeen.add(s.namespace().name());
                s.on("where", e -> e.ack(s.namespace().name(), s.data().get("checkedBy")));
            });
            io.onConnection(s -> s.on("broadcast", e -> {
                dyn.emit("hello", "from parent");
                e.ack(dyn.children().size());
            }));
        })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .connect("d1", "/dyn-1")
                    .connect("d22", "/dyn-22")
                    .emitWithAck("d1", "where", "[]", "where1")
                    .emitWithAck("d22", "where", "[]", "where22")
                    .connectRejected("denied", "/dyn-3", "{'deny':true}")
                    .connectRejected("letters", "/dyn-x", null)
                    .connectRejected("prefix", "/dyn-", null)
                    .connectRejected("suffix", "/dyn-1/x", null)
                    .emitWithAck("main", "broadcast", "[]", "broadcast")
                    .awaitEvent("d1", "hello", 1)
                    .awaitEvent("d22", "hello", 1)
                    .emitWithAck("d1", "where", "[]", "sync")
                    .run();

            assertThat(r.ackArgs("where1")).containsExactly("/dyn-1", "parent");
            assertThat(r.ackArgs("where22")).containsExactly("/dyn-22", "parent");
            assertThat(r.error("denied").getString("message")).isEqualTo("denied by parent");
            for (String alias : List.of("letters", "prefix", "suffix")) {
                assertThat(r.error(alias).getString("message")).as(alias)
                        .isEqualTo("Invalid namespace");
                assertThat(r.error(alias).getBoolean("hasData")).as(alias).isFalse();
            }
            // The parent's emit reaches every child (three exist: /dyn-3 was refused by
            // middleware, after it was created), and not the other namespaces.
            assertThat(r.ackArgs("broadcast")).containsExactly(3L);
            assertThat(r.events("d1", "hello")).containsExactly(List.of("from parent"));
            assertThat(r.events("d22", "hello")).containsExactly(List.of("from parent"));
            assertThat(r.eventNames("main")).isEmpty();

            assertThat(middlewareSeen).containsExactly("/dyn-1", "/dyn-22", "/dyn-3");
            assertThat(listenerSeen).containsExactly("/dyn-1", "/dyn-22");
            assertThat(parent.get().children().stream().map(Namespace::name)
                    .collect(Collectors.toList())).containsExactly("/dyn-1", "/dyn-22", "/dyn-3");
            assertThat(server.io().namespaces()).containsKeys("/dyn-1", "/dyn-22")
                    .doesNotContainKeys("/dyn-x", "/dyn-", "/dyn-1/x");
            assertThat(server.io().of("/dyn-1")).isSameAs(parent.get().children().get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void matcherDecidesWithTheAuthPayload(TransportMode mode) {
        Queue<String> connections = new ConcurrentLinkedQueue<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            ParentNamespace teams = io.of((name, auth) ->
                    name.startsWith("/team-") && "secret".equals(auth.get("token")));
            teams.onConnection(s -> {
                connections.add(s.namespace().name());
                s.on("where", e -> e.ack(s.namespace().name(), s.handshake().auth().get("token")));
            });
            // A matcher that throws refuses the name instead of failing the connection.
            io.of((name, auth) -> {
                if (name.equals("/boom")) {
                    throw new IllegalStateException("matcher failure");
                }
                return false;
            });
        })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("a", "/team-a", "{'token':'secret'}")
                    .emitWithAck("a", "where", "[]", "whereA")
                    .connectRejected("b", "/team-b", "{'token':'wrong'}")
                    .connectRejected("none", "/team-c", null)
                    .connectRejected("boom", "/boom", null)
                    .emitWithAck("a", "where", "[]", "stillThere")
                    .run();

            assertThat(r.ackArgs("whereA")).containsExactly("/team-a", "secret");
            assertThat(r.ackArgs("stillThere")).containsExactly("/team-a", "secret");
            for (String alias : List.of("b", "none", "boom")) {
                assertThat(r.error(alias).getString("message")).as(alias)
                        .isEqualTo("Invalid namespace");
            }
            assertThat(connections).containsExactly("/team-a");
            assertThat(server.io().namespaces()).containsKey("/team-a")
                    .doesNotContainKeys("/team-b", "/team-c", "/boom");
        }
    }
}
