package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feature fixture {@code scripts/cluster-server PORT} (docs/fixtures.md) as outside checks
 * use it: started by its script as a child process, driven by socket.io-client 4.8
 * ({@code src/test/js/cluster-fixture.mjs}: every event of the contract's table on {@code /} and
 * {@code /custom}), stopped with SIGTERM. With {@code ADAPTER=memory} one node; with
 * {@code ADAPTER=redis}, {@code redis-sharded} and {@code redis-streams} two nodes on a real
 * redis-server, the clients spread over both (connection state recovery is on: the offsets the
 * adapters append are taken off by the script).
 */
class ClusterServerTest {

    @Test
    void oneNodeWithTheMemoryAdapterAnswersEveryEvent() throws Exception {
        int port = ClusterFixtureProcess.freePort();
        try (ClusterFixtureProcess a = ClusterFixtureProcess.start(port, Map.of())) {
            JsonObject r = drive(List.of(a.url()));
            String node = String.valueOf(port); // NODE_ID defaults to the port
            assertCommon(r, node, node, true);
            // one node: the local emit reaches a1 as well
            assertThat(r.getJsonObject("traces").getJsonArray("a1").toString()).isEqualTo(
                    "[[\"news2\",\"to-r1\"],[\"local-news\",\"l\"],[\"marker\",\"m\"],"
                            + "[\"marker2\",\"m2\"]]");
            // no other node: nobody hears server-side events, nobody answers
            assertThat(r.getJsonObject("sseWithAck").toString()).isEqualTo("{\"responses\":[]}");
            assertThat(r.getJsonArray("serverEventsB").toString()).isEqualTo("[]");
            assertThat(r.getJsonArray("serverEventsA").toString()).isEqualTo("[]");
            assertGracefulStop(a, node);
        }
    }

    /** The sharded and streams adapters, like Node's ClusterAdapter, have no allRooms. */
    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-sharded", "redis-streams"})
    void twoNodesWithARedisAdapterActAsOneCluster(String adapter) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                ClusterFixtureProcess a = ClusterFixtureProcess.start(
                        ClusterFixtureProcess.freePort(),
                        Map.of("ADAPTER", adapter, "REDIS_URL", redis.uri(), "NODE_ID", "a"));
                ClusterFixtureProcess b = ClusterFixtureProcess.start(
                        ClusterFixtureProcess.freePort(),
                        Map.of("ADAPTER", adapter, "REDIS_URL", redis.uri(), "NODE_ID", "b"))) {
            JsonObject r = drive(List.of(a.url(), b.url()));
            assertCommon(r, "a", "b", adapter.equals("redis"));
            // a local emit on node b stays there: a1 (node a) gets only what crossed Redis
            assertThat(r.getJsonObject("traces").getJsonArray("a1").toString()).isEqualTo(
                    "[[\"news2\",\"to-r1\"],[\"marker\",\"m\"],[\"marker2\",\"m2\"]]");
            // node b heard both server-side events of node a, binaries intact, and answered
            assertThat(r.getJsonObject("sseWithAck").toString()).isEqualTo(
                    "{\"responses\":[{\"node\":\"b\",\"args\":[{\"q\":{\"buffer\":[8]}}]}]}");
            assertThat(r.getJsonArray("serverEventsB").toString()).isEqualTo(
                    "[[{\"k\":\"v\",\"bin\":{\"buffer\":[5,6]}}],[{\"q\":{\"buffer\":[8]}}]]");
            assertThat(r.getJsonArray("serverEventsA").toString()).isEqualTo("[]");
            assertThat(r.getJsonArray("serverEventsCustomB").toString()).isEqualTo("[]");
            assertGracefulStop(a, "a");
            assertGracefulStop(b, "b");
        }
    }

    /**
     * ADMIN=basic: the contract's events still behave the same, and the Admin UI on one node
     * (a wrong password refused, then admin / changeit) sees both nodes' statistics and a
     * client of the other node, joins it to a room and disconnects it through Redis.
     */
    @Test
    void adminBasicInstrumentsEveryNodeOfTheCluster() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                ClusterFixtureProcess a = ClusterFixtureProcess.start(
                        ClusterFixtureProcess.freePort(), Map.of("ADAPTER", "redis",
                                "REDIS_URL", redis.uri(), "NODE_ID", "a", "ADMIN", "basic"));
                ClusterFixtureProcess b = ClusterFixtureProcess.start(
                        ClusterFixtureProcess.freePort(), Map.of("ADAPTER", "redis",
                                "REDIS_URL", redis.uri(), "NODE_ID", "b", "ADMIN", "basic"))) {
            assertCommon(drive(List.of(a.url(), b.url())), "a", "b", true);
            NodeScript.JsonResult r = NodeScript.run("cluster-admin.mjs",
                    "{\"urls\":[\"" + a.url() + "\",\"" + b.url() + "\"],"
                            + "\"serverIds\":[\"a\",\"b\"],\"timeoutMs\":20000}",
                    Duration.ofSeconds(30)).assertOk();
            JsonObject j = r.json();
            assertThat(j.getString("wrong")).isEqualTo("invalid credentials");
            assertThat(j.getJsonArray("serverIds").toString()).isEqualTo("[\"a\",\"b\"]");
            assertThat(j.getString("connectedNsp")).isEqualTo("/");
            assertThat(j.getString("clientNode")).isEqualTo("b");
            assertThat(j.getJsonArray("rooms").toString()).isEqualTo("[\"viaadmin\"]");
            assertThat(j.getString("reason")).isEqualTo("io server disconnect");
        }
    }

    /** {@code PARSER=msgpack}: the official client with socket.io-msgpack-parser. */
    @Test
    void aNodeWithTheMsgpackParserServesMsgpackClients() throws Exception {
        int port = ClusterFixtureProcess.freePort();
        try (ClusterFixtureProcess a = ClusterFixtureProcess.start(port,
                Map.of("PARSER", "msgpack", "NODE_ID", "mp"))) {
            JsonObject r = NodeScript.runInteractive(MsgpackRedisClusterTest.msgpackScripts(),
                    "fixture-msgpack.mjs", jakarta.json.Json.createObjectBuilder()
                            .add("url", a.url()).add("transports", jakarta.json.Json
                                    .createArrayBuilder().add("polling").add("websocket"))
                            .add("timeoutMs", 15000).build(),
                    Duration.ofSeconds(25), request -> "").assertOk().json();
            String id = r.getString("id");
            assertThat(r.getJsonObject("welcome").toString()).isEqualTo("{\"id\":\"" + id
                    + "\",\"node\":\"mp\",\"recovered\":false}");
            assertThat(r.getString("joined")).isEqualTo("ok");
            JsonObject whoami = r.getJsonObject("whoami");
            assertThat(whoami.getString("id")).isEqualTo(id);
            // sorted, so the random id may come anywhere
            assertThat(whoami.getJsonArray("rooms").getValuesAs(jakarta.json.JsonString::getString))
                    .containsExactlyInAnyOrder(id, "r1", "r2").isSorted();
            assertThat(whoami.getJsonObject("data").toString())
                    .isEqualTo("{\"node\":\"mp\",\"user\":\"ann\"}");
            assertThat(whoami.getString("node")).isEqualTo("mp");
            assertThat(whoami.getBoolean("recovered")).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ADAPTER, nosuch, unknown ADAPTER nosuch",
        "PARSER, protobuf, PARSER protobuf is not available",
        "ADMIN, nosuch, unknown ADMIN nosuch"})
    void settingsItCannotHonourStopItWithAClearMessage(String name, String value, String message)
            throws Exception {
        try (ClusterFixtureProcess f = ClusterFixtureProcess.launch(
                ClusterFixtureProcess.freePort(), Map.of(name, value))) {
            assertThat(f.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(f.output()).contains("cluster-server: " + message)
                    .doesNotContain("listening");
        }
    }

    private static JsonObject drive(List<String> urls) {
        String args = "{\"urls\":[\"" + String.join("\",\"", urls) + "\"],\"timeoutMs\":40000}";
        NodeScript.JsonResult r = NodeScript.run("cluster-fixture.mjs", args,
                Duration.ofSeconds(55));
        r.assertOk();
        return r.json();
    }

    /** What holds with one node or two: a1 and ca on node A, b1, b2 and cb on node B. */
    private static void assertCommon(JsonObject r, String nodeA, String nodeB,
            boolean allRooms) {
        JsonObject ids = r.getJsonObject("ids");
        String a1 = ids.getString("a1");
        String b1 = ids.getString("b1");
        String b2 = ids.getString("b2");
        String ca = ids.getString("ca");
        String cb = ids.getString("cb");
        assertThat(List.of(a1, b1, b2, ca, cb)).allSatisfy(id -> assertThat(id).hasSize(20));

        assertThat(r.getJsonObject("welcome").getJsonObject("a1").toString()).isEqualTo(
                "{\"id\":\"" + a1 + "\",\"node\":\"" + nodeA + "\",\"recovered\":false}");
        assertThat(r.getJsonObject("welcome").getJsonObject("cb").toString()).isEqualTo(
                "{\"id\":\"" + cb + "\",\"node\":\"" + nodeB + "\",\"recovered\":false}");

        JsonObject whoami = r.getJsonObject("whoami");
        assertThat(whoami.getJsonObject("a1").toString()).isEqualTo("{\"id\":\"" + a1
                + "\",\"rooms\":" + rooms(a1, "r1") + ",\"data\":" + data(nodeA, "\"ua\"")
                + ",\"node\":\"" + nodeA + "\",\"recovered\":false}");
        assertThat(whoami.getJsonObject("b2").toString()).isEqualTo("{\"id\":\"" + b2
                + "\",\"rooms\":" + rooms(b2) + ",\"data\":" + data(nodeB, "null")
                + ",\"node\":\"" + nodeB + "\",\"recovered\":false}");
        assertThat(whoami.getJsonObject("ca").getJsonArray("rooms").toString())
                .isEqualTo(rooms(ca, "r1"));

        assertThat(r.getJsonArray("joinLeave").toString())
                .isEqualTo("[\"ok\"," + rooms(b1, "r2") + ",\"ok\"," + rooms(b1) + "]");

        assertThat(r.getJsonArray("emitAcks").toString())
                .isEqualTo("[\"ok\",\"ok\",\"ok\",\"ok\",\"ok\",\"ok\",\"ok\"]");
        JsonObject traces = r.getJsonObject("traces");
        String news = "[[\"news\",{\"n\":1,\"bin\":{\"buffer\":[1,2,3]},"
                + "\"deep\":[{\"b\":{\"buffer\":[4]}}]}]]";
        assertThat(traces.getJsonArray("b1").toString()).isEqualTo(news);
        assertThat(traces.getJsonArray("b2").toString()).isEqualTo(news);
        // /custom is a namespace of its own, in both directions
        String cnews = "[[\"cnews\",{\"bin\":{\"buffer\":[9]}}]]";
        assertThat(traces.getJsonArray("ca").toString()).isEqualTo(cnews);
        assertThat(traces.getJsonArray("cb").toString()).isEqualTo(cnews);

        String answer = "{\"from\":\"%s\",\"got\":{\"bin\":{\"buffer\":[7]}}}";
        assertThat(r.getJsonObject("emitWithAck").toString()).isEqualTo("{\"responses\":["
                + String.format(answer, "a1") + "," + String.format(answer, "b1") + ","
                + String.format(answer, "b2") + "]}");
        assertThat(r.getJsonObject("emitWithAckTimeout").keySet()).containsExactly("error");

        String fa1 = fetched(a1, rooms(a1, "r1"), data(nodeA, "\"ua\""));
        String fb1 = fetched(b1, rooms(b1), data(nodeB, "\"ub\""));
        String fb2 = fetched(b2, rooms(b2), data(nodeB, "null"));
        assertThat(r.getJsonArray("fetchAll").toString()).isEqualTo(sortedById(
                Map.of(a1, fa1, b1, fb1, b2, fb2)));
        assertThat(r.getJsonArray("fetchR1").toString()).isEqualTo("[" + fa1 + "]");
        assertThat(r.getJsonArray("fetchExceptR1").toString()).isEqualTo(sortedById(
                Map.of(b1, fb1, b2, fb2)));
        assertThat(r.getJsonArray("fetchCustom").toString()).isEqualTo(sortedById(Map.of(
                ca, fetched(ca, rooms(ca, "r1"), data(nodeA, "null")),
                cb, fetched(cb, rooms(cb), data(nodeB, "\"cu\"")))));

        assertThat(r.getJsonArray("socketsJoin").toString())
                .isEqualTo("[\"ok\"," + rooms(b1, "sj") + ",\"ok\"," + rooms(b1) + "]");

        if (allRooms) {
            assertThat(r.get("allRooms").toString()).isEqualTo(rooms(a1, b1, b2, "r1"));
            assertThat(r.get("allRoomsCustom").toString()).isEqualTo(rooms(ca, cb, "r1"));
        } else {
            String unsupported = "{\"error\":\"unsupported by this adapter\"}";
            assertThat(r.get("allRooms").toString()).isEqualTo(unsupported);
            assertThat(r.get("allRoomsCustom").toString()).isEqualTo(unsupported);
        }

        assertThat(r.getString("sseAck")).isEqualTo("ok");
        assertThat(r.getJsonArray("serverEventsCustomB").toString()).isEqualTo("[]");

        assertThat(r.getJsonArray("disconnectAcks").toString()).isEqualTo("[\"ok\",\"ok\"]");
        assertThat(r.getJsonObject("disconnects").getString("b2"))
                .isEqualTo("io server disconnect");
        assertThat(r.getJsonObject("disconnects").keySet()).containsExactlyInAnyOrder("b1", "b2");
    }

    /** SIGTERM: the JVM runs its shutdown hook (Tomcat, server, adapter closed) and exits. */
    private static void assertGracefulStop(ClusterFixtureProcess f, String node) {
        String out = f.stop();
        assertThat(out).as("exit code %s", f.exitCode())
                .contains("cluster fixture " + node + " closed");
        assertThat(f.exitCode()).isEqualTo(143); // 128 + SIGTERM, after the hooks ran
    }

    /** A JSON array of the rooms in code-unit order (as JavaScript sorts). */
    private static String rooms(String... rooms) {
        List<String> quoted = new ArrayList<>();
        for (String room : new TreeSet<>(List.of(rooms))) {
            quoted.add("\"" + room + "\"");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static String data(String node, String userJson) {
        return "{\"node\":\"" + node + "\",\"user\":" + userJson + "}";
    }

    private static String fetched(String id, String rooms, String data) {
        return "{\"id\":\"" + id + "\",\"rooms\":" + rooms + ",\"data\":" + data + "}";
    }

    private static String sortedById(Map<String, String> byId) {
        List<String> out = new ArrayList<>();
        new TreeSet<>(byId.keySet()).forEach(id -> out.add(byId.get(id)));
        return "[" + String.join(",", out) + "]";
    }
}
