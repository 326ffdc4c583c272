package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connection state recovery with the official JavaScript client ({@code csr-client.mjs}): two
 * namespaces on one connection get an offset each, the connection is lost (closed by the client
 * or by the server), packets are sent meanwhile (broadcasts, room broadcasts, direct and binary
 * emits; others that must not reach it), and the client's own reconnection recovers both
 * sockets: same ids, {@code recovered}, every missed event once, in order, with its offset,
 * before {@code connect} as the client fires them; rooms and data restored on the server.
 */
class ConnectionStateRecoveryJsTest {

    /** A socket as its connection listener saw it (it is gone when the script ends). */
    private record Seen(Socket socket, java.util.Set<String> rooms, Map<String, Object> data) {
        String id() {
            return socket.id();
        }

        boolean recovered() {
            return socket.recovered();
        }

        String connectionId() {
            return socket.connectionId();
        }
    }

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (TransportMode mode : TransportMode.values()) {
            out.add(Arguments.of(mode, "client"));
            out.add(Arguments.of(mode, "server"));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, closed by the {1}")
    @MethodSource("cases")
    void theOfficialClientRecoversBothNamespaces(TransportMode mode, String loss)
            throws Exception {
        Map<String, BlockingQueue<Seen>> connections = new ConcurrentHashMap<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.connectionStateRecovery(Duration.ofMinutes(2), true), io -> {
                    for (String name : List.of("/", "/chat")) {
                        BlockingQueue<Seen> q = new LinkedBlockingQueue<>();
                        connections.put(name, q);
                        setUp(io, io.of(name), q);
                    }
                })) {
            NodeScript.JsonResult r = NodeScript.run("csr-client.mjs",
                    "{\"url\":\"" + server.url() + "\",\"transports\":" + mode.transportsJson()
                            + ",\"nsps\":[\"/\",\"/chat\"],\"loss\":\"" + loss
                            + "\",\"timeoutMs\":10000}", Duration.ofSeconds(20)).assertOk();
            JsonObject json = r.json();
            assertThat(json.getString("transportBefore"))
                    .isEqualTo(mode == TransportMode.POLLING ? "polling" : "websocket");
            for (String nsp : List.of("/", "/chat")) {
                JsonObject s = json.getJsonObject("sockets").getJsonObject(nsp);
                assertThat(s.getString("secondId")).as(nsp).isEqualTo(s.getString("firstId"));
                assertThat(s.getBoolean("recovered")).as(nsp).isTrue();
                checkLog(nsp, s.getJsonArray("log"));

                Seen first = connections.get(nsp).poll(5, TimeUnit.SECONDS);
                Seen again = connections.get(nsp).poll(5, TimeUnit.SECONDS);
                assertThat(first.recovered()).isFalse();
                assertThat(again.recovered()).isTrue();
                assertThat(again.id()).isEqualTo(first.id()).isEqualTo(s.getString("firstId"));
                assertThat(again.rooms()).containsExactlyInAnyOrder(again.id(), "room1");
                assertThat(again.data()).containsEntry("nsp", nsp);
                assertThat(again.connectionId()).isNotEqualTo(first.connectionId());
                assertThat(connections.get(nsp)).isEmpty();
            }
            // the metrics count one recovery per namespace, both successful
            assertThat(server.io().metrics().recoveriesAttempted()).isEqualTo(2);
            assertThat(server.io().metrics().recoveriesSucceeded()).isEqualTo(2);
        }
    }

    /**
     * Every namespace behaves the same: rooms and data on a first connection, "hello" on "hi",
     * the transport closed on "drop", packets sent while the client is away (from the
     * disconnect listener, so that they are surely sent before it comes back), "after" once it
     * is back.
     */
    private static void setUp(SocketIoServer io, Namespace nsp, BlockingQueue<Seen> q) {
        nsp.onConnection(s -> {
            if (s.recovered()) {
                s.emit("after", nsp.name());
            } else {
                s.join("room1");
                s.data().put("nsp", nsp.name());
            }
            s.on("hi", e -> s.emit("hello", nsp.name()));
            s.on("drop", e -> io.engine().session(s.connectionId()).close());
            s.onDisconnect((socket, reason) -> {
                if (!reason.recoverable()) {
                    return;
                }
                nsp.emit("b1", 1);
                nsp.to("room1").emit("r1", 2);
                nsp.to("room2").emit("not for it");
                nsp.except("room1").emit("not for it either");
                nsp.asVolatile().emit("volatile, not kept");
                s.emit("direct", 3);
                s.emit("bin", new byte[] {1, 2, 3});
            });
            q.add(new Seen(s, s.rooms(), new java.util.HashMap<>(s.data())));
        });
    }

    /** What the client's listeners saw, in the order the official client fires them. */
    private static void checkLog(String nsp, JsonArray log) {
        List<String> names = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        for (JsonValue v : log) {
            JsonObject e = v.asJsonObject();
            String name = e.getString("event");
            names.add(name);
            if (e.containsKey("args")) {
                JsonArray args = e.getJsonArray("args");
                assertThat(args.get(args.size() - 1).getValueType())
                        .as("%s %s ends with its offset: %s", nsp, name, e)
                        .isEqualTo(JsonValue.ValueType.STRING);
                offsets.add(args.getString(args.size() - 1));
                if (!name.equals("hello") && !name.equals("after")) {
                    // missed events are fired before "connect", the socket already connected
                    assertThat(e.getBoolean("connected")).as(e.toString()).isTrue();
                }
            }
        }
        assertThat(names).as(nsp + ": " + log).containsExactly("connect", "hello", "disconnect",
                "b1", "r1", "direct", "bin", "connect", "after");
        assertThat(offsets).as(nsp).doesNotHaveDuplicates().hasSize(6);
        JsonObject bin = log.getJsonObject(6);
        assertThat(bin.getJsonArray("args").getJsonObject(0).getJsonArray("$bin").toString())
                .isEqualTo("[1,2,3]");
        assertThat(log.getJsonObject(3).getJsonArray("args").getInt(0)).isEqualTo(1);
        assertThat(log.getJsonObject(4).getJsonArray("args").getInt(0)).isEqualTo(2);
        assertThat(log.getJsonObject(5).getJsonArray("args").getInt(0)).isEqualTo(3);
        assertThat(log.getJsonObject(0).getBoolean("recovered")).isFalse();
        assertThat(log.getJsonObject(7).getBoolean("recovered")).isTrue();
        assertThat(log.getJsonObject(8).getJsonArray("args").getString(0)).isEqualTo(nsp);
    }
}
