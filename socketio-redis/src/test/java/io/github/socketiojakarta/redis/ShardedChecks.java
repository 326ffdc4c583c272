package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the Node.js scenario of {@code sharded-cluster.mjs} must have seen, shared by the sharded
 * adapter's interop tests: which client got which broadcast (as sets: channels on different
 * cluster masters keep no order between them) with its arguments intact, the requests'
 * outcomes, and the messages recorded on the shard channels.
 */
final class ShardedChecks {
    private ShardedChecks() {
    }

    /**
     * The broadcasts a client got, without the fences and the volatile ones ({@code n-flags},
     * {@code j-volatile}): either server may drop those by design.
     */
    static List<String> received(JsonObject result, String client) {
        List<String> out = new ArrayList<>();
        for (JsonValue v : result.getJsonObject("events").getJsonArray(client)) {
            String ev = v.asJsonObject().getString("ev");
            if (!ev.startsWith("n-fence") && !ev.startsWith("j-fence") && !ev.equals("n-flags")
                    && !ev.equals("j-volatile")) {
                out.add(ev);
            }
        }
        return out;
    }

    static JsonArray args(JsonObject result, String client, String event) {
        for (JsonValue v : result.getJsonObject("events").getJsonArray(client)) {
            if (v.asJsonObject().getString("ev").equals(event)) {
                return v.asJsonObject().getJsonArray("args");
            }
        }
        throw new AssertionError(client + " did not get " + event);
    }

    /** Every broadcast reached exactly its recipients on both nodes, binaries intact. */
    static void assertBroadcastsCrossed(JsonObject result, List<String> rooms) {
        List<String> javaA = new ArrayList<>();
        List<String> nodeC = new ArrayList<>();
        for (String r : rooms) {
            javaA.addAll(List.of("n-room:" + r, "j-room:" + r));
            nodeC.addAll(List.of("n-room:" + r, "j-room:" + r));
        }
        javaA.addAll(List.of("j-local", "j-rooms"));
        nodeC.add("j-rooms");
        assertThat(received(result, "javaA")).containsExactlyInAnyOrderElementsOf(javaA);
        assertThat(received(result, "nodeC")).containsExactlyInAnyOrderElementsOf(nodeC);
        assertThat(received(result, "javaB"))
                .containsExactlyInAnyOrder("n-except", "n-sid", "j-except", "j-local");
        assertThat(received(result, "nodeD"))
                .containsExactlyInAnyOrder("n-except", "j-except", "j-sid", "j-rooms");
        for (String r : rooms) {
            assertThat(args(result, "javaA", "n-room:" + r).toString())
                    .isEqualTo("[\"hi\",{\"buffer\":[1,2,3]},{\"nested\":{\"buffer\":[4]}}]");
            assertThat(args(result, "nodeC", "j-room:" + r).toString())
                    .isEqualTo("[\"hey\",{\"buffer\":[5,6]},{\"deep\":[{\"buffer\":[7]}]}]");
        }
        assertThat(args(result, "javaB", "n-except").toString()).isEqualTo("[1.5]");
        assertThat(args(result, "javaB", "n-sid").toString()).isEqualTo("[{\"buffer\":[8]}]");
        assertThat(args(result, "nodeD", "j-except").toString())
                .isEqualTo("[2,2.5,null,true,\"é\"]");
        assertThat(args(result, "nodeD", "j-sid").toString()).isEqualTo("[{\"buffer\":[9]}]");
    }

    static String id(JsonObject result, String client) {
        return result.getJsonObject("ids").getString(client);
    }

    static List<String> strings(JsonArray array) {
        return array.stream().map(v -> ((JsonString) v).getString()).toList();
    }

    /** {@code ["<id>", rooms...]} in code-unit order, as both sides sort. */
    static List<String> sortedRooms(JsonObject result, String client, List<String> rooms) {
        TreeSet<String> all = new TreeSet<>(rooms);
        all.add(id(result, client));
        return new ArrayList<>(all);
    }

    /** {@code {node, bin: <6>}}: the socket data each node sets. */
    private static JsonObject data(String node) {
        return Json.createObjectBuilder().add("node", node).add("bin", Json.createObjectBuilder()
                .add("buffer", Json.createArrayBuilder().add(6))).build();
    }

    /** {@code [{who: "javaA:x", bin: <7>}, ...]} of the six clients, by name. */
    private static String acks(String x) {
        StringBuilder sb = new StringBuilder("[");
        for (String c : List.of("javaA", "javaB", "javaE", "nodeC", "nodeD", "nodeF")) {
            sb.append(sb.length() > 1 ? "," : "").append("{\"who\":\"").append(c).append(':')
                    .append(x).append("\",\"bin\":{\"buffer\":[7]}}");
        }
        return sb.append(']').toString();
    }

    /** Every request crossed both ways (scope {@code all}), binaries intact. */
    static void assertRequestsCrossed(JsonObject result, List<String> rooms) {
        // server-side events, with acks answered by the other node
        assertThat(result.getJsonArray("javaEvents").toString())
                .isEqualTo("[[\"from-node\",1,{\"a\":[true]},{\"buffer\":[3]}]]");
        assertThat(result.getJsonArray("nodeSseAck").toString())
                .isEqualTo("[{\"node\":\"java\",\"args\":[\"ask-java\",{\"buffer\":[4]}]}]");
        assertThat(result.getJsonArray("nodeEvents").toString())
                .isEqualTo("[[\"from-java\",{\"buffer\":[1,2]}],[\"ask-node\",{\"buffer\":[5]}]]");
        assertThat(result.getJsonObject("javaSseAck").toString())
                .isEqualTo("{\"responses\":[{\"node\":\"node\",\"args\":[\"ask-node\","
                        + "{\"buffer\":[5]}]}]}");
        // fetchSockets: id, rooms, data and the handshake of the other node's sockets
        List<String> inRoom = new ArrayList<>(List.of(id(result, "javaA"), id(result, "nodeC")));
        inRoom.sort(null);
        assertThat(result.getJsonArray("nodeFetch").stream()
                .map(v -> v.asJsonObject().getString("id")).toList()).isEqualTo(inRoom);
        JsonObject javaA = result.getJsonArray("nodeFetch").stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("id").equals(id(result, "javaA"))).findFirst().get();
        assertThat(strings(javaA.getJsonArray("rooms")))
                .isEqualTo(sortedRooms(result, "javaA", rooms));
        assertThat(javaA.getJsonObject("data")).isEqualTo(data("java")); // any key order
        JsonObject handshake = result.getJsonObject("nodeFetchHandshake");
        assertThat(handshake.keySet()).contains("headers", "time", "address", "issued", "url",
                "query", "auth");
        assertThat(strings(handshake.getJsonObject("auth").getJsonArray("rooms")))
                .isEqualTo(rooms);
        assertThat(result.getJsonArray("javaFetch").stream()
                .map(v -> v.asJsonObject().getString("id")).toList()).isEqualTo(inRoom);
        JsonObject nodeC = result.getJsonArray("javaFetch").stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("id").equals(id(result, "nodeC"))).findFirst().get();
        assertThat(strings(nodeC.getJsonArray("rooms")))
                .isEqualTo(sortedRooms(result, "nodeC", rooms));
        assertThat(nodeC.getJsonObject("data")).isEqualTo(data("node")); // any key order
        assertThat(result.getJsonArray("javaFetchAll").stream()
                .map(v -> v.asJsonObject().getString("id")).toList())
                .containsExactlyInAnyOrder(id(result, "javaB"), id(result, "javaE"),
                        id(result, "nodeD"), id(result, "nodeF"));
        // socketsJoin/Leave (the script also saw the joined rooms reached by broadcasts)
        List<String> javaARooms = new ArrayList<>(rooms.subList(1, rooms.size()));
        javaARooms.addAll(List.of(id(result, "javaA"), "joined-by-node"));
        assertThat(strings(result.getJsonArray("javaARooms")))
                .containsExactlyInAnyOrderElementsOf(javaARooms);
        assertThat(result.getJsonObject("joinedEvents").toString())
                .isEqualTo("{\"javaA\":1,\"nodeD\":1}");
        // broadcasts with acks: every client of both nodes answered, binaries intact
        assertThat(result.getJsonArray("nodeAcks").toString()).isEqualTo(acks("n"));
        assertThat(result.getJsonArray("javaAcks").toString()).isEqualTo(acks("j"));
        assertThat(result.getJsonObject("disconnects").toString()).isEqualTo(
                "{\"javaE\":\"io server disconnect\",\"nodeF\":\"io server disconnect\"}");
    }
}
