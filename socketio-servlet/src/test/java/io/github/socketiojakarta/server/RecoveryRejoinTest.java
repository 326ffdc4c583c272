package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A restored socket rejoins its rooms only when it connects (after the middlewares, when they
 * run on recovery): what was broadcast to its rooms between its restore and that moment still
 * reaches it, once, in order, before its CONNECT reply.
 */
class RecoveryRejoinTest {

    @Test
    @SuppressWarnings("unchecked")
    void aBroadcastSentWhileTheMiddlewaresOfARecoveryRunReachesTheSocketOnce() throws Exception {
        AtomicInteger middlewareRuns = new AtomicInteger();
        CompletableFuture<Socket> first = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.connectionStateRecovery(Duration.ofMinutes(2), false), io -> {
                    io.sockets().use((socket, next) -> {
                        if (middlewareRuns.getAndIncrement() == 1) {
                            // the recovery's run: the socket is restored, not yet in its rooms
                            io.to("room1").emit("during", 1);
                            io.to("other").emit("not for it");
                        }
                        next.proceed();
                    });
                    io.onConnection(s -> {
                        if (first.complete(s)) {
                            s.join("room1");
                        }
                    });
                })) {
            RawSioPolling client = RawSioPolling.open(server.port());
            Map<String, Object> answer = (Map<String, Object>) Json.parse(
                    client.connect().substring(2));
            server.io().emit("hello");
            List<Object> hello = (List<Object>) Json.parse(
                    RawSioPolling.packets(client.get()).get(0).substring(2));
            client.post("1");
            Socket socket = first.get(10, TimeUnit.SECONDS);
            await().until(socket::disconnected);
            server.io().to("room1").emit("missed", 0);

            RawSioPolling again = RawSioPolling.open(server.port());
            again.post("40{\"pid\":\"" + answer.get("pid") + "\",\"offset\":\"" + hello.get(1)
                    + "\"}");
            List<String> packets = new ArrayList<>();
            while (packets.isEmpty() || !packets.get(packets.size() - 1).startsWith("40")) {
                packets.addAll(RawSioPolling.packets(again.get()));
            }
            assertThat(packets).hasSize(3);
            assertThat(packets.get(0)).startsWith("42[\"missed\",0,\"");
            assertThat(packets.get(1)).startsWith("42[\"during\",1,\"");
            assertThat(packets.get(2)).isEqualTo("40{\"sid\":\"" + answer.get("sid")
                    + "\",\"pid\":\"" + answer.get("pid") + "\"}");
            assertThat(middlewareRuns).hasValue(2);
        }
    }
}
