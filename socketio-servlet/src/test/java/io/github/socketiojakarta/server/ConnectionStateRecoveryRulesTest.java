package io.github.socketiojakarta.server;

import static io.github.socketiojakarta.server.RecoveryPeers.connectAndLose;
import static io.github.socketiojakarta.server.RecoveryPeers.connectAnswer;
import static io.github.socketiojakarta.server.RecoveryPeers.eventArgs;
import static io.github.socketiojakarta.server.RecoveryPeers.sessionsKept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.server.RecoveryPeers.Lost;
import io.github.socketiojakarta.server.RecoveryPeers.Peer;
import io.github.socketiojakarta.server.RecoveryPeers.Transport;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of connection state recovery, over raw WebSocket: which disconnections keep a
 * session, what a missing, forged, expired or used-up pid or offset gets (always a new socket,
 * never an error), which packets are kept, that each namespace recovers on its own, that the
 * private id is never shown, and that a flood of broadcasts stays within the caps.
 */
class ConnectionStateRecoveryRulesTest {
    private static final Transport WS = Transport.WEBSOCKET;

    private static SocketIoTestServer server(ConnectionStateRecovery recovery,
            Consumer<SocketIoServer> setup) {
        return SocketIoTestServer.start(b -> b.connectionStateRecovery(recovery), setup);
    }

    private static SocketIoTestServer server(Consumer<SocketIoServer> setup) {
        return server(ConnectionStateRecovery.defaults(), setup);
    }

    /** Connects with this auth and checks the answer is a new socket (no error, new ids). */
    private static Map<String, Object> expectNewSocket(int port, String auth, Lost lost) {
        try (Peer peer = new Peer(WS, port)) {
            peer.send("0" + auth);
            String answer = peer.read();
            assertThat(answer).as(auth).startsWith("0{");
            Map<String, Object> ids = connectAnswer(answer, "/");
            assertThat(ids.get("sid")).as(auth).isInstanceOf(String.class)
                    .isNotEqualTo(lost.sid());
            assertThat(ids.get("pid")).as(auth).isInstanceOf(String.class)
                    .isNotEqualTo(lost.pid());
            return ids;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client namespace disconnect", "server disconnect()",
        "server disconnect(true)", "parse error"})
    void aDisconnectionOnPurposeOrForABadPacketKeepsNoSession(String how) throws Exception {
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        BlockingQueue<DisconnectReason> reasons = new LinkedBlockingQueue<>();
        try (SocketIoTestServer server = server(io -> io.onConnection(s -> {
                s.onDisconnect((socket, reason) -> reasons.add(reason));
                sockets.add(s);
            }))) {
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                peer.send("0");
                Map<String, Object> ids = connectAnswer(peer.read(), "/");
                server.io().emit("hello");
                String offset = (String) eventArgs(peer.read()).get(1);
                lost = new Lost((String) ids.get("sid"), (String) ids.get("pid"), offset);
                Socket s = sockets.poll(5, TimeUnit.SECONDS);
                switch (how) {
                    case "client namespace disconnect" -> peer.send("1");
                    case "server disconnect()" -> s.disconnect();
                    case "server disconnect(true)" -> s.disconnect(true);
                    default -> peer.send("9garbage");
                }
                assertThat(reasons.poll(5, TimeUnit.SECONDS).reason())
                        .isEqualTo(how.startsWith("server") ? "server namespace disconnect" : how);
            }
            assertThat(sessionsKept(server.io(), "/")).isZero();
            expectNewSocket(server.port(), lost.auth(), lost);
        }
    }

    @Test
    void aServerSideTransportCloseKeepsTheSession() throws Exception {
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        try (SocketIoTestServer server = server(io -> io.onConnection(sockets::add))) {
            try (Peer peer = new Peer(WS, server.port())) {
                peer.send("0");
                Map<String, Object> ids = connectAnswer(peer.read(), "/");
                server.io().emit("hello");
                String offset = (String) eventArgs(peer.read()).get(1);
                Socket s = sockets.poll(5, TimeUnit.SECONDS);
                server.io().engine().session(s.connectionId()).close();
                await().until(s::disconnected);
                assertThat(sessionsKept(server.io(), "/")).isOne();
                try (Peer again = new Peer(WS, server.port())) {
                    again.send("0" + new Lost("", (String) ids.get("pid"), offset).auth());
                    assertThat(connectAnswer(again.read(), "/")).isEqualTo(ids);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"pid\":PID,\"offset\":5}", "{\"pid\":PID,\"offset\":{\"o\":OFF}}",
        "{\"pid\":PID,\"offset\":null}", "{\"pid\":PID,\"offset\":[OFF]}", "{\"pid\":PID}",
        "{\"pid\":5,\"offset\":OFF}", "{\"pid\":{\"p\":PID},\"offset\":OFF}",
        "{\"pid\":null,\"offset\":OFF}", "{\"pid\":true,\"offset\":OFF}", "{\"offset\":OFF}",
        "{\"pid\":\"forged\",\"offset\":OFF}", "{\"pid\":\"\",\"offset\":OFF}",
        "{\"pid\":PID,\"offset\":\"zzzzzz\"}", "{\"pid\":PID,\"offset\":\"!!garbage!!\"}",
        "{\"pid\":PID,\"offset\":\"\"}", "{\"pid\":PID,\"offset\":\"-1\"}",
        "{\"pid\":PID,\"offset\":\"9223372036854775807\"}"})
    void aBadPidOrOffsetGetsANewSocketAndNoError(String template) {
        try (SocketIoTestServer server = server(io -> { })) {
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(server.io(), peer);
            }
            String auth = template.replace("PID", "\"" + lost.pid() + "\"")
                    .replace("OFF", "\"" + lost.offset() + "\"");
            expectNewSocket(server.port(), auth, lost);
            assertThat(server.io().of("/").sockets().values())
                    .allSatisfy(s -> assertThat(s.recovered()).isFalse());
        }
    }

    @Test
    void anExpiredSessionGetsANewSocket() {
        try (SocketIoTestServer server = server(
                ConnectionStateRecovery.of(Duration.ofMillis(300), true), io -> { })) {
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(server.io(), peer);
            }
            long gone = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> System.nanoTime() - gone > Duration.ofMillis(350).toNanos());
            expectNewSocket(server.port(), lost.auth(), lost);
        }
    }

    @Test
    void aSessionIsRestoredOnce() {
        try (SocketIoTestServer server = server(io -> { })) {
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(server.io(), peer);
            }
            try (Peer again = new Peer(WS, server.port())) {
                again.send("0" + lost.auth());
                assertThat(connectAnswer(again.read(), "/")).containsEntry("sid", lost.sid());
                // someone else with the same pid and offset, while the socket is back
                expectNewSocket(server.port(), lost.auth(), lost);
            }
        }
    }

    @Test
    void packetsWithAnAckAndVolatilePacketsGetNoOffsetAndAreNotReplayed() throws Exception {
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        try (SocketIoTestServer server = server(io -> io.onConnection(sockets::add))) {
            SocketIoServer io = server.io();
            try (Peer peer = new Peer(WS, server.port())) {
                peer.send("0");
                Map<String, Object> ids = connectAnswer(peer.read(), "/");
                Socket s = sockets.poll(5, TimeUnit.SECONDS);
                s.emitWithAck("question");
                assertThat(peer.read()).matches("2\\d+\\[\"question\"\\]");
                io.timeout(Duration.ofSeconds(5)).emitWithAck("broadcast question");
                assertThat(peer.read()).matches("2\\d+\\[\"broadcast question\"\\]");
                // volatile packets may be dropped; those that come have no offset
                s.asVolatile().emit("direct volatile");
                io.asVolatile().emit("volatile");
                io.emit("kept");
                List<Object> kept;
                for (String p = peer.read(); ; p = peer.read()) {
                    if (p.startsWith("2[\"kept\"")) {
                        kept = eventArgs(p);
                        break;
                    }
                    assertThat(p).isIn("2[\"direct volatile\"]", "2[\"volatile\"]");
                }
                assertThat(kept).hasSize(2);
                peer.lose();
                await().until(s::disconnected);

                io.asVolatile().emit("volatile, missed");
                io.timeout(Duration.ofMillis(100)).emitWithAck("question, missed");
                io.emit("missed");
                try (Peer again = new Peer(WS, server.port())) {
                    again.send("0" + new Lost(s.id(), (String) ids.get("pid"),
                            (String) kept.get(1)).auth());
                    assertThat(eventArgs(again.read()).get(0)).isEqualTo("missed");
                    assertThat(connectAnswer(again.read(), "/")).isEqualTo(ids);
                }
            }
        }
    }

    @Test
    void eachNamespaceOfAConnectionRecoversOnItsOwn() {
        try (SocketIoTestServer server = server(io -> io.of("/chat"))) {
            SocketIoServer io = server.io();
            Map<String, Object> root;
            Map<String, Object> chat;
            String rootOffset;
            String chatOffset;
            try (Peer peer = new Peer(WS, server.port())) {
                peer.send("0");
                root = connectAnswer(peer.read(), "/");
                peer.send("0/chat,");
                chat = connectAnswer(peer.read(), "/chat");
                assertThat(chat.get("pid")).isNotEqualTo(root.get("pid"));
                io.emit("root1");
                rootOffset = (String) eventArgs(peer.read()).get(1);
                io.of("/chat").emit("chat1");
                String packet = peer.read();
                assertThat(packet).startsWith("2/chat,");
                chatOffset = (String) eventArgs(packet).get(1);
                io.of("/chat").emit("chat2");
                assertThat(eventArgs(peer.read()).get(0)).isEqualTo("chat2");
            }
            await().until(() -> io.of("/").sockets().isEmpty() && io.of("/chat").sockets().isEmpty());
            io.emit("root2");
            io.of("/chat").emit("chat3");
            try (Peer again = new Peer(WS, server.port())) {
                // "/" with its own session; "/chat" with the session of "/": a new socket
                again.send("0" + new Lost("", (String) root.get("pid"), rootOffset).auth());
                assertThat(eventArgs(again.read()).get(0)).isEqualTo("root2");
                assertThat(connectAnswer(again.read(), "/")).isEqualTo(root);
                again.send("0/chat," + new Lost("", (String) root.get("pid"), chatOffset).auth());
                Map<String, Object> other = connectAnswer(again.read(), "/chat");
                assertThat(other.get("sid")).isNotEqualTo(chat.get("sid"));
            }
            await().until(() -> io.of("/").sockets().isEmpty() && io.of("/chat").sockets().isEmpty());
            // the original "/chat" session, and the new socket's, kept when that connection closed
            assertThat(sessionsKept(io, "/chat")).isEqualTo(2);
            try (Peer third = new Peer(WS, server.port())) {
                // "/chat" from its own offset gets chat2 and chat3, not what "/" missed
                third.send("0/chat," + new Lost("", (String) chat.get("pid"), chatOffset).auth());
                List<String> packets = third.read(3);
                assertThat(packets.subList(0, 2)).extracting(p -> eventArgs(p).get(0))
                        .containsExactly("chat2", "chat3");
                assertThat(connectAnswer(packets.get(2), "/chat")).isEqualTo(chat);
            }
        }
    }

    @Test
    void thePrivateIdIsNeverShown() throws Exception {
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        try (LogCapture log = new LogCapture();
                SocketIoTestServer server = server(io -> io.onConnection(sockets::add))) {
            SocketIoServer io = server.io();
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(io, peer);
            }
            Socket first = sockets.poll(5, TimeUnit.SECONDS);
            try (Peer again = new Peer(WS, server.port());
                    Peer forger = new Peer(WS, server.port())) {
                again.send("0" + lost.auth());
                assertThat(connectAnswer(again.read(), "/")).containsEntry("pid", lost.pid());
                forger.send("0" + lost.auth());
                assertThat(forger.read()).startsWith("0{").doesNotContain(lost.sid());
                Socket recovered = sockets.poll(5, TimeUnit.SECONDS);
                Socket forged = sockets.poll(5, TimeUnit.SECONDS);
                assertThat(recovered.recovered()).isTrue();
                assertThat(recovered.handshake().auth()).containsOnlyKeys("offset");
                assertThat(forged.handshake().auth()).containsOnlyKeys("offset");
                for (Socket s : List.of(first, recovered, forged)) {
                    assertThat(s.handshake().toString()).doesNotContain(lost.pid());
                    assertThat(s.handshake().toMap().toString()).doesNotContain(lost.pid());
                    assertThat(s.toString()).doesNotContain(lost.pid());
                }
                List<RemoteSocket> fetched = io.fetchSockets().get(5, TimeUnit.SECONDS);
                assertThat(fetched).hasSize(2);
                for (RemoteSocket r : fetched) {
                    assertThat(r.handshake().toString()).doesNotContain(lost.pid());
                    assertThat(r.toString()).doesNotContain(lost.pid());
                    assertThat(r.data().toString()).doesNotContain(lost.pid());
                }
            }
            await().until(() -> io.of("/").sockets().isEmpty());
            assertThat(log.all()).isNotEmpty().doesNotContain(lost.pid());
        }
    }

    @Test
    void aFloodOfBroadcastsStaysWithinTheCapsAndAnEvictedOffsetGetsANewSocket() {
        ConnectionStateRecovery small = ConnectionStateRecovery.defaults()
                .withLimits(200, 16 * 1024, 5);
        try (SocketIoTestServer server = server(small, io -> { })) {
            SocketIoServer io = server.io();
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(io, peer);
            }
            InMemoryAdapter adapter = (InMemoryAdapter) io.of("/").adapter();
            for (int i = 0; i < 20_000; i++) {
                io.emit("flood", i, "x".repeat(i % 100));
            }
            long[] size = adapter.recoveryStoreSize();
            assertThat(size[0]).isPositive().isLessThanOrEqualTo(200);
            assertThat(size[1]).isPositive().isLessThanOrEqualTo(16 * 1024);
            for (int i = 0; i < 10; i++) {
                try (Peer peer = new Peer(WS, server.port())) {
                    connectAndLose(io, peer);
                }
            }
            assertThat(adapter.recoveryStoreSize()[2]).isEqualTo(5);
            expectNewSocket(server.port(), lost.auth(), lost);
        }
    }

    @Test
    void aRecoveredSocketThatIsLostAgainRecoversAgain() {
        try (SocketIoTestServer server = server(io -> { })) {
            SocketIoServer io = server.io();
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(io, peer);
            }
            String offset;
            try (Peer again = new Peer(WS, server.port())) {
                again.send("0" + lost.auth());
                assertThat(connectAnswer(again.read(), "/")).containsEntry("sid", lost.sid());
                io.emit("second");
                offset = (String) eventArgs(again.read()).get(1);
            }
            await().until(() -> io.of("/").sockets().isEmpty());
            io.emit("missed twice");
            try (Peer third = new Peer(WS, server.port())) {
                third.send("0" + new Lost(lost.sid(), lost.pid(), offset).auth());
                assertThat(eventArgs(third.read()).get(0)).isEqualTo("missed twice");
                assertThat(connectAnswer(third.read(), "/")).containsEntry("sid", lost.sid())
                        .containsEntry("pid", lost.pid());
            }
        }
    }

    @Test
    void whatTheDisconnectListenersEmitIsReplayed() {
        try (SocketIoTestServer server = server(io -> io.onConnection(s -> {
                if (!s.recovered()) {
                    s.join("room1");
                    s.onDisconnecting((socket, reason) -> socket.emit("leaving"));
                    s.onDisconnect((socket, reason) -> {
                        socket.emit("bye", reason.reason());
                        io.to("room1").emit("room1 without it");
                    });
                }
            }))) {
            Lost lost;
            try (Peer peer = new Peer(WS, server.port())) {
                lost = connectAndLose(server.io(), peer);
            }
            try (Peer again = new Peer(WS, server.port())) {
                again.send("0" + lost.auth());
                List<String> packets = again.read(4);
                assertThat(packets.subList(0, 3)).extracting(p -> eventArgs(p).subList(0,
                        eventArgs(p).size() - 1).toString()).containsExactly("[leaving]",
                        "[bye, transport close]", "[room1 without it]");
                assertThat(connectAnswer(packets.get(3), "/")).containsEntry("sid", lost.sid());
            }
        }
    }
}
