package io.github.socketiojakarta.admin;

import static io.github.socketiojakarta.admin.AdminTesting.HASH;
import static io.github.socketiojakarta.admin.AdminTesting.PASSWORD;
import static io.github.socketiojakarta.admin.AdminTesting.USER;
import static io.github.socketiojakarta.admin.AdminTesting.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every event the UI listens to and every command it sends, with the official socket.io-client
 * as the UI and as an application's client: config, all_sockets, server_stats,
 * socket_connected, socket_updated (after an upgrade, and after the application changed a
 * socket's data), event_received, event_sent, room_joined,
 * room_left, socket_disconnected; emit, join, leave (on a socket and on a whole namespace) and
 * _disconnect; and the sockets of dynamic namespaces.
 */
class AdminEventsTest {
    private static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    static SocketIoTestServer server(Consumer<AdminOptions.Builder> options) {
        return SocketIoTestServer.start(io -> {
            io.onConnection(s -> {
                s.on("hello", e -> e.ack("hi " + e.args().get(0)));
                s.on("rooms", e -> e.ack(new ArrayList<>(s.rooms())));
                s.on("count", e -> {
                    Map<String, Object> data = s.data();
                    synchronized (data) {
                        data.merge("count", 1, (a, b) -> (Integer) a + 1);
                    }
                    e.ack();
                });
                s.on("grow", e -> {
                    Map<String, Object> data = s.data();
                    synchronized (data) {
                        // a change inside a value: the list the data already holds
                        @SuppressWarnings("unchecked")
                        List<Object> list = (List<Object>) data.computeIfAbsent("array",
                                k -> new ArrayList<>());
                        list.add(2);
                    }
                    e.ack();
                });
                s.emit("welcome", 1, "2", new byte[] {3});
            });
            AdminOptions.Builder b = AdminOptions.builder().serverId("test")
                    .basicAuth(USER, HASH).statsInterval(Duration.ofMillis(200));
            options.accept(b);
            AdminUi ui = AdminUi.instrument(io, b.build());
            ui.namespace().onConnection(s -> s.on("fence", e -> e.ack()));
        });
    }

    private static List<JsonArray> events(JsonArray log, String name,
            Predicate<JsonArray> filter) {
        List<JsonArray> out = new ArrayList<>();
        for (JsonValue v : log) {
            JsonArray e = v.asJsonArray();
            if (e.getString(0).equals(name) && filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private static int index(JsonArray log, String name, Predicate<JsonArray> filter) {
        for (int i = 0; i < log.size(); i++) {
            JsonArray e = log.getJsonArray(i);
            if (e.getString(0).equals(name) && filter.test(e)) {
                return i;
            }
        }
        return -1;
    }

    private static long sum(JsonArray stats, String type) {
        long sum = 0;
        for (JsonValue st : stats) {
            for (JsonValue e : st.asJsonObject().getJsonArray("aggregatedEvents")) {
                if (e.asJsonObject().getString("type").equals(type)) {
                    sum += e.asJsonObject().getJsonNumber("count").longValue();
                }
            }
        }
        return sum;
    }

    @Test
    void socketsOfDynamicNamespacesAreReported() {
        try (SocketIoTestServer s = SocketIoTestServer.start(io -> {
            io.of(Pattern.compile("/dynamic-\\d+"));
            AdminUi.instrument(io, AdminOptions.builder().basicAuth(USER, HASH)
                    .statsInterval(Duration.ofMillis(200)).build());
        })) {
            JsonObject j = NodeScript.run("admin-scenario.mjs", Json.createObjectBuilder()
                    .add("url", s.url()).add("mode", "dynamic").add("nsp", "/dynamic-101")
                    .add("auth", login(USER, PASSWORD)).add("timeoutMs", 15000).build(),
                    Duration.ofSeconds(25)).assertOk().json();
            assertThat(j.getString("nsp")).isEqualTo("/dynamic-101");
            assertThat(j.getJsonObject("namespace").toString())
                    .isEqualTo("{\"name\":\"/dynamic-101\",\"socketsCount\":1}");
        }
    }

    @Test
    void socketUpdatedCarriesTheNewDataWhenTheApplicationChangesIt() {
        try (SocketIoTestServer s = server(b -> { })) {
            JsonObject j = NodeScript.run("admin-scenario.mjs", Json.createObjectBuilder()
                    .add("url", s.url()).add("mode", "data")
                    .add("auth", login(USER, PASSWORD)).add("timeoutMs", 15000).build(),
                    Duration.ofSeconds(25)).assertOk().json();
            String id = j.getString("id");
            String head = "{\"id\":\"" + id + "\",\"nsp\":\"/\",\"data\":";
            // each change once, with the whole data (never the _admin metadata), and nothing
            // at the ticks that saw no change
            assertThat(j.getJsonArray("updates").stream().map(JsonValue::toString).toList())
                    .containsExactly(head + "{\"count\":1}}",
                            head + "{\"count\":1,\"array\":[2]}}",
                            head + "{\"count\":1,\"array\":[2,2]}}");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyEventAndCommand(boolean upgrade) {
        try (SocketIoTestServer s = server(b -> { })) {
            NodeScript.JsonResult r = NodeScript.run("admin-scenario.mjs", Json.createObjectBuilder()
                    .add("url", s.url()).add("mode", "events").add("upgrade", upgrade)
                    .add("transports", upgrade ? Json.createArrayBuilder().add("polling")
                            .add("websocket") : Json.createArrayBuilder().add("websocket"))
                    .add("auth", login(USER, PASSWORD)).add("timeoutMs", 15000).build(),
                    Duration.ofSeconds(25)).assertOk();
            JsonObject j = r.json();
            String id = j.getString("id");
            JsonArray log = j.getJsonArray("log");
            Predicate<JsonArray> mine = e -> e.toString().contains(id);

            assertThat(events(log, "config", e -> true).get(0).getJsonObject(1).toString())
                    .isEqualTo("{\"supportedFeatures\":[\"EMIT\",\"JOIN\",\"LEAVE\","
                            + "\"DISCONNECT\",\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\","
                            + "\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}");
            JsonArray all = events(log, "all_sockets", e -> true).get(0).getJsonArray(1);
            assertThat(all).anySatisfy(v -> assertThat(v.asJsonObject().getString("nsp"))
                    .isEqualTo("/admin"));

            JsonArray connected = events(log, "socket_connected",
                    e -> e.getJsonObject(1).getString("id").equals(id)).get(0);
            JsonObject socket = connected.getJsonObject(1);
            assertThat(connected.getString(2)).matches(ISO);
            assertThat(socket.getString("nsp")).isEqualTo("/");
            assertThat(socket.getString("clientId"))
                    .isEqualTo(j.getString("engineId").substring(0, 12));
            assertThat(socket.getString("transport")).isEqualTo(upgrade ? "polling" : "websocket");
            assertThat(socket.getJsonObject("data")).isEmpty(); // no _admin metadata shown
            assertThat(socket.getJsonArray("rooms").getString(0)).isEqualTo(id);
            JsonObject handshake = socket.getJsonObject("handshake");
            assertThat(handshake.getJsonObject("query").getString("q")).isEqualTo("1");
            assertThat(handshake).containsKeys("address", "headers", "issued", "secure", "time",
                    "url", "xdomain").doesNotContainKey("auth");
            assertThat(handshake.toString()).doesNotContain("secret");
            assertThat(handshake.getJsonNumber("issued").longValue()).isPositive();
            if (upgrade) {
                assertThat(events(log, "socket_updated", mine).get(0).getJsonObject(1).toString())
                        .isEqualTo("{\"id\":\"" + id + "\",\"nsp\":\"/\",\"transport\":\"websocket\"}");
            }

            assertThat(Json.createArrayBuilder(events(log, "event_received", mine).get(0)
                    .subList(1, 4)).build().toString())
                    .isEqualTo("[\"/\",\"" + id + "\",[\"hello\",\"world\"]]");
            assertThat(events(log, "event_sent", mine).stream()
                    .map(e -> e.getJsonArray(3).toString()).toList())
                    .containsExactly("[\"welcome\",1,\"2\",{\"$bin\":[3]}]", "[\"news\",\"x\",2]");
            assertThat(j.getString("ack")).isEqualTo("hi world");
            assertThat(j.getJsonArray("news").toString()).isEqualTo("[\"x\",2]");
            assertThat(j.getString("reason")).isEqualTo("io server disconnect");

            // rooms: own room at connect, red (joined, left), blue for every socket
            List<String> roomEvents = new ArrayList<>();
            for (JsonValue v : log) {
                JsonArray e = v.asJsonArray();
                if ((e.getString(0).startsWith("room_") || e.getString(0).startsWith("socket_d"))
                        && mine.test(e)) {
                    assertThat(e.getString(e.size() - 1)).matches(ISO);
                    roomEvents.add(e.getString(0) + " " + e.getString(1) + " "
                            + e.getString(2).replace(id, "<id>") + " "
                            + e.getString(3).replace(id, "<id>"));
                }
            }
            assertThat(roomEvents).containsExactly(
                    "room_joined / <id> <id>",
                    "room_joined / red <id>",
                    "room_left / red <id>",
                    "room_joined / blue <id>",
                    "room_left / blue <id>",
                    "socket_disconnected / <id> server namespace disconnect",
                    "room_left / <id> <id>");
            assertThat(index(log, "room_joined", mine)).isLessThan(index(log,
                    "socket_connected", mine));

            JsonArray stats = j.getJsonArray("stats");
            JsonObject first = stats.getJsonObject(0);
            assertThat(first.getString("serverId")).isEqualTo("test");
            assertThat(first.getString("hostname")).isNotEmpty();
            assertThat(first.getJsonNumber("pid").longValue()).isEqualTo(ProcessHandle.current().pid());
            assertThat(first.getJsonNumber("uptime").doubleValue()).isPositive();
            assertThat(first.getInt("clientsCount")).isPositive();
            assertThat(first).containsKeys("pollingClientsCount", "aggregatedEvents");
            assertThat(first.getJsonArray("namespaces").toString())
                    .contains("{\"name\":\"/admin\",\"socketsCount\":1}")
                    .contains("{\"name\":\"/\",\"socketsCount\":");
            assertThat(stats.toString()).contains("\"type\":\"rawConnection\"");
            // the traffic: the client's events and the admin socket's, the server's events
            for (String type : List.of("packetsIn", "packetsOut", "bytesIn", "bytesOut")) {
                List<JsonObject> entries = new ArrayList<>();
                for (JsonValue st : stats) {
                    for (JsonValue e : st.asJsonObject().getJsonArray("aggregatedEvents")) {
                        if (e.asJsonObject().getString("type").equals(type)) {
                            entries.add(e.asJsonObject());
                        }
                    }
                }
                assertThat(entries).as(type).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.getJsonNumber("count").longValue()).isPositive();
                    assertThat(e.getJsonNumber("timestamp").longValue() % 1000).isZero();
                    assertThat(e).doesNotContainKey("subType");
                });
            }
            long bytesIn = sum(stats, "bytesIn");
            assertThat(bytesIn).isGreaterThan(sum(stats, "packetsIn"));
        }
    }
}
