package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.server.Arguments;
import io.github.socketiojakarta.server.BroadcastOperator;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.RemoteSocket;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The requests of the classic adapter between a Java node and a Node.js node (socket.io 4.8.3 +
 * @socket.io/redis-adapter 8.3.0) on a real Redis, each way: server-side events with and without
 * acks, fetchSockets, socketsJoin/Leave, disconnectSockets, allRooms (answered by Java) and
 * broadcasts with acks. Driven by {@code src/test/js/cluster-requests.mjs}, which asks the Java
 * node to act through the {@code op} event below. The Java node answers a Node.js node's
 * {@code serverSideEmitWithAck} from its listener, with {@code Event.ack}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisNodeRequestsTest {
    private RedisServerProcess redis;
    private RedisAdapterFactory factory;
    private SocketIoTestServer java;
    private JsonObject result;
    private final List<List<Object>> serverEvents = new CopyOnWriteArrayList<>();

    /** Whether both nodes answer on the requester's own response channel. */
    boolean publishOnSpecificResponseChannel() {
        return false;
    }

    @BeforeAll
    void cluster() throws Exception {
        redis = RedisServerProcess.start();
        factory = RedisAdapterFactory.connect(redis.uri(), RedisAdapterOptions.DEFAULTS
                .withPublishOnSpecificResponseChannel(publishOnSpecificResponseChannel()));
        java = SocketIoTestServer.start(b -> b.adapter(factory),
                this::setup);
        factory.adapter("/").ready().get(10, TimeUnit.SECONDS);
        NodeScript.JsonResult r = NodeScript.run("cluster-requests.mjs",
                "{\"redis\":\"" + redis.uri() + "\",\"javaUrl\":\"" + java.url()
                        + "\",\"specific\":" + publishOnSpecificResponseChannel()
                        + ",\"timeoutMs\":40000}", Duration.ofSeconds(55));
        r.assertOk();
        result = r.json();
        System.out.println("step timings (ms since start): " + result.get("timings"));
    }

    @SuppressWarnings("unchecked")
    private void setup(SocketIoServer io) {
        Namespace main = io.of("/");
        main.onServerSideEvent("cluster:event", e -> {
            serverEvents.add(e.args().values());
            // answers a Node.js node's serverSideEmitWithAck through the adapter
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("node", "java");
            answer.put("args", e.args().values());
            e.ack(answer);
        });
        main.onConnection(socket -> {
            socket.data().put("node", "java");
            if (socket.handshake().auth().get("room") instanceof String room) {
                socket.join(room);
            }
            socket.emit("welcome", socket.id());
            socket.on("whoami", e -> e.ack(new ArrayList<>(new TreeSet<>(socket.rooms()))));
            socket.on("op", e -> {
                Map<String, Object> o = (Map<String, Object>) e.args().get(0);
                Map<String, Object> t = (Map<String, Object>) o.getOrDefault("target", Map.of());
                BroadcastOperator op = main.to(strings(t.get("rooms")))
                        .except(strings(t.get("except")));
                switch ((String) o.get("op")) {
                    case "server-events" -> e.ack(new ArrayList<>(serverEvents));
                    case "server-side-emit" -> {
                        List<Object> p = (List<Object>) o.get("payload");
                        main.serverSideEmit("cluster:event", p.toArray());
                        e.ack("ok");
                    }
                    case "server-side-emit-with-ack" -> main.serverSideEmitWithAck(
                            Duration.ofMillis((Long) o.get("timeoutMs")), "cluster:event",
                            ((List<Object>) o.get("payload")).toArray())
                            .whenComplete((list, err) -> e.ack(answers(list, err)));
                    case "fetch" -> op.fetchSockets().whenComplete((list, err) -> {
                        List<Object> out = new ArrayList<>();
                        list.stream().sorted(Comparator.comparing(RemoteSocket::id)).forEach(s ->
                        {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", s.id());
                            m.put("rooms", new ArrayList<>(new TreeSet<>(s.rooms())));
                            m.put("data", s.data());
                            out.add(m);
                        });
                        e.ack(out);
                    });
                    case "sockets-join" -> {
                        op.socketsJoin((String) o.get("room"));
                        e.ack("ok");
                    }
                    case "sockets-leave" -> {
                        op.socketsLeave((String) o.get("room"));
                        e.ack("ok");
                    }
                    case "disconnect-sockets" -> {
                        op.disconnectSockets(Boolean.TRUE.equals(o.get("close")));
                        e.ack("ok");
                    }
                    case "emit-with-ack" -> op.timeout(Duration.ofMillis((Long) o.get("timeoutMs")))
                            .emitWithAck((String) o.get("event"), o.get("payload"))
                            .whenComplete((list, err) -> e.ack(answers(list, err)));
                    case "all-rooms" -> ((RedisAdapter) main.adapter()).allRooms()
                            .whenComplete((rooms, err) -> e.ack(err != null
                                    ? Map.of("error", String.valueOf(err.getMessage()))
                                    : new ArrayList<>(rooms)));
                    default -> e.ack("unknown op");
                }
            });
        });
    }

    private static Map<String, Object> answers(List<Arguments> list, Throwable err) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (err != null) {
            m.put("error", String.valueOf(err.getMessage()));
        } else {
            List<Object> responses = new ArrayList<>();
            list.forEach(a -> responses.add(a.values().size() == 1 ? a.get(0) : a.values()));
            m.put("responses", responses);
        }
        return m;
    }

    private static String[] strings(Object list) {
        return list == null ? new String[0] : ((List<?>) list).toArray(new String[0]);
    }

    @AfterAll
    void stop() throws Exception {
        if (java != null) {
            java.close();
        }
        if (factory != null) {
            factory.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private String id(String client) {
        return result.getJsonObject("ids").getString(client);
    }

    /** {@code ["<id>","room1"]} in code-unit order, as both sides sort. */
    private String sortedRooms(String client) {
        TreeSet<String> rooms = new TreeSet<>(List.of(id(client), "room1"));
        return "[\"" + String.join("\",\"", rooms) + "\"]";
    }

    @Test
    void answersUseTheConfiguredResponseChannels() {
        List<String> channels = result.getJsonArray("responseChannels").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).toList();
        if (publishOnSpecificResponseChannel()) {
            // server-side event answers always go to the shared channel, the others to the
            // requester's own: Node.js answering Java, and Java answering Node.js
            assertThat(channels).containsExactlyInAnyOrder("socket.io-response#/#",
                    "socket.io-response#/#" + factory.adapter("/").uid() + "#",
                    "socket.io-response#/#" + result.getString("nodeUid") + "#");
        } else {
            assertThat(channels).containsExactly("socket.io-response#/#");
        }
    }

    @Test
    void serverSideEventsCrossBothWaysWithAcks() {
        // nodeSseAck is what the Java listener's Event.ack answered
        assertThat(result.getJsonArray("javaEvents").toString())
                .isEqualTo("[[\"from-node\",1,{\"a\":[true]}]]");
        assertThat(result.getJsonArray("nodeSseAck").toString())
                .isEqualTo("[{\"node\":\"java\",\"args\":[\"ask-java\"]}]");
        assertThat(result.getJsonArray("nodeEvents").toString())
                .isEqualTo("[[\"from-java\",{\"buffer\":[1,2]}],[\"ask-node\"]]");
        assertThat(result.getJsonObject("javaSseAck").toString())
                .isEqualTo("{\"responses\":[{\"node\":\"node\",\"args\":[\"ask-node\"]}]}");
    }

    @Test
    void fetchSocketsSeesTheWholeClusterBothWays() {
        List<String> room1 = new ArrayList<>(List.of(id("javaA"), id("nodeC")));
        room1.sort(null);
        assertThat(result.getJsonArray("nodeFetch").stream()
                .map(v -> v.asJsonObject().getString("id")).toList()).isEqualTo(room1);
        assertThat(result.getJsonArray("nodeFetch").toString())
                .contains("{\"id\":\"" + id("javaA") + "\",\"rooms\":" + sortedRooms("javaA")
                        + ",\"data\":{\"node\":\"java\"}}");
        JsonObject handshake = result.getJsonObject("nodeFetchHandshake");
        assertThat(handshake.keySet()).contains("headers", "time", "address", "issued", "url",
                "query", "auth");
        assertThat(handshake.getJsonObject("auth").getString("room")).isEqualTo("room1");
        assertThat(result.getJsonArray("javaFetch").stream()
                .map(v -> v.asJsonObject().getString("id")).toList()).isEqualTo(room1);
        assertThat(result.getJsonArray("javaFetch").toString())
                .contains("{\"id\":\"" + id("nodeC") + "\",\"rooms\":" + sortedRooms("nodeC")
                        + ",\"data\":{\"node\":\"node\"}}");
        assertThat(result.getJsonArray("javaFetchAll").stream()
                .map(v -> v.asJsonObject().getString("id")).toList())
                .containsExactlyInAnyOrder(id("javaB"), id("javaE"), id("nodeD"), id("nodeF"));
    }

    @Test
    void socketsJoinAndLeaveCrossBothWays() {
        assertThat(result.getJsonArray("javaARooms").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).toList())
                .containsExactlyInAnyOrder(id("javaA"), "joined-by-node");
        // the script also waited for nodeD to join and leave "joined-by-java" on the Node node
    }

    @Test
    void allRoomsIncludesTheJavaNodesRooms() {
        assertThat(result.getJsonArray("allRooms").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).toList())
                .contains("joined-by-node", "room1", id("javaA"), id("javaB"), id("nodeC"));
    }

    @Test
    void theJavaNodeAsksForAllRoomsAndTheNodeNodeAnswers() {
        List<String> rooms = result.getJsonArray("javaAllRooms").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).toList();
        assertThat(rooms).isSorted()
                .contains("joined-by-node", "room1", id("javaA"), id("nodeC"), id("nodeD"))
                .containsExactlyInAnyOrderElementsOf(result.getJsonArray("allRooms").stream()
                        .map(v -> ((jakarta.json.JsonString) v).getString()).toList());
    }

    @Test
    void broadcastsWithAcksCollectEveryClientOfTheCluster() {
        assertThat(result.getJsonArray("nodeAcks").toString()).isEqualTo(
                "[\"javaA:n\",\"javaB:n\",\"javaE:n\",\"nodeC:n\",\"nodeD:n\",\"nodeF:n\"]");
        assertThat(result.getJsonObject("javaAcks").getJsonArray("responses").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).sorted().toList())
                .containsExactly("javaA:j", "javaB:j", "javaE:j", "nodeC:j", "nodeD:j",
                        "nodeF:j");
    }

    @Test
    void disconnectSocketsCrossesBothWays() {
        assertThat(result.getJsonObject("disconnects").toString()).isEqualTo(
                "{\"javaE\":\"io server disconnect\",\"nodeF\":\"io server disconnect\"}");
    }
}
