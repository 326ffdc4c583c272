package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connection middleware ({@link Namespace#use}) and per-packet middleware ({@link Socket#use})
 * with the official JavaScript client over each transport mode.
 */
class MiddlewareTest {
    private static final String ASYNC_THREAD = "async-middleware";

    private final ExecutorService async = Executors.newSingleThreadExecutor(
            r -> new Thread(r, ASYNC_THREAD));

    @AfterEach
    void stopExecutor() {
        async.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void middlewareRunsInOrderAndMayGoOnFromAnotherThread(TransportMode mode) {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            io.use((s, next) -> {
                seen.add("m1 connected=" + s.connected() + " emitted=" + s.emit("too-early"));
                next.proceed();
            });
            io.use((s, next) -> async.execute(() -> {
                seen.add("m2 on " + Thread.currentThread().getName());
                next.proceed();
                next.proceed(); // a second call is ignored
            }));
            io.use((s, next) -> {
                seen.add("m3 on async thread=" + ASYNC_THREAD.equals(Thread.currentThread().getName()));
                next.proceed();
            });
            io.onConnection(s -> {
                seen.add("connection connected=" + s.connected());
                s.on("order", e -> e.ack(new ArrayList<>(seen)));
            });
        })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emitWithAck("main", "order", "[]", "order")
                    .run();

            assertThat(r.ackArgs("order")).containsExactly(List.of(
                    "m1 connected=false emitted=false",
                    "m2 on " + ASYNC_THREAD,
                    "m3 on async thread=false",
                    "connection connected=true"));
            assertThat(r.eventNames("main")).doesNotContain("too-early");
            // The script closed its connection: the socket goes away.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.io().sockets().sockets().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void rejectionsReachTheClientAsConnectErrorAndLeaveNoSocket(TransportMode mode) {
        Map<String, Socket> refused = new ConcurrentHashMap<>();
        AtomicInteger connections = new AtomicInteger();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            io.use((s, next) -> {
                String kind = String.valueOf(s.handshake().auth().get("kind"));
                if (!kind.equals("ok")) {
                    refused.put(kind, s);
                }
                switch (kind) {
                    case "message":
                        next.reject("not allowed");
                        break;
                    case "data":
                        next.reject("with data", Map.of("code", 403, "details", List.of("a", "b")));
                        break;
                    case "throw":
                        throw new IllegalStateException("boom");
                    case "throwWithoutMessage":
                        throw new IllegalStateException();
                    case "rejection":
                        throw new Middleware.Rejection("rejected", Map.of("retry", false));
                    case "asyncReject":
                        async.execute(() -> next.reject("later", "some data"));
                        break;
                    case "rejectThenProceed":
                        next.reject("first answer wins");
                        next.proceed();
                        break;
                    default:
                        next.proceed();
                        break;
                }
            });
            io.onConnection(s -> {
                connections.incrementAndGet();
                s.on("count", e -> e.ack(io.sockets().sockets().size()));
            });
            // A namespace's middleware applies to that namespace only.
            io.of("/guarded").use((s, next) -> next.reject("guarded"));
        })) {
            JsClient client = JsClient.of(server, mode)
                    .connect("ok", "/", "{'kind':'ok'}")
                    .connectRejected("guarded", "/guarded", "{'kind':'ok'}");
            List<String> kinds = List.of("message", "data", "throw", "throwWithoutMessage",
                    "rejection", "asyncReject", "rejectThenProceed");
            for (String kind : kinds) {
                client.connectRejectedOn(kind, kind, "/", "{'kind':'" + kind + "'}");
            }
            JsClient.Result r = client.emitWithAck("ok", "count", "[]", "count").run();

            assertThat(message(r, "message")).isEqualTo("not allowed");
            assertThat(r.error("message").getBoolean("hasData")).isFalse();
            assertThat(message(r, "data")).isEqualTo("with data");
            assertThat(data(r, "data")).isEqualTo(Map.of("code", 403L, "details", List.of("a", "b")));
            assertThat(message(r, "throw")).isEqualTo("boom");
            assertThat(message(r, "throwWithoutMessage")).isEqualTo("IllegalStateException");
            assertThat(message(r, "rejection")).isEqualTo("rejected");
            assertThat(data(r, "rejection")).isEqualTo(Map.of("retry", false));
            assertThat(message(r, "asyncReject")).isEqualTo("later");
            assertThat(data(r, "asyncReject")).isEqualTo("some data");
            assertThat(message(r, "rejectThenProceed")).isEqualTo("first answer wins");
            assertThat(message(r, "guarded")).isEqualTo("guarded");

            // Only the accepted socket connected; the refused ones never did, nor joined rooms.
            assertThat(r.ackArgs("count")).containsExactly(1L);
            assertThat(connections).hasValue(1);
            assertThat(refused).containsOnlyKeys(kinds);
            for (Map.Entry<String, Socket> e : refused.entrySet()) {
                Socket s = e.getValue();
                assertThat(s.connected()).as(e.getKey()).isFalse();
                assertThat(s.rooms()).as(e.getKey()).isEmpty();
                assertThat(server.io().sockets().sockets()).as(e.getKey()).doesNotContainKey(s.id());
                assertThat(r.socketId(e.getKey())).as(e.getKey()).isNull();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void packetMiddlewareCanBlockAnEventAndReportItOrLetItPass(TransportMode mode) {
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Queue<String> firstSaw = new ConcurrentLinkedQueue<>();
        Queue<String> listenerCalls = new ConcurrentLinkedQueue<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.use((e, next) -> {
                firstSaw.add(e.name());
                if (e.name().equals("forbidden")) {
                    next.fail(new IllegalStateException("forbidden event"));
                } else {
                    next.proceed();
                }
            });
            s.use((e, next) -> async.execute(next::proceed));
            s.use((e, next) -> {
                if (e.name().equals("explode")) {
                    throw new IllegalArgumentException("exploded");
                }
                next.proceed();
            });
            s.onError((sock, err) -> errors.add(sock.id().equals(s.id()) + " " + err.getMessage()));
            for (String name : List.of("forbidden", "explode", "allowed")) {
                s.on(name, e -> {
                    listenerCalls.add(name + " on async thread="
                            + ASYNC_THREAD.equals(Thread.currentThread().getName()));
                    e.ack("passed", e.args().get(0));
                });
            }
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emitWithAckNoWait("main", "forbidden", "[1]", "forbidden")
                    .emitWithAckNoWait("main", "explode", "[2]", "explode")
                    .emitWithAck("main", "allowed", "[3]", "allowed")
                    .run();

            assertThat(r.ackArgs("allowed")).containsExactly("passed", 3L);
            assertThat(r.json().getJsonObject("acks")).doesNotContainKeys("forbidden", "explode");
            assertThat(firstSaw).containsExactly("forbidden", "explode", "allowed");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(errors)
                    .containsExactlyInAnyOrder("true forbidden event", "true exploded"));
            assertThat(listenerCalls).containsExactly("allowed on async thread=false");
        }
    }

    private static String message(JsClient.Result r, String alias) {
        return r.error(alias).getString("message");
    }

    private static Object data(JsClient.Result r, String alias) {
        assertThat(r.error(alias).getBoolean("hasData")).as(alias + " has data").isTrue();
        return JsClient.expected(r.error(alias).get("data").toString());
    }
}
