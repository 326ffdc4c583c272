package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.server.BroadcastOperator;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java node and a Node.js node (socket.io 4.8.3 + @socket.io/redis-adapter 8.3.0, defaults) on
 * one real Redis: broadcasts cross both ways with rooms, except and local honoured, the volatile
 * and compress flags as Node.js sends them, binaries intact, and the Java node's messages have
 * the Node.js node's shape on the wire. Driven by {@code src/test/js/cluster-broadcast.mjs}.
 */
class RedisNodeInteropTest {
    private static RedisServerProcess redis;
    private static RedisAdapterFactory factory;
    private static SocketIoTestServer java;
    private static JsonObject result;

    @BeforeAll
    static void cluster() throws Exception {
        redis = RedisServerProcess.start();
        factory = RedisAdapterFactory.connect(redis.uri(), RedisAdapterOptions.DEFAULTS);
        java = SocketIoTestServer.start(b -> b.adapter(factory), RedisNodeInteropTest::setup);
        factory.adapter("/").ready().get(10, TimeUnit.SECONDS);
        factory.adapter("/custom").ready().get(10, TimeUnit.SECONDS);
        NodeScript.JsonResult r = NodeScript.run("cluster-broadcast.mjs",
                "{\"redis\":\"" + redis.uri() + "\",\"javaUrl\":\"" + java.url()
                        + "\",\"timeoutMs\":30000}", Duration.ofSeconds(45));
        r.assertOk();
        result = r.json();
    }

    /** Each socket joins its auth {@code room}; {@code relay} broadcasts from this node. */
    @SuppressWarnings("unchecked")
    private static void setup(SocketIoServer io) {
        for (String name : List.of("/", "/custom")) {
            Namespace nsp = io.of(name);
            nsp.onConnection(socket -> {
                if (socket.handshake().auth().get("room") instanceof String room) {
                    socket.join(room);
                }
                socket.emit("welcome", socket.id());
                socket.on("relay", e -> relay(io, (Map<String, Object>) e.args().get(0), e));
            });
        }
    }

    /** Broadcasts from this node as the target asks (namespace, rooms, except, flags). */
    @SuppressWarnings("unchecked")
    private static void relay(SocketIoServer io, Map<String, Object> t,
            io.github.socketiojakarta.server.Event e) {
        Namespace nsp = io.of((String) t.getOrDefault("nsp", "/"));
        BroadcastOperator op = nsp.to(strings(t.get("rooms"))).except(strings(t.get("except")));
        if (Boolean.TRUE.equals(t.get("local"))) {
            op = op.local();
        }
        if (Boolean.TRUE.equals(t.get("volatile"))) {
            op = op.asVolatile();
        }
        if (Boolean.FALSE.equals(t.get("compress"))) {
            op = op.compress(false);
        }
        op.emit((String) t.get("event"), ((List<Object>) t.get("args")).toArray());
        e.ack("ok");
    }

    private static String[] strings(Object list) {
        return list == null ? new String[0] : ((List<?>) list).toArray(new String[0]);
    }

    @AfterAll
    static void stop() throws Exception {
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

    /**
     * The events a client got, without the volatile ones ({@code n-flags}, {@code j-volatile}):
     * both servers may drop those by design when the connection is busy. Their flags are
     * checked on the wire instead.
     */
    private static List<String> events(String client) {
        List<String> out = new ArrayList<>();
        for (JsonValue v : result.getJsonObject("events").getJsonArray(client)) {
            String ev = v.asJsonObject().getString("ev");
            if (!ev.equals("n-flags") && !ev.equals("j-volatile")) {
                out.add(ev);
            }
        }
        return out;
    }

    private static JsonArray args(String client, String event) {
        for (JsonValue v : result.getJsonObject("events").getJsonArray(client)) {
            if (v.asJsonObject().getString("ev").equals(event)) {
                return v.asJsonObject().getJsonArray("args");
            }
        }
        throw new AssertionError(client + " did not get " + event);
    }

    /** The messages the raw subscriber saw carrying {@code event}. */
    private static List<JsonObject> wire(String event) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : result.getJsonArray("wire")) {
            JsonObject w = v.asJsonObject();
            JsonArray m = w.getJsonArray("message");
            if (m.getJsonObject(1).getJsonArray("data").getString(0).equals(event)) {
                out.add(w);
            }
        }
        return out;
    }

    @Test
    void nodeBroadcastsReachJavaClientsWithRoomsExceptAndBinaries() {
        assertThat(events("javaA")).startsWith("n-room", "n-fence");
        assertThat(events("javaB")).startsWith("n-except", "n-fence");
        assertThat(events("nodeC")).startsWith("n-room", "n-fence");
        assertThat(events("nodeD")).startsWith("n-except", "n-fence");
        assertThat(args("javaA", "n-room").toString())
                .isEqualTo("[\"hi\",{\"buffer\":[1,2,3]},{\"nested\":{\"buffer\":[4]}}]");
        assertThat(args("javaB", "n-except").toString()).isEqualTo("[1.5]");
    }

    @Test
    void javaBroadcastsReachNodeClientsWithRoomsExceptAndBinaries() {
        assertThat(events("nodeC")).containsExactly("n-room", "n-fence",
                "j-room", "j-rooms", "j-fence");
        assertThat(events("nodeD")).containsExactly("n-except", "n-fence",
                "j-except", "j-except-ids", "j-rooms", "j-fence");
        assertThat(events("javaA")).containsExactly("n-room", "n-fence",
                "j-room", "j-local", "j-rooms", "j-fence");
        assertThat(events("javaB")).containsExactly("n-except", "n-fence",
                "j-except", "j-local", "j-except-ids", "j-fence");
        assertThat(args("nodeC", "j-room").toString()).isEqualTo(
                "[\"hey\",{\"buffer\":[5,6]},{\"deep\":[{\"buffer\":[7]}]}]");
        assertThat(args("nodeD", "j-except").toString()).isEqualTo("[2,2.5,null,true,\"é\"]");
    }

    @Test
    void otherNamespacesStayApart() {
        assertThat(events("javaX")).containsExactly("n-custom", "n-fence", "j-custom", "j-fence");
        assertThat(events("nodeY")).containsExactly("n-fence", "j-custom", "j-fence");
        assertThat(args("javaX", "n-custom").toString()).isEqualTo("[{\"buffer\":[9]}]");
        JsonObject javaCustom = wire("j-custom").get(0);
        assertThat(javaCustom.getString("channel")).isEqualTo("socket.io#/custom#");
        assertThat(javaCustom.getJsonArray("message").getJsonObject(1).getString("nsp"))
                .isEqualTo("/custom");
        assertThat(wire("n-custom").get(0).getString("channel"))
                .isEqualTo("socket.io#/custom#room1#");
    }

    @Test
    void javaMessagesHaveTheNodeShapeOnTheWire() {
        String javaUid = factory.adapter("/").uid();
        JsonObject nodeRoom = wire("n-room").get(0);
        JsonObject javaRoom = wire("j-room").get(0);
        assertThat(nodeRoom.getString("channel")).isEqualTo("socket.io#/#room1#");
        assertThat(javaRoom.getString("channel")).isEqualTo("socket.io#/#room1#");
        JsonArray m = javaRoom.getJsonArray("message");
        assertThat(m.getString(0)).isEqualTo(javaUid).hasSize(6);
        assertThat(m.getJsonObject(1).keySet()).containsExactly("type", "data", "nsp");
        assertThat(m.getJsonObject(1).keySet())
                .containsExactlyElementsOf(nodeRoom.getJsonArray("message").getJsonObject(1).keySet());
        assertThat(m.getJsonObject(1).getInt("type")).isEqualTo(2);
        assertThat(m.getJsonObject(1).getString("nsp")).isEqualTo("/");
        assertThat(m.getJsonObject(2).toString())
                .isEqualTo(nodeRoom.getJsonArray("message").getJsonObject(2).toString())
                .isEqualTo("{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}");
        assertThat(wire("j-except").get(0).getString("channel")).isEqualTo("socket.io#/#");
        assertThat(wire("j-rooms").get(0).getString("channel")).isEqualTo("socket.io#/#");
        assertThat(wire("j-volatile").get(0).getJsonArray("message").getJsonObject(2)
                .getJsonObject("flags").toString())
                .isEqualTo("{\"volatile\":true,\"compress\":false}");
        // the same flags as Node.js sends for compress(false).volatile (key order aside)
        assertThat(wire("j-volatile").get(0).getJsonArray("message").getJsonObject(2)
                .getJsonObject("flags"))
                .isEqualTo(wire("n-flags").get(0).getJsonArray("message").getJsonObject(2)
                        .getJsonObject("flags"));
        assertThat(wire("j-local")).isEmpty();
        assertThat(wire("j-room")).hasSize(1);
    }
}
