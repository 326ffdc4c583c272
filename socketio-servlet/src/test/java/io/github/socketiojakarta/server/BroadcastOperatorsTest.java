package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.testing.BroadcastRecorder;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.RawSioWs;
import io.github.socketiojakarta.testing.SioScenario;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broadcast operators: from the server, a namespace and a socket ({@code socket.to} and
 * {@code socket.broadcast()} leave the socket out), several rooms (a socket in two of them gets
 * the packet once), {@code except}, chaining, immutability, volatile, local, compress, and one
 * encoding for every recipient.
 *
 * <p>Who did not get a packet is checked without waiting: after each case the server emits a
 * {@code fence} to every socket of both namespaces; a socket's packets arrive in order.
 */
class BroadcastOperatorsTest {

    /** The rooms each client joins (from its auth), and which clients each case must reach. */
    private static final Map<String, List<String>> RECIPIENTS = new LinkedHashMap<>();

    static {
        RECIPIENTS.put("server", List.of("a", "b", "c", "e"));
        RECIPIENTS.put("nsp", List.of("d"));
        RECIPIENTS.put("to", List.of("a", "b"));
        RECIPIENTS.put("in-two", List.of("a", "b", "c"));
        RECIPIENTS.put("chained-to", List.of("a", "b", "c"));
        RECIPIENTS.put("except", List.of("a", "e"));
        RECIPIENTS.put("to-except", List.of("a"));
        RECIPIENTS.put("nsp-to", List.of("b", "c"));
        RECIPIENTS.put("chat-to", List.of("d"));
        RECIPIENTS.put("socket-to", List.of("b"));
        RECIPIENTS.put("socket-broadcast", List.of("b", "c", "e"));
        RECIPIENTS.put("socket-except", List.of("e"));
        RECIPIENTS.put("socket-in-two", List.of("b", "c"));
        RECIPIENTS.put("ids", List.of("a", "c"));
        RECIPIENTS.put("except-id", List.of("a", "c", "e"));
        RECIPIENTS.put("local", List.of("a", "b", "c", "e"));
        RECIPIENTS.put("compress", List.of("a", "b", "c", "e"));
        // socket.to(...) then socket.emit(...): the socket is not changed by the operator
        RECIPIENTS.put("socket-then-direct", List.of("b", "c", "a"));
    }

    /** Runs one case for sender socket {@code s}; {@code ids} are socket ids sent along. */
    private static void runCase(SocketIoServer io, Socket s, String name, List<String> ids) {
        switch (name) {
            case "server" -> io.emit("m", name);
            case "nsp" -> io.of("/chat").emit("m", name);
            case "to" -> io.to("r1").emit("m", name);
            case "in-two" -> io.in("r1", "r2").emit("m", name);
            case "chained-to" -> io.to("r1").to("r2").emit("m", name);
            case "except" -> io.except("r2").emit("m", name);
            case "to-except" -> io.to("r1").except("r2").emit("m", name);
            case "nsp-to" -> io.of("/").to("r2").emit("m", name);
            case "chat-to" -> io.of("/chat").to("r2").emit("m", name);
            case "socket-to" -> s.to("r1").emit("m", name);
            case "socket-broadcast" -> s.broadcast().emit("m", name);
            case "socket-except" -> s.except("r2").emit("m", name);
            case "socket-in-two" -> s.in("r1", "r2").emit("m", name);
            case "ids" -> io.to(ids.get(0)).to(ids.get(1)).emit("m", name);
            case "except-id" -> io.except(ids.get(0)).emit("m", name);
            case "local" -> io.local().emit("m", name);
            case "compress" -> io.compress(false).emit("m", name);
            case "socket-then-direct" -> {
                s.to("r2").emit("m", name);
                s.emit("m", name);
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    private static void joinFromAuth(Socket socket) {
        Object rooms = socket.handshake().auth().get("rooms");
        if (rooms instanceof List<?> list) {
            for (Object r : list) {
                socket.join((String) r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void eachOperatorReachesExactlyItsSockets(TransportMode mode) {
        BroadcastRecorder recorder = new BroadcastRecorder();
        try (SocketIoTestServer server = SocketIoTestServer.start(o -> o.adapter(recorder), io -> {
            io.onConnection(socket -> {
                joinFromAuth(socket);
                socket.on("run", e -> {
                    String name = e.arg(0, String.class);
                    List<String> ids = new ArrayList<>();
                    for (int i = 1; i < e.args().size(); i++) {
                        ids.add(e.arg(i, String.class));
                    }
                    runCase(io, socket, name, ids);
                    io.emit("fence", name);
                    io.of("/chat").emit("fence", name);
                    e.ack();
                });
            });
            io.of("/chat").onConnection(BroadcastOperatorsTest::joinFromAuth);
        })) {
            SioScenario scenario = SioScenario.at(server.url())
                    .client(SioScenario.client("a", mode).auth(Map.of("rooms", List.of("r1"))))
                    .client(SioScenario.client("b", mode).auth(Map.of("rooms", List.of("r1", "r2"))))
                    .client(SioScenario.client("c", mode).auth(Map.of("rooms", List.of("r2"))))
                    .client(SioScenario.client("e", mode))
                    .client(SioScenario.client("d", mode).nsp("/chat")
                            .auth(Map.of("rooms", List.of("r1", "r2"))))
                    .waitAll(false);
            int n = 0;
            for (String name : RECIPIENTS.keySet()) {
                n++;
                if (name.equals("ids")) {
                    scenario.step(SioScenario.emit("a", "run", name, "$id:a", "$id:c").ack(name));
                } else if (name.equals("except-id")) {
                    scenario.step(SioScenario.emit("a", "run", name, "$id:b").ack(name));
                } else {
                    scenario.step(SioScenario.emit("a", "run", name).ack(name));
                }
                for (String client : List.of("a", "b", "c", "d", "e")) {
                    scenario.step(SioScenario.await(client, "fence", n));
                }
            }
            SioScenario.Result r = scenario.run();

            for (String client : List.of("a", "b", "c", "d", "e")) {
                List<String> expected = new ArrayList<>();
                RECIPIENTS.forEach((name, recipients) -> {
                    if (recipients.contains(client)) {
                        expected.add("m:" + name);
                    }
                    expected.add("fence:" + name);
                });
                assertThat(r.client(client).trace()).as("client %s", client)
                        .containsExactlyElementsOf(expected);
                assertThat(r.client(client).transport()).as("client %s", client)
                        .isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
            }

            // the flags reached the adapter
            BroadcastOptions local = optionsOf(recorder.of("/"), "local");
            assertThat(local.local()).isTrue();
            assertThat(local.compress()).isTrue();
            BroadcastOptions compress = optionsOf(recorder.of("/"), "compress");
            assertThat(compress.compress()).isFalse();
            assertThat(compress.local()).isFalse();
            assertThat(optionsOf(recorder.of("/"), "in-two").rooms())
                    .containsExactlyInAnyOrder("r1", "r2");
            assertThat(optionsOf(recorder.of("/"), "socket-to").except())
                    .containsExactly(r.client("a").id());
        }
    }

    @Test
    void derivingAnOperatorLeavesTheOriginalUnchanged() throws Exception {
        BroadcastRecorder recorder = new BroadcastRecorder();
        try (SocketIoServer io = SocketIoServer.create(
                ServerOptions.builder().adapter(recorder).build())) {
            BroadcastOperator base = io.to("r1");
            BroadcastOperator derived = base.to("r2").except("x").asVolatile().local()
                    .compress(false);
            BroadcastOperator sibling = base.except("y");
            BroadcastOperator timed = base.timeout(Duration.ofSeconds(3));

            base.emit("e", "base");
            derived.emit("e", "derived");
            sibling.emit("e", "sibling");
            io.emit("e", "all");
            assertThat(timed.emitWithAck("q").get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(base.emitWithAck("q").get(5, TimeUnit.SECONDS)).isEmpty();

            BroadcastRecorder.Recording rec = recorder.of("/");
            assertThat(rec.broadcasts()).hasSize(6);
            assertThat(rec.broadcasts().get(0).options())
                    .isEqualTo(new BroadcastOptions(Set.of("r1"), Set.of(), false, false, true, -1));
            assertThat(rec.broadcasts().get(1).options()).isEqualTo(
                    new BroadcastOptions(Set.of("r1", "r2"), Set.of("x"), true, true, false, -1));
            assertThat(rec.broadcasts().get(2).options())
                    .isEqualTo(new BroadcastOptions(Set.of("r1"), Set.of("y"), false, false, true, -1));
            assertThat(rec.broadcasts().get(3).options()).isEqualTo(BroadcastOptions.ALL);
            assertThat(rec.broadcasts().get(4).options().timeoutMillis()).isEqualTo(3000);
            assertThat(rec.broadcasts().get(4).options().rooms()).containsExactly("r1");
            assertThat(rec.broadcasts().get(5).options().timeoutMillis()).isEqualTo(-1);
            // and using an operator twice gives the same broadcast
            base.emit("e", "again");
            assertThat(rec.broadcasts().get(6).options()).isEqualTo(rec.broadcasts().get(0).options());
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void aBinaryBroadcastIsEncodedOnceForEveryRecipient(TransportMode mode) throws Exception {
        BroadcastRecorder recorder = new BroadcastRecorder();
        CountDownLatch ready = new CountDownLatch(3);
        try (SocketIoTestServer server = SocketIoTestServer.start(o -> o.adapter(recorder),
                io -> io.onConnection(s -> s.on("ready", e -> ready.countDown())))) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(server.url())
                    .client(SioScenario.client("a", mode))
                    .client(SioScenario.client("b", mode))
                    .client(SioScenario.client("c", mode))
                    .runAsync();
            assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("n", 7);
            nested.put("blob", new byte[] {4, 5});
            server.io().emit("bin", new byte[] {1, 2, (byte) 255}, nested);
            server.io().emit("done");
            SioScenario.Result r = SioScenario.join(run);

            BroadcastRecorder.Recording rec = recorder.of("/");
            OutboundPacket packet = rec.broadcasts().get(0).packet();
            assertThat(((SocketPacket.Event) packet.packet()).args().get(0)).isEqualTo("bin");
            List<EnginePacket> frames = packet.frames();
            assertThat(frames).hasSize(3);
            assertThat(((EnginePacket.TextMessage) frames.get(0)).text())
                    .isEqualTo("52-[\"bin\",{\"_placeholder\":true,\"num\":0},"
                            + "{\"n\":7,\"blob\":{\"_placeholder\":true,\"num\":1}}]");
            List<BroadcastRecorder.Delivery> deliveries = rec.deliveries().stream()
                    .filter(d -> d.packet() == packet).toList();
            assertThat(deliveries).extracting(BroadcastRecorder.Delivery::socketId)
                    .containsExactlyInAnyOrder(r.client("a").id(), r.client("b").id(),
                            r.client("c").id());
            for (BroadcastRecorder.Delivery d : deliveries) {
                assertThat(d.packet().frames()).isSameAs(frames);
                assertThat(d.queued()).isTrue();
            }
            for (String name : List.of("a", "b", "c")) {
                List<SioScenario.Received> got = r.client(name).events("bin");
                assertThat(got).as(name).hasSize(1);
                assertThat(SioScenario.bytes(got.get(0).args().get(0))).containsExactly(1, 2, 255);
                assertThat(got.get(0).args().getJsonObject(1).getInt("n")).isEqualTo(7);
                assertThat(SioScenario.bytes(got.get(0).args().getJsonObject(1).get("blob")))
                        .containsExactly(4, 5);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void concurrentBinaryBroadcastsKeepEachPacketWhole(TransportMode mode) throws Exception {
        int threads = 4;
        int perThread = 25;
        CountDownLatch ready = new CountDownLatch(2);
        try (SocketIoTestServer server = SocketIoTestServer.start(
                io -> io.onConnection(s -> s.on("ready", e -> ready.countDown())))) {
            CompletableFuture<SioScenario.Result> run = SioScenario.at(server.url())
                    .client(SioScenario.client("a", mode))
                    .client(SioScenario.client("b", mode))
                    .runAsync();
            assertThat(ready.await(20, TimeUnit.SECONDS)).isTrue();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> senders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            int k = thread * perThread + i;
                            server.io().emit("bin", k, payload(k), payload(k + 1));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : senders) {
                    f.get(20, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            server.io().emit("done");
            SioScenario.Result r = SioScenario.join(run);

            for (String name : List.of("a", "b")) {
                List<SioScenario.Received> got = r.client(name).events("bin");
                assertThat(got).as(name).hasSize(threads * perThread);
                int[] lastOfThread = new int[threads];
                Arrays.fill(lastOfThread, -1);
                for (SioScenario.Received e : got) {
                    int k = e.args().getInt(0);
                    assertThat(SioScenario.bytes(e.args().get(1))).as("first blob of %d", k)
                            .isEqualTo(payload(k));
                    assertThat(SioScenario.bytes(e.args().get(2))).as("second blob of %d", k)
                            .isEqualTo(payload(k + 1));
                    // each sender's packets arrive in its order
                    assertThat(k).isGreaterThan(lastOfThread[k / perThread]);
                    lastOfThread[k / perThread] = k;
                }
            }
        }
    }

    private static byte[] payload(int k) {
        byte[] b = new byte[64 + k % 7];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (k * 31 + i);
        }
        return b;
    }

    @Test
    void volatileEmitIsDroppedForAPollingSocketWithoutPendingGetAndSentWhenOneIsHeld()
            throws Exception {
        BroadcastRecorder recorder = new BroadcastRecorder();
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(o -> o.adapter(recorder),
                io -> io.onConnection(connected::complete))) {
            RawSioPolling client = RawSioPolling.open(server.port());
            assertThat(client.connect()).startsWith("40{\"sid\":");
            Socket socket = connected.get(10, TimeUnit.SECONDS);
            BroadcastRecorder.Recording rec = recorder.of("/");

            // no GET is pending: the transport cannot take a packet now
            assertThat(server.io().asVolatile().emit("vol", "dropped")).isTrue();
            assertThat(rec.deliveries(socket.id())).singleElement()
                    .satisfies(d -> {
                        assertThat(d.isVolatile()).isTrue();
                        assertThat(d.queued()).isFalse();
                    });
            server.io().emit("plain", "kept");
            HttpResponse<String> first = client.get();
            assertThat(RawSioPolling.packets(first)).containsExactly("42[\"plain\",\"kept\"]");

            // once a GET is held, a volatile emit goes out: try until the server holds it
            CompletableFuture<HttpResponse<String>> held = client.getAsync();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                rec.clear();
                server.io().asVolatile().emit("vol", "sent");
                return rec.deliveries(socket.id()).get(0).queued();
            });
            assertThat(RawSioPolling.packets(held.get(10, TimeUnit.SECONDS)))
                    .containsExactly("42[\"vol\",\"sent\"]");
        }
    }

    @Test
    void volatileEmitIsDroppedWhileAWebSocketIsBusyWriting() throws Exception {
        BroadcastRecorder recorder = new BroadcastRecorder();
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        int big = 16 << 20;
        try (SocketIoTestServer server = SocketIoTestServer.start(
                o -> o.adapter(recorder).engine(e -> e.maxBufferedBytes(64L << 20)),
                io -> io.onConnection(connected::complete));
                RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.websocketUpgrade("/socket.io/?EIO=4&transport=websocket"));
            assertThat(raw.readResponse().status()).isEqualTo(101);
            assertThat(raw.readFrame().text()).startsWith("0{");
            raw.send(RawHttp.maskedTextFrame("40"));
            assertThat(raw.readFrame().text()).startsWith("40{\"sid\":");
            Socket socket = connected.get(10, TimeUnit.SECONDS);

            // 16 MiB that this client does not read: the write cannot complete
            socket.emit("big", "x".repeat(big));
            BroadcastRecorder.Recording rec = recorder.of("/");
            server.io().asVolatile().emit("vol", "dropped");
            assertThat(rec.deliveries(socket.id())).singleElement()
                    .satisfies(d -> assertThat(d.queued()).isFalse());
            server.io().emit("plain", "kept");

            // now read everything: the big message, then only the non-volatile one
            StringBuilder texts = new StringBuilder();
            long payload = 0;
            while (true) {
                RawHttp.WsFrame f = raw.readFrame();
                payload += f.payload().length;
                String text = f.text();
                if (text.startsWith("42[\"plain\"")) {
                    assertThat(text).isEqualTo("42[\"plain\",\"kept\"]");
                    break;
                }
                if (!text.startsWith("xxxx")) {
                    texts.append(text.length() > 40 ? text.substring(0, 40) : text).append('\n');
                }
            }
            assertThat(payload).isGreaterThan(big);
            assertThat(texts.toString()).doesNotContain("vol").startsWith("42[\"big\",\"xxx");
        }
    }

    @Test
    void volatileEmitReachesAnIdleWebSocket() throws Exception {
        BroadcastRecorder recorder = new BroadcastRecorder();
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(o -> o.adapter(recorder),
                io -> io.onConnection(connected::complete));
                RawSioWs client = RawSioWs.open(server.port())) {
            assertThat(client.connect("/")).startsWith("0{\"sid\":");
            Socket socket = connected.get(10, TimeUnit.SECONDS);
            BroadcastRecorder.Recording rec = recorder.of("/");
            // the CONNECT answer's write may still be completing: try until the socket is idle
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                rec.clear();
                server.io().asVolatile().emit("vol", "sent");
                return rec.deliveries(socket.id()).get(0).queued();
            });
            server.io().emit("plain", "after");
            assertThat(client.next()).isEqualTo("2[\"vol\",\"sent\"]");
            assertThat(client.next()).isEqualTo("2[\"plain\",\"after\"]");
        }
    }

    private static BroadcastOptions optionsOf(BroadcastRecorder.Recording rec, String caseName) {
        for (BroadcastRecorder.Broadcast b : rec.broadcasts()) {
            SocketPacket.Event e = (SocketPacket.Event) b.packet().packet();
            if (e.args().equals(List.of("m", caseName))) {
                return b.options();
            }
        }
        throw new AssertionError("no broadcast for " + caseName);
    }
}
