package io.github.socketiojakarta.admin;

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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Read-only mode (the commands do nothing, the features say so), production mode (only the
 * configuration and the statistics), and the private recovery id, which no event shows.
 */
class AdminModesTest {

    private static NodeScript.JsonResult run(SocketIoTestServer s, String mode) {
        return run(s, mode, false);
    }

    private static NodeScript.JsonResult run(SocketIoTestServer s, String mode,
            boolean noDisconnect) {
        return NodeScript.run("admin-scenario.mjs", Json.createObjectBuilder()
                .add("url", s.url()).add("mode", mode).add("auth", login(USER, PASSWORD))
                .add("noDisconnect", noDisconnect).add("timeoutMs", 15000).build(),
                Duration.ofSeconds(25)).assertOk();
    }

    @Test
    void readOnlyRefusesEveryCommand() {
        try (SocketIoTestServer s = AdminEventsTest.server(b -> b.readonly(true))) {
            JsonObject r = run(s, "readonly").json();
            assertThat(r.getJsonObject("config").toString()).isEqualTo(
                    "{\"supportedFeatures\":[\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}");
            // the admin socket's commands were handled (the fence came after them) and ignored
            assertThat(r.getBoolean("connected")).isTrue();
            assertThat(r.getJsonArray("rooms")).hasSize(1);
            assertThat(r.getJsonArray("news")).isEmpty();
        }
    }

    @Test
    void theCommandsWorkWithoutReadOnly() {
        // the same scenario without the disconnection, not read-only: the check above can fail
        try (SocketIoTestServer s = AdminEventsTest.server(b -> { })) {
            JsonObject r = run(s, "readonly", true).json();
            assertThat(r.getBoolean("connected")).isTrue();
            assertThat(r.getJsonArray("news")).hasSize(1);
            // joined red, then left its own room
            assertThat(r.getJsonArray("rooms").toString()).isEqualTo("[\"red\"]");
        }
    }

    @Test
    void productionModeSendsOnlyTheConfigurationAndTheStatistics() {
        try (SocketIoTestServer s = AdminEventsTest.server(
                b -> b.mode(AdminOptions.Mode.PRODUCTION))) {
            JsonArray log = run(s, "quiet").json().getJsonArray("log");
            Set<String> names = new TreeSet<>();
            for (JsonValue v : log) {
                names.add(v.asJsonArray().getString(0));
            }
            assertThat(names).containsExactly("config", "server_stats", "session");
            assertThat(log.getJsonArray(1).getJsonObject(1).toString()).isEqualTo(
                    "{\"supportedFeatures\":[\"EMIT\",\"JOIN\",\"LEAVE\",\"DISCONNECT\","
                            + "\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\"]}");
            assertThat(log.toString()).contains("\"type\":\"rawConnection\"")
                    .contains("\"type\":\"rawDisconnection\"");
        }
    }

    @Test
    void thePrivateRecoveryIdIsInNoEvent() {
        try (SocketIoTestServer s = SocketIoTestServer.start(
                o -> o.connectionStateRecovery(Duration.ofMinutes(2), true), io -> {
                    io.onConnection(sock -> sock.on("hello", e -> {
                        sock.emit("echo", e.args().get(0));
                        e.ack("hi");
                    }));
                    AdminUi.instrument(io, AdminOptions.builder().serverId("test")
                            .basicAuth(USER, AdminTesting.HASH).build());
                })) {
            JsonObject r = run(s, "recovery").json();
            String pid = r.getString("pid");
            assertThat(pid).isNotEmpty();
            assertThat(r.getBoolean("recovered")).isTrue();
            assertThat(r.getString("text")).contains("socket_connected").doesNotContain(pid);
        }
    }
}
