package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.RawSioWs;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acknowledgements both ways with the official JavaScript client over each transport mode.
 */
class AcksTest {
    private final ExecutorService async = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() {
        async.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clientAckIsAnsweredOnceWithSeveralValues(TransportMode mode) {
        Queue<String> results = new ConcurrentLinkedQueue<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("sum", e -> {
                long sum = 0;
                for (Object v : e.args().values()) {
                    sum += (Long) v;
                }
                boolean first = e.ack(sum, "sum", Map.of("n", e.args().size()));
                boolean second = e.ack("again");
                results.add("first=" + first + " second=" + second);
            });
            s.on("noAck", e -> results.add("wantsAck=" + e.wantsAck() + " ack=" + e.ack("x")));
            s.on("later", e -> async.execute(() -> results.add("async ack=" + e.ack("later"))));
            s.on("empty", e -> e.ack());
            s.on("results", e -> e.ack(new ArrayList<>(results)));
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emitWithAck("main", "sum", "[1,2,3]", "sum")
                    .emit("main", "noAck", "[]")
                    .emitWithAck("main", "later", "[]", "later")
                    .emitWithAck("main", "empty", "[]", "empty")
                    // No listener: nobody answers, the client's own timeout fires.
                    .emitWithAck("main", "nobody", "[]", "nobody", 200)
                    .emitWithAck("main", "results", "[]", "results")
                    .run();

            assertThat(r.ackArgs("sum")).containsExactly(6L, "sum", Map.of("n", 3L));
            assertThat(r.ackArgs("later")).containsExactly("later");
            assertThat(r.ackArgs("empty")).isEmpty();
            assertThat(r.ackArgs("results")).containsExactly(List.of(
                    "first=true second=false", "wantsAck=false ack=false", "async ack=true"));
            assertThat(r.ackError("nobody")).isEqualTo("operation has timed out");
            // On the wire: one ACK per answered client ack id, none for the second ack() call
            // and none for "nobody" (id 3).
            List<Integer> ackIds = r.packets().stream().filter(p -> p.getInt("type") == 3)
                    .map(p -> p.getInt("id")).collect(Collectors.toList());
            assertThat(ackIds).containsExactly(0, 1, 2, 4);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverEmitWithAckCompletesWithTheClientAnswer(TransportMode mode) throws Exception {
        CompletableFuture<Arguments> plain = new CompletableFuture<>();
        CompletableFuture<Arguments> timed = new CompletableFuture<>();
        CompletableFuture<Arguments> empty = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.emitWithAck("question", "q", 7).whenComplete((args, err) -> {
                forward(args, err, plain);
                s.emit("done", "question");
            });
            s.timeout(Duration.ofSeconds(10)).emitWithAck("echo", Map.of("k", List.of(1, "two")))
                    .whenComplete((args, err) -> {
                        forward(args, err, timed);
                        s.emit("done", "echo");
                    });
            s.emitWithAck("nothing").whenComplete((args, err) -> {
                forward(args, err, empty);
                s.emit("done", "nothing");
            });
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .answer("question", "{'values':['answer',42,{'ok':true},null]}")
                    .answer("echo", "{'echo':true}")
                    .answer("nothing", "{'values':[]}")
                    .connect("main", "/")
                    .awaitEvent("main", "done", 3)
                    .run();

            assertThat(JsClient.plain(plain.get(5, TimeUnit.SECONDS).values()))
                    .isEqualTo(JsClient.expected("['answer',42,{'ok':true},null]"));
            assertThat(plain.get().get(2, Map.class)).isEqualTo(Map.of("ok", true));
            assertThat(JsClient.plain(timed.get(5, TimeUnit.SECONDS).values()))
                    .isEqualTo(JsClient.expected("[{'k':[1,'two']}]"));
            assertThat(empty.get(5, TimeUnit.SECONDS).isEmpty()).isTrue();
            assertThat(r.eventAckFlags("main", "question")).containsExactly(true);
            assertThat(r.event("main", "question")).containsExactly("q", 7L);
            assertThat(r.events("main", "done")).hasSize(3);
            // Each emitWithAck used its own ack id.
            List<Integer> ids = r.packets().stream().filter(p -> p.getInt("type") == 2)
                    .filter(p -> p.containsKey("id")).map(p -> p.getInt("id"))
                    .collect(Collectors.toList());
            assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void unansweredAckTimesOutAndALateAnswerIsIgnored(TransportMode mode) throws Exception {
        long timeoutMs = 300;
        CompletableFuture<Throwable> timedOut = new CompletableFuture<>();
        CompletableFuture<Arguments> second = new CompletableFuture<>();
        Map<String, Long> times = new ConcurrentHashMap<>();
        Queue<DisconnectReason> disconnects = new ConcurrentLinkedQueue<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.onDisconnect((sock, reason) -> disconnects.add(reason));
            times.put("sent", System.nanoTime());
            s.timeout(Duration.ofMillis(timeoutMs)).emitWithAck("silent", 1)
                    .whenComplete((args, err) -> {
                        times.put("failed", System.nanoTime());
                        timedOut.complete(
                                err == null ? new AssertionError("answered: " + args) : err);
                        s.emit("timedOut", err == null ? "none" : err.getClass().getSimpleName());
                    });
            s.on("again", e -> s.timeout(Duration.ofSeconds(10)).emitWithAck("question")
                    .whenComplete((args, err) -> {
                        forward(args, err, second);
                        s.emit("result", args == null ? List.of() : args.values());
                    }));
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .answer("silent", "{'defer':true,'values':['too late']}")
                    .answer("question", "{'values':['fresh']}")
                    .connect("main", "/")
                    .awaitEvent("main", "timedOut", 1)
                    .flushDeferred("main") // answers "silent" now, after its timeout
                    .emit("main", "again", "[]")
                    .awaitEvent("main", "result", 1)
                    .run();

            Throwable error = timedOut.get(5, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(AckTimeoutException.class);
            assertThat(((AckTimeoutException) error).responses()).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(times.get("failed") - times.get("sent")))
                    .isGreaterThanOrEqualTo(timeoutMs - 20);
            assertThat(r.event("main", "timedOut")).containsExactly("AckTimeoutException");
            // The late answer went nowhere; the next ack got its own answer.
            assertThat(second.get(5, TimeUnit.SECONDS).values()).containsExactly("fresh");
            assertThat(r.event("main", "result")).containsExactly(List.of("fresh"));
            assertThat(r.disconnectReason("main")).isNull();
            // The late answer was no protocol error: the socket closed only when the client left.
            await().atMost(Duration.ofSeconds(5)).until(() -> !disconnects.isEmpty());
            assertThat(disconnects).containsExactly(DisconnectReason.TRANSPORT_CLOSE);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void pendingAcksFailWithDisconnectedExceptionWhenTheSocketGoes(TransportMode mode)
            throws Exception {
        Map<String, CompletableFuture<Arguments>> pending = new ConcurrentHashMap<>();
        Map<String, Socket> sockets = new ConcurrentHashMap<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> {
            for (String nsp : List.of("/", "/admin")) {
                io.of(nsp).onConnection(s -> {
                    sockets.put(nsp, s);
                    pending.put(nsp, s.emitWithAck("never"));
                    pending.put(nsp + " timed",
                            s.timeout(Duration.ofSeconds(30)).emitWithAck("never"));
                    s.on("bye", e -> s.disconnect());
                });
            }
        })) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .connect("admin", "/admin")
                    .awaitEvent("main", "never", 2)
                    .awaitEvent("admin", "never", 2)
                    .disconnect("main") // the client leaves "/"
                    .emit("admin", "bye", "[]") // the server disconnects "/admin"
                    .awaitDisconnect("admin")
                    .run();

            assertThat(r.disconnectReason("main")).isEqualTo("io client disconnect");
            assertThat(r.disconnectReason("admin")).isEqualTo("io server disconnect");
            for (String key : List.of("/", "/ timed", "/admin", "/admin timed")) {
                CompletableFuture<Arguments> f = pending.get(key);
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).as(key)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(DisconnectedException.class);
            }
            // Nothing is left waiting: a new emit with ack on a gone socket fails at once.
            for (Socket s : sockets.values()) {
                CompletableFuture<Arguments> late =
                        s.timeout(Duration.ofSeconds(30)).emitWithAck("late");
                assertThat(late).isCompletedExceptionally();
                assertThatThrownBy(late::get).hasCauseInstanceOf(DisconnectedException.class);
            }
            // The client got each "never" with an ack id, and never answered.
            List<JsonObject> acks = r.packets().stream().filter(p -> p.getInt("type") == 3)
                    .collect(Collectors.toList());
            assertThat(acks).isEmpty();
        }
    }

    private static void forward(Arguments args, Throwable err, CompletableFuture<Arguments> to) {
        if (err != null) {
            to.completeExceptionally(err);
        } else {
            to.complete(args);
        }
    }

    /**
     * The ack ids a socket's client sees count from 0 for that socket, whatever other sockets
     * are asked (S7 of {@code docs/protocol-decisions.md}); a broadcast that asks for acks
     * reaches each socket under the socket's next id, and the answers still find their way back.
     */
    @Test
    void serverAckIdsAreAPerSocketCounterFromZero() throws Exception {
        Map<String, Socket> byName = new ConcurrentHashMap<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s ->
                byName.put((String) s.handshake().auth().get("name"), s)));
                RawSioWs a = RawSioWs.open(server.port());
                RawSioWs b = RawSioWs.open(server.port())) {
            assertThat(a.send("0{\"name\":\"a\"}").next()).startsWith("0{\"sid\":");
            assertThat(b.send("0{\"name\":\"b\"}").next()).startsWith("0{\"sid\":");
            Socket sa = byName.get("a");
            Socket sb = byName.get("b");

            CompletableFuture<Arguments> a0 = sa.emitWithAck("x", 1);
            CompletableFuture<Arguments> a1 = sa.emitWithAck("x", 2);
            CompletableFuture<Arguments> b0 = sb.emitWithAck("y");
            CompletableFuture<List<Arguments>> both = server.io()
                    .timeout(Duration.ofSeconds(10)).emitWithAck("all", "bin", new byte[] {7});
            CompletableFuture<Arguments> a3 = sa.emitWithAck("z");

            assertThat(a.next()).isEqualTo("20[\"x\",1]");
            assertThat(a.next()).isEqualTo("21[\"x\",2]");
            assertThat(a.next()).isEqualTo("51-2[\"all\",\"bin\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(a.nextBinary()).containsExactly(7);
            assertThat(a.next()).isEqualTo("23[\"z\"]");
            assertThat(b.next()).isEqualTo("20[\"y\"]");
            assertThat(b.next()).isEqualTo("51-1[\"all\",\"bin\",{\"_placeholder\":true,\"num\":0}]");

            a.send("32[\"from a\"]").send("30[\"a0\"]").send("33[\"a3\"]").send("31[\"a1\"]");
            b.send("31[\"from b\"]").send("30[\"b0\"]");

            assertThat(a0.get(10, TimeUnit.SECONDS).get(0, String.class)).isEqualTo("a0");
            assertThat(a1.get(10, TimeUnit.SECONDS).get(0, String.class)).isEqualTo("a1");
            assertThat(a3.get(10, TimeUnit.SECONDS).get(0, String.class)).isEqualTo("a3");
            assertThat(b0.get(10, TimeUnit.SECONDS).get(0, String.class)).isEqualTo("b0");
            assertThat(both.get(10, TimeUnit.SECONDS).stream().map(r -> r.get(0, String.class)))
                    .containsExactlyInAnyOrder("from a", "from b");
            assertThat(sa.pendingAcks()).isZero();
            assertThat(sb.pendingAcks()).isZero();
        }
    }
}
