package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery on one node, over raw polling: the reference server's recovery
 * tests, case by case.
 */
class ConnectionStateRecoveryTest {

    private static SocketIoTestServer recoveringServer(java.util.function.Consumer<SocketIoServer> setup) {
        return SocketIoTestServer.start(
                b -> b.connectionStateRecovery(Duration.ofMinutes(2), true), setup);
    }

    /** What init() does in the reference's tests: connect, get one offset, close the transport. */
    private record Lost(String sid, String pid, String offset) {}

    @SuppressWarnings("unchecked")
    private static Lost connectAndLose(SocketIoServer io, RawSioPolling client) {
        String connect = client.connect();
        Map<String, Object> answer = (Map<String, Object>) parse(connect.substring(2));
        io.emit("hello");
        List<String> got = RawSioPolling.packets(client.get());
        List<Object> args = (List<Object>) parse(got.get(0).substring(2));
        client.post("1");
        return new Lost((String) answer.get("sid"), (String) answer.get("pid"),
                (String) args.get(1));
    }

    private static Object parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    @Test
    void restoresTheSessionAndTheMissedPacketsBeforeTheConnectReply() throws Exception {
        CompletableFuture<Socket> first = new CompletableFuture<>();
        try (SocketIoTestServer server = recoveringServer(io -> io.onConnection(s -> {
            if (!first.isDone()) {
                s.join("room1");
                first.complete(s);
            }
        }))) {
            RawSioPolling client = RawSioPolling.open(server.port());
            Lost lost = connectAndLose(server.io(), client);
            Socket socket = first.get(10, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().until(socket::disconnected);

            server.io().emit("hello1");
            server.io().to("room1").emit("hello2");
            server.io().to("room2").emit("not for it");
            socket.emit("hello3");

            RawSioPolling again = RawSioPolling.open(server.port());
            again.post("40{\"pid\":\"" + lost.pid() + "\",\"offset\":\"" + lost.offset() + "\"}");
            List<String> packets = RawSioPolling.packets(again.get());
            assertThat(packets).hasSize(4);
            assertThat(packets.get(0)).startsWith("42[\"hello1\",\"");
            assertThat(packets.get(1)).startsWith("42[\"hello2\",\"");
            assertThat(packets.get(2)).startsWith("42[\"hello3\",\"");
            assertThat(packets.get(3)).isEqualTo("40{\"sid\":\"" + lost.sid() + "\",\"pid\":\""
                    + lost.pid() + "\"}");
        }
    }
}
