package io.github.socketiojakarta.server;

import static io.github.socketiojakarta.server.RecoveryPeers.connectAndLose;
import static io.github.socketiojakarta.server.RecoveryPeers.connectAnswer;
import static io.github.socketiojakarta.server.RecoveryPeers.eventArgs;
import static io.github.socketiojakarta.server.RecoveryPeers.sessionsKept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.server.RecoveryPeers.Lost;
import io.github.socketiojakarta.server.RecoveryPeers.Peer;
import io.github.socketiojakarta.server.RecoveryPeers.Transport;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connection state recovery on one node, with raw clients that send exactly the packets a
 * recovering client sends: the reference server's recovery cases, then every rule (which
 * disconnections keep a session, which packets are kept, what a bad pid or offset gets) and
 * the secrecy of the private id.
 */
class ConnectionStateRecoveryTest {
    private static final RecoveryPeers.Transport POLLING = RecoveryPeers.Transport.POLLING;


    private static SocketIoTestServer server(Consumer<SocketIoServer> setup) {
        return SocketIoTestServer.start(
                b -> b.connectionStateRecovery(Duration.ofMinutes(2), true), setup);
    }

    // ------------------------------------------------------------ the reference's cases

    @ParameterizedTest
    @EnumSource(Transport.class)
    void restoresTheSessionAndTheMissedPacketsBeforeTheConnectReply(Transport t) {
        try (SocketIoTestServer server = server(io -> io.onConnection(s -> {
                if (!s.recovered()) {
                    s.join("room1");
                }
            }))) {
            SocketIoServer io = server.io();
            Lost lost;
            try (Peer first = new Peer(t, server.port())) {
                lost = connectAndLose(io, first);
            }
            io.emit("hello1");
            io.to("room1").emit("hello2");
            io.to("room2").emit("not for it");
            io.except("room1").emit("not for it either");
            io.except("room3").emit("hello3");
            assertThat(sessionsKept(io, "/")).isEqualTo(1);

            try (Peer again = new Peer(t, server.port())) {
                again.send("0" + lost.auth());
                List<String> packets = again.read(4);
                assertThat(packets.subList(0, 3)).extracting(p -> eventArgs(p).get(0))
                        .containsExactly("hello1", "hello2", "hello3");
                List<String> offsets = new ArrayList<>();
                for (String p : packets.subList(0, 3)) {
                    List<Object> args = eventArgs(p);
                    assertThat(args).hasSize(2);
                    offsets.add((String) args.get(1));
                }
                assertThat(offsets).doesNotHaveDuplicates().doesNotContain(lost.offset());
                assertThat(packets.get(3)).isEqualTo(
                        "0{\"sid\":\"" + lost.sid() + "\",\"pid\":\"" + lost.pid() + "\"}");
                // after the CONNECT reply the socket gets new packets as usual, offsets on
                io.emit("after");
                assertThat(eventArgs(again.read())).hasSize(2).first().isEqualTo("after");
            }
        }
    }

    @Test
    void restoresTheRoomsAndTheData() throws Exception {
        BlockingQueue<Socket> connected = new LinkedBlockingQueue<>();
        try (SocketIoTestServer server = server(io -> io.onConnection(s -> {
                if (!s.recovered()) {
                    s.join("room1", "room2");
                    s.data().put("foo", "bar");
                }
                connected.add(s);
            }))) {
            Lost lost;
            try (Peer first = new Peer(POLLING, server.port())) {
                lost = connectAndLose(server.io(), first);
            }
            assertThat(connected.poll(5, TimeUnit.SECONDS).recovered()).isFalse();
            try (Peer again = new Peer(POLLING, server.port())) {
                again.send("0" + lost.auth());
                again.read();
                Socket s = connected.poll(5, TimeUnit.SECONDS);
                assertThat(s.id()).isEqualTo(lost.sid());
                assertThat(s.recovered()).isTrue();
                assertThat(s.rooms()).containsExactlyInAnyOrder(lost.sid(), "room1", "room2");
                assertThat(s.data()).containsEntry("foo", "bar");
                assertThat(s.connectionId()).isEqualTo(again.engineId());
                assertThat(server.io().of("/").adapter().sockets(java.util.Set.of("room2")))
                        .containsExactly(lost.sid());
            }
        }
    }

    @Test
    void doesNotRunTheMiddlewaresUponRecoveryByDefault() {
        AtomicInteger runs = new AtomicInteger();
        try (SocketIoTestServer server = server(io -> io.use((socket, next) -> {
                runs.incrementAndGet();
                next.proceed();
            }))) {
            Lost lost;
            try (Peer first = new Peer(POLLING, server.port())) {
                lost = connectAndLose(server.io(), first);
            }
            assertThat(runs).hasValue(1);
            try (Peer again = new Peer(POLLING, server.port())) {
                again.send("0" + lost.auth());
                assertThat(connectAnswer(again.read(), "/")).containsEntry("sid", lost.sid());
            }
            assertThat(runs).hasValue(1);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void runsTheMiddlewaresUponRecoveryWhenAsked(boolean refuseTheSecondTime) {
        AtomicInteger runs = new AtomicInteger();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.connectionStateRecovery(Duration.ofMinutes(2), false),
                io -> io.use((socket, next) -> {
                    if (runs.incrementAndGet() == 2 && refuseTheSecondTime) {
                        next.reject("not again");
                    } else {
                        next.proceed();
                    }
                }))) {
            Lost lost;
            try (Peer first = new Peer(POLLING, server.port())) {
                lost = connectAndLose(server.io(), first);
            }
            server.io().emit("missed");
            try (Peer again = new Peer(POLLING, server.port())) {
                again.send("0" + lost.auth());
                // the missed packets come first, as in the reference, whatever the middlewares say
                assertThat(eventArgs(again.read()).get(0)).isEqualTo("missed");
                String answer = again.read();
                if (refuseTheSecondTime) {
                    assertThat(answer).isEqualTo("4{\"message\":\"not again\"}");
                    assertThat(server.io().of("/").sockets()).isEmpty();
                } else {
                    assertThat(connectAnswer(answer, "/")).containsEntry("sid", lost.sid())
                            .containsEntry("pid", lost.pid());
                }
            }
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void anUnknownSessionGetsANewOne() {
        try (SocketIoTestServer server = server(io -> { });
                Peer peer = new Peer(POLLING, server.port())) {
            peer.send("0{\"pid\":\"foo\",\"offset\":\"bar\"}");
            Map<String, Object> answer = connectAnswer(peer.read(), "/");
            assertThat(answer.get("sid")).isInstanceOf(String.class).isNotEqualTo("foo");
            assertThat(answer.get("pid")).isInstanceOf(String.class).isNotEqualTo("bar")
                    .isNotEqualTo(answer.get("sid"));
            assertThat(server.io().of("/").sockets().values()).singleElement()
                    .satisfies(s -> assertThat(s.recovered()).isFalse());
            // the metrics count an attempt that failed
            assertThat(server.io().metrics().recoveryEnabled()).isTrue();
            assertThat(server.io().metrics().recoveriesAttempted()).isEqualTo(1);
            assertThat(server.io().metrics().recoveriesSucceeded()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void isOffByDefault(Transport t) {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> { });
                Peer peer = new Peer(t, server.port())) {
            peer.send("0");
            String connect = peer.read();
            assertThat(connectAnswer(connect, "/")).containsOnlyKeys("sid");
            server.io().emit("hello");
            assertThat(peer.read()).isEqualTo("2[\"hello\"]");
        }
    }

    @Test
    void whenOffTheAdapterIsNeverAskedToPersistOrRestore() {
        List<String> calls = new CopyOnWriteArrayList<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.adapter(ns -> recording(new InMemoryAdapter(ns), calls)),
                io -> { })) {
            Lost lost;
            try (Peer first = new Peer(POLLING, server.port())) {
                first.send("0");
                String sid = (String) connectAnswer(first.read(), "/").get("sid");
                server.io().emit("hello");
                assertThat(first.read()).isEqualTo("2[\"hello\"]");
                first.lose();
                await().until(() -> server.io().of("/").sockets().isEmpty());
                lost = new Lost(sid, "forged", "0");
            }
            try (Peer again = new Peer(POLLING, server.port())) {
                again.send("0" + lost.auth());
                assertThat(connectAnswer(again.read(), "/")).containsOnlyKeys("sid")
                        .doesNotContainEntry("sid", lost.sid());
            }
            assertThat(calls).contains("broadcast", "addAll", "delAll")
                    .doesNotContain("persistSession", "restoreSession");
        }
    }

    /** An adapter that records the names of the methods called, and delegates. */
    private static Adapter recording(Adapter real, List<String> calls) {
        return (Adapter) Proxy.newProxyInstance(Adapter.class.getClassLoader(),
                new Class<?>[] {Adapter.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
